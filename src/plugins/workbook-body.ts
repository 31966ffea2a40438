// Returns uploaded as workbooks (CONSOLE.md, "The spreadsheet template"): a route scope that calls
// `acceptWorkbooks` takes `application/vnd.openxmlformats-officedocument.spreadsheetml.sheet` and
// hands its handler, and the contract's validation, the JSON body the workbook holds, exactly as a
// JSON filing's. What the body was read from is remembered beside it, so that every problem with it
// (the contract's, the domain's, a refusal an Idempotency-Key stores) names its cell, and so that a
// key is bound to the workbook's bytes.
import { createHash } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { readReturnWorkbook, XLSX_MEDIA_TYPE, type CellOf } from '../spreadsheet/index.js'
import { listedProblems, Problem, type FieldProblem, type ProblemBody } from '../problems.js'

export { XLSX_MEDIA_TYPE }

interface Workbook { cellOf: CellOf; sha256: string }

const workbooks = new WeakMap<object, Workbook>()

/** What this request body was read from, when it came as a workbook (else undefined). */
export const workbookOf = (body: unknown) => (typeof body === 'object' && body !== null ? workbooks.get(body) : undefined)

/** The problem with each of its `errors` naming its cell, when the body came as a workbook. */
export function withWorkbookCells(body: unknown, problem: ProblemBody): ProblemBody {
  const workbook = workbookOf(body)
  if (!workbook || !Array.isArray(problem.errors)) return problem
  return { ...problem, errors: (problem.errors as FieldProblem[]).map((e) => (e.cell ? e : { ...e, cell: workbook.cellOf(e.pointer) })) }
}

/**
 * Takes workbooks in this scope, up to `bodyLimit` bytes. A file that is not a workbook, or not
 * laid out as the template, is a 422 listing what is wrong at its cell; nothing reaches the handler.
 */
export function acceptWorkbooks(app: FastifyInstance, bodyLimit: number) {
  app.addContentTypeParser(XLSX_MEDIA_TYPE, { parseAs: 'buffer', bodyLimit }, (_req, upload, done) => {
    const read = readReturnWorkbook(upload as Buffer)
    if (!read.ok) {
      // one problem with the file as a whole (not a workbook, no Return sheet) is said as the detail too
      const [first] = read.problems
      const { detail, ...members } = listedProblems(read.problems, { what: 'the workbook' })
      return done(new Problem('validation-failed', read.problems.length === 1 ? first.detail : detail, members), undefined)
    }
    workbooks.set(read.body, { cellOf: read.cellOf, sha256: createHash('sha256').update(upload as Buffer).digest('hex') })
    done(null, read.body)
  })
}
