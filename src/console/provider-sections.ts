// The group page's sections as its tables and lists show them: placements and settings by council,
// the settings beside Ofsted's register, profitability against a cap, a stress test today and under
// the scenario. Pure shaping of what the commands gave: words and formats, no reads.
import type { AnnualReturn } from '../domain/annual-return.js'
import { failureImpact, type CouncilFacts } from '../domain/impact.js'
import { JUDGEMENT_WORDS, type Judgement } from '../domain/quality.js'
import type { Rating } from '../domain/rating.js'
import type { Tag } from './words.js'
import { RATINGS } from './words.js'

export const pounds = (v: number) => `${v < 0 ? '−' : ''}£${Math.abs(Math.round(v)).toLocaleString('en-GB')}`
const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
const longDate = (iso: string) => dateFormat.format(new Date(`${iso}T00:00:00Z`))
export const percent = (v: number, digits = 1) => `${v < 0 ? '−' : ''}${Math.abs(v * 100).toFixed(digits)}%`
const count = (n: number) => n.toLocaleString('en-GB')

/** Each council whose children the group holds or where its settings are, most dependent first (the API's impact order). */
export function placementsByCouncil(latest: Pick<AnnualReturn, 'placements' | 'settings'>, councils: readonly CouncilFacts[]) {
  const impact = failureImpact(latest, new Map(councils.map((c) => [c.laCode, c])))
  return {
    rows: impact.councils.map((l) => [
      { text: l.name }, { text: l.laCode, classes: 'app-reference' }, { text: count(l.children), format: 'numeric' },
      { text: l.shareOfChildrenLookedAfter === null ? 'Not known' : percent(l.shareOfChildrenLookedAfter), format: 'numeric' },
      { text: count(l.settings), format: 'numeric' }, { text: count(l.places), format: 'numeric' },
    ]),
    totals: impact.totals,
  }
}

const JUDGEMENT_TAGS: Record<Judgement, Tag> = {
  outstanding: { text: JUDGEMENT_WORDS.outstanding, classes: 'govuk-tag--green' },
  good: { text: JUDGEMENT_WORDS.good, classes: 'govuk-tag--green' },
  requires_improvement: { text: JUDGEMENT_WORDS.requires_improvement, classes: 'govuk-tag--yellow' },
  inadequate: { text: JUDGEMENT_WORDS.inadequate, classes: 'govuk-tag--red' },
}
const JUDGEMENT_ORDER: Record<Judgement | 'none', number> = { inadequate: 0, requires_improvement: 1, none: 2, good: 3, outstanding: 4 }

interface SettingRead {
  urn: string; name: string; kind: string; places: number; laCode: string
  registered: boolean | null; registrationStatus: string | null; judgement: Judgement | null; inspectionDate: string | null
}

const SETTING_KINDS: Record<string, string> = {
  childrens_home: 'Children’s home', fostering_agency: 'Fostering agency', secure: 'Secure children’s home',
  residential_family_centre: 'Residential family centre', other: 'Other',
}

/**
 * The settings beside the register, worst judgement first: the inadequate ones are named above the
 * table and tagged in words, so nothing rests on colour.
 */
export function settingsWithJudgements(settings: readonly SettingRead[], councilName: (laCode: string) => string) {
  const ordered = [...settings].sort((a, b) => JUDGEMENT_ORDER[a.judgement ?? 'none'] - JUDGEMENT_ORDER[b.judgement ?? 'none'] || a.name.localeCompare(b.name))
  return {
    rows: ordered.map((s) => ({
      inadequate: s.judgement === 'inadequate',
      name: s.name, urn: s.urn, kind: SETTING_KINDS[s.kind] ?? s.kind, council: councilName(s.laCode), places: count(s.places),
      registration: s.registered === null ? 'Not known' : s.registrationStatus === null ? 'Not on the register' : s.registrationStatus,
      judgement: s.judgement ? JUDGEMENT_TAGS[s.judgement] : { text: s.registrationStatus === null ? 'No judgement' : 'Not yet judged', classes: 'govuk-tag--grey' },
      inspectionDate: s.inspectionDate,
    })),
    inadequate: ordered.filter((s) => s.judgement === 'inadequate').map((s) => s.name),
    unregistered: ordered.filter((s) => s.registered === false).length,
  }
}

interface ProfitPeriod {
  periodEnd: string
  metrics: {
    operatingMargin: number | null; ebitdaMargin: number | null; adjustedMargin: number | null; extractionRate: number | null
    valueExtracted: number | null; relatedPartyCharges: number | null; ownerFinanceCost: number | null; distributions: number | null
    relatedRentShare: number | null; leakagePer100: number | null
  }
}

const orNot = <T>(v: T | null | undefined, f: (v: T) => string) => (v === null || v === undefined ? 'Not measured' : f(v))

/** The margins a cap may be set on (RULES.md, profit-cap simulation), in the order the simulation names them. */
const CAP_MEASURES = [
  { key: 'operatingMargin', text: 'Operating margin' },
  { key: 'ebitdaMargin', text: 'EBITDA margin' },
  { key: 'adjustedMargin', text: 'Adjusted margin (related-party charges added back)' },
] as const

/**
 * The group's profit measures, newest period first, and its latest period against a cap of
 * `capPct` percent of revenue on each margin (as the regulator's simulation reads a cap: profit
 * allowed is the cap's share of revenue; what is above it is the excess).
 */
export function profitabilityAgainstCap(periods: readonly ProfitPeriod[], capPct: number, latestRevenue: number | undefined,
  marketPercentile: { adjustedMargin: number | null; operatingMargin: number | null }) {
  const cap = capPct / 100
  const latest = periods.at(-1)
  const rows = [...periods].reverse().map((p) => [
    { text: longDate(p.periodEnd) },
    ...[p.metrics.operatingMargin, p.metrics.ebitdaMargin, p.metrics.adjustedMargin, p.metrics.extractionRate].map((v) => ({ text: orNot(v, (x) => percent(x)), format: 'numeric' })),
    { text: orNot(p.metrics.valueExtracted, pounds), format: 'numeric' },
    { text: orNot(p.metrics.leakagePer100, (x) => `£${x.toFixed(2)}`), format: 'numeric' },
  ])
  const againstCap = latest && CAP_MEASURES.map(({ key, text }) => {
    const margin = latest.metrics[key]
    if (margin === null) return { measure: text, margin: 'Not measured', verdict: 'Not measurable', over: false, excess: '' }
    const over = margin > cap
    const excess = latestRevenue !== undefined && latestRevenue > 0 ? Math.max(0, (margin - cap) * latestRevenue) : undefined
    return {
      measure: text, margin: percent(margin), over,
      verdict: over ? `Over the cap by ${((margin - cap) * 100).toFixed(1)} percentage points` : 'Within the cap',
      excess: excess === undefined ? 'Not known' : pounds(excess),
    }
  })
  const percentile = (v: number | null) => (v === null ? 'Not measured' : `${Math.round(v)} (0 is the market’s lowest, 100 its highest)`)
  return {
    rows, againstCap, latestPeriodEnd: latest?.periodEnd,
    latestRows: latest && [
      { key: { text: 'Value extracted by owners and related parties' }, value: { text: orNot(latest.metrics.valueExtracted, pounds) } },
      { key: { text: 'Related-party charges (rent, fees, other)' }, value: { text: orNot(latest.metrics.relatedPartyCharges, pounds) } },
      { key: { text: 'Owner finance cost (shareholder-loan interest)' }, value: { text: orNot(latest.metrics.ownerFinanceCost, pounds) } },
      { key: { text: 'Distributions' }, value: { text: orNot(latest.metrics.distributions, pounds) } },
      { key: { text: 'Share of rent paid to related parties' }, value: { text: orNot(latest.metrics.relatedRentShare, (x) => percent(x)) } },
      { key: { text: 'Adjusted margin’s percentile in the market' }, value: { text: percentile(marketPercentile.adjustedMargin) } },
      { key: { text: 'Operating margin’s percentile in the market' }, value: { text: percentile(marketPercentile.operatingMargin) } },
    ],
  }
}

/** The metrics a stress test is read by, today beside the scenario. */
const STRESS_METRICS: Array<{ key: string; label: string; format: (v: number) => string }> = [
  { key: 'leverage', label: 'Leverage (senior net debt to EBITDA)', format: (v) => `${v.toFixed(1)}×` },
  { key: 'interestCover', label: 'Interest cover', format: (v) => `${v.toFixed(2)}×` },
  { key: 'liquidityMonths', label: 'Liquidity', format: (v) => `${v.toFixed(1)} months` },
  { key: 'ebitda', label: 'EBITDA', format: pounds },
  { key: 'seniorNetDebt', label: 'Senior net debt', format: pounds },
  { key: 'headroomMin', label: 'Tightest covenant headroom', format: (v) => percent(v) },
  { key: 'zScore', label: 'Z-score', format: (v) => v.toFixed(2) },
]

interface Outcome { rating: Rating; metrics: Record<string, unknown>; flags: Array<{ ruleId: string; severity: string; explanation: string }> }

/** A stress test's result: the rating and metrics today and under the scenario, and the flags it would raise that are not raised today. */
export function stressOutcome(result: { today: Outcome; stressed: Outcome }) {
  const value = (m: Record<string, unknown>, key: string, format: (v: number) => string) => {
    const v = m[key]
    return typeof v === 'number' ? format(v) : 'Not defined'
  }
  const raisedToday = new Set(result.today.flags.map((f) => `${f.ruleId} ${f.severity}`))
  const flags = result.stressed.flags.filter((f) => f.severity !== 'info')
  return {
    today: RATINGS[result.today.rating], stressed: RATINGS[result.stressed.rating],
    worse: result.today.rating !== result.stressed.rating,
    rows: STRESS_METRICS.map(({ key, label, format }) => [
      { text: label }, { text: value(result.today.metrics, key, format), format: 'numeric' }, { text: value(result.stressed.metrics, key, format), format: 'numeric' },
    ]),
    // the flags the scenario would add first
    flags: flags.map((f) => ({ ...f, tag: RATINGS[f.severity as 'red' | 'amber'] ?? RATINGS.unrated, isNew: !raisedToday.has(`${f.ruleId} ${f.severity}`) }))
      .sort((a, b) => Number(b.isNew) - Number(a.isNew)),
  }
}
