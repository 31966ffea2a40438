// What reading the full return as a workbook costs, in CPU, beside JSON.parse of the same return
// and beside what filing that return as JSON costs the service's own process before it reaches the
// database: JSON.parse, the contract (ajv, as the validation plugin compiles it), validateReturn,
// resolving the ownership, assess, and the stored document's RFC 8785 text and SHA-256.
//
// Issue 19's goal is over HTTP (workbook filing ≥ 0.7× JSON filing's throughput, the `spreadsheet
// filing` case that comes with the routes): reading may add at most 1 / 0.7 − 1 = 0.43 of a JSON
// filing's server CPU. These figures say where reading stands against that before the routes exist.
// `npx tsx scripts/bench/spreadsheet.ts` prints them.
import { Ajv } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { AnnualReturnBody } from '../../schema/annual-return.js'
import { assess } from '../../src/domain/assess-return.js'
import { resolveOwnership } from '../../src/domain/ownership/resolve.js'
import { validateReturn } from '../../src/domain/return-validation.js'
import { RULESETS } from '../../src/domain/ruleset.js'
import type { AnnualReturn } from '../../src/domain/annual-return.js'
import type { OwnershipGraph } from '../../src/domain/ownership/types.js'
import { filedDocument } from '../../src/db/queries/returns.js'
import { readReturnWorkbook, returnWorkbook, xlsxBytes } from '../../src/spreadsheet/index.js'
import { COUNCIL_CODES, FIXTURE_TODAY, fullReturn } from '../../src/demo/returns.js'
import { pathToFileURL } from 'node:url'
import { median } from './harness.js'

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv

/** CPU milliseconds per call of `f`, over `n` calls. */
const cpuMs = (f: () => unknown, n: number) => {
  const start = process.cpuUsage()
  for (let i = 0; i < n; i++) f()
  const used = process.cpuUsage(start)
  return (used.user + used.system) / 1000 / n
}

export interface SpreadsheetReadFigures {
  /** CPU ms: reading the full return's workbook */
  read: number
  /** CPU ms: JSON.parse of the same return */
  parse: number
  /** CPU ms: a JSON filing's own work on it (parse, contract, validation, ownership, assessment, document hash) */
  filingWork: number
  workbookBytes: number
  jsonBytes: number
}

export async function spreadsheetReadFigures(): Promise<SpreadsheetReadFigures> {
  const body = fullReturn()
  const json = JSON.stringify(body)
  const workbook = await xlsxBytes(returnWorkbook(body as unknown as Record<string, unknown>))
  const ajv = new Ajv({ allErrors: true, coerceTypes: false, removeAdditional: false, useDefaults: true, strict: false })
  addFormats(ajv)
  const valid = ajv.compile(AnnualReturnBody)
  const councils = new Set(COUNCIL_CODES)
  const looked = Object.fromEntries(COUNCIL_CODES.map((c) => [c, 300]))
  const ruleset = RULESETS['2026.2']

  const fileJson = () => {
    const r = JSON.parse(json) as AnnualReturn
    if (!valid(r) || validateReturn(r, { today: FIXTURE_TODAY, councils }).length) throw new Error('the bench return is not valid')
    assess({ annualReturn: r, previous: null, councils: looked, ownership: resolveOwnership(r.ownership as OwnershipGraph), submittedAt: '2026-07-01T00:00:00.000Z', ruleset })
    return filedDocument(r)
  }
  const read = () => {
    const result = readReturnWorkbook(workbook)
    if (!result.ok) throw new Error('the bench workbook does not read')
    return result
  }

  for (let i = 0; i < 50; i++) { read(); fileJson() } // warm
  const reads: number[] = []
  const filings: number[] = []
  const parses: number[] = []
  for (let round = 0; round < 15; round++) {
    reads.push(cpuMs(read, 40))
    filings.push(cpuMs(fileJson, 40))
    parses.push(cpuMs(() => JSON.parse(json), 400))
  }
  return { read: median(reads), parse: median(parses), filingWork: median(filings), workbookBytes: workbook.length, jsonBytes: json.length }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const f = await spreadsheetReadFigures()
  console.log(`full return: workbook ${Math.round(f.workbookBytes / 1024)} KiB, JSON ${Math.round(f.jsonBytes / 1024)} KiB (median CPU of 15 rounds)`)
  console.log(`  reading the workbook      ${f.read.toFixed(2)} ms`)
  console.log(`  JSON.parse                ${f.parse.toFixed(3)} ms  (reading is ${(f.read / f.parse).toFixed(1)}x)`)
  console.log(`  a JSON filing's own work  ${f.filingWork.toFixed(2)} ms  (reading is ${(f.read / f.filingWork).toFixed(2)}x)`)
}
