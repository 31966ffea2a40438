// What filing and reassessment share about one return's assessment: the ownership it files,
// resolved, and the view of an assessment the routes show.
import type { AnnualReturn } from '../domain/annual-return.js'
import type { Assessment } from '../domain/assess.js'
import { resolveOwnership } from '../domain/ownership/resolve.js'
import { resolveBods } from '../domain/ownership/bods.js'
import type { OwnershipGraph, OwnershipResolution } from '../domain/ownership/types.js'

/** The ownership a return files, as a graph, resolved (BODS is read as in force at the period end). */
export function ownershipOf(body: AnnualReturn): { graph: OwnershipGraph; resolution: OwnershipResolution } {
  const o = body.ownership
  if ('bods' in o) return resolveBods(o.bods, o.reportingEntity, body.periodEnd)
  return { graph: o, resolution: resolveOwnership(o) }
}

/** What a filing's receipt and the assessment routes show (no inputs: they are the return itself). */
export const assessmentView = (a: { assessmentId: string; returnId: string; assessedAt: Date; reason: string; rating?: string },
  assessment: Pick<Assessment, 'rulesetVersion' | 'metrics' | 'flags'>) => ({
  id: a.assessmentId,
  returnId: a.returnId,
  rulesetVersion: assessment.rulesetVersion,
  reason: a.reason,
  assessedAt: a.assessedAt.toISOString(),
  ...(a.rating ? { rating: a.rating } : {}),
  metrics: assessment.metrics as unknown as Record<string, unknown>,
  flags: assessment.flags,
})
