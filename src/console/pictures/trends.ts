// Trend charts of a group's key metrics across its periods: a small line chart per metric with
// its axes, every point labelled with its value, and the ruleset's red and amber lines where it
// has them (dashed differently and named in words, never told apart by colour alone). The table
// beside it gives every figure and where it stands against the lines.
import type { RuleId } from '../../domain/ruleset.js'
import { colour, num, pictureSvg, svg, type Markup, type Picture, type TextTable } from './svg.js'

/** `multiple`: 6.2×; `months`: 4.1 months; `percent`: a fraction shown as 12.3%. */
export type TrendUnit = 'multiple' | 'months' | 'percent'

export interface Threshold { severity: 'red' | 'amber'; value: number }

export interface TrendInput {
  /** the SVG's id, unique on the page */
  id: string
  /** the metric, e.g. "Leverage" */
  title: string
  /** what it measures, e.g. "senior net debt as a multiple of EBITDA" */
  measure: string
  unit: TrendUnit
  /** periods, oldest first; null where the metric is not defined for the period */
  points: Array<{ period: string; value: number | null }>
  /** the ruleset's lines, and which way is worse */
  thresholds?: { worse: 'higher' | 'lower'; lines: Threshold[] }
}

export function formatValue(unit: TrendUnit, v: number) {
  switch (unit) {
    case 'multiple': return `${v.toFixed(1)}×`
    case 'months': return `${v.toFixed(1)} months`
    case 'percent': return `${(v * 100).toFixed(1)}%`
  }
}

/** A threshold as published: 1.25× stays 1.25×, 8 reads 8.0×. */
function formatThreshold(unit: TrendUnit, v: number) {
  const scaled = unit === 'percent' ? v * 100 : v
  const digits = Math.abs(scaled * 10 - Math.round(scaled * 10)) > 1e-9 ? 2 : 1
  const text = scaled.toFixed(digits)
  return unit === 'multiple' ? `${text}×` : unit === 'months' ? `${text} months` : `${text}%`
}

const tickText = (unit: TrendUnit, v: number) =>
  unit === 'multiple' ? `${num(v)}×` : unit === 'percent' ? `${num(v * 100)}%` : num(v)

/** Where a value stands against the lines, in words. */
export function standing(input: TrendInput, v: number): string {
  const t = input.thresholds
  if (!t?.lines.length) return ''
  const red = t.lines.find((l) => l.severity === 'red')
  const amber = t.lines.find((l) => l.severity === 'amber')
  const f = (x: number) => formatThreshold(input.unit, x)
  if (t.worse === 'higher') {
    if (red && v >= red.value) return `Red: at or above ${f(red.value)}`
    if (amber && v >= amber.value) return `Amber: at or above ${f(amber.value)}`
    return amber ? `Below amber (${f(amber.value)})` : `Below red (${f(red!.value)})`
  }
  if (red && v < red.value) return `Red: below ${f(red.value)}`
  if (amber && v < amber.value) return `Amber: below ${f(amber.value)}`
  return amber ? `At or above amber (${f(amber.value)})` : `At or above red (${f(red!.value)})`
}

function niceStep(raw: number) {
  const exp = 10 ** Math.floor(Math.log10(raw))
  const f = raw / exp
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * exp
}

const W = 640
const H = 300
const M = { top: 40, right: 128, bottom: 48, left: 64 }

export function trendChart(input: TrendInput): Picture {
  const { unit, points } = input
  const lines = input.thresholds?.lines ?? []
  const values = points.flatMap((p) => (p.value === null ? [] : [p.value]))
  const fmt = (v: number) => formatValue(unit, v)

  // The scale: from zero (or below, for negatives) to above every value and line.
  const all = [...values, ...lines.map((l) => l.value)]
  let lo = Math.min(0, ...all)
  let hi = Math.max(0, ...all)
  if (hi === lo) hi = lo + 1
  const step = niceStep((hi - lo) / 4)
  lo = Math.floor(lo / step) * step
  hi = Math.ceil(hi / step) * step
  if (hi - Math.max(...all, lo) < step * 0.25) hi += step // room for the labels above the highest point
  const plotW = W - M.left - M.right
  const plotH = H - M.top - M.bottom
  const y = (v: number) => M.top + plotH - ((v - lo) / (hi - lo)) * plotH
  const x = (i: number) => (points.length === 1 ? M.left + plotW / 2 : M.left + 28 + (i * (plotW - 56)) / (points.length - 1))

  const ticks: number[] = []
  for (let t = lo; t <= hi + step / 2; t += step) ticks.push(Math.round(t / step) * step)
  const grid = ticks.map((t) => svg`<line x1="${M.left}" x2="${M.left + plotW}" y1="${y(t)}" y2="${y(t)}" stroke="${colour.grid}" stroke-width="1"/><text x="${M.left - 8}" y="${y(t) + 5}" text-anchor="end" font-size="14" fill="${colour.text}">${tickText(unit, t)}</text>`)

  // The ruleset's lines: red long dashes, amber short dashes, each named at its end.
  const labelY = new Map<Threshold, number>()
  for (const l of [...lines].sort((a, b) => y(a.value) - y(b.value))) {
    const prev = [...labelY.values()].at(-1)
    labelY.set(l, prev !== undefined && y(l.value) - prev < 18 ? prev + 18 : y(l.value))
  }
  const thresholdLines = lines.map((l) => svg`<line x1="${M.left}" x2="${M.left + plotW}" y1="${y(l.value)}" y2="${y(l.value)}" stroke="${l.severity === 'red' ? colour.red : colour.amber}" stroke-width="2" stroke-dasharray="${l.severity === 'red' ? '10 5' : '3 3'}"/><text x="${M.left + plotW + 8}" y="${labelY.get(l)! + 5}" font-size="14" fill="${colour.text}">${l.severity === 'red' ? 'Red' : 'Amber'}: ${formatThreshold(unit, l.value)}</text>`)

  // The line, broken where a period has no figure.
  const runs: Array<Array<[number, number]>> = [[]]
  points.forEach((p, i) => {
    if (p.value === null) runs.push([])
    else runs[runs.length - 1].push([x(i), y(p.value)])
  })
  const path = runs.filter((r) => r.length > 1).map((r) => svg`<polyline points="${r.map(([px, py]) => `${num(px)},${num(py)}`).join(' ')}" fill="none" stroke="${colour.blue}" stroke-width="3" stroke-linejoin="round"/>`)

  const marks: Markup[] = points.map((p, i) => {
    const label = svg`<text x="${x(i)}" y="${M.top + plotH + 22}" text-anchor="middle" font-size="14" fill="${colour.text}">${p.period}</text>`
    if (p.value === null) {
      return svg`${label}<text x="${x(i)}" y="${M.top + plotH - 8}" text-anchor="middle" font-size="14" fill="${colour.secondaryText}">No figure</text>`
    }
    return svg`${label}<circle cx="${x(i)}" cy="${y(p.value)}" r="5" fill="${colour.blue}" stroke="${colour.white}" stroke-width="2"/><text x="${x(i)}" y="${y(p.value) - 12}" text-anchor="middle" font-size="14" font-weight="700" fill="${colour.text}" stroke="${colour.white}" stroke-width="4" paint-order="stroke">${fmt(p.value)}</text>`
  })

  const axis = svg`<line x1="${M.left}" x2="${M.left + plotW}" y1="${M.top + plotH}" y2="${M.top + plotH}" stroke="${colour.text}" stroke-width="1"/><line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${M.top + plotH}" stroke="${colour.text}" stroke-width="1"/><text x="${M.left}" y="${M.top - 20}" font-size="14" fill="${colour.secondaryText}">${input.measure[0].toUpperCase() + input.measure.slice(1)}</text>`

  const summary = describe(input)
  const table: TextTable = {
    caption: `${input.title} by period`,
    head: [{ text: 'Period' }, { text: input.title, format: 'numeric' }, ...(lines.length ? [{ text: 'Against the ruleset' }] : [])],
    rows: points.map((p) => [
      { text: p.period },
      { text: p.value === null ? 'No figure' : fmt(p.value), format: 'numeric' as const },
      ...(lines.length ? [{ text: p.value === null ? '' : standing(input, p.value) }] : []),
    ]),
  }
  return {
    svg: pictureSvg({ id: input.id, title: `${input.title} by period`, description: summary, width: W, height: H, body: svg`${grid}${thresholdLines}${axis}${path}${marks}` }),
    summary,
    tables: [table],
  }
}

function describe(input: TrendInput): string {
  const known = input.points.filter((p): p is { period: string; value: number } => p.value !== null)
  const fmt = (v: number) => formatValue(input.unit, v)
  const lines = input.thresholds?.lines ?? []
  const rule = lines.length
    ? ` The ruleset’s lines: ${lines.map((l) => `${l.severity} ${input.thresholds!.worse === 'higher' ? 'at' : 'below'} ${formatThreshold(input.unit, l.value)}`).join(', ')}.`
    : ''
  if (!known.length) return `${input.title} (${input.measure}): no figure in any of the ${input.points.length} periods.${rule}`
  const first = known[0]
  const last = known[known.length - 1]
  const span = known.length === 1 ? `${fmt(first.value)} in ${first.period}` : `from ${fmt(first.value)} in ${first.period} to ${fmt(last.value)} in ${last.period}`
  return `${input.title} (${input.measure}) across ${input.points.length} period${input.points.length === 1 ? '' : 's'}: ${span}.${rule}`
}

// ---- a group's key metrics ---------------------------------------------------------------------

/** One period of a group, as its assessment and accounts give it. */
export interface PeriodFigures {
  period: string
  leverage: number | null
  interestCover: number | null
  liquidityMonths: number | null
  revenue: number
  ebitda: number
  operatingProfit: number
}

/** A ruleset's thresholds, as far as the charts read them. */
export interface RulesetLines { rules: Partial<Record<RuleId, { thresholds: Record<string, number> }>> }

const linesOf = (ruleset: RulesetLines | undefined, ruleId: 'FIN-LEVERAGE' | 'FIN-INTEREST-COVER' | 'FIN-LIQUIDITY'): Threshold[] => {
  const t = ruleset?.rules[ruleId]?.thresholds
  if (!t) return []
  return (['red', 'amber'] as const).filter((s) => typeof t[s] === 'number').map((s) => ({ severity: s, value: t[s] }))
}

const margin = (part: number, revenue: number) => (revenue > 0 ? part / revenue : null)

/**
 * The key metrics' charts for a group (oldest period first): leverage, interest cover and
 * liquidity with the ruleset's lines, and the EBITDA and operating margins.
 */
export function keyMetricTrends(idPrefix: string, periods: PeriodFigures[], ruleset?: RulesetLines): TrendInput[] {
  const series = (pick: (p: PeriodFigures) => number | null) => periods.map((p) => ({ period: p.period, value: pick(p) }))
  return [
    { id: `${idPrefix}-leverage`, title: 'Leverage', measure: 'senior net debt as a multiple of EBITDA', unit: 'multiple', points: series((p) => p.leverage), thresholds: { worse: 'higher', lines: linesOf(ruleset, 'FIN-LEVERAGE') } },
    { id: `${idPrefix}-interest-cover`, title: 'Interest cover', measure: 'EBITDA as a multiple of cash interest payable', unit: 'multiple', points: series((p) => p.interestCover), thresholds: { worse: 'lower', lines: linesOf(ruleset, 'FIN-INTEREST-COVER') } },
    { id: `${idPrefix}-liquidity`, title: 'Liquidity', measure: 'cash and undrawn facilities, in months of cash costs', unit: 'months', points: series((p) => p.liquidityMonths), thresholds: { worse: 'lower', lines: linesOf(ruleset, 'FIN-LIQUIDITY') } },
    { id: `${idPrefix}-ebitda-margin`, title: 'EBITDA margin', measure: 'EBITDA as a share of revenue', unit: 'percent', points: series((p) => margin(p.ebitda, p.revenue)) },
    { id: `${idPrefix}-operating-margin`, title: 'Operating margin', measure: 'operating profit as a share of revenue', unit: 'percent', points: series((p) => margin(p.operatingProfit, p.revenue)) },
  ]
}
