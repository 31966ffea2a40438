import { randomUUID } from 'node:crypto'
import { and, desc, eq, inArray, isNull, lt } from 'drizzle-orm'
import { annualReturns, assessments, councils } from '../schema.js'
import type { Queryable } from '../client.js'
import type { Assessment } from '../../domain/assess.js'
import { ebitdaOf, type PreviousReturn } from '../../domain/metrics.js'
import type { AnnualReturn } from '../../domain/annual-return.js'

export type AssessmentRow = typeof assessments.$inferSelect

/** The exact text an assessment is stored as, and compared against when re-run. */
export const assessmentOutput = (a: Pick<Assessment, 'rulesetVersion' | 'metrics' | 'flags'>) =>
  JSON.stringify({ rulesetVersion: a.rulesetVersion, metrics: a.metrics, flags: a.flags })

export async function insertAssessment(db: Queryable, v: {
  returnId: string; providerId: string; assessment: Assessment; reason: 'filing' | 'reassessment'; now: Date
}) {
  const row = assessmentRow(v)
  await db.insert(assessments).values(row)
  return row.id
}

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

/** The latest version of the period before `periodEnd`, as the rules read it. */
export async function previousReturnOf(db: Queryable, providerId: string, periodEnd: string): Promise<PreviousReturn | null> {
  const [row] = await db.select({ body: annualReturns.body }).from(annualReturns)
    .where(and(eq(annualReturns.providerId, providerId), lt(annualReturns.periodEnd, periodEnd), isNull(annualReturns.supersededBy)))
    .orderBy(desc(annualReturns.periodEnd)).limit(1)
  if (!row) return null
  const a = (row.body as AnnualReturn).accounts
  return { ebitda: ebitdaOf(a), operatingProfit: a.operatingProfit }
}

/** Children looked after of the councils a return places with (what maxCouncilDependence reads). */
export async function councilFiguresFor(db: Queryable, laCodes: string[]) {
  if (!laCodes.length) return {}
  const rows = await db.select({ laCode: councils.laCode, n: councils.childrenLookedAfter }).from(councils)
    .where(inArray(councils.laCode, laCodes))
  return Object.fromEntries(rows.map((r) => [r.laCode, r.n])) as Record<string, number | null>
}

export async function latestAssessmentOfReturn(db: Queryable, returnId: string) {
  const [row] = await db.select().from(assessments).where(eq(assessments.returnId, returnId))
    .orderBy(desc(assessments.seq)).limit(1)
  return row
}

export async function assessmentsOfReturn(db: Queryable, returnId: string) {
  return db.select().from(assessments).where(eq(assessments.returnId, returnId)).orderBy(desc(assessments.seq))
}
