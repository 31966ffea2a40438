// What every picture shares: SVG text built with every value escaped, the GOV.UK palette, WCAG
// contrast, and the text alternative each picture comes with. Pure: no DOM, no Fastify.

/** A table a page renders (with govukTable) beside the picture, saying what the picture shows. */
export interface TextTable {
  caption: string
  head: Array<{ text: string; format?: 'numeric' }>
  rows: Array<Array<{ text: string; format?: 'numeric' }>>
}

/** A picture: its SVG, and what it shows in words (a summary and one or more tables). */
export interface Picture {
  svg: string
  summary: string
  tables: TextTable[]
}

// ---- markup ----------------------------------------------------------------------------------

/** Markup that is already safe (built by `svg`); anything else interpolated is escaped. */
export class Markup {
  constructor(readonly text: string) {}
  toString() { return this.text }
}

// Characters XML does not allow at all, whatever the escaping.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Text for an SVG element or attribute: provider-supplied names arrive here. */
export const escapeXml = (value: string) => value.replace(NOT_XML, '').replace(/[&<>"']/g, (c) => ENTITIES[c])

/** A coordinate: one decimal place is enough on screen. */
export const num = (n: number) => (Math.round(n * 10) / 10).toString()

function part(value: unknown): string {
  if (value instanceof Markup) return value.text
  if (Array.isArray(value)) return value.map(part).join('')
  if (value === undefined || value === null || value === false) return ''
  if (typeof value === 'number') return num(value)
  return escapeXml(String(value))
}

/** SVG markup from a template: numbers rounded, strings escaped, nested markup kept. */
export function svg(strings: TemplateStringsArray, ...values: unknown[]): Markup {
  let out = strings[0]
  for (let i = 0; i < values.length; i++) out += part(values[i]) + strings[i + 1]
  return new Markup(out)
}

const ID = /^[A-Za-z][\w-]{0,63}$/

/** The outer element: an image named by its title and described by its description. */
export function pictureSvg(o: { id: string; title: string; description: string; width: number; height: number; body: Markup }): string {
  if (!ID.test(o.id)) throw new Error(`picture id ${JSON.stringify(o.id)} must be a letter then letters, digits, - or _`)
  return svg`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${Math.ceil(o.width)} ${Math.ceil(o.height)}" width="${Math.ceil(o.width)}" height="${Math.ceil(o.height)}" role="img" aria-labelledby="${o.id}-title ${o.id}-desc" id="${o.id}" font-family="GDS Transport, arial, sans-serif" class="app-picture__svg"><title id="${o.id}-title">${o.title}</title><desc id="${o.id}-desc">${o.description}</desc>${o.body}</svg>`.text
}

// ---- text size -------------------------------------------------------------------------------

/** Roughly how wide a line of text is (GDS Transport and Arial average a little over half an em). */
export const textWidth = (text: string, size: number, bold = false) => text.length * size * (bold ? 0.6 : 0.55)

/** Words into lines of at most `max` characters; at most `lines` of them, the last cut with an ellipsis. */
export function wrap(text: string, max: number, lines: number): string[] {
  const words = text.trim().split(/\s+/).filter(Boolean)
  const out: string[] = []
  let line = ''
  for (const word of words) {
    const w = word.length > max ? `${word.slice(0, max - 1)}…` : word
    if (!line) line = w
    else if (line.length + 1 + w.length <= max) line += ` ${w}`
    else { out.push(line); line = w }
  }
  if (line) out.push(line)
  if (out.length <= lines) return out
  const kept = out.slice(0, lines)
  const last = kept[lines - 1]
  kept[lines - 1] = last.length >= max ? `${last.slice(0, max - 1)}…` : `${last}…`
  return kept
}

// ---- colour ----------------------------------------------------------------------------------

/** GOV.UK Frontend 6's palette, the shades the pictures use. */
export const colour = {
  text: '#0b0c0c',
  secondaryText: '#484949', // black tint-25
  white: '#ffffff',
  grid: '#cecece', // black tint-80: decoration only
  blue: '#1d70b8',
  lightPurple: '#ddd6ec', // purple tint-80
  purple: '#54319f',
  red: '#982828', // red shade-25: a line on white, over 7:1
  amber: '#b7592a', // orange shade-25: a line on white, over 3:1
  noFigure: '#f3f3f3', // black tint-95
} as const

const channel = (c: number) => {
  const s = c / 255
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
}

/** WCAG 2 relative luminance of `#rrggbb`. */
export function luminance(hex: string) {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex)
  if (!m) throw new Error(`not a colour: ${hex}`)
  const [r, g, b] = m.slice(1).map((h) => channel(parseInt(h, 16)))
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

/** WCAG 2 contrast ratio between two colours (1 to 21). */
export function contrast(a: string, b: string) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi + 0.05) / (lo + 0.05)
}

/** Black or white, whichever reads better on `fill`. */
export const textOn = (fill: string) => (contrast(fill, colour.text) >= contrast(fill, colour.white) ? colour.text : colour.white)

// ---- numbers in words ------------------------------------------------------------------------

export const percent = (fraction: number, digits = 1) => `${(fraction * 100).toFixed(digits)}%`
