// A return uploaded through the console, read as the API reads the same document: a workbook by
// the spreadsheet reader the API's workbook bodies use (readReturnWorkbook), JSON weighed before it
// is parsed (readJsonText, as the API's JSON bodies are), then checked against the contract with
// the API's own strict validation (bodyChecker). Every problem keeps its pointer and, for a
// workbook, names the cell it came from, as the API's refusals do.
import { AnnualReturnBody } from '../../schema/annual-return.js'
import { readJsonText } from '../domain/json-text.js'
import type { AnnualReturn } from '../domain/annual-return.js'
import { PROBLEMS_CHECKED } from '../domain/problem-budget.js'
import { bodyChecker } from '../plugins/validation.js'
import { readReturnWorkbook, withCells, type CellOf } from '../spreadsheet/index.js'
import type { FieldProblem } from '../problems.js'
import type { UploadedFile } from './uploads.js'

export type ReturnUpload =
  | { ok: true; body: AnnualReturn; cellOf?: CellOf }
  | { ok: false; problems: FieldProblem[]; stopped?: boolean }

// Compiled on first use: the contract is large.
let check: ReturnType<typeof bodyChecker> | undefined

const ZIP = Buffer.from('PK\x03\x04', 'latin1')
// Legacy .xls (and password-protected .xlsx) files: the workbook reader says what they are.
const COMPOUND_FILE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0])

/** Whether the upload is meant as a workbook (its name, or a zip's or an old Excel file's first bytes). */
export const looksLikeWorkbook = (file: UploadedFile) =>
  /\.xls[xmb]?$/i.test(file.filename) || file.bytes.subarray(0, 4).equals(ZIP) || file.bytes.subarray(0, 4).equals(COMPOUND_FILE)

const looksLikeJson = (file: UploadedFile) => /\.json$/i.test(file.filename) || /^\s*[{[]/.test(file.bytes.subarray(0, 64).toString('utf8').replace(/^\uFEFF/, ''))

/**
 * The return an upload holds, or what is wrong with it. `parseJson` is the service's own JSON
 * parser (Fastify's, refusing prototype poisoning), as the API's bodies are parsed.
 */
export function readReturnUpload(file: UploadedFile, parseJson: (text: string) => unknown): ReturnUpload {
  let body: unknown
  let cellOf: CellOf | undefined
  if (looksLikeWorkbook(file)) {
    const read = readReturnWorkbook(file.bytes)
    if (!read.ok) return { ok: false, problems: read.problems }
    body = read.body
    cellOf = read.cellOf
  } else if (looksLikeJson(file)) {
    const text = file.bytes.toString('utf8').replace(/^\uFEFF/, '')
    const reading = readJsonText(text)
    if (!reading.ok) return { ok: false, problems: [{ pointer: reading.pointer, detail: reading.detail }] }
    try {
      body = parseJson(text)
    } catch {
      return { ok: false, problems: [{ pointer: '', detail: 'The file is not valid JSON: check it was saved from the return as the API takes it' }] }
    }
  } else {
    return { ok: false, problems: [{ pointer: '', detail: 'The selected file must be the spreadsheet template (.xlsx) or a JSON return (.json)' }] }
  }
  check ??= bodyChecker(AnnualReturnBody)
  const { problems, stopped } = check(body)
  if (problems.length) {
    const listed = problems.slice(0, PROBLEMS_CHECKED)
    return { ok: false, problems: cellOf ? withCells(listed, cellOf) : listed, stopped }
  }
  return { ok: true, body: body as AnnualReturn, cellOf }
}
