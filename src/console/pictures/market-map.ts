// The market map: one hexagon per council with children's services, keyed by GSS code, laid out
// as councils.hexjson places them (see PROVENANCE.md), shaded by the share of the council's
// looked-after children placed with red- or amber-rated groups. Darker is a larger share; the
// legend names each band, councils with no figure are hatched, and the table beside the map gives
// every council's share and band in words.
import { readFileSync } from 'node:fs'
import { colour, percent, pictureSvg, svg, type Picture } from './svg.js'

export interface HexLayout {
  layout: 'odd-r'
  /** GSS code → name, column `q`, row `r` (row 0 is the south coast; rows grow northwards) */
  hexes: Record<string, { n: string; q: number; r: number }>
}

let cached: HexLayout | undefined
/** The committed layout of the 153 councils. */
export function councilHexes(): HexLayout {
  cached ??= JSON.parse(readFileSync(new URL('./councils.hexjson', import.meta.url), 'utf8')) as HexLayout
  return cached
}

export interface MarketMapInput {
  /** the SVG's id, unique on the page */
  id: string
  /** GSS code → share (0 to 1) of the council's looked-after children placed with red- or amber-rated groups; null or absent: no figure */
  shares: Record<string, number | null>
  /** GSS code → name, where it differs from the layout's */
  names?: Record<string, string>
}

/** The bands, lightest first: each a share range, a fill, and its words. */
export const BANDS = [
  { label: 'None', test: (s: number) => s === 0, fill: '#f3f3f3' }, // black tint-95
  { label: 'Under 10%', test: (s: number) => s > 0 && s < 0.1, fill: '#fde4d7' }, // orange tint-80
  { label: '10% to under 25%', test: (s: number) => s >= 0.1 && s < 0.25, fill: '#f7996a' }, // orange tint-25
  { label: '25% to under 50%', test: (s: number) => s >= 0.25 && s < 0.5, fill: '#ca3535' }, // red
  { label: '50% or more', test: (s: number) => s >= 0.5, fill: '#651b1b' }, // red shade-50
] as const
export const NO_FIGURE = 'No figure'

export const bandOf = (share: number | null | undefined) =>
  share === null || share === undefined || !Number.isFinite(share) ? undefined : BANDS.find((b) => b.test(share))

const SIZE = 16 // hexagon radius
const ROOT3 = Math.sqrt(3)

export function marketMap(input: MarketMapInput, layout: HexLayout = councilHexes()): Picture {
  const id = input.id
  const entries = Object.entries(layout.hexes)
  const maxR = Math.max(...entries.map(([, h]) => h.r))
  const pad = SIZE + 4
  const centre = (q: number, r: number) => ({
    x: pad + SIZE * ROOT3 * (q + (r % 2 === 1 ? 0.5 : 0)),
    y: pad + SIZE * 1.5 * (maxR - r),
  })
  const corners = (cx: number, cy: number) =>
    [30, 90, 150, 210, 270, 330].map((deg) => {
      const a = (deg * Math.PI) / 180
      return `${(cx + SIZE * Math.cos(a)).toFixed(1)},${(cy + SIZE * Math.sin(a)).toFixed(1)}`
    }).join(' ')

  const councils = entries.map(([laCode, h]) => {
    const share = input.shares[laCode]
    return { laCode, name: input.names?.[laCode] ?? h.n, share: share ?? null, band: bandOf(share), ...centre(h.q, h.r) }
  })
  const mapWidth = Math.max(...councils.map((c) => c.x)) + pad
  const mapHeight = Math.max(...councils.map((c) => c.y)) + pad

  const hexes = councils.map((c) => {
    const words = c.band ? `${percent(c.share!)} of looked-after children with red- or amber-rated groups` : 'no figure'
    return svg`<polygon points="${corners(c.x, c.y)}" fill="${c.band ? c.band.fill : `url(#${id}-no-figure)`}" stroke="${colour.secondaryText}" stroke-width="1"><title>${c.name}: ${words}</title></polygon>`
  })

  // The legend, beside the map: each band's swatch, its words and how many councils fall in it.
  const lx = mapWidth + 24
  const counts = BANDS.map((b) => councils.filter((c) => c.band === b).length)
  const noFigure = councils.filter((c) => !c.band).length
  const legendRows = [...BANDS.map((b, i) => ({ fill: b.fill, label: `${b.label} (${counts[i]})` })), { fill: `url(#${id}-no-figure)`, label: `${NO_FIGURE} (${noFigure})` }]
  const legend = svg`<text x="${lx}" y="${pad + 4}" font-size="16" font-weight="700" fill="${colour.text}">Share of looked-after</text><text x="${lx}" y="${pad + 24}" font-size="16" font-weight="700" fill="${colour.text}">children with red- or</text><text x="${lx}" y="${pad + 44}" font-size="16" font-weight="700" fill="${colour.text}">amber-rated groups</text>${legendRows.map((row, i) => svg`<rect x="${lx}" y="${pad + 62 + i * 30}" width="28" height="20" fill="${row.fill}" stroke="${colour.secondaryText}" stroke-width="1"/><text x="${lx + 38}" y="${pad + 77 + i * 30}" font-size="16" fill="${colour.text}">${row.label}</text>`)}`
  const width = lx + 230
  const height = Math.max(mapHeight, pad + 62 + legendRows.length * 30 + 10)

  const defs = svg`<defs><pattern id="${id}-no-figure" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="${colour.white}"/><line x1="0" y1="0" x2="0" y2="6" stroke="${colour.secondaryText}" stroke-width="2"/></pattern></defs>`

  const known = councils.filter((c) => c.band)
  const atLeastHalf = counts[BANDS.length - 1]
  const quarterToHalf = counts[BANDS.length - 2]
  const worst = [...known].sort((a, b) => b.share! - a.share!)[0]
  const summary = `A hex map of the ${councils.length} councils with children’s services in England, one hexagon each, shaded by the share of the council’s looked-after children placed with red- or amber-rated groups. `
    + `${atLeastHalf} council${atLeastHalf === 1 ? ' has' : 's have'} half or more of them with such groups, ${quarterToHalf} between a quarter and a half`
    + (worst && worst.share! > 0 ? `; the largest share is ${worst.name}’s, ${percent(worst.share!)}` : '')
    + `. ${noFigure} council${noFigure === 1 ? ' has' : 's have'} no figure.`

  const rows = [...councils].sort((a, b) => (b.share ?? -1) - (a.share ?? -1) || a.name.localeCompare(b.name))
  return {
    svg: pictureSvg({ id, title: 'Councils’ looked-after children placed with red- or amber-rated groups', description: summary, width, height, body: svg`${defs}<g>${hexes}</g>${legend}` }),
    summary,
    tables: [{
      caption: 'Each council’s share of looked-after children placed with red- or amber-rated groups',
      head: [{ text: 'Council' }, { text: 'GSS code' }, { text: 'Share', format: 'numeric' }, { text: 'Band' }],
      rows: rows.map((c) => [
        { text: c.name }, { text: c.laCode },
        { text: c.band ? percent(c.share!) : NO_FIGURE, format: 'numeric' as const },
        { text: c.band ? c.band.label : NO_FIGURE },
      ]),
    }],
  }
}
