// Ofsted's register of children's social care settings, read row by row from the CSV Ofsted
// publishes (its provider-level data and management information: one row per setting, headers in
// the first row). Pure: the command hands over each row's cells as the CSV library split them.
//
// What real files hold, and how it is read:
// - Columns are found by header, case and spacing ignored; other columns (web link, address,
//   region, sector, owner, the other judgements…) and unnamed empty ones are ignored. Where
//   Ofsted's files name a column differently, the other name is taken too: "Latest full inspection
//   date" (the files "at 31 March/August") and "Name".
// - URNs are "SC" and six digits for older registrations, seven digits for newer ones.
// - Names and addresses of children's homes are published as "REDACTED": kept as written.
// - The judgement cell is empty, "Not yet inspected", or "Not provided as service is inspected as
//   part of the ILACS inspection" for a setting with no judgement of its own; "Adequate" (and
//   "Satisfactory") are grade 3 of the frameworks before 2015, Ofsted's own grade of "Requires
//   improvement to be good", and read as it.
// - Dates are DD/MM/YYYY; blank rows (trailing ones especially) are skipped but still counted, so a
//   row number is the row a spreadsheet shows.
import { isKeepableText } from './text.js'
import { normaliseUrn, type Judgement } from './quality.js'

/** One setting as the register gives it. */
export interface OfstedSetting {
  urn: string
  /** the row of the file it came from (the header is row 1) */
  row: number
  provisionType: string | null
  name: string | null
  registrationStatus: string
  places: number | null
  localAuthority: string | null
  judgement: Judgement | null
  /** ISO date */
  inspectionDate: string | null
}

export type OfstedField = Exclude<keyof OfstedSetting, 'row'>

interface ColumnSpec { field: OfstedField; header: string; aliases?: string[]; required: boolean }

/**
 * The columns read, by the header API.md names. Required: what the QUA rules cannot do without
 * (which setting, whether it is registered, its judgement). The rest are kept when present and
 * null when the file lacks them: the metrics weigh settings by the return's own places.
 */
export const OFSTED_COLUMNS: readonly ColumnSpec[] = [
  { field: 'urn', header: 'URN', required: true },
  { field: 'provisionType', header: 'Provision type', required: false },
  { field: 'name', header: 'Setting name', aliases: ['Name'], required: false },
  { field: 'registrationStatus', header: 'Registration status', required: true },
  { field: 'places', header: 'Places', required: false },
  { field: 'localAuthority', header: 'Local authority', required: false },
  { field: 'judgement', header: 'Overall experiences and progress of children and young people', required: true },
  { field: 'inspectionDate', header: 'Inspection date', aliases: ['Latest full inspection date'], required: false },
]

/** Headers compare without case or any whitespace (non-breaking spaces included). */
const headerKey = (text: string) => text.replace(/[\s\u00a0\ufeff]+/g, '').toLowerCase()

/** A cell without surrounding whitespace (trim takes non-breaking spaces too). */
const cellText = (cell: string | undefined) => (cell === undefined ? '' : cell.trim())

function isBlank(cells: readonly string[]) {
  for (let i = 0; i < cells.length; i++) if (cells[i].trim() !== '') return false
  return true
}

/** Where each field's column is (0-based), by the header row; or what is missing. */
export type ColumnMap = Partial<Record<OfstedField, number>>

export interface RegisterProblem {
  row: number
  /** the column's position (1-based), when the problem is one cell's */
  column?: number
  detail: string
}

/** RFC 7111 fragment identifiers: where in the text/csv body a problem is. */
export const problemPointer = (p: RegisterProblem) => (p.column === undefined ? `#row=${p.row}` : `#cell=${p.row},${p.column}`)

export function readHeader(cells: readonly string[]): { columns: ColumnMap; problems: RegisterProblem[] } {
  const at = new Map<string, number>()
  cells.forEach((cell, i) => {
    const key = headerKey(cell)
    if (key !== '' && !at.has(key)) at.set(key, i)
  })
  const columns: ColumnMap = {}
  const missing: string[] = []
  for (const spec of OFSTED_COLUMNS) {
    const found = [spec.header, ...(spec.aliases ?? [])].map(h => at.get(headerKey(h))).find(i => i !== undefined)
    if (found !== undefined) columns[spec.field] = found
    else if (spec.required) missing.push(spec.header)
  }
  return {
    columns,
    problems: missing.map(header => ({ row: 1, detail: `the column "${header}" is missing (the first row must name the columns)` })),
  }
}

// Judgements as written, compared in lower case with spacing collapsed.
const JUDGEMENT_TEXT = new Map<string, Judgement | null>([
  ['outstanding', 'outstanding'],
  ['good', 'good'],
  ['requires improvement to be good', 'requires_improvement'],
  ['requires improvement', 'requires_improvement'],
  ['adequate', 'requires_improvement'],
  ['satisfactory', 'requires_improvement'],
  ['inadequate', 'inadequate'],
  ['', null],
  ['not yet inspected', null],
  ['not judged', null],
  ['not applicable', null],
  ['n/a', null],
  ['none', null],
  ['not provided as service is inspected as part of the ilacs inspection', null],
])

/** The judgement a cell states: a judgement, null for none, or undefined when it is not one Ofsted uses. */
export const readJudgement = (text: string): Judgement | null | undefined => {
  const lower = text.toLowerCase()
  if (JUDGEMENT_TEXT.has(lower)) return JUDGEMENT_TEXT.get(lower)
  const key = lower.replace(/\s+/g, ' ').trim()
  return JUDGEMENT_TEXT.has(key) ? JUDGEMENT_TEXT.get(key) : undefined
}

/** Ofsted's URNs: up to two letters (SC), then 5 to 8 digits. */
const URN = /^[A-Z]{0,2}[0-9]{5,8}$/

const DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/

/** DD/MM/YYYY (as Ofsted writes it, leading zeros optional) as an ISO date; undefined if it is not a day. */
export const readOfstedDate = (text: string): string | undefined => {
  const m = DATE.exec(text)
  if (!m) return undefined
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (year < 1900 || month < 1 || month > 12 || day < 1) return undefined
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate()
  if (day > daysInMonth) return undefined
  return `${m[3]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** More places than any setting could register. */
const PLACES_MAX = 100_000

const quote = (text: string) => JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text)

/**
 * Reads the register row by row: the header, then each setting, collecting every problem (each
 * with its row). Counts problems past the first `listed` without keeping them.
 */
export class RegisterReader {
  readonly settings: OfstedSetting[] = []
  readonly problems: RegisterProblem[] = []
  problemCount = 0
  private columns: ColumnMap | undefined
  private readonly rowOfUrn = new Map<string, number>()
  private readonly dates = new Map<string, string>()
  private rows = 0

  /** The number of the last row read (blank rows count). */
  get rowsRead() { return this.rows }

  constructor(private readonly listed = 100) {}

  /** Whether the header was read and names every required column. */
  get headerRead() { return this.columns !== undefined }

  private problem(p: RegisterProblem) {
    this.problemCount++
    if (this.problems.length < this.listed) this.problems.push(p)
  }

  /**
   * The next row of the file, numbered as in the file (by default, the one after the last: give the
   * number when blank lines were skipped before it); false when the header lacks a required column
   * (read no further).
   */
  row(cells: readonly string[], row = this.rows + 1): boolean {
    this.rows = row
    if (this.columns === undefined) {
      if (row > 1 || isBlank(cells)) {
        this.problem({ row: 1, detail: 'the first row is empty: it must name the columns' })
        return false
      }
      const header = readHeader(cells)
      if (header.problems.length > 0) {
        header.problems.forEach(p => this.problem(p))
        return false
      }
      this.columns = header.columns
      return true
    }
    if (isBlank(cells)) return true
    this.setting(cells, row, this.columns)
    return true
  }

  private cellProblem(row: number, field: OfstedField, detail: string) {
    const spec = OFSTED_COLUMNS.find(c => c.field === field)!
    this.problem({ row, column: this.columns![field]! + 1, detail: `row ${row}, ${spec.header}: ${detail}` })
  }

  // Every row of a file passes here: no closure or temporary object per row (30,000 rows a load).
  private setting(cells: readonly string[], row: number, c: ColumnMap) {
    const before = this.problemCount
    // each kept cell, trimmed; '' when the file has no such column (or the row stops short)
    const urnText = this.kept(cells, row, 'urn', c.urn)
    const provisionType = this.kept(cells, row, 'provisionType', c.provisionType)
    const name = this.kept(cells, row, 'name', c.name)
    const registrationStatus = this.kept(cells, row, 'registrationStatus', c.registrationStatus)
    const placesText = this.kept(cells, row, 'places', c.places)
    const localAuthority = this.kept(cells, row, 'localAuthority', c.localAuthority)
    const judgementText = this.kept(cells, row, 'judgement', c.judgement)
    const dateText = this.kept(cells, row, 'inspectionDate', c.inspectionDate)

    const urn = normaliseUrn(urnText)
    if (urn === '') this.cellProblem(row, 'urn', 'is empty')
    else if (!URN.test(urn)) this.cellProblem(row, 'urn', `${quote(urnText)} is not an Ofsted URN (such as SC123456 or 2500123)`)
    else if (this.rowOfUrn.has(urn)) this.cellProblem(row, 'urn', `${urn} is already at row ${this.rowOfUrn.get(urn)}`)
    else this.rowOfUrn.set(urn, row)

    if (registrationStatus === '') this.cellProblem(row, 'registrationStatus', 'is empty')

    let places: number | null = null
    if (placesText !== '') {
      if (/^[0-9]+$/.test(placesText) && Number(placesText) <= PLACES_MAX) places = Number(placesText)
      else this.cellProblem(row, 'places', `${quote(placesText)} is not a whole number of places`)
    }

    const judgement = readJudgement(judgementText)
    if (judgement === undefined) {
      this.cellProblem(row, 'judgement', `${quote(judgementText)} is not a judgement (Outstanding, Good, Requires improvement to be good `
        + 'or Inadequate; or none, such as Not yet inspected)')
    }

    let inspectionDate: string | null | undefined = null
    if (dateText !== '') {
      // a register has a few hundred distinct dates over thousands of rows
      inspectionDate = this.dates.get(dateText)
      if (inspectionDate === undefined) {
        inspectionDate = readOfstedDate(dateText)
        if (inspectionDate !== undefined) this.dates.set(dateText, inspectionDate)
        else {
          this.cellProblem(row, 'inspectionDate', DATE.test(dateText) ? `${quote(dateText)} is not a day of the calendar`
            : `${quote(dateText)} is not a date written DD/MM/YYYY`)
        }
      }
    }

    if (this.problemCount > before) return
    this.settings.push({
      urn, row, provisionType: provisionType || null, name: name || null, registrationStatus, places,
      localAuthority: localAuthority || null, judgement: judgement ?? null, inspectionDate: inspectionDate ?? null,
    })
  }

  /** A cell's text as kept: trimmed, '' when absent; text the database cannot keep is a problem. */
  private kept(cells: readonly string[], row: number, field: OfstedField, i: number | undefined) {
    if (i === undefined) return ''
    const value = cellText(cells[i])
    if (isKeepableText(value)) return value
    this.cellProblem(row, field, 'contains a NUL character')
    return ''
  }

  /** Problems that only the whole file shows (no settings at all); call after the last row. */
  finish() {
    if (this.columns !== undefined && this.problemCount === 0 && this.settings.length === 0) {
      this.problem({ row: 2, detail: 'the file lists no settings: a register with none would make every setting unregistered' })
    }
    if (this.columns === undefined && this.rows === 0) {
      this.problem({ row: 1, detail: 'the file is empty: the first row must name the columns' })
    }
  }

  /** Settings by judgement: the load's counts. */
  byJudgement() {
    const counts = { outstanding: 0, good: 0, requiresImprovement: 0, inadequate: 0, none: 0 }
    for (const s of this.settings) {
      if (s.judgement === 'requires_improvement') counts.requiresImprovement++
      else if (s.judgement === null) counts.none++
      else counts[s.judgement]++
    }
    return counts
  }
}

export type ByJudgement = ReturnType<RegisterReader['byJudgement']>
