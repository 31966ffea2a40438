// A filled-in template, read back into the JSON return the API takes (CONSOLE.md, "The spreadsheet
// template"), with the cell every part of it came from.
//
// What is read, and what is refused:
// - The upload must be an .xlsx workbook (a zip of SpreadsheetML parts) with a `Return` sheet and
//   every table sheet of a required part; `Services` and `Related parties` may be left out. Sheet
//   names are matched ignoring letter case, spaces and underscores; other sheets (a `Guide`, the
//   filer's own workings) are not read at all.
// - Nothing typed into a sheet of the template is silently dropped: a column whose row-1 name is
//   not a field, a value under a column with no name, or anything right of column B on `Return`,
//   is a problem naming its cell.
// - One item a row; a row with nothing in it is skipped. An empty cell is an absent field.
// - Formulas give their saved result; a formula saved without one is a problem. Error values
//   (#DIV/0!) are problems. Shared strings and rich text are their plain text; text is trimmed.
// - Each cell's value is converted by its field's kind (values.ts); whether the figures then make
//   a valid return is the contract's and the domain's to say, through `withCells`.
// - The archive and its sheets are bounded before and while they are read (zip.ts, ooxml.ts).
import {
  FACILITY_COLUMN, RETURN_FIELDS, SHEET, TABLE_SHEETS, tableSheet, type Field, type TableSheet,
} from './layout.js'
import {
  NotAWorkbook, SheetTooLarge, cellStyles, readSheet, sharedStrings, workbookIndex,
  type Cell, type CellValue, type Row, type SheetInfo,
} from './ooxml.js'
import { ZIP_LIMITS, ZipArchive, ZipRefused, type ZipLimits } from './zip.js'
import { XmlRefused } from './xml.js'
import { Refused, convert, isBlank } from './values.js'
import { cellRef, type CellOf } from './cells.js'

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** One thing wrong with the upload: where in the return (`pointer`) and where in the workbook (`cell`). */
export interface WorkbookProblem {
  pointer: string
  /** absent when the problem is with the upload as a whole (not a workbook at all), so no cell can be named */
  cell?: string
  detail: string
}

/** The return as the API takes it: not yet validated against the contract. */
export type ReturnDocument = Record<string, unknown>

export type WorkbookRead =
  | { ok: true; body: ReturnDocument; cellOf: CellOf }
  | { ok: false; problems: WorkbookProblem[] }

export interface ReadLimits extends ZipLimits {
  /** row elements read across the template's sheets, empty ones included */
  maxRows: number
  /** cell elements read across the template's sheets, empty ones included */
  maxCells: number
}

// The largest return the contract takes, with room for a thousand blank or formatted rows a sheet.
const SLACK_ROWS = 1000
export const READ_LIMITS: ReadLimits = {
  ...ZIP_LIMITS,
  maxRows: RETURN_FIELDS.length + TABLE_SHEETS.reduce((n, t) => n + t.maxItems + SLACK_ROWS, 0),
  maxCells: 2 * RETURN_FIELDS.length + TABLE_SHEETS.reduce((n, t) => n + (t.maxItems + SLACK_ROWS) * (t.fields.length + 2), 0),
}

/** More problems than anyone would read in one go are cut here; the rest come on the next upload. */
const MAX_PROBLEMS = 200

// Legacy .xls workbooks, and .xlsx workbooks saved with a password, are OLE compound files.
const COMPOUND_FILE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])

const normalise = (name: string) => name.toLowerCase().replace(/[\s_-]+/g, '')

const escapeToken = (token: string) => token.replace(/~/g, '~0').replace(/\//g, '~1')
const unescapeToken = (token: string) => token.replace(/~1/g, '/').replace(/~0/g, '~')
const pointerOf = (...tokens: (string | number)[]) => tokens.map((t) => `/${escapeToken(String(t))}`).join('')

/** Sets `value` at `path` below `target`, making the objects on the way. */
const setPath = (target: Record<string, unknown>, path: readonly string[], value: unknown) => {
  if (path.length === 1) {
    target[path[0]] = value
    return
  }
  let o = target
  for (let i = 0; i < path.length - 1; i++) o = (o[path[i]] ??= {}) as Record<string, unknown>
  o[path[path.length - 1]] = value
}

/** Where a table sheet's items are, for `cellOf`. */
interface PlacedTable {
  sheet: string
  table: TableSheet
  /** field name (lower case) → column */
  columns: Map<string, number>
  /** the first column right of the named ones: where a missing column would go */
  nextColumn: number
  /** item index → sheet row */
  rows: number[]
}

class Reading {
  readonly problems: WorkbookProblem[] = []
  private dropped = 0

  constructor(readonly date1904: boolean) {}

  problem(pointer: string, cell: string | undefined, detail: string) {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(cell === undefined ? { pointer, detail } : { pointer, cell, detail })
    else this.dropped++
  }

  finish() {
    if (this.dropped) this.problems.push({ pointer: '', detail: `${this.dropped} more problems are not listed: correct those above and upload the workbook again` })
    return this.problems
  }

  /**
   * Converts one cell; a value that cannot be is a problem at its cell and leaves the field
   * absent. Where it is (`at`) is only worked out for a problem: most cells have none.
   */
  value(field: Field, value: CellValue, at: () => [pointer: string, cell: string]): { ok: boolean; value?: unknown } {
    const converted = convert(field, value, this.date1904)
    if (!(converted instanceof Refused)) return { ok: true, value: converted }
    const [pointer, cell] = at()
    this.problem(pointer, cell, `${field.name} ${converted.detail}`)
    return { ok: false }
  }
}

const cellsByColumn = (row: Row) => {
  const byColumn = new Map<number, CellValue>()
  for (const c of row.cells) byColumn.set(c.col, c.value)
  return byColumn
}

/** The Return sheet: field names down column A, values in column B. */
const RETURN_FIELDS_BY_NAME = new Map(RETURN_FIELDS.map((f) => [f.name.toLowerCase(), f]))

function readReturnSheet(reading: Reading, sheet: string, rows: Row[], body: Record<string, unknown>) {
  const byName = RETURN_FIELDS_BY_NAME
  const placed = new Map<string, number>()
  let lastRow = 1
  for (const row of rows) {
    lastRow = Math.max(lastRow, row.row)
    const cells = cellsByColumn(row)
    const name = cells.get(1)
    const value = cells.get(2)
    for (const c of row.cells) {
      if (c.col > 2 && !isBlank(c.value)) reading.problem('', cellRef(sheet, c.col, row.row), `only columns A (field) and B (value) of ${sheet} are read: move this elsewhere or clear it`)
    }
    if (isBlank(name)) {
      if (!isBlank(value)) reading.problem('', cellRef(sheet, 2, row.row), 'a value with no field name in column A')
      continue
    }
    const text = name!.type === 'text' ? name!.text.trim() : undefined
    if (row.row === 1 && text?.toLowerCase() === 'field') continue // the header
    const field = text === undefined ? undefined : byName.get(text.toLowerCase())
    if (!field) {
      reading.problem('', cellRef(sheet, 1, row.row), `${text === undefined ? 'this' : JSON.stringify(text)} is not a field of the return; the fields are listed on the template's ${sheet} sheet`)
      continue
    }
    if (placed.has(field.name)) {
      reading.problem(pointerOf(...field.path), cellRef(sheet, 1, row.row), `${field.name} is given twice (first in row ${placed.get(field.name)})`)
      continue
    }
    placed.set(field.name, row.row)
    if (isBlank(value)) continue
    const v = reading.value(field, value!, () => [pointerOf(...field.path), cellRef(sheet, 2, row.row)])
    if (v.ok) setPath(body, field.path, v.value)
  }
  return { placed, lastRow }
}

/** Row 1 of a table sheet: which column holds which field. */
const FIELDS_BY_NAME = new Map(TABLE_SHEETS.map((t) => [t, new Map(t.fields.map((f) => [f.name.toLowerCase(), f]))]))

function readHeader(reading: Reading, table: TableSheet, sheet: string, rows: Row[]) {
  const byName = FIELDS_BY_NAME.get(table)!
  const columns = new Map<number, Field>()
  const named = new Map<string, number>()
  // columns whose name is refused here: what is under them is not said again
  const refused = new Set<number>()
  let lastColumn = 0
  const header = rows[0]?.row === 1 ? rows[0] : undefined
  for (const c of header?.cells ?? []) {
    if (isBlank(c.value)) continue
    lastColumn = Math.max(lastColumn, c.col)
    const at = () => cellRef(sheet, c.col, 1)
    const text = c.value.type === 'text' ? c.value.text.trim() : undefined
    const field = text === undefined ? undefined : byName.get(text.toLowerCase())
    if (!field) {
      refused.add(c.col)
      reading.problem('', at(), `${text === undefined ? 'row 1 holds field names, and this' : JSON.stringify(text)} is not a field of ${sheet}; its fields are ${table.fields.map((f) => f.name).join(', ')}`)
    } else if (named.has(field.name.toLowerCase())) {
      refused.add(c.col)
      reading.problem('', at(), `${field.name} is named twice in row 1`)
    } else {
      columns.set(c.col, field)
      named.set(field.name.toLowerCase(), c.col)
    }
  }
  return { columns, named, refused, lastColumn, dataRows: header ? rows.slice(1) : rows }
}

/**
 * A table row's filled cells, by the ordinal of their field in the table; undefined when the row
 * is blank. A value in a column with no field name is a problem, said once a column (a wrong name
 * is already said in row 1).
 */
function rowCells(reading: Reading, h: Header, row: Row) {
  let found: (Cell | undefined)[] | undefined
  for (const c of row.cells) {
    if (isBlank(c.value)) continue
    const ordinal = h.ordinals.get(c.col)
    if (ordinal !== undefined) {
      (found ??= new Array<Cell | undefined>(h.table.fields.length))[ordinal] = c
    } else if (!h.reported.has(c.col)) {
      h.reported.add(c.col)
      reading.problem('', cellRef(h.sheet, c.col, row.row), `a value in a column with no field name in row 1 of ${h.sheet}`)
    }
  }
  return found
}

/**
 * An item from a row's cells, in the contract's field order (those from `from` on): the item at
 * `index` of the table's part (or, for a covenant, `covenant` of facility `index`).
 */
function itemOf(reading: Reading, h: Header, row: Row, found: (Cell | undefined)[], index: number, covenant = -1, from = 0) {
  const { table } = h
  const item: Record<string, unknown> = {}
  for (const path of table.objects) setPath(item, path, {})
  for (let ordinal = from; ordinal < table.fields.length; ordinal++) {
    const c = found[ordinal]
    if (!c) continue
    const field = table.fields[ordinal]
    // the hot path of reading: where a value came from is only worked out when it is refused
    const v = convert(field, c.value, reading.date1904)
    if (v instanceof Refused) {
      const at = covenant >= 0 ? ['facilities', index, 'covenants', covenant] : [...table.path, index]
      reading.problem(pointerOf(...at, ...field.path), cellRef(h.sheet, c.col, row.row), `${field.name} ${v.detail}`)
    } else {
      setPath(item, field.path, v)
    }
  }
  return item
}

interface Header {
  table: TableSheet
  sheet: string
  /** column → the ordinal of its field in the table */
  ordinals: Map<number, number>
  dataRows: Row[]
  placed: PlacedTable
  /** columns already said to be wrong (in row 1), or to hold values with no field name */
  reported: Set<number>
}

function tableHeader(reading: Reading, table: TableSheet, [sheet, rows]: [string, Row[]]): Header {
  const { columns, named, refused, lastColumn, dataRows } = readHeader(reading, table, sheet, rows)
  const ordinals = new Map([...columns].map(([col, field]) => [col, table.fields.indexOf(field)]))
  return { table, sheet, ordinals, dataRows, reported: refused, placed: { sheet, table, columns: named, nextColumn: lastColumn + 1, rows: [] } }
}

function readTable(reading: Reading, table: TableSheet, sheet: [string, Row[]]) {
  const h = tableHeader(reading, table, sheet)
  const items: Record<string, unknown>[] = []
  for (const row of h.dataRows) {
    const found = rowCells(reading, h, row)
    if (!found) continue
    items.push(itemOf(reading, h, row, found, items.length))
    h.placed.rows.push(row.row)
  }
  return { items, placed: h.placed }
}

/** Facilities, numbered; then each covenant attached to the facility its row names. */
function readFacilities(reading: Reading, facilitySheet: [string, Row[]], covenantSheet: [string, Row[]]) {
  // the facility column is the first of both sheets' fields
  const f = tableHeader(reading, tableSheet(SHEET.facilities), facilitySheet)
  const numberField = f.table.fields[0]
  const facilities: Record<string, unknown>[] = []
  const byNumber = new Map<number, number>()
  for (const row of f.dataRows) {
    const found = rowCells(reading, f, row)
    if (!found) continue
    const index = facilities.length
    const numberCell = found[0]
    // the number covenants name it by: its own, or else its position on the sheet
    let number = index + 1
    if (numberCell) {
      const at = cellRef(f.sheet, numberCell.col, row.row) // once a facility
      const v = reading.value(numberField, numberCell.value, () => [pointerOf('facilities', index), at])
      if (v.ok && (v.value as number) < 1) reading.problem(pointerOf('facilities', index), at, `${FACILITY_COLUMN} must be 1 or more`)
      else if (v.ok) number = v.value as number
    }
    const first = byNumber.get(number)
    if (first !== undefined) {
      reading.problem(pointerOf('facilities', index), cellRef(f.sheet, numberCell?.col ?? 1, row.row),
        `facility ${number} is numbered twice (first in row ${f.placed.rows[first]}): give each facility its own number`)
    } else {
      byNumber.set(number, index)
    }
    const item = itemOf(reading, f, row, found, index, -1, 1)
    item.covenants = []
    facilities.push(item)
    f.placed.rows.push(row.row)
  }

  const c = tableHeader(reading, tableSheet(SHEET.covenants), covenantSheet)
  const linkField = c.table.fields[0]
  const covenantRows: number[][] = facilities.map(() => [])
  for (const row of c.dataRows) {
    const found = rowCells(reading, c, row)
    if (!found) continue
    // the facility the row names decides where the covenant goes, so it is read first
    const link = found[0]
    const linkAt = () => cellRef(c.sheet, link?.col ?? c.placed.columns.get(FACILITY_COLUMN) ?? 1, row.row)
    if (!link) {
      reading.problem('/facilities', linkAt(), `${FACILITY_COLUMN} must name the facility this covenant belongs to (its number on the ${f.sheet} sheet)`)
      continue
    }
    const v = reading.value(linkField, link.value, () => ['/facilities', linkAt()])
    if (!v.ok) continue
    const i = byNumber.get(v.value as number)
    if (i === undefined) {
      reading.problem('/facilities', linkAt(), `there is no facility ${String(v.value)} on the ${f.sheet} sheet`)
      continue
    }
    const covenants = facilities[i].covenants as Record<string, unknown>[]
    covenants.push(itemOf(reading, c, row, found, i, covenants.length, 1))
    covenantRows[i].push(row.row)
  }
  return { facilities, placed: f.placed, covenants: { placed: c.placed, rows: covenantRows } }
}

/** From a pointer into the body to the cell it came from; a pointer to something absent goes where it would be. */
function cellFinder(places: {
  returnSheet: string
  returnRows: Map<string, number>
  returnLastRow: number
  tables: Map<string, PlacedTable>
  covenants: { placed: PlacedTable; rows: number[][] }
}): CellOf {
  const { returnSheet, tables, covenants } = places
  const fieldRow = new Map<string, number>()
  let nextRow = places.returnLastRow
  // a field whose row was deleted would go below the last row
  for (const f of RETURN_FIELDS) fieldRow.set(f.name, places.returnRows.get(f.name) ?? ++nextRow)

  const onReturn = (name: string) => {
    const row = fieldRow.get(name)
    if (row !== undefined) return cellRef(returnSheet, 2, row)
    // a whole object (accounts): the first cell of its first row
    const first = RETURN_FIELDS.find((f) => f.name.startsWith(`${name}.`))
    return first ? cellRef(returnSheet, 1, fieldRow.get(first.name)!) : undefined
  }
  const inTable = (t: PlacedTable | undefined, rows: number[] | undefined, rest: string[]) => {
    if (!t) return undefined
    const itemRows = rows ?? t.rows
    if (rest.length === 0) return cellRef(t.sheet, 1, itemRows[0] ?? 2) // the part as a whole: where its first item is, or would be
    const row = itemRows[Number(rest[0])]
    if (row === undefined) return undefined
    if (rest.length === 1) return cellRef(t.sheet, 1, row) // a whole item: its row's first cell
    const name = rest.slice(1).join('.').toLowerCase()
    const within = (n: string) => n === name || n.startsWith(`${name}.`)
    const col = t.columns.get(name) ?? [...t.columns].find(([n]) => within(n))?.[1]
    if (col !== undefined) return cellRef(t.sheet, col, row)
    // a field of the template whose column is not there would go right of the named ones
    return cellRef(t.sheet, t.table.fields.some((f) => within(f.name.toLowerCase())) ? t.nextColumn : 1, row)
  }
  const resolve = (tokens: string[]): string | undefined => {
    const [head, ...rest] = tokens
    switch (head) {
      case 'facilities': {
        if (rest[1] !== 'covenants') return inTable(tables.get(SHEET.facilities), undefined, rest)
        const rows = covenants.rows[Number(rest[0])]
        if (rows === undefined) return undefined
        if (rest.length === 2) return inTable(tables.get(SHEET.facilities), undefined, rest.slice(0, 1))
        return inTable(covenants.placed, rows, rest.slice(2))
      }
      case 'ownership':
        if (rest[0] === 'entities') return inTable(tables.get(SHEET.entities), undefined, rest.slice(1))
        if (rest[0] === 'interests') return inTable(tables.get(SHEET.interests), undefined, rest.slice(1))
        return onReturn(tokens.join('.'))
      case 'settings': return inTable(tables.get(SHEET.settings), undefined, rest)
      case 'placements': return inTable(tables.get(SHEET.placements), undefined, rest)
      case 'services': return inTable(tables.get(SHEET.services), undefined, rest)
      case 'relatedParties': return inTable(tables.get(SHEET.relatedParties), undefined, rest)
      default: return onReturn(tokens.join('.'))
    }
  }
  return (pointer) => {
    const tokens = pointer === '' ? [] : pointer.slice(1).split('/').map(unescapeToken)
    // a pointer into something the workbook cannot hold is named by the nearest part it can
    for (let n = tokens.length; n > 0; n--) {
      const cell = resolve(tokens.slice(0, n))
      if (cell) return cell
    }
    return cellRef(returnSheet, 1, 1)
  }
}

const notAWorkbook = (detail: string): WorkbookRead => ({
  ok: false,
  problems: [{ pointer: '', detail: `The file is not an .xlsx workbook the service can read: ${detail}. Download the template, fill it in and upload it as .xlsx.` }],
})

/**
 * Reads a workbook laid out as the template into the return's JSON body, with a map from every
 * pointer into that body to its cell; or every problem that stops it being read, each naming its
 * cell. Never throws on what was uploaded.
 */
export function readReturnWorkbook(upload: Buffer | Uint8Array, limits: ReadLimits = READ_LIMITS): WorkbookRead {
  const buffer = Buffer.isBuffer(upload) ? upload : Buffer.from(upload.buffer, upload.byteOffset, upload.byteLength)
  if (buffer.subarray(0, 8).equals(COMPOUND_FILE)) {
    return notAWorkbook('it is an older .xls workbook, or one saved with a password; save it as an Excel Workbook (.xlsx) without a password')
  }
  try {
    return readArchive(new ZipArchive(buffer, limits), limits)
  } catch (err) {
    if (err instanceof ZipRefused || err instanceof NotAWorkbook) return notAWorkbook(err.message)
    if (err instanceof XmlRefused) return notAWorkbook(`a part is not well-formed XML (${err.message})`)
    throw err
  }
}

function readArchive(zip: ZipArchive, limits: ReadLimits): WorkbookRead {
  const index = workbookIndex(zip)
  const reading = new Reading(index.date1904)

  // the template's sheets, by their names as the filer left them
  const found = new Map<string, SheetInfo>()
  const layoutNames = [SHEET.return, ...TABLE_SHEETS.map((t) => t.name)]
  const byNormalName = new Map(layoutNames.map((n) => [normalise(n), n]))
  for (const sheet of index.sheets) {
    const name = byNormalName.get(normalise(sheet.name))
    if (!name) continue
    const first = found.get(name)
    if (first) reading.problem('', cellRef(sheet.name, 1, 1), `the workbook has two ${name} sheets (${first.name} and ${sheet.name}): keep one`)
    else found.set(name, sheet)
  }
  if (!found.has(SHEET.return)) {
    return { ok: false, problems: [{ pointer: '', cell: cellRef(SHEET.return, 1, 1), detail: `the workbook has no ${SHEET.return} sheet: it is not laid out as the return's template` }] }
  }
  for (const t of TABLE_SHEETS) {
    if (!t.optional && !found.has(t.name)) {
      const pointer = t.name === SHEET.covenants ? '/facilities' : pointerOf(...t.path)
      reading.problem(pointer, cellRef(t.name, 1, 1), `the workbook has no ${t.name} sheet; every sheet of the template but ${TABLE_SHEETS.filter((s) => s.optional).map((s) => s.name).join(' and ')} must be there, even with no rows`)
    }
  }
  if (reading.problems.length) return { ok: false, problems: reading.finish() }

  const strings = sharedStrings(zip, index.sharedStrings)
  const styles = cellStyles(zip, index.styles)
  const budget = { rows: limits.maxRows, cells: limits.maxCells, maxRows: limits.maxRows, maxCells: limits.maxCells }
  const rowsOf = new Map<string, [string, Row[]]>()
  try {
    for (const [name, sheet] of found) rowsOf.set(name, [sheet.name, readSheet(zip, sheet, strings, styles, budget)])
  } catch (err) {
    if (!(err instanceof SheetTooLarge)) throw err
    return { ok: false, problems: [{ pointer: '', cell: cellRef(err.sheet, 1, err.row), detail: err.message }] }
  }

  const body: Record<string, unknown> = {}
  const [returnSheet, returnRows] = rowsOf.get(SHEET.return)!
  const head: Record<string, unknown> = {}
  const returned = readReturnSheet(reading, returnSheet, returnRows, head)

  const read = readFacilities(reading, rowsOf.get(SHEET.facilities)!, rowsOf.get(SHEET.covenants)!)
  const tables = new Map<string, PlacedTable>([[SHEET.facilities, read.placed]])
  const parts = new Map<string, Record<string, unknown>[]>()
  for (const t of TABLE_SHEETS) {
    const rows = rowsOf.get(t.name)
    if (!rows || t.name === SHEET.facilities || t.name === SHEET.covenants) continue
    const { items, placed } = readTable(reading, t, rows)
    tables.set(t.name, placed)
    // an optional part with no rows is left out of the return, as JSON would leave it out
    if (!t.optional || items.length) parts.set(t.name, items)
  }

  // the body in the contract's order
  body.periodStart = head.periodStart
  body.periodEnd = head.periodEnd
  body.accounts = head.accounts ?? {}
  if (head.accountsSource) body.accountsSource = head.accountsSource
  body.facilities = read.facilities
  body.ownership = { ...(head.ownership as object | undefined) }
  for (const t of TABLE_SHEETS) {
    const items = parts.get(t.name)
    if (items) setPath(body, t.path, items)
  }
  for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k]

  if (reading.problems.length) return { ok: false, problems: reading.finish() }
  return {
    ok: true,
    body,
    cellOf: cellFinder({
      returnSheet, returnRows: returned.placed, returnLastRow: returned.lastRow, tables, covenants: read.covenants,
    }),
  }
}

