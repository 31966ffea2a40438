// How an assessment reads in the API: one view for the filing's receipt and the assessment routes
// (no inputs: they are the return itself, readable on its own).
import type { Static } from 'typebox'
import type { AssessmentView as AssessmentViewSchema } from '../../schema/assessment.js'
import type { Assessment } from '../domain/assess-return.js'
import type { Rating } from '../domain/rating.js'
import type { AssessmentRow } from '../db/queries/assessments.js'

export type AssessmentView = Static<typeof AssessmentViewSchema>

/** The assessment's output as stored (`assessmentOutput`): what the view shows of it. */
export type AssessmentOutput = Pick<Assessment, 'metrics' | 'flags'>

export const assessmentView = (
  a: Pick<AssessmentRow, 'id' | 'returnId' | 'rulesetVersion' | 'reason' | 'assessedAt'>,
  output: AssessmentOutput,
  rating?: Rating,
): AssessmentView => ({
  id: a.id,
  returnId: a.returnId,
  rulesetVersion: a.rulesetVersion,
  reason: a.reason,
  assessedAt: a.assessedAt.toISOString(),
  ...(rating ? { rating } : {}),
  metrics: output.metrics as unknown as Record<string, unknown>,
  flags: output.flags,
})

/** A stored assessment, its output read back from the text it was stored as. */
export const storedAssessmentView = (row: AssessmentRow, rating?: Rating) =>
  assessmentView(row, JSON.parse(row.output) as AssessmentOutput, rating)
