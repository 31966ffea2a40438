// The profit cap's distribution chart: how many groups' latest returns fall in each band of the
// measure (a histogram), with the cap drawn as a line. Bands are cut at the cap, so each bar is
// wholly at or under it or wholly over it; a bar over the cap is hatched as well as darker, and
// the legend and the cap's label say so in words (never told apart by colour alone). Every bar is
// labelled with its count; the table beside it gives each band's counts.
import { colour, num, pictureSvg, svg, type Picture, type TextTable } from './svg.js'

export interface CapGroup {
  name: string
  /** the measure as a fraction of revenue; null when not measurable */
  value: number | null
  /** profit over the cap (excess > 0) */
  over: boolean
}

export interface CapChartInput {
  /** the SVG's id, unique on the page */
  id: string
  /** the measure in words, e.g. "Adjusted margin" */
  measure: string
  /** the cap, percent of revenue */
  capPct: number
  groups: CapGroup[]
}

/** A band of the measure, in percent: (from, to], the first from its lower edge; open at an end when it gathers outliers. */
export interface CapBand { from: number; to: number; openBelow: boolean; openAbove: boolean; atOrUnder: number; over: number }

/** The widest span of margins drawn before outliers gather in the end bands: −100% to 100%. */
const SPAN = { lo: -100, hi: 100 }
const MAX_BANDS = 12
const STEPS = [0.5, 1, 2, 2.5, 5, 10, 20, 25, 50]

/** A percentage to its last decimal (a cap of 12.25% is not 12.3%): 12.25%, −5%. */
export const pct = (v: number) => `${v < 0 ? '−' : ''}${(Math.round(Math.abs(v) * 1e6) / 1e6).toLocaleString('en-GB', { maximumFractionDigits: 6 })}%`
export const capText = pct
/** A group's margin, to one decimal place: 10.8%. */
export const marginText = (v: number) => `${v < 0 ? '−' : ''}${Math.abs(v).toFixed(1)}%`

/**
 * Bands on a round grid (0.5, 1, 2, 2.5, 5… points wide, at most about a dozen), the band that
 * holds the cap cut at it, covering every measured group (outliers beyond ±100% gather in the end
 * bands), with at least one band each side of the cap. A band is (from, to]: a group exactly at
 * the cap is in the band below it.
 */
export function capBands(capPct: number, values: number[], over: boolean[]): CapBand[] {
  const shown = values.map((v) => Math.min(SPAN.hi, Math.max(SPAN.lo, v)))
  const lo = Math.min(capPct, ...shown)
  const hi = Math.max(capPct, ...shown)
  const grid = (step: number) => {
    const first = Math.floor(lo / step)
    const last = Math.ceil(hi / step)
    const edges = Array.from({ length: last - first + 1 }, (_, i) => (first + i) * step)
    if (!edges.some((e) => Math.abs(e - capPct) < 1e-9)) edges.push(capPct)
    edges.sort((a, b) => a - b)
    // a band under the cap, and under the lowest group when it sits on the lowest edge
    if (edges[0] >= capPct - 1e-9 || shown.some((v) => Math.abs(v - edges[0]) < 1e-9)) edges.unshift(edges[0] - step)
    if (edges[edges.length - 1] <= capPct + 1e-9) edges.push(edges[edges.length - 1] + step)
    return edges
  }
  const edges = STEPS.map(grid).find((e) => e.length - 1 <= MAX_BANDS) ?? grid(100)
  const bands: CapBand[] = edges.slice(1).map((to, i) => ({ from: edges[i], to, openBelow: false, openAbove: false, atOrUnder: 0, over: 0 }))
  bands[0].openBelow = values.some((v) => v < SPAN.lo)
  bands[bands.length - 1].openAbove = values.some((v) => v > SPAN.hi)
  shown.forEach((v, i) => {
    const found = bands.findIndex((b) => v <= b.to + 1e-9)
    const at = found < 0 ? bands.length - 1 : found
    if (over[i]) bands[at].over++
    else bands[at].atOrUnder++
  })
  return bands
}

export const bandText = (b: CapBand) =>
  b.openBelow ? `${pct(b.to)} or less` : b.openAbove ? `Over ${pct(b.from)}` : `Over ${pct(b.from)} to ${pct(b.to)}`

const W = 720
const H = 380
const M = { top: 72, right: 24, bottom: 72, left: 64 }

export function capDistributionChart(input: CapChartInput): Picture {
  const { id, capPct } = input
  const measured = input.groups.filter((g): g is CapGroup & { value: number } => g.value !== null)
  const bands = capBands(capPct, measured.map((g) => g.value * 100), measured.map((g) => g.over))
  const notMeasurable = input.groups.length - measured.length
  const over = measured.filter((g) => g.over).length

  const plotW = W - M.left - M.right
  const plotH = H - M.top - M.bottom
  const lo = bands[0].from
  const hi = bands[bands.length - 1].to
  const x = (v: number) => M.left + ((v - lo) / (hi - lo)) * plotW
  const most = Math.max(1, ...bands.map((b) => b.atOrUnder + b.over))
  const yStep = Math.max(1, Math.ceil(most / 5))
  const yTop = Math.ceil((most + yStep * 0.4) / yStep) * yStep // room for the count over the tallest bar
  const y = (n: number) => M.top + plotH - (n / yTop) * plotH

  const yTicks: number[] = []
  for (let n = 0; n <= yTop; n += yStep) yTicks.push(n)
  const grid = yTicks.map((n) => svg`<line x1="${M.left}" x2="${M.left + plotW}" y1="${y(n)}" y2="${y(n)}" stroke="${colour.grid}" stroke-width="1"/><text x="${M.left - 8}" y="${y(n) + 5}" text-anchor="end" font-size="14" fill="${colour.text}">${n}</text>`)

  // The grid's edges ticked and, as many as fit (about 56px each), labelled at round multiples of
  // the step; the cap, named over its line, is not labelled again when it is off the grid.
  const step = Math.max(...bands.map((b) => b.to - b.from))
  const onGrid = (v: number) => Math.abs(v / step - Math.round(v / step)) < 1e-9
  const every = Math.max(1, Math.ceil(56 / ((step / (hi - lo)) * plotW)))
  const edges = [...bands.map((b) => b.from), hi].map((v, i) => ({ v, i })).filter(({ v }) => onGrid(v))
  const xTicks = edges.map(({ v, i }) => {
    const outlier = (i === 0 && bands[0].openBelow) || (i === bands.length && bands[bands.length - 1].openAbove)
    const label = Math.round(v / step) % every === 0
      ? svg`<text x="${x(v)}" y="${M.top + plotH + 24}" text-anchor="middle" font-size="14" fill="${colour.text}">${outlier ? (i === 0 ? `≤${pct(v)}` : `>${pct(v)}`) : pct(v)}</text>`
      : svg``
    return svg`<line x1="${x(v)}" x2="${x(v)}" y1="${M.top + plotH}" y2="${M.top + plotH + 6}" stroke="${colour.text}" stroke-width="1"/>${label}`
  })

  const bars = bands.map((b) => {
    const total = b.atOrUnder + b.over
    if (!total) return svg``
    const bx = x(b.from) + 1
    const bw = Math.max(1, x(b.to) - x(b.from) - 2)
    const under = b.atOrUnder ? svg`<rect x="${bx}" y="${y(b.atOrUnder)}" width="${bw}" height="${y(0) - y(b.atOrUnder)}" fill="${colour.blue}"><title>${bandText(b)}: ${b.atOrUnder} at or under the cap</title></rect>` : svg``
    const overBar = b.over ? svg`<rect x="${bx}" y="${y(total)}" width="${bw}" height="${y(b.atOrUnder) - y(total)}" fill="url(#${id}-over)" stroke="${colour.red}" stroke-width="1"><title>${bandText(b)}: ${b.over} over the cap</title></rect>` : svg``
    return svg`${under}${overBar}<text x="${bx + bw / 2}" y="${y(total) - 6}" text-anchor="middle" font-size="14" font-weight="700" fill="${colour.text}">${total}</text>`
  })

  const capX = x(capPct)
  const capLine = svg`<line x1="${capX}" x2="${capX}" y1="${M.top - 8}" y2="${M.top + plotH}" stroke="${colour.text}" stroke-width="2" stroke-dasharray="8 4"/><text x="${capX}" y="${M.top - 14}" text-anchor="${capX > W - 120 ? 'end' : capX < 120 ? 'start' : 'middle'}" font-size="14" font-weight="700" fill="${colour.text}">Cap: ${capText(capPct)}</text>`

  const axes = svg`<line x1="${M.left}" x2="${M.left + plotW}" y1="${M.top + plotH}" y2="${M.top + plotH}" stroke="${colour.text}" stroke-width="1"/><line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${M.top + plotH}" stroke="${colour.text}" stroke-width="1"/><text x="${M.left + plotW / 2}" y="${H - 16}" text-anchor="middle" font-size="14" fill="${colour.text}">${input.measure} of the latest return (percent of revenue)</text><text x="16" y="${M.top + plotH / 2}" text-anchor="middle" font-size="14" fill="${colour.text}" transform="rotate(-90 16 ${num(M.top + plotH / 2)})">Groups</text>`

  const legend = svg`<rect x="${M.left}" y="12" width="24" height="16" fill="${colour.blue}"/><text x="${M.left + 32}" y="25" font-size="14" fill="${colour.text}">At or under the cap (${measured.length - over})</text><rect x="${M.left + 260}" y="12" width="24" height="16" fill="url(#${id}-over)" stroke="${colour.red}" stroke-width="1"/><text x="${M.left + 292}" y="25" font-size="14" fill="${colour.text}">Over the cap, hatched (${over})</text>`

  const defs = svg`<defs><pattern id="${id}-over" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="8" height="8" fill="${colour.red}"/><line x1="0" y1="0" x2="0" y2="8" stroke="${colour.white}" stroke-width="3"/></pattern></defs>`

  const summary = describe(input, measured.length, over, notMeasurable)
  const table: TextTable = {
    caption: `Groups by ${input.measure.toLowerCase()}, against a cap of ${capText(capPct)}`,
    head: [{ text: `${input.measure}` }, { text: 'At or under the cap', format: 'numeric' }, { text: 'Over the cap', format: 'numeric' }],
    rows: bands.map((b) => [{ text: bandText(b) }, { text: String(b.atOrUnder), format: 'numeric' as const }, { text: String(b.over), format: 'numeric' as const }]),
  }
  return {
    svg: pictureSvg({ id, title: `Groups by ${input.measure.toLowerCase()}, against a cap of ${capText(capPct)}`, description: summary, width: W, height: H, body: svg`${defs}${grid}${bars}${axes}${xTicks}${capLine}${legend}` }),
    summary,
    tables: [table],
  }
}

function describe(input: CapChartInput, measured: number, over: number, notMeasurable: number) {
  const groups = (n: number) => `${n} group${n === 1 ? '' : 's'}`
  const m = input.measure.toLowerCase()
  const cannot = notMeasurable ? ` ${groups(notMeasurable)} cannot be measured.` : ''
  if (!measured) return `A histogram of the groups by ${m}: no group can be measured.${cannot}`
  const values = input.groups.flatMap((g) => (g.value === null ? [] : [g.value * 100])).sort((a, b) => a - b)
  const median = values.length % 2 ? values[(values.length - 1) / 2] : (values[values.length / 2 - 1] + values[values.length / 2]) / 2
  return `A histogram of the ${groups(measured)} measured by ${m}, with the cap of ${capText(input.capPct)} drawn as a dashed line: `
    + `${over} ${over === 1 ? 'is' : 'are'} over the cap and ${measured - over} at or under it. `
    + `Margins run from ${marginText(values[0])} to ${marginText(values[values.length - 1])}, the median ${marginText(median)}.${cannot}`
}
