import t from 'tap'
import { Ajv } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { AnnualReturnBody } from '../../schema/annual-return.js'
import { ajvErrorsToProblems } from '../../schema/common.js'
import { validateReturn } from '../../src/domain/return-validation.js'
import type { AnnualReturn } from '../../src/domain/annual-return.js'
import { withCells } from '../../src/spreadsheet/cells.js'
import { COUNCIL_CODES, FIXTURE_TODAY, smallReturn } from '../fixtures/returns.js'
import { readOk, sheet, workbookOf } from './support.js'

// A workbook's figures meet the same two judges as JSON's: the contract (here compiled as the
// service's validation plugin compiles request bodies) and the domain's validateReturn. Every
// problem either finds comes back with the cell it is about.

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv
const ajv = new Ajv({ allErrors: true, coerceTypes: false, removeAdditional: false, useDefaults: true, strict: false })
addFormats(ajv)
const validBody = ajv.compile(AnnualReturnBody)

/** What filing the workbook would answer: the contract's problems, else the domain's, each with its cell. */
const problemsFor = async (body: object, edit: Parameters<typeof workbookOf>[1]) => {
  const read = readOk(await workbookOf(body, edit))
  const problems = validBody(read.body)
    ? validateReturn(read.body as unknown as AnnualReturn, { today: FIXTURE_TODAY, councils: new Set(COUNCIL_CODES) })
    : ajvErrorsToProblems(validBody.errors)
  return withCells(problems, read.cellOf)
}

t.test('contract problems name their cells: a bad value its own cell, a missing one where it would go', async t => {
  const body = smallReturn()
  t.strictSame(await problemsFor(body, (wb) => {
    sheet(wb, 'Facilities').getCell('C3').value = 'mortgage'
    sheet(wb, 'Facilities').getCell('F3').value = -5 // drawn
    sheet(wb, 'Return').getCell('B5').value = null // accounts.revenue left empty
    sheet(wb, 'Settings').getCell('E2').value = 'Camden'
    sheet(wb, 'Entities').getCell('D3').value = 'GBR'
  }), [
    { pointer: '/accounts/revenue', detail: 'is required', cell: 'Return!B5' },
    { pointer: '/facilities/1/kind', detail: 'must be one of: term_loan, revolving_credit, unitranche, bond, loan_notes, lease, other', cell: 'Facilities!C3' },
    { pointer: '/facilities/1/drawn', detail: 'must be >= 0', cell: 'Facilities!F3' },
    { pointer: '/ownership/entities/1/jurisdiction', detail: 'must match pattern "^[A-Z]{2}$"', cell: 'Entities!D3' },
    { pointer: '/settings/0/laCode', detail: 'must match pattern "^E(06|08|09|10)\\d{6}$"', cell: 'Settings!E2' },
  ])
})

t.test('a field whose row or column was deleted is named where it would go', async t => {
  const body = smallReturn()
  const problems = await problemsFor(body, (wb) => {
    sheet(wb, 'Facilities').spliceColumns(6, 1) // drawn, gone: maturityDate is column F now
    sheet(wb, 'Return').spliceRows(7, 1) // accounts.operatingProfit, gone
    for (const name of ['Interests', 'Entities']) { // no interests at all is fine; no entities is not
      const ws = sheet(wb, name)
      ws.eachRow((row, n) => { if (n > 1) row.eachCell((cell) => { cell.value = null }) })
    }
  })
  t.strictSame(problems, [
    { pointer: '/accounts/operatingProfit', detail: 'is required', cell: 'Return!B23' },
    { pointer: '/facilities/0/drawn', detail: 'is required', cell: 'Facilities!I2' },
    { pointer: '/facilities/1/drawn', detail: 'is required', cell: 'Facilities!I3' },
    { pointer: '/facilities/2/drawn', detail: 'is required', cell: 'Facilities!I4' },
    { pointer: '/ownership/entities', detail: 'must NOT have fewer than 1 items', cell: 'Entities!A2' },
  ], 'below the last row of Return; right of the last named column; the first row of an empty sheet')
})

t.test('the domain\'s problems name their cells too', async t => {
  const body = smallReturn()
  const problems = await problemsFor(body, (wb) => {
    sheet(wb, 'Facilities').getCell('F2').value = 1_600_000 // drawn beyond committed on the revolver
    sheet(wb, 'Covenants').getCell('F3').value = '2019-01-01' // tested before the period
    sheet(wb, 'Interests').getCell('A3').value = 'nobody'
    sheet(wb, 'Settings').getCell('A3').value = sheet(wb, 'Settings').getCell('A2').value // the same URN twice
    sheet(wb, 'Placements').getCell('A3').value = 'E06000001'
    sheet(wb, 'Placements').getCell('A2').value = 'E06000001'
  })
  t.strictSame(problems.map((p) => [p.pointer, p.cell]), [
    ['/facilities/0/drawn', 'Facilities!F2'],
    ['/facilities/0/covenants/1/testDate', 'Covenants!F3'],
    ['/ownership/interests/1/owner', 'Interests!A3'],
    ['/settings/1/urn', 'Settings!A3'],
    ['/placements/1/laCode', 'Placements!A3'],
  ])
})

t.test('problems with what the workbook cannot hold fall back to the nearest part it can', async t => {
  const read = readOk(await workbookOf(smallReturn()))
  t.strictSame(withCells([
    { pointer: '/ownership/interests/0/through/2', detail: '' },
    { pointer: '/facilities/9/drawn', detail: '' },
    { pointer: '/accounts/unknownField', detail: '' },
    { pointer: '/nothing/here', detail: '' },
  ], read.cellOf).map((p) => p.cell), ['Interests!A2', 'Facilities!A2', 'Return!A5', 'Return!A1'])
})
