// How a filed return reads: a version in the list, and one version whole with where its accounts
// came from when it cites an iXBRL source.
import type { Static } from 'typebox'
import type { ReturnDetail, ReturnSummary } from '../../schema/returns.js'
import type { AnnualReturnBody } from '../../schema/annual-return.js'
import type { ReturnRow } from '../db/queries/returns.js'
import type { ExtractionRow } from '../db/queries/ixbrl.js'

export const returnSummaryView = (r: Omit<ReturnRow, 'body'>): Static<typeof ReturnSummary> => ({
  id: r.id, providerId: r.providerId, periodStart: r.periodStart, periodEnd: r.periodEnd, version: r.version,
  supersedes: r.supersedes, supersededBy: r.supersededBy, submittedAt: r.submittedAt.toISOString(),
  submittedBy: r.submittedBy, bodySha256: r.bodySha256,
})

export const returnDetailView = (r: ReturnRow, source: ExtractionRow | undefined): Static<typeof ReturnDetail> => ({
  ...returnSummaryView(r), body: r.body as AnnualReturnBody,
  ...(source ? { accountsProvenance: { ixbrlSha256: source.sha256, companyNumber: source.companyNumber, facts: source.facts as never[] } } : {}),
})
