// One return assessed and made ready to store: what reassessment runs for every group, on worker
// threads (`assessors.ts`) when the market is large, or on this thread. Takes the return as its
// stored JSON text, so the thread that reads the database never parses it.
import type { AnnualReturn } from '../domain/annual-return.js'
import { assess, type Flag } from '../domain/assess.js'
import type { PreviousReturn } from '../domain/metrics.js'
import type { Ruleset } from '../domain/ruleset.js'
import { storedForm } from '../domain/stored-assessment.js'
import { ownershipOf } from './assess-return.js'

export interface GroupToAssess {
  /** the return's stored document, as JSON text */
  body: string
  previous: PreviousReturn | null
  /** when the period's first version was filed (ISO): lateness runs from it */
  submittedAt: string
}

export interface AssessedGroup {
  /** the stored text of the assessment */
  output: string
  /** what it read besides the return, as exact JSON text, and that text's SHA-256 */
  inputsText: string
  inputsSha256: string
  flags: Flag[]
  peBacked: boolean
}

export interface AssessingTask {
  ruleset: Ruleset
  councils: Record<string, number | null>
  groups: GroupToAssess[]
}

export function assessGroup(g: GroupToAssess, councils: Record<string, number | null>, ruleset: Ruleset): AssessedGroup {
  const body = JSON.parse(g.body) as AnnualReturn
  const ownership = ownershipOf(body).resolution
  const a = assess({ annualReturn: body, previous: g.previous, councils, ownership, submittedAt: g.submittedAt, ruleset })
  return { ...storedForm(a), flags: a.flags, peBacked: ownership.peBacked }
}

/** A worker's task: a slice of the market under one ruleset. */
export default function assessing(task: AssessingTask): AssessedGroup[] {
  return task.groups.map((g) => assessGroup(g, task.councils, task.ruleset))
}
