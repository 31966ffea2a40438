// What a rule reads and what it raises. A rule is a pure function of one return's context and its
// definition in the ruleset in force; it raises at most one flag.
import type { Accounts, AnnualReturn, Facility } from '../annual-return.js'
import type { Metrics, PreviousReturn } from '../metrics.js'
import type { ProfitMetrics } from '../profit.js'
import type { OfstedRegisterExtract, QualityMetrics } from '../quality.js'
import type { OwnershipResolution } from '../ownership/types.js'
import type { RuleDefinition, RuleId, Ruleset, Severity } from '../ruleset.js'

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue }

export interface Evidence {
  /** the metric values the rule compared, unrounded (covenants as `covenantHeadroom/<facility>/<covenant>`) */
  metrics: Record<string, number | null>
  /** the thresholds crossed, as the ruleset states them */
  thresholds: Record<string, number>
  /** the filed figures they came from: JSON pointer into the assessment's inputs → value */
  inputs: Record<string, JsonValue>
}

export interface Flag {
  ruleId: RuleId
  severity: Severity
  /** one line a regulator can paste into a letter */
  explanation: string
  evidence: Evidence
}

/**
 * An assessment's metrics: RULES.md's table, the profit metrics under a ruleset with PRF rules and
 * the quality metrics under one with QUA rules.
 */
export type AssessmentMetrics = Metrics & Partial<ProfitMetrics> & Partial<QualityMetrics>

export interface RuleContext {
  annualReturn: AnnualReturn
  metrics: AssessmentMetrics
  previous: PreviousReturn | null
  councils: Record<string, number | null>
  ownership: OwnershipResolution
  submittedAt: string
  ixbrlAccounts?: Partial<Accounts>
  /** the register extract read under a ruleset with QUA rules (null: none loaded) */
  ofstedRegister?: OfstedRegisterExtract | null
  ruleset: Ruleset
}

/** `raised` holds the flags of every rule evaluated before this one (SYS-CONTINUITY reads them). */
export type RuleCheck = (ctx: RuleContext, rule: RuleDefinition, raised: readonly Flag[]) => Flag | null

// ---- evidence: where a figure was filed -----------------------------------------------------

const RETURN = '/annualReturn'

/** The filed accounts fields named, each at its pointer; fields not filed are left out. */
// Built by assignment, not Object.fromEntries of flatMapped pairs: the same members in the same
// order (no key here is `__proto__` or an array index), without two arrays per member, for every
// flag of every group a reassessment raises.
export const accountsInputs = (a: Accounts, fields: (keyof Accounts)[]): Record<string, JsonValue> => {
  const out: Record<string, JsonValue> = {}
  for (const field of fields) if (a[field] !== undefined) out[`${RETURN}/accounts/${field}`] = a[field] as JsonValue
  return out
}

/** The figures EBITDA came from: as filed, else operating profit and depreciation/amortisation. */
export const ebitdaInputs = (a: Accounts) =>
  accountsInputs(a, a.ebitda !== undefined ? ['ebitda'] : ['operatingProfit', 'depreciationAmortisation'])

/** The named fields of the facilities at these indexes (lender first, so a reader knows whose). */
export const facilityInputs = (
  facilities: Facility[], indexes: number[], fields: (keyof Facility)[],
): Record<string, JsonValue> => {
  const named: (keyof Facility)[] = ['lender', ...fields.filter(f => f !== 'lender')]
  const out: Record<string, JsonValue> = {}
  for (const i of indexes) {
    for (const field of named) {
      if (facilities[i][field] !== undefined) out[`${RETURN}/facilities/${i}/${field}`] = facilities[i][field] as JsonValue
    }
  }
  return out
}

/** Indexes of the facilities that satisfy `test`, in filed order. */
export const facilityIndexes = (facilities: Facility[], test: (f: Facility) => boolean) =>
  facilities.flatMap((f, i) => (test(f) ? [i] : []))

export const flag = (
  ruleId: RuleId, severity: Severity, explanation: string, evidence: Evidence,
): Flag => ({ ruleId, severity, explanation, evidence })
