// Returns as spreadsheets (CONSOLE.md, "The spreadsheet template"): the template, and a filled
// workbook read back into the JSON return with the cell every part of it came from.
export { returnTemplate, returnWorkbook, xlsxBytes } from './template.js'
export { readReturnWorkbook, READ_LIMITS, XLSX_MEDIA_TYPE } from './read.js'
export type { ReadLimits, ReturnDocument, WorkbookProblem, WorkbookRead } from './read.js'
export { withCells, type CellOf } from './cells.js'
export { RETURN_FIELDS, SHEET, TABLE_SHEETS } from './layout.js'
