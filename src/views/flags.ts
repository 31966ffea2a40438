// How a flag on the register reads: in the register's list (and its CSV), and on its own with its
// evidence and history.
import type { Static } from 'typebox'
import type { FlagDetail, FlagSummary } from '../../schema/assessment.js'
import type { FlagEventRow, FlagRow } from '../db/queries/flags.js'
import type { Rating } from '../domain/rating.js'

export type FlagSummaryView = Static<typeof FlagSummary>
export type FlagDetailView = Static<typeof FlagDetail>

export const flagSummaryView = (f: FlagRow, provider: { name: string; rating: Rating }): FlagSummaryView => ({
  id: f.id, providerId: f.providerId, providerName: provider.name, providerRating: provider.rating,
  periodEnd: f.periodEnd, returnId: f.returnId, assessmentId: f.assessmentId, ruleId: f.ruleId, severity: f.severity,
  status: f.status, explanation: f.explanation, raisedAt: f.raisedAt.toISOString(), updatedAt: f.updatedAt.toISOString(),
})

export const flagDetailView = (f: FlagRow, provider: { name: string; rating: Rating }, history: FlagEventRow[]): FlagDetailView => ({
  ...flagSummaryView(f, provider), evidence: f.evidence as Record<string, unknown>, revision: f.revision,
  history: history.map((e) => ({ at: e.at.toISOString(), actorSub: e.actorSub, actorRole: e.actorRole, kind: e.kind, fromStatus: e.fromStatus, toStatus: e.toStatus, text: e.text })),
})

/** A flag's ETag: its revision, bumped on every change. */
export const flagEtag = (f: Pick<FlagRow, 'id' | 'revision'>) => `"${f.id}.${f.revision}"`
