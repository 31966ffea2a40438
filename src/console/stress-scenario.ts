// The stress test's scenario as people type it, for the market's stress test and a group's: the
// three changes POST /v1/stress-tests and /v1/providers/{id}/stress-tests take, read from a GET
// form (a stress test changes nothing), each bad field said in words with the API's bounds.
import type { StressScenario } from '../domain/stress.js'
import type { FieldError } from './form-fields.js'

export type Query = Record<string, unknown>

/** A query's value as text (the first, when repeated). */
export const textOf = (q: Query, name: string) => {
  const v = Array.isArray(q[name]) ? (q[name] as unknown[])[0] : q[name]
  return typeof v === 'string' ? v : ''
}

const grouped = (n: number) => n.toLocaleString('en-GB')
const signed = (n: number) => `${n < 0 ? '−' : ''}${grouped(Math.abs(n))}`

/**
 * A number as people type it: a leading + or − (the typographic minus too), thousands commas,
 * spaces, and the unit after it ("%", "bp"). Blank is `null`; anything else not a number, `NaN`.
 */
export function readNumber(raw: string, unit: RegExp): number | null {
  const s = raw.trim().replace(/[\u2212\u2013]/g, '-').replace(unit, '').replace(/[,\s]/g, '')
  if (s === '') return null
  return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s) ? Number(s) : NaN
}

/** The scenario's fields, as POST /v1/stress-tests takes them (schema/assessment.ts StressScenario). */
export const STRESS_FIELDS = [
  { name: 'ebitdaChangePct', label: 'Change in EBITDA', hint: 'Percent. A fall is negative: −20 takes a fifth off EBITDA.', suffix: '%', unit: /%$/, min: -100, max: 1000, example: '−20' },
  { name: 'interestRateBps', label: 'Rise in interest rates', hint: 'Basis points on all drawn third-party debt, paid in cash: 300 is 3 percentage points.', suffix: 'basis points', unit: /(bps?|basis points?)$/i, min: -1000, max: 5000, example: '300' },
  { name: 'cashChangePct', label: 'Change in cash', hint: 'Percent. A fall is negative: −50 halves the cash.', suffix: '%', unit: /%$/, min: -100, max: 1000, example: '−50' },
] as const
type StressField = typeof STRESS_FIELDS[number]['name']

const bound = (f: typeof STRESS_FIELDS[number], v: number) => `${signed(v)}${f.suffix === '%' ? '%' : ` ${f.suffix}`}`

/** The scenario a query asks for: `undefined` when none was asked (the form not sent), or its errors. */
export function stressScenarioOf(q: Query): { values: Record<StressField, string>; scenario?: StressScenario; errors: FieldError[] } | undefined {
  if (!STRESS_FIELDS.some((f) => f.name in q)) return undefined
  const values = Object.fromEntries(STRESS_FIELDS.map((f) => [f.name, textOf(q, f.name)])) as Record<StressField, string>
  const errors: FieldError[] = []
  const scenario: StressScenario = {}
  for (const f of STRESS_FIELDS) {
    const v = readNumber(values[f.name], f.unit)
    if (v === null) continue
    if (Number.isNaN(v)) errors.push({ field: f.name, text: `${f.label} must be a number, like ${f.example}` })
    else if (v < f.min || v > f.max) errors.push({ field: f.name, text: `${f.label} must be between ${bound(f, f.min)} and ${bound(f, f.max)}` })
    else scenario[f.name] = v
  }
  if (!errors.length && Object.values(scenario).every((v) => v === 0)) {
    errors.push({ field: STRESS_FIELDS[0].name, text: 'Enter at least one change: to EBITDA, to interest rates or to cash' })
  }
  return errors.length ? { values, errors } : { values, scenario, errors }
}

/** The scenario in words: "a 20% fall in EBITDA and a rise of 300 basis points in interest rates". */
export function scenarioText(s: StressScenario) {
  const parts: string[] = []
  const change = (v: number, what: string) => (v < 0 ? `a ${grouped(-v)}% fall in ${what}` : `a ${grouped(v)}% rise in ${what}`)
  if (s.ebitdaChangePct) parts.push(change(s.ebitdaChangePct, 'EBITDA'))
  if (s.interestRateBps) parts.push(s.interestRateBps < 0 ? `a cut of ${grouped(-s.interestRateBps)} basis points in interest rates` : `a rise of ${grouped(s.interestRateBps)} basis points in interest rates`)
  if (s.cashChangePct) parts.push(change(s.cashChangePct, 'cash'))
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0] ?? 'no change'
}

