// One return, assessed: the metrics, the flags the ruleset raises on them, and exactly the inputs it
// read. Pure and deterministic, so a stored assessment re-runs byte for byte:
// assess({ ...assessment.inputs, ruleset: RULESETS[assessment.rulesetVersion] }) equals it.
import type { Accounts, AnnualReturn } from './annual-return.js'
import { computeMetrics, type PreviousReturn } from './metrics.js'
import type { OwnershipResolution } from './ownership/types.js'
import { profitMetrics } from './profit.js'
import { qualityMetrics, type OfstedRegisterExtract } from './quality.js'
import { RULE_IDS, measuresProfit, measuresQuality, type RuleId, type Ruleset, type Severity } from './ruleset.js'
import { complianceRules } from './rules/compliance.js'
import { continuityRules } from './rules/continuity.js'
import { financialRules } from './rules/financial.js'
import { ownershipRules } from './rules/ownership.js'
import { profitRules } from './rules/profit.js'
import { qualityRuleChecks } from './rules/quality.js'
import type { AssessmentMetrics, Flag, JsonValue, RuleCheck, RuleContext } from './rules/rule.js'
import { systemicRules } from './rules/systemic.js'

export type { AssessmentMetrics, Evidence, Flag, JsonValue } from './rules/rule.js'
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
  /**
   * What was read of Ofsted's register in force for the return's settings (null: none loaded).
   * Read and recorded only under a ruleset with QUA rules (2027.2 on); absent is null there.
   */
  ofstedRegister?: OfstedRegisterExtract | null
  ruleset: Ruleset
}

/**
 * What an assessment read (keys sorted at the top; councils only those placed with; of the
 * register, the load and the entries of the return's URNs, under a ruleset with QUA rules only).
 */
export interface AssessmentInputs {
  annualReturn: AnnualReturn
  previous: PreviousReturn | null
  councils: Record<string, number | null>
  ownership: OwnershipResolution
  submittedAt: string
  ixbrlAccounts?: Partial<Accounts>
  ofstedRegister?: OfstedRegisterExtract | null
}

export interface Assessment {
  rulesetVersion: string
  /**
   * RULES.md's metrics; under a ruleset with PRF rules (2027.1 on) the profit metrics after them,
   * under one with QUA rules (2027.2 on) the quality metrics after those
   */
  metrics: AssessmentMetrics
  /** red, then amber, then info; by rule id within each */
  flags: Flag[]
  inputs: AssessmentInputs
}

const CHECKS: Record<RuleId, RuleCheck> = {
  ...financialRules, ...ownershipRules, ...continuityRules, ...complianceRules, ...profitRules, ...qualityRuleChecks, ...systemicRules,
}

const SEVERITY_ORDER: Record<Severity, number> = { red: 0, amber: 1, info: 2 }

export const compareFlags = (x: Pick<Flag, 'ruleId' | 'severity'>, y: Pick<Flag, 'ruleId' | 'severity'>) =>
  SEVERITY_ORDER[x.severity] - SEVERITY_ORDER[y.severity] || (x.ruleId < y.ruleId ? -1 : x.ruleId > y.ruleId ? 1 : 0)

class NotJson extends Error {
  constructor(readonly path: string[], readonly problem: string) { super(problem) }
}

/** A JSON copy with object keys sorted and undefined members dropped, so storage order never matters. */
const canonical = (value: unknown): JsonValue => {
  if (typeof value !== 'object' || value === null) {
    if (typeof value === 'number' ? Number.isFinite(value) : value === null || typeof value === 'string' || typeof value === 'boolean') {
      return value as JsonValue
    }
    throw new NotJson([], typeof value === 'number' ? 'not a finite number' : 'not JSON')
  }
  // the pointer is only built on the way out of a failure: the hot path never concatenates strings
  let key: string | number = ''
  try {
    if (Array.isArray(value)) {
      const out: JsonValue[] = new Array(value.length)
      for (key = 0; key < value.length; key++) out[key] = canonical(value[key] ?? null)
      return out
    }
    const record = value as Record<string, unknown>
    const out: Record<string, JsonValue> = {}
    for (key of Object.keys(record).sort()) {
      if (record[key] !== undefined) out[key] = canonical(record[key])
    }
    return out
  } catch (e) {
    if (e instanceof NotJson) throw new NotJson([String(key).replace(/~/g, '~0').replace(/\//g, '~1'), ...e.path], e.problem)
    throw e
  }
}

/** Whether `value` is JSON (no non-finite number, no function…): a walk that copies nothing. */
const isJson = (value: unknown): boolean => {
  if (typeof value === 'string') return true
  if (typeof value === 'number') return Number.isFinite(value)
  if (typeof value === 'boolean' || value === null) return true
  if (typeof value !== 'object') return false
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!isJson(value[i] ?? null)) return false
    return true
  }
  // for…in over own keys: no array of members allocated for every object of a full return
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue
    const member = (value as Record<string, unknown>)[key]
    if (member !== undefined && !isJson(member)) return false
  }
  return true
}

/**
 * The inputs as the assessment records them: what it read and nothing else. The return and its
 * resolved ownership are checked to be JSON and passed through as they are, not copied with every
 * key sorted: no rule reads an object's key order (a test re-runs assessments on reordered inputs),
 * and the return is stored on its own. The small records are copied in canonical form.
 */
export const assessmentInputs = (input: AssessInput): AssessmentInputs => {
  const placed = [...new Set(input.annualReturn.placements.map(p => p.laCode))].sort()
  // An assessment under a ruleset without QUA rules records no register: its inputs' text is what
  // it always was, so it re-runs, and is stored, byte for byte as before 2027.2.
  const ofstedRegister = measuresQuality(input.ruleset) ? input.ofstedRegister ?? null : undefined
  const read = {
    councils: Object.fromEntries(placed.map(laCode =>
      [laCode, Object.hasOwn(input.councils, laCode) ? input.councils[laCode] ?? null : null])),
    ixbrlAccounts: input.ixbrlAccounts,
    ofstedRegister,
    previous: input.previous
      ? { ebitda: input.previous.ebitda ?? null, operatingProfit: input.previous.operatingProfit } : null,
    submittedAt: input.submittedAt,
  }
  try {
    // only a failure pays for the copy that names where
    if (!isJson(input.annualReturn) || !isJson(input.ownership)) canonical({ annualReturn: input.annualReturn, ownership: input.ownership })
    const { councils, ixbrlAccounts, ofstedRegister: register, previous, submittedAt } = canonical(read) as unknown as AssessmentInputs
    return {
      annualReturn: input.annualReturn, councils, ...(ixbrlAccounts === undefined ? {} : { ixbrlAccounts }),
      ...(ofstedRegister === undefined ? {} : { ofstedRegister: register ?? null }),
      ownership: input.ownership, previous, submittedAt,
    }
  } catch (e) {
    if (e instanceof NotJson) throw new RangeError(`${e.problem} at /${e.path.join('/')}`)
    throw e
  }
}

export const assess = (input: AssessInput): Assessment => {
  const inputs = assessmentInputs(input)
  // The profit metrics arrive with the rules that read them: an assessment under 2026.x carries
  // exactly the metrics it always did, so its stored text re-runs byte for byte.
  // The quality metrics likewise arrive with the QUA rules.
  // (Object.assign onto the fresh metrics: the members and order two spreads would give, without
  // copying thirty members one by one into a third object)
  let metrics: AssessmentMetrics = measuresProfit(input.ruleset)
    ? Object.assign(computeMetrics(inputs), profitMetrics(inputs.annualReturn)) : computeMetrics(inputs)
  if (measuresQuality(input.ruleset)) metrics = { ...metrics, ...qualityMetrics(inputs.annualReturn.settings, inputs.ofstedRegister ?? null) }
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
