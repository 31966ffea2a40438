import { randomUUID } from 'node:crypto'
import { desc, eq } from 'drizzle-orm'
import { assessmentInputSets, assessments } from '../schema.js'
import type { Queryable } from '../client.js'
import type { Assessment } from '../../domain/assess-return.js'
import { storedForm } from '../../domain/stored-assessment.js'

export type AssessmentRow = typeof assessments.$inferSelect

export { assessmentOutput } from '../../domain/stored-assessment.js'

/** The row an assessment is stored as (its inputs by content: see `storedForm`). */
export function assessmentRow(v: { returnId: string; providerId: string; assessment: Assessment; reason: 'filing' | 'reassessment'; now: Date }) {
  return {
    id: randomUUID(), returnId: v.returnId, providerId: v.providerId, rulesetVersion: v.assessment.rulesetVersion,
    reason: v.reason, assessedAt: v.now, ...storedForm(v.assessment),
  }
}

/** What an assessment read besides the return, as stored. */
export async function inputsOf(db: Queryable, sha256: string) {
  const [row] = await db.select({ inputs: assessmentInputSets.inputs }).from(assessmentInputSets).where(eq(assessmentInputSets.sha256, sha256))
  return row && JSON.parse(row.inputs) as Omit<Assessment['inputs'], 'annualReturn'>
}

export async function latestAssessmentOfReturn(db: Queryable, returnId: string) {
  const [row] = await db.select().from(assessments).where(eq(assessments.returnId, returnId))
    .orderBy(desc(assessments.seq)).limit(1)
  return row
}

export async function assessmentsOfReturn(db: Queryable, returnId: string) {
  return db.select().from(assessments).where(eq(assessments.returnId, returnId)).orderBy(desc(assessments.seq))
}
