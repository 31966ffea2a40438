// One return, assessed: the metrics, the flags the ruleset raises on them, and exactly the inputs it
// read. Pure and deterministic, so a stored assessment re-runs byte for byte:
// assess({ ...assessment.inputs, ruleset: RULESETS[assessment.rulesetVersion] }) equals it.
import type { Accounts, AnnualReturn } from './annual-return.js'
import { computeMetrics, type Metrics, type PreviousReturn } from './metrics.js'
import type { OwnershipResolution } from './ownership/types.js'
import { RULE_IDS, type RuleId, type Ruleset, type Severity } from './ruleset.js'
import { complianceRules } from './rules/compliance.js'
import { continuityRules } from './rules/continuity.js'
import { financialRules } from './rules/financial.js'
import { ownershipRules } from './rules/ownership.js'
import type { Flag, JsonValue, RuleCheck, RuleContext } from './rules/rule.js'
import { systemicRules } from './rules/systemic.js'

export type { Evidence, Flag, JsonValue } from './rules/rule.js'
export { provisionalRating } from './rating.js'

export interface AssessInput {
  annualReturn: AnnualReturn
  /** the latest version of the previous period's return: its `ebitda` metric and operating profit */
  previous?: PreviousReturn | null
  /** laCode → the council's children looked after (null when unknown); extra councils are ignored */
  councils: Record<string, number | null>
  ownership: OwnershipResolution
  /** when the server accepted the return (ISO timestamp) */
  submittedAt: string
  /** the figures read from the return's iXBRL source, for CMP-ACCOUNTS-MISMATCH */
  ixbrlAccounts?: Partial<Accounts>
  ruleset: Ruleset
}

/** What an assessment read, in canonical form (keys sorted; councils only those placed with). */
export interface AssessmentInputs {
  annualReturn: AnnualReturn
  previous: PreviousReturn | null
  councils: Record<string, number | null>
  ownership: OwnershipResolution
  submittedAt: string
  ixbrlAccounts?: Partial<Accounts>
}

export interface Assessment {
  rulesetVersion: string
  metrics: Metrics
  /** red, then amber, then info; by rule id within each */
  flags: Flag[]
  inputs: AssessmentInputs
}

const CHECKS: Record<RuleId, RuleCheck> = {
  ...financialRules, ...ownershipRules, ...continuityRules, ...complianceRules, ...systemicRules,
}

const SEVERITY_ORDER: Record<Severity, number> = { red: 0, amber: 1, info: 2 }

export const compareFlags = (x: Pick<Flag, 'ruleId' | 'severity'>, y: Pick<Flag, 'ruleId' | 'severity'>) =>
  SEVERITY_ORDER[x.severity] - SEVERITY_ORDER[y.severity] || (x.ruleId < y.ruleId ? -1 : x.ruleId > y.ruleId ? 1 : 0)

/** A JSON copy with object keys sorted and undefined members dropped, so storage order never matters. */
const canonical = (value: unknown, pointer = ''): JsonValue => {
  if (Array.isArray(value)) return value.map((item, i) => canonical(item ?? null, `${pointer}/${i}`))
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>
    return Object.fromEntries(Object.keys(record).sort()
      .filter(key => record[key] !== undefined)
      .map(key => [key, canonical(record[key], `${pointer}/${key}`)]))
  }
  if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError(`not a finite number at ${pointer}`)
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return value as JsonValue
  throw new TypeError(`not JSON at ${pointer}`)
}

/** The inputs as the assessment records them: what it read and nothing else. */
export const assessmentInputs = (input: AssessInput): AssessmentInputs => {
  const placed = [...new Set(input.annualReturn.placements.map(p => p.laCode))].sort()
  return canonical({
    annualReturn: input.annualReturn,
    previous: input.previous
      ? { ebitda: input.previous.ebitda ?? null, operatingProfit: input.previous.operatingProfit } : null,
    councils: Object.fromEntries(placed.map(laCode =>
      [laCode, Object.hasOwn(input.councils, laCode) ? input.councils[laCode] ?? null : null])),
    ownership: input.ownership,
    submittedAt: input.submittedAt,
    ixbrlAccounts: input.ixbrlAccounts,
  }) as unknown as AssessmentInputs
}

export const assess = (input: AssessInput): Assessment => {
  const inputs = assessmentInputs(input)
  const metrics = computeMetrics(inputs)
  const ctx: RuleContext = { ...inputs, metrics, ruleset: input.ruleset }
  const raised: Flag[] = []
  // RULE_IDS puts SYS-CONTINUITY last: it reads the flags raised before it
  for (const id of RULE_IDS) {
    const rule = input.ruleset.rules[id]
    if (rule === undefined) continue
    const raisedFlag = CHECKS[id](ctx, rule, raised)
    if (raisedFlag !== null) raised.push(raisedFlag)
  }
  return {
    rulesetVersion: input.ruleset.version,
    metrics,
    flags: [...raised].sort(compareFlags),
    inputs,
  }
}
