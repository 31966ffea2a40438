// The return's spreadsheet template (CONSOLE.md, "The spreadsheet template"), and the template
// filled with a return. The layout is the contract's, from layout.ts; what is added for the
// people filling it never moves a field: notes on the field names, a prompt and a check on every
// value cell (lists for allowed values and TRUE/FALSE, whole pounds), number and date formats,
// frozen field names, widths, and a Guide sheet after the others, which the reader never reads.
import ExcelJS from 'exceljs'
import { FACILITY_COLUMN, RETURN_FIELDS, SHEET, TABLE_SHEETS, type Field, type TableSheet } from './layout.js'

type Json = Record<string, unknown>

const GUIDE = 'Guide'

/** The number formats each kind of value is shown in (dates as ISO, so no one misreads 03/04). */
const NUMBER_FORMAT: Partial<Record<Field['kind'], string>> = {
  money: '#,##0',
  count: '0',
  date: 'yyyy-mm-dd',
  text: '@', // kept as typed: a company number's leading zeros survive
  enum: '@',
}

const WIDTH: Record<Field['kind'], number> = {
  text: 24, enum: 20, boolean: 10, date: 12, money: 16, count: 10, percent: 10, number: 12,
}
const WIDE_TEXT = new Set(['lender', 'name'])

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDEE0E2' } }

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`)

/** What a field is, for its note and the Guide. */
const explain = (f: Field) => [
  f.required ? 'Required.' : 'Optional.',
  f.description,
  f.allowed ? `Allowed: ${f.allowed.join(', ')}.` : '',
].filter(Boolean).join(' ')

/** The check Excel (and LibreOffice) make as a value is typed, with the field's prompt. */
function validation(f: Field): ExcelJS.DataValidation {
  const prompt = { showInputMessage: true, promptTitle: clip(f.name, 32), prompt: clip(explain(f), 255), showErrorMessage: true }
  const stop = { ...prompt, errorStyle: 'stop', errorTitle: clip(f.name, 32) }
  switch (f.kind) {
    case 'enum':
      return { ...stop, type: 'list', allowBlank: true, formulae: [`"${f.allowed!.join(',')}"`], error: clip(`One of: ${f.allowed!.join(', ')}`, 255) }
    case 'boolean':
      return { ...stop, type: 'list', allowBlank: true, formulae: ['"TRUE,FALSE"'], error: 'TRUE or FALSE' }
    case 'money':
    case 'count':
      return {
        ...stop, type: 'whole', operator: 'between', allowBlank: true, formulae: [f.minimum ?? -1e13, f.maximum ?? 1e13],
        error: f.kind === 'money' ? 'Whole pounds, no pence' : 'A whole number',
      }
    case 'percent':
      return { ...stop, type: 'decimal', operator: 'between', allowBlank: true, formulae: [0, 100], error: 'A percentage from 0 to 100: 9.25 for 9.25%' }
    case 'date':
      // a warning, not a stop: ISO text (2026-03-31) is as good as a date
      return { ...prompt, errorStyle: 'warning', type: 'date', operator: 'greaterThan', allowBlank: true, formulae: [new Date(Date.UTC(1900, 0, 1))], error: 'A date: a spreadsheet date, or YYYY-MM-DD' }
    default:
      // no check, only the prompt
      return { ...prompt, showErrorMessage: false, type: 'any' as 'custom', formulae: [] }
  }
}

const widthOf = (f: Field) => Math.max(f.name.length + 3, WIDE_TEXT.has(f.name) ? 36 : WIDTH[f.kind])

function headerCell(cell: ExcelJS.Cell, text: string, note?: string) {
  cell.value = text
  cell.font = { bold: true }
  cell.fill = HEADER_FILL
  cell.border = { bottom: { style: 'thin' } }
  if (note) cell.note = note
}

const frozenHeader: Partial<ExcelJS.WorksheetView>[] = [{ state: 'frozen', xSplit: 0, ySplit: 1 }]

function returnSheet(wb: ExcelJS.Workbook) {
  const ws = wb.addWorksheet(SHEET.return, { views: frozenHeader })
  ws.getColumn(1).width = Math.max(...RETURN_FIELDS.map((f) => f.name.length)) + 3
  ws.getColumn(2).width = 22
  headerCell(ws.getCell(1, 1), 'field', 'The field of the return. Leave column A as it is.')
  headerCell(ws.getCell(1, 2), 'value', 'Its value. An empty cell leaves an optional field out.')
  RETURN_FIELDS.forEach((f, i) => {
    const row = i + 2
    const name = ws.getCell(row, 1)
    name.value = f.name
    name.note = explain(f)
    if (f.required) name.font = { bold: true }
    const value = ws.getCell(row, 2)
    const format = NUMBER_FORMAT[f.kind]
    if (format) value.numFmt = format
    value.dataValidation = validation(f)
  })
  return ws
}

function tableSheet(wb: ExcelJS.Workbook, t: TableSheet) {
  const ws = wb.addWorksheet(t.name, { views: frozenHeader })
  const lastRow = t.maxItems + 1
  t.fields.forEach((f, i) => {
    const col = i + 1
    const column = ws.getColumn(col)
    column.width = widthOf(f)
    const format = NUMBER_FORMAT[f.kind]
    if (format) column.numFmt = format
    headerCell(ws.getCell(1, col), f.name, explain(f))
    const letter = column.letter
    // one check for the whole column's rows: no cell is written for it
    ;(ws as unknown as { dataValidations: { add: (range: string, v: ExcelJS.DataValidation) => void } })
      .dataValidations.add(`${letter}2:${letter}${lastRow}`, validation(f))
  })
  return ws
}

const RULES = [
  'One sheet per part of the return. Row 1 of each sheet holds the field names: keep them as they are. On Return, column A names each field and column B holds its value.',
  'One item a row (a facility, a covenant, an entity...). Blank rows are skipped. An empty cell leaves an optional field out.',
  'Money is in whole pounds, with no pence: 1250000, not 1.25m or 1,250,000.50.',
  'Dates are spreadsheet dates or text as YYYY-MM-DD (2026-03-31).',
  'Yes/no fields are TRUE or FALSE.',
  'Percentages are numbers from 0 to 100: 9.25 for 9.25% (a cell formatted as a percentage is read as it shows).',
  `Covenants name their facility by its number: column ${FACILITY_COLUMN} on the Facilities sheet (1, 2, ...; left empty, a facility's number is its position).`,
  'Formulas are fine: their saved results are read.',
  `${SHEET.services} and ${SHEET.relatedParties} are optional parts: leave them empty if they do not apply.`,
  'Sheets with other names (this Guide, your own workings) are not read. On the template\'s sheets, every value must sit under a field name.',
  'Every problem found names its cell, e.g. Facilities!F3.',
]

function guideSheet(wb: ExcelJS.Workbook) {
  const ws = wb.addWorksheet(GUIDE)
  ws.getColumn(1).width = 16
  ws.getColumn(2).width = 34
  ws.getColumn(3).width = 10
  ws.getColumn(4).width = 90
  ws.getCell(1, 1).value = 'Annual return: how to fill in this workbook'
  ws.getCell(1, 1).font = { bold: true, size: 14 }
  RULES.forEach((rule, i) => {
    const cell = ws.getCell(i + 3, 1)
    cell.value = rule
  })
  const top = RULES.length + 4
  ;['sheet', 'field', 'required', 'what it is'].forEach((h, i) => headerCell(ws.getCell(top, i + 1), h))
  const rows: [string, Field][] = [
    ...RETURN_FIELDS.map((f): [string, Field] => [SHEET.return, f]),
    ...TABLE_SHEETS.flatMap((t) => t.fields.map((f): [string, Field] => [t.name, f])),
  ]
  rows.forEach(([sheet, f], i) => {
    const row = ws.getRow(top + 1 + i)
    row.values = [sheet, f.name, f.required ? 'yes' : 'no', [f.description, f.allowed ? `Allowed: ${f.allowed.join(', ')}.` : ''].filter(Boolean).join(' ')]
    row.getCell(4).alignment = { wrapText: true, vertical: 'top' }
  })
  ws.views = [{ state: 'frozen', xSplit: 0, ySplit: top }]
  return ws
}

/** The empty template: the workbook `GET /v1/returns/template.xlsx` serves. */
export function returnTemplate(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook()
  wb.creator = 'provider-oversight'
  // fixed, so the template says the same whenever it is made
  wb.created = wb.modified = new Date(Date.UTC(2026, 0, 1))
  returnSheet(wb)
  for (const t of TABLE_SHEETS) tableSheet(wb, t)
  guideSheet(wb)
  return wb
}

const at = (o: unknown, path: readonly string[]) => {
  let v = o
  for (const p of path) v = v === null || typeof v !== 'object' ? undefined : (v as Json)[p]
  return v
}

/** A value as a cell holds it: a date as a real spreadsheet date. */
const cellValue = (f: Field, v: unknown): ExcelJS.CellValue => {
  if (f.kind === 'date' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return new Date(`${v}T00:00:00Z`)
  return v as ExcelJS.CellValue
}

function fillRow(ws: ExcelJS.Worksheet, row: number, fields: readonly Field[], item: unknown, lead?: number) {
  fields.forEach((f, i) => {
    const v = f.name === FACILITY_COLUMN ? lead : at(item, f.path)
    if (v !== undefined && v !== null) ws.getCell(row, i + 1).value = cellValue(f, v)
  })
}

/**
 * The template filled with a return (native ownership: BODS statements have no sheet). Facilities
 * are numbered 1, 2, … in order and each covenant names its facility.
 */
export function returnWorkbook(annualReturn: Json): ExcelJS.Workbook {
  if (at(annualReturn, ['ownership', 'bods']) !== undefined) {
    throw new Error('a return whose ownership is filed as BODS statements has no workbook form')
  }
  const wb = returnTemplate()
  const returnWs = wb.getWorksheet(SHEET.return)!
  RETURN_FIELDS.forEach((f, i) => {
    const v = at(annualReturn, f.path)
    if (v !== undefined && v !== null) returnWs.getCell(i + 2, 2).value = cellValue(f, v)
  })
  for (const t of TABLE_SHEETS) {
    const ws = wb.getWorksheet(t.name)!
    if (t.name === SHEET.covenants) {
      let row = 2
      const facilities = (annualReturn.facilities ?? []) as Json[]
      facilities.forEach((facility, i) => {
        for (const covenant of (facility.covenants ?? []) as Json[]) fillRow(ws, row++, t.fields, covenant, i + 1)
      })
      continue
    }
    const items = (at(annualReturn, t.path) ?? []) as Json[]
    items.forEach((item, i) => fillRow(ws, i + 2, t.fields, item, i + 1))
  }
  return wb
}

/** The workbook as .xlsx bytes. */
export const xlsxBytes = async (wb: ExcelJS.Workbook) => Buffer.from(await wb.xlsx.writeBuffer())
