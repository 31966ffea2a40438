// Filing and amending an annual return: validate, then write the version, its parts, its
// assessment, the provider's standing, the audit entry and the idempotent response in ONE
// transaction, so a failure at any point leaves nothing behind.
import { randomUUID } from 'node:crypto'
import type { Database, Queryable, Tx } from '../db/client.js'
import type { Actor } from '../domain/actor.js'
import type { AnnualReturn } from '../domain/annual-return.js'
import { validateReturn } from '../domain/return-validation.js'
import { findProvider } from '../db/queries/providers.js'
import {
  findLatestOfPeriod, findReturn, insertReturnVersion, refreshLatestReturn, supersede, type ReturnRow,
} from '../db/queries/returns.js'
import { appendAudit } from '../db/queries/audit.js'
import { findExtraction } from '../db/queries/ixbrl.js'
import { isUniqueViolation } from '../db/errors.js'
import { conflict, notFound, validationProblem } from '../problems.js'
import type { IdempotencyRecorder } from '../plugins/idempotency.js'

export interface FilingDeps {
  db: Database
  councils: ReadonlySet<string>
  now: Date
  /** Runs inside the filing's transaction once the version is written (the assessment joins here). */
  afterWrite?: (tx: Tx, row: ReturnRow, actor: Actor, now: Date) => Promise<Record<string, unknown> | null>
}

export interface ReturnReceipt {
  id: string
  providerId: string
  periodStart: string
  periodEnd: string
  version: number
  supersedes: string | null
  status: 'accepted'
  submittedAt: string
  assessment: Record<string, unknown> | null
}

const receipt = (row: ReturnRow, assessment: Record<string, unknown> | null | undefined): ReturnReceipt => ({
  id: row.id, providerId: row.providerId, periodStart: row.periodStart, periodEnd: row.periodEnd, version: row.version,
  supersedes: row.supersedes, status: 'accepted', submittedAt: row.submittedAt.toISOString(), assessment: assessment ?? null,
})

const amendmentUrl = (id: string) => `/v1/returns/${id}/amendments`

async function assertValid(body: AnnualReturn, deps: FilingDeps, providerId: string) {
  const problems = validateReturn(body, { today: deps.now.toISOString().slice(0, 10), councils: deps.councils })
  // A cited iXBRL source must be one this group had read, so its figures can be compared.
  if (body.accountsSource && !await findExtraction(deps.db, providerId, body.accountsSource.ixbrlSha256)) {
    problems.push({ pointer: '/accountsSource/ixbrlSha256', detail: 'no iXBRL document with this SHA-256 has been read for this group: upload it to /v1/providers/{id}/accounts/ixbrl first' })
  }
  if (problems.length) throw validationProblem(problems)
}

export async function fileReturn(deps: FilingDeps, actor: Actor, providerId: string, body: AnnualReturn, recorder: IdempotencyRecorder) {
  if (!await findProvider(deps.db, providerId)) throw notFound('provider')
  await assertValid(body, deps, providerId)
  const periodTaken = (existingId: string) => conflict(
    `A return for the period ending ${body.periodEnd} has already been filed; amend it instead`,
    { returnId: existingId, amendmentUrl: amendmentUrl(existingId) })
  try {
    return await deps.db.transaction(async (tx) => {
      const existing = await findLatestOfPeriod(tx, providerId, body.periodEnd)
      if (existing) throw periodTaken(existing.id)
      const row = await insertReturnVersion(tx, { providerId, body, version: 1, supersedes: null, submittedAt: deps.now, submittedBy: actor.sub })
      await refreshLatestReturn(tx, providerId)
      const assessment = await deps.afterWrite?.(tx, row, actor, deps.now)
      await appendAudit(tx, actor, {
        action: 'return.file', objectType: 'return', objectId: row.id,
        summary: { providerId, periodEnd: row.periodEnd, version: 1, bodySha256: row.bodySha256 },
      }, deps.now)
      const result = { status: 201, body: receipt(row, assessment) }
      await recorder.record(tx, result.status, result.body)
      return result
    })
  } catch (err) {
    if (isUniqueViolation(err)) {
      // Another filing for the period won the race.
      const existing = await findLatestOfPeriod(deps.db, providerId, body.periodEnd)
      throw periodTaken(existing?.id ?? 'unknown')
    }
    throw err
  }
}

export async function amendReturn(deps: FilingDeps, actor: Actor, returnId: string, body: AnnualReturn, recorder: IdempotencyRecorder) {
  const previous = await findReturn(deps.db, returnId)
  if (!previous || (actor.role === 'provider' && actor.providerId !== previous.providerId)) throw notFound('return')
  const periodProblems = [
    ...(body.periodStart !== previous.periodStart ? [{ pointer: '/periodStart', detail: `an amendment keeps the period: must be ${previous.periodStart}` }] : []),
    ...(body.periodEnd !== previous.periodEnd ? [{ pointer: '/periodEnd', detail: `an amendment keeps the period: must be ${previous.periodEnd}` }] : []),
  ]
  if (periodProblems.length) throw validationProblem(periodProblems)
  await assertValid(body, deps, previous.providerId)
  const notLatest = async (q: Queryable) => {
    const latest = await findLatestOfPeriod(q, previous.providerId, previous.periodEnd)
    return conflict(`Version ${previous.version} has been superseded; only the latest version can be amended`,
      { latestReturnId: latest?.id, amendmentUrl: latest ? amendmentUrl(latest.id) : undefined })
  }
  const id = randomUUID()
  try {
    return await deps.db.transaction(async (tx) => {
      // Only one amendment can supersede a version: a racing one finds it already taken.
      if (!await supersede(tx, previous.id, id)) throw await notLatest(tx)
      const row = await insertReturnVersion(tx, {
        id, providerId: previous.providerId, body, version: previous.version + 1, supersedes: previous.id,
        submittedAt: deps.now, submittedBy: actor.sub,
      })
      await refreshLatestReturn(tx, previous.providerId)
      const assessment = await deps.afterWrite?.(tx, row, actor, deps.now)
      await appendAudit(tx, actor, {
        action: 'return.amend', objectType: 'return', objectId: row.id,
        summary: { providerId: row.providerId, periodEnd: row.periodEnd, version: row.version, supersedes: previous.id, bodySha256: row.bodySha256 },
      }, deps.now)
      const result = { status: 201, body: receipt(row, assessment) }
      await recorder.record(tx, result.status, result.body)
      return result
    })
  } catch (err) {
    if (isUniqueViolation(err)) throw await notLatest(deps.db)
    throw err
  }
}
