import { randomUUID } from 'node:crypto'
import { desc, eq } from 'drizzle-orm'
import { assessments } from '../schema.js'
import type { Queryable } from '../client.js'
import type { Assessment } from '../../domain/assess.js'

export type AssessmentRow = typeof assessments.$inferSelect

/** The exact text an assessment is stored as, and compared against when re-run. */
export const assessmentOutput = (a: Pick<Assessment, 'rulesetVersion' | 'metrics' | 'flags'>) =>
  JSON.stringify({ rulesetVersion: a.rulesetVersion, metrics: a.metrics, flags: a.flags })

/**
 * The row an assessment is stored as. Its inputs are kept without the return itself, which is
 * stored (immutably) under `returnId`: the inputs are `{ ...inputs, annualReturn: return.body }`.
 */
export function assessmentRow(v: { returnId: string; providerId: string; assessment: Assessment; reason: 'filing' | 'reassessment'; now: Date }) {
  const { annualReturn: _filed, ...inputs } = v.assessment.inputs
  return {
    id: randomUUID(), returnId: v.returnId, providerId: v.providerId, rulesetVersion: v.assessment.rulesetVersion,
    reason: v.reason, assessedAt: v.now, output: assessmentOutput(v.assessment), inputs,
  }
}

export async function latestAssessmentOfReturn(db: Queryable, returnId: string) {
  const [row] = await db.select().from(assessments).where(eq(assessments.returnId, returnId))
    .orderBy(desc(assessments.seq)).limit(1)
  return row
}

export async function assessmentsOfReturn(db: Queryable, returnId: string) {
  return db.select().from(assessments).where(eq(assessments.returnId, returnId)).orderBy(desc(assessments.seq))
}
