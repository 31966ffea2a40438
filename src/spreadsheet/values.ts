// A cell's value as the JSON the contract takes, or why it cannot be: the reader's only judgement
// on a figure. Ranges, required fields, allowed values and patterns are the contract's to check,
// against the body, so a workbook and the same figures as JSON meet the same rules.
import type { CellValue } from './ooxml.js'
import type { Field } from './layout.js'

/** Why a cell's value cannot be its field's. */
export class Refused {
  constructor(readonly detail: string) {}
}

/** A value, or why not (a class, not a wrapper per value: reading converts thousands of cells). */
export type Converted = string | number | boolean | Refused

const ok = (value: string | number | boolean): Converted => value
const refuse = (detail: string): Converted => new Refused(detail)

/** Whether the cell holds nothing a return can use: no cell, or text that is only spaces. */
export const isBlank = (v: CellValue | undefined) => v === undefined || (v.type === 'text' && v.text.trim() === '')

const DAY_MS = 86_400_000
// days from 1970-01-01 to each system's serial 0 (1900's once Lotus 1-2-3's 29 February 1900 is set aside)
const EPOCH_1900 = -25_569 // 1899-12-30
const EPOCH_1904 = -24_107 // 1904-01-01
const MAX_DAYS = 2_958_465 // 9999-12-31 in the 1900 system

const two = (n: number) => (n < 10 ? `0${n}` : String(n))

/** Days since 1970-01-01 as YYYY-MM-DD (proleptic Gregorian; H. Hinnant's civil_from_days). */
function isoOfDays(days: number) {
  const z = days + 719_468
  const era = Math.floor(z / 146_097)
  const doe = z - era * 146_097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0)
  return `${year}-${two(month)}-${two(day)}`
}

/** A spreadsheet date serial as YYYY-MM-DD (the time of day, if any, is dropped). */
export function serialToIso(serial: number, date1904: boolean): string | undefined {
  // a day's serial plus a time of day can come back a hair under the whole day: round to the ms
  const days = Math.floor(Math.round(serial * DAY_MS) / DAY_MS)
  if (days > MAX_DAYS) return undefined
  if (date1904) return days < 0 ? undefined : isoOfDays(EPOCH_1904 + days)
  if (days < 1 || days === 60) return undefined // serial 60 is 29 February 1900, a day that never was
  return isoOfDays(EPOCH_1900 + (days < 60 ? days + 1 : days))
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

const quote = (text: string) => JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)

/** What the cell holds, in the filer's words, for a problem's detail. */
const holds = (v: CellValue) => {
  switch (v.type) {
    case 'text': return `the text ${quote(v.text.trim())}`
    case 'number': return v.date ? 'a date' : `the number ${v.n}`
    case 'boolean': return v.b ? 'TRUE' : 'FALSE'
    case 'date': return `the date ${v.iso}`
    case 'error': return `the error ${v.code}`
    case 'formula': return 'a formula'
  }
}

/** Whole pounds and whole counts: a fraction is refused, never rounded. */
const whole = (field: Field, n: number) => Number.isInteger(n)
  ? ok(n)
  : refuse(field.kind === 'money' ? `must be whole pounds, with no pence (the cell holds ${n})` : `must be a whole number (the cell holds ${n})`)

/** A percentage the cell shows as one (9.25%, stored as 0.0925) is the number shown: 9.25. */
const shownPercent = (n: number) => Number((n * 100).toPrecision(15))

export function convert(field: Field, v: CellValue, date1904: boolean): Converted {
  if (v.type === 'error') return refuse(`holds the error ${v.code}: enter the figure itself`)
  if (v.type === 'formula') return refuse('holds a formula saved without its result: open the workbook in a spreadsheet application and save it again, or enter the value itself')
  switch (field.kind) {
    case 'text':
      if (v.type === 'text') return ok(v.text.trim())
      // a code typed as a number (a company number, a URN) is its digits; a date is not a code
      if (v.type === 'number' && !v.date) return ok(String(v.n))
      return refuse(`must be text, not ${holds(v)}${v.type === 'number' ? ': format the cell as Text and type it again' : ''}`)
    case 'enum': {
      if (v.type !== 'text') return refuse(`must be one of: ${field.allowed!.join(', ')} (the cell holds ${holds(v)})`)
      const text = v.text.trim()
      // letter case is forgiven; anything else is left for the contract to refuse with the list
      return ok(field.allowed!.find((a) => a.toLowerCase() === text.toLowerCase()) ?? text)
    }
    case 'boolean':
      if (v.type === 'boolean') return ok(v.b)
      if (v.type === 'text') {
        const text = v.text.trim().toUpperCase()
        if (text === 'TRUE' || text === 'FALSE') return ok(text === 'TRUE')
      }
      return refuse(`must be TRUE or FALSE (the cell holds ${holds(v)})`)
    case 'date': {
      if (v.type === 'number' && v.date) {
        const iso = serialToIso(v.n, date1904)
        return iso ? ok(iso) : refuse(`must be a date after 1900 (the cell holds the date serial ${v.n})`)
      }
      if (v.type === 'date' && ISO_DATE.test(v.iso.slice(0, 10))) return ok(v.iso.slice(0, 10))
      if (v.type === 'text' && ISO_DATE.test(v.text.trim())) return ok(v.text.trim())
      return refuse(`must be a date: a spreadsheet date, or text as YYYY-MM-DD (the cell holds ${holds(v)})`)
    }
    case 'money':
    case 'count':
    case 'percent':
    case 'number': {
      if (v.type !== 'number') {
        const unit = field.kind === 'money' ? 'a number in whole pounds' : field.kind === 'count' ? 'a whole number' : 'a number'
        return refuse(`must be ${unit}, not ${holds(v)}`)
      }
      if (field.kind === 'percent') return ok(v.percent ? shownPercent(v.n) : v.n)
      if (field.kind === 'number') return ok(v.n)
      return whole(field, v.n)
    }
  }
}
