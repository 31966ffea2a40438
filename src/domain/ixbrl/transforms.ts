// The ixt transformation registry: how the text shown on the page becomes an XBRL value.
// Registries 1 to 5 are accepted alike. A registry renames rather than redefines, so a name is
// read by what it does, whichever version's namespace it comes under.
import type { QName } from './document.js'

export const IXT_NAMESPACES: ReadonlySet<string> = new Set([
  'http://www.xbrl.org/2008/inlineXBRL/transformation', // the pre-recommendation name of registry 1
  'http://www.xbrl.org/inlineXBRL/transformation/2010-04-20', // 1
  'http://www.xbrl.org/inlineXBRL/transformation/2011-07-31', // 2
  'http://www.xbrl.org/inlineXBRL/transformation/2015-02-26', // 3
  'http://www.xbrl.org/inlineXBRL/transformation/2020-02-12', // 4
  'http://www.xbrl.org/inlineXBRL/transformation/2022-02-16', // 5
])

const SPACES = ' \u00a0\u2009\u202f'
const DASHES = '-\u2010\u2011\u2012\u2013\u2014\u2015\u2212'

/** Digits with a decimal mark and grouping marks; the result is a plain xs:decimal, or undefined. */
const decimalWith = (mark: string, grouping: string) => (text: string): string | undefined => {
  let decimal = ''
  let digits = 0
  let marked = false
  for (const ch of text) {
    if (ch >= '0' && ch <= '9') { decimal += ch; digits++ }
    else if (ch === mark && !marked) { decimal += '.'; marked = true }
    else if (!grouping.includes(ch)) return undefined
  }
  return digits > 0 ? decimal : undefined
}

const dotDecimal = decimalWith('.', ',' + SPACES)
const commaDecimal = decimalWith(',', '.' + SPACES)
const onlyDashes = (text: string) => text.length > 0 && [...text].every(ch => DASHES.includes(ch))

/** A numeric transform gives an xs:decimal, null for "no value", or undefined when the text does not fit. */
type NumericTransform = (text: string) => string | null | undefined

const NUMERIC: Record<string, NumericTransform> = {
  'num-dot-decimal': dotDecimal, // 4, 5
  numdotdecimal: dotDecimal, // 2, 3
  numcommadot: dotDecimal, // 1
  numspacedot: dotDecimal, // 1
  'num-comma-decimal': commaDecimal, // 4, 5
  numcommadecimal: commaDecimal, // 2, 3
  numdotcomma: commaDecimal, // 1
  numspacecomma: commaDecimal, // 1
  numcomma: commaDecimal, // 1
  zerodash: text => onlyDashes(text) ? '0' : undefined, // 2, 3
  numdash: text => onlyDashes(text) ? '0' : undefined, // 1
  'fixed-zero': () => '0', // 4, 5: whatever is shown, the value is zero
  nocontent: () => null, // 2, 3: the content is not the value; a number has none
}

export type NumericReading = { decimal: string | null } | { problem: string }

/** Read the text of an ix:nonFraction under its format (none: the text must already be a decimal). */
export const readNumber = (format: QName | null, formatName: string | undefined, shown: string): NumericReading => {
  const text = shown.trim()
  if (!format) {
    const decimal = decimalWith('.', '')(text)
    return decimal === undefined ? { problem: `"${text}" is not a number and no format says how to read it` } : { decimal }
  }
  const transform = IXT_NAMESPACES.has(format.namespace) ? NUMERIC[format.local] : undefined
  if (!transform) return { problem: `unknown format ${formatName ?? format.local} (${format.namespace})` }
  const decimal = transform(text)
  return decimal === undefined
    ? { problem: `"${text}" does not fit the format ${formatName ?? format.local}` }
    : { decimal }
}

type DateOrder = 'dmy' | 'mdy' | 'ymd' | 'd-month-y' | 'month-d-y'

const DATES: Record<string, DateOrder> = {
  'date-day-month-year': 'dmy', datedaymonthyear: 'dmy', dateslasheu: 'dmy', datedoteu: 'dmy',
  'date-month-day-year': 'mdy', datemonthdayyear: 'mdy', dateslashus: 'mdy', datedotus: 'mdy',
  'date-year-month-day': 'ymd', dateyearmonthday: 'ymd',
  'date-day-monthname-year-en': 'd-month-y', datedaymonthyearen: 'd-month-y', datelonguk: 'd-month-y', dateshortuk: 'd-month-y',
  'date-monthname-day-year-en': 'month-d-y', datemonthdayyearen: 'month-d-y', datelongus: 'month-d-y', dateshortus: 'month-d-y',
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

/** Runs of digits and runs of letters; everything else separates them. */
const tokens = (text: string) => {
  const found: string[] = []
  let run = ''
  let kind: 'digit' | 'letter' | null = null
  for (const ch of text.toLowerCase()) {
    const k = ch >= '0' && ch <= '9' ? 'digit' : ch >= 'a' && ch <= 'z' ? 'letter' : null
    if (k !== kind && run) { found.push(run); run = '' }
    kind = k
    if (k) run += ch
  }
  if (run) found.push(run)
  return found
}

const isoDate = (year: string, month: number, day: string): string | undefined => {
  const y = year.length <= 2 ? 2000 + Number(year) : Number(year)
  const d = Number(day)
  if (!(month >= 1 && month <= 12) || !(d >= 1 && d <= new Date(Date.UTC(y, month, 0)).getUTCDate())) return undefined
  return `${String(y).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

/** Read a date shown under a date transform as YYYY-MM-DD; undefined when it is not a date transform or does not fit. */
export const readDate = (format: QName, shown: string): string | undefined => {
  const order = IXT_NAMESPACES.has(format.namespace) ? DATES[format.local] : undefined
  if (!order) return undefined
  const parts = tokens(shown)
  const numbers = parts.filter(p => p[0] >= '0' && p[0] <= '9')
  if (order === 'dmy' || order === 'mdy' || order === 'ymd') {
    if (numbers.length !== 3 || numbers.length !== parts.length) return undefined
    const [a, b, c] = numbers
    return order === 'dmy' ? isoDate(c, Number(b), a) : order === 'mdy' ? isoDate(c, Number(a), b) : isoDate(a, Number(b), c)
  }
  const month = parts.map(p => MONTHS.indexOf(p.slice(0, 3))).find(m => m >= 0)
  if (month === undefined || numbers.length !== 2) return undefined
  return isoDate(numbers[1], month + 1, numbers[0])
}
