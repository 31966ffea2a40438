// A ruleset is data: the regulator publishes a version (every threshold of every rule, with its
// description) and the rule code reads its thresholds from it. The code fixes what each rule
// measures and which severities it can raise; a version fixes where the lines are drawn.
import ruleset2026_1 from './rulesets/2026.1.js'
import ruleset2026_2 from './rulesets/2026.2.js'
import ruleset2027_1 from './rulesets/2027.1.js'

export type Severity = 'red' | 'amber' | 'info'

/**
 * Every rule id RULES.md publishes, in its order; CMP-ACCOUNTS-MISMATCH arrives with 2026.2, the
 * PRF rules with 2027.1. SYS-CONTINUITY stays last: it reads the flags raised before it.
 */
export const RULE_IDS = [
  'FIN-LEVERAGE', 'FIN-INTEREST-COVER', 'FIN-COVENANT', 'FIN-REFINANCING', 'FIN-GOING-CONCERN',
  'FIN-LIQUIDITY', 'FIN-NET-LIABILITIES', 'FIN-ZSCORE', 'FIN-DETERIORATION',
  'OWN-PE-BACKED', 'OWN-OFFSHORE', 'OWN-OPACITY', 'OWN-HOLD-PERIOD',
  'CONT-DIFFICULT-TO-REPLACE',
  'CMP-LATE', 'CMP-INCONSISTENT', 'CMP-ACCOUNTS-MISMATCH',
  'PRF-EXTRACTION', 'PRF-MARGIN', 'PRF-RELATED-PROPERTY',
  'SYS-CONTINUITY',
] as const

/** The rules of ruleset 2027.1 that measure profit; a ruleset applying any of them shows the profit metrics. */
export const PROFIT_RULE_IDS = ['PRF-EXTRACTION', 'PRF-MARGIN', 'PRF-RELATED-PROPERTY'] as const satisfies readonly RuleId[]

/** Whether an assessment under this ruleset carries the profit metrics (RULES.md, 2027.1). */
export const measuresProfit = (ruleset: Ruleset) => PROFIT_RULE_IDS.some(id => ruleset.rules[id] !== undefined)
export type RuleId = typeof RULE_IDS[number]

export interface RuleDefinition {
  description: string
  /** the severities this rule can raise, most severe first (fixed by the rule, shown for reference) */
  severities: Severity[]
  thresholds: Record<string, number>
}

export interface Ruleset {
  /** `YYYY.N`, e.g. `2026.1` */
  version: string
  /** every rule the version applies, in RULE_IDS order */
  rules: Partial<Record<RuleId, RuleDefinition>>
}

export interface RulesetProblem { pointer: string; detail: string }

// ---- what each rule's thresholds must look like ---------------------------------------------

export type ThresholdKind =
  | 'multiple' | 'fraction' | 'months' | 'years' | 'pounds' | 'percent' | 'count' | 'score'

export interface ThresholdSpec {
  kind: ThresholdKind
  meaning: string
  integer?: boolean
  min?: number
  minExclusive?: boolean
  max?: number
  maxExclusive?: boolean
}

export interface RuleShape {
  severities: Severity[]
  thresholds: Record<string, ThresholdSpec>
  /** which way red is stricter than amber: `higher` = red's line sits above amber's */
  redStricter?: 'higher' | 'lower'
  /** a ruleset may leave it out (it arrived after 2026.1) */
  optional?: boolean
}

const multiple = (meaning: string): ThresholdSpec => ({ kind: 'multiple', meaning, min: 0, minExclusive: true })
const share = (meaning: string): ThresholdSpec => ({ kind: 'fraction', meaning, min: 0, minExclusive: true, max: 1 })
const tolerance = (meaning: string): ThresholdSpec => ({ kind: 'fraction', meaning, min: 0, max: 1 })
const count = (meaning: string): ThresholdSpec => ({ kind: 'count', meaning, integer: true, min: 1 })
const percent = (meaning: string): ThresholdSpec => ({ kind: 'percent', meaning, min: 0, minExclusive: true, max: 100 })
const wholeMonths = (meaning: string): ThresholdSpec => ({ kind: 'months', meaning, integer: true, min: 1 })

export const RULE_CATALOGUE: Readonly<Record<RuleId, RuleShape>> = {
  'FIN-LEVERAGE': {
    severities: ['red', 'amber'], redStricter: 'higher',
    thresholds: { red: multiple('red when leverage ≥ this'), amber: multiple('amber when leverage ≥ this') },
  },
  'FIN-INTEREST-COVER': {
    severities: ['red', 'amber'], redStricter: 'lower',
    thresholds: { red: multiple('red when interest cover < this'), amber: multiple('amber when interest cover < this') },
  },
  'FIN-COVENANT': {
    severities: ['red', 'amber'], redStricter: 'lower',
    thresholds: {
      red: { kind: 'fraction', meaning: 'red when any covenant headroom < this', min: -1, max: 1 },
      amber: { kind: 'fraction', meaning: 'amber when any covenant headroom < this', min: -1, max: 1 },
    },
  },
  'FIN-REFINANCING': {
    // different windows (12 and 24 months), so neither line need sit above the other
    severities: ['red', 'amber'],
    thresholds: {
      red: share('red when the share of third-party debt maturing within 12 months ≥ this'),
      amber: share('amber when the share of third-party debt maturing within 24 months ≥ this'),
    },
  },
  'FIN-GOING-CONCERN': { severities: ['red'], thresholds: {} },
  'FIN-LIQUIDITY': {
    severities: ['red', 'amber'], redStricter: 'lower',
    thresholds: {
      red: { kind: 'months', meaning: 'red when liquidity months < this', min: 0, minExclusive: true },
      amber: { kind: 'months', meaning: 'amber when liquidity months < this', min: 0, minExclusive: true },
    },
  },
  'FIN-NET-LIABILITIES': {
    severities: ['amber'],
    thresholds: { amber: { kind: 'pounds', meaning: 'amber when net assets < this', integer: true } },
  },
  'FIN-ZSCORE': {
    severities: ['amber'],
    thresholds: { amber: { kind: 'score', meaning: "amber when the Altman Z'' score < this" } },
  },
  'FIN-DETERIORATION': {
    severities: ['amber'],
    thresholds: {
      amber: { kind: 'fraction', meaning: 'amber when the change in EBITDA on the previous period ≤ this', max: 0, maxExclusive: true },
    },
  },
  'OWN-PE-BACKED': {
    severities: ['info'],
    thresholds: { effectivePct: percent('a private-equity holder with effective ownership ≥ this (or control)') },
  },
  'OWN-OFFSHORE': { severities: ['info'], thresholds: {} },
  'OWN-OPACITY': {
    severities: ['amber'],
    thresholds: { resolvedPct: percent('amber when resolved ownership < this') },
  },
  'OWN-HOLD-PERIOD': {
    severities: ['info'],
    thresholds: { years: { kind: 'years', meaning: 'info when a private-equity holder has held the group more than this at the period end', integer: true, min: 1 } },
  },
  'CONT-DIFFICULT-TO-REPLACE': {
    severities: ['info'],
    thresholds: {
      childrenPlaced: count('info when children placed ≥ this'),
      places: count('info when registered places ≥ this'),
      councilsServed: count('info when councils served ≥ this'),
      maxCouncilDependence: share("info when the share of one council's children looked after ≥ this"),
    },
  },
  'CMP-LATE': {
    severities: ['red', 'amber'], redStricter: 'higher',
    thresholds: {
      red: wholeMonths('red when submitted more than this many calendar months after the period end'),
      amber: wholeMonths('amber when submitted more than this many calendar months after the period end'),
    },
  },
  'CMP-INCONSISTENT': {
    severities: ['amber'],
    thresholds: {
      balanceTolerance: { kind: 'pounds', meaning: 'amber when total assets − total liabilities differs from total equity by more than this', min: 0 },
      borrowingsTolerance: tolerance('amber when reported borrowings differ from drawn non-lease facilities by more than this share'),
    },
  },
  'CMP-ACCOUNTS-MISMATCH': {
    severities: ['amber'], optional: true,
    thresholds: { tolerance: tolerance('amber when a filed accounts figure differs from the iXBRL figure by more than this share') },
  },
  'PRF-EXTRACTION': {
    severities: ['amber'], optional: true,
    thresholds: { amber: share('amber when value extracted by owners and related parties ≥ this share of revenue') },
  },
  'PRF-MARGIN': {
    severities: ['info'], optional: true,
    thresholds: { adjustedMargin: share('info when the operating margin with related-party charges added back ≥ this') },
  },
  'PRF-RELATED-PROPERTY': {
    severities: ['info'], optional: true,
    thresholds: { relatedRentShare: share('info when the share of rent payable that goes to related parties ≥ this') },
  },
  'SYS-CONTINUITY': {
    severities: ['red', 'amber'],
    thresholds: { amberFinFlagsForRed: count('red when this many amber FIN flags are raised (fewer, at least one: amber)') },
  },
}

// ---- validation -----------------------------------------------------------------------------

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

const pointerTo = (...tokens: string[]) =>
  tokens.map(t => `/${t.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('')

const describeRange = (s: ThresholdSpec) => {
  const parts: string[] = [s.integer ? 'a whole number' : 'a finite number']
  if (s.min !== undefined) parts.push(`${s.minExclusive ? 'above' : 'at least'} ${s.min}`)
  if (s.max !== undefined) parts.push(`${s.maxExclusive ? 'below' : 'at most'} ${s.max}`)
  return parts.join(', ')
}

const fitsSpec = (v: number, s: ThresholdSpec) =>
  (!s.integer || Number.isInteger(v))
  && (s.min === undefined || (s.minExclusive ? v > s.min : v >= s.min))
  && (s.max === undefined || (s.maxExclusive ? v < s.max : v <= s.max))

/** Version strings read `YYYY.N` (2027.1): the year, then the release within it. */
export const RULESET_VERSION = /^[0-9]{4}\.[1-9][0-9]*$/

/** Orders versions as releases (2026.10 after 2026.9). */
export const compareRulesetVersions = (a: string, b: string) => {
  const [ay, an] = a.split('.').map(Number)
  const [by, bn] = b.split('.').map(Number)
  return ay !== by ? ay - by : an - bn
}

/** Every problem with a proposed ruleset, each at a JSON pointer into it; empty when it is sound. */
export const validateRuleset = (input: unknown): RulesetProblem[] => {
  const problems: RulesetProblem[] = []
  const problem = (pointer: string, detail: string) => { problems.push({ pointer, detail }) }
  if (!isRecord(input)) return [{ pointer: '', detail: 'must be an object with version and rules' }]

  for (const key of Object.keys(input)) {
    if (key !== 'version' && key !== 'rules') problem(pointerTo(key), 'unknown field')
  }
  if (typeof input.version !== 'string' || !RULESET_VERSION.test(input.version)) {
    problem('/version', 'must be a version string like 2027.1')
  }
  if (!isRecord(input.rules)) {
    problem('/rules', 'must be an object keyed by rule id')
    return problems
  }
  const rules = input.rules
  for (const id of Object.keys(rules)) {
    if (!(RULE_IDS as readonly string[]).includes(id)) problem(pointerTo('rules', id), 'unknown rule id')
  }
  for (const id of RULE_IDS) {
    const shape = RULE_CATALOGUE[id]
    const at = (...tokens: string[]) => pointerTo('rules', id, ...tokens)
    if (!Object.hasOwn(rules, id)) {
      if (!shape.optional) problem(at(), 'missing: every published rule must be defined')
      continue
    }
    const rule = rules[id]
    if (!isRecord(rule)) { problem(at(), 'must be an object with thresholds'); continue }
    for (const key of Object.keys(rule)) {
      if (!['description', 'severities', 'thresholds'].includes(key)) problem(at(key), 'unknown field')
    }
    if (rule.description !== undefined && (typeof rule.description !== 'string' || rule.description.trim() === '')) {
      problem(at('description'), 'must be a non-empty string')
    }
    if (rule.severities !== undefined
      && (!Array.isArray(rule.severities) || rule.severities.join() !== shape.severities.join())) {
      problem(at('severities'), `must be [${shape.severities.join(', ')}]: the rule fixes which severities it raises`)
    }
    if (!isRecord(rule.thresholds)) { problem(at('thresholds'), 'must be an object'); continue }
    const thresholds = rule.thresholds
    for (const key of Object.keys(thresholds)) {
      if (!Object.hasOwn(shape.thresholds, key)) problem(at('thresholds', key), 'unknown threshold')
    }
    let sound = true
    for (const [key, spec] of Object.entries(shape.thresholds)) {
      const value = thresholds[key]
      if (value === undefined) { problem(at('thresholds', key), `missing (${spec.meaning})`); sound = false }
      else if (typeof value !== 'number' || !Number.isFinite(value) || !fitsSpec(value, spec)) {
        problem(at('thresholds', key), `must be ${describeRange(spec)} (${spec.kind}: ${spec.meaning})`)
        sound = false
      }
    }
    if (sound && shape.redStricter) {
      const red = thresholds.red as number
      const amber = thresholds.amber as number
      if (shape.redStricter === 'higher' ? !(red > amber) : !(red < amber)) {
        problem(at('thresholds', 'red'),
          `must be stricter than amber: ${shape.redStricter === 'higher' ? 'above' : 'below'} ${amber}`)
      }
    }
  }
  return problems
}

export class RulesetError extends Error {
  constructor(readonly problems: RulesetProblem[]) {
    super(`invalid ruleset: ${problems.map(p => `${p.pointer || '/'} ${p.detail}`).join('; ')}`)
    this.name = 'RulesetError'
  }
}

/** Descriptions used when a published version gives none: threshold-free, so they never go stale. */
export const RULE_DESCRIPTIONS: Readonly<Record<RuleId, string>> = {
  'FIN-LEVERAGE': 'Senior net debt (third-party debt less cash) as a multiple of EBITDA; red also when EBITDA is nil or negative while third-party debt is owed.',
  'FIN-INTEREST-COVER': 'EBITDA as a multiple of third-party cash interest payable.',
  'FIN-COVENANT': "Headroom on every tested lender covenant, as a fraction of its limit; below nil is a breach.",
  'FIN-REFINANCING': 'Share of third-party debt maturing within 12 months (red) or 24 months (amber) of the period end.',
  'FIN-GOING-CONCERN': 'The auditor reports a material uncertainty on going concern, or the audit opinion is qualified, adverse or a disclaimer.',
  'FIN-LIQUIDITY': 'Cash and undrawn non-shareholder facilities, in months of cash costs (revenue less EBITDA).',
  'FIN-NET-LIABILITIES': 'Net assets: total assets less total liabilities.',
  'FIN-ZSCORE': "Altman Z'' score for private non-manufacturers.",
  'FIN-DETERIORATION': "Fall in EBITDA against the latest version of the previous period's return, or an operating loss in this and the previous return.",
  'OWN-PE-BACKED': 'A private-equity fund or fund manager holds the threshold share of effective ownership of the reporting entity, or controls it.',
  'OWN-OFFSHORE': 'The chain to an ultimate controller passes through Jersey, Guernsey, the Isle of Man, the Cayman Islands, the British Virgin Islands, Bermuda or Luxembourg.',
  'OWN-OPACITY': 'Ownership resolved to ultimate owners falls short of the threshold, or the graph has a cycle that no root owns into.',
  'OWN-HOLD-PERIOD': 'A private-equity holder has held the group for longer than the threshold at the period end: sale or refinancing likely.',
  'CONT-DIFFICULT-TO-REPLACE': "Children placed, registered places, councils served or the largest share of one council's children looked after reach a threshold.",
  'CMP-LATE': 'Return submitted more than the threshold number of calendar months after the period end.',
  'CMP-INCONSISTENT': 'The balance sheet does not balance within the tolerance, or reported borrowings differ from the drawn amounts of non-lease facilities by more than the tolerance.',
  'CMP-ACCOUNTS-MISMATCH': "A filed accounts figure differs from the same figure in the group's iXBRL accounts by more than the tolerance.",
  'PRF-EXTRACTION': 'Rent, fees and other charges, shareholder-loan interest and dividends paid to owners and related parties, as a share of revenue.',
  'PRF-MARGIN': 'Operating margin with the rent, fees and other charges paid to related parties added back (disguised profit).',
  'PRF-RELATED-PROPERTY': "Share of the rent payable that goes to related parties: the homes' property sits in an owner's company.",
  'SYS-CONTINUITY': 'A private-equity-backed group that is difficult to replace, with a red financial flag or the threshold number of amber ones (red), or fewer amber ones (amber): its failure would threaten placement continuity.',
}

/**
 * A validated ruleset in its normal form (rules and thresholds in catalogue order, severities and
 * default descriptions filled in). Throws RulesetError listing every problem.
 */
export const parseRuleset = (input: unknown): Ruleset => {
  const problems = validateRuleset(input)
  if (problems.length > 0) throw new RulesetError(problems)
  const source = input as { version: string; rules: Record<string, { description?: string; thresholds: Record<string, number> }> }
  const rules: Partial<Record<RuleId, RuleDefinition>> = {}
  for (const id of RULE_IDS) {
    const rule = source.rules[id]
    if (rule === undefined) continue
    const shape = RULE_CATALOGUE[id]
    rules[id] = {
      description: rule.description ?? RULE_DESCRIPTIONS[id],
      severities: [...shape.severities],
      thresholds: Object.fromEntries(Object.keys(shape.thresholds).map(key => [key, rule.thresholds[key]])),
    }
  }
  return { version: source.version, rules }
}

const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner)
    Object.freeze(value)
  }
  return value
}

/** The versions built into the service, validated at load (a bad one stops it starting); immutable. */
export const RULESETS: Readonly<Record<string, Ruleset>> = deepFreeze({
  '2026.1': parseRuleset(ruleset2026_1),
  '2026.2': parseRuleset(ruleset2026_2),
  '2027.1': parseRuleset(ruleset2027_1),
})

/** The newest built-in version. */
export const LATEST_RULESET_VERSION = Object.keys(RULESETS).sort(compareRulesetVersions).at(-1)!
