import t from 'tap'
import { assess } from '../../src/domain/assess-return.js'
import { canonicalJson } from '../../src/domain/canonical-json.js'
import { resolveOwnership } from '../../src/domain/ownership/resolve.js'
import { RULESETS } from '../../src/domain/ruleset.js'
import type { AnnualReturn } from '../../src/domain/annual-return.js'
import type { OwnershipGraph } from '../../src/domain/ownership/types.js'
import { readReturnWorkbook } from '../../src/spreadsheet/read.js'
import { COUNCIL_CODES, fullReturn, smallReturn } from '../fixtures/returns.js'
import { emptyTableSheets, handWorkbook, problemsOf, readOk, replacePart, sheet, workbookOf } from './support.js'
import { ZipArchive } from '../../src/spreadsheet/zip.js'

/** The small return with 2027.1's optional parts (RULES.md, "New optional parts of a return"). */
const withProfitParts = () => {
  const r = smallReturn() as AnnualReturn & Record<string, unknown>
  return {
    ...r,
    accounts: { ...r.accounts, profitBeforeTax: -120_000, directorsRemuneration: 310_000, rentPayable: 640_000 },
    services: [
      { kind: 'childrens_homes', revenue: 7_900_000, childWeeks: 364 },
      { kind: 'fostering', revenue: 700_000, childWeeks: 1_040.5 },
    ],
    relatedParties: [
      { name: 'Founder Estates Limited', relationship: 'owner_affiliate', payments: { rent: 420_000 } },
      { name: 'Holdco', relationship: 'owner', ref: 'holdco', payments: { managementFees: 150_000, interest: 90_000, dividends: 0 } },
      { name: 'A director', relationship: 'director', payments: {} },
    ],
  }
}

t.test('the template filled with a return reads back as that return, exactly', async t => {
  for (const [name, body] of [['full', fullReturn()], ['small', smallReturn({ seed: 7 })], ['with 2027.1 parts', withProfitParts()]] as const) {
    const read = readOk(await workbookOf(body))
    t.strictSame(read.body, body, `${name} return`)
    t.equal(canonicalJson(read.body), canonicalJson(body), `${name}: the same RFC 8785 text, so the same bodySha256 as the JSON filing`)
  }
})

t.test('a workbook written the long way (no cell or string in the form read quickly) reads the same', async t => {
  const body = fullReturn({ seed: 5 })
  const bytes = await workbookOf(body)
  const zip = new ZipArchive(bytes)
  let long: Buffer = bytes
  for (const part of zip.names().filter((n) => /^xl\/(worksheets\/sheet\d+|sharedStrings)\.xml$/.test(n))) {
    const xml = zip.part(part).toString('utf8')
      .replace(/<c r=/g, '<c  r=') // the quick way takes one space only
      .replace(/<\/si><si>/g, '</si><!-- --><si>') // and strings one after another
    t.not(xml, zip.part(part).toString('utf8'), `${part} is written the long way`)
    long = replacePart(long, part, { data: xml })
  }
  t.strictSame(readOk(long).body, body)
})

t.test('the same figures as JSON and as a workbook give the same assessment', async t => {
  const json = fullReturn({ seed: 3 })
  const read = readOk(await workbookOf(json))
  const assessed = (body: AnnualReturn) => assess({
    annualReturn: body,
    previous: { ebitda: 21_000_000, operatingProfit: 15_000_000 },
    councils: Object.fromEntries(COUNCIL_CODES.map((c, i) => [c, 200 + i])),
    ownership: resolveOwnership(body.ownership as OwnershipGraph),
    submittedAt: '2026-07-01T09:00:00.000Z',
    ruleset: RULESETS['2026.2'],
  })
  const fromJson = assessed(JSON.parse(JSON.stringify(json)) as AnnualReturn)
  const fromWorkbook = assessed(read.body as unknown as AnnualReturn)
  t.ok(fromJson.flags.length > 0, 'an assessment with flags to compare')
  t.equal(canonicalJson(fromWorkbook), canonicalJson(fromJson))
})

t.test('cellOf names the cell each part of the body came from', async t => {
  const read = readOk(await workbookOf(smallReturn()))
  t.equal(read.cellOf('/periodEnd'), 'Return!B3')
  t.equal(read.cellOf('/ownership/reportingEntity'), 'Return!B4')
  t.equal(read.cellOf('/accounts/revenue'), 'Return!B5')
  t.equal(read.cellOf('/accounts'), 'Return!A5', 'a whole object: its first row')
  t.equal(read.cellOf('/facilities/1/drawn'), 'Facilities!F3')
  t.equal(read.cellOf('/facilities/1/committed'), 'Facilities!E3')
  t.equal(read.cellOf('/facilities/2'), 'Facilities!A4', 'a whole item: its row\'s first cell')
  t.equal(read.cellOf('/facilities/0/covenants/1/testDate'), 'Covenants!F3')
  t.equal(read.cellOf('/ownership/entities/2/name'), 'Entities!B4')
  t.equal(read.cellOf('/ownership/interests/1/owner'), 'Interests!A3')
  t.equal(read.cellOf('/settings/1/urn'), 'Settings!A3')
  t.equal(read.cellOf('/placements/0/laCode'), 'Placements!A2')
  t.equal(read.cellOf(''), 'Return!A1', 'the whole return')
  const parts = readOk(await workbookOf(withProfitParts()))
  t.equal(parts.cellOf('/relatedParties/1/payments/interest'), "'Related parties'!F3", 'a sheet name with a space is quoted, as Excel writes it')
  t.equal(parts.cellOf('/relatedParties/2/payments'), "'Related parties'!D4", 'an object of the item: its first column')
  t.equal(parts.cellOf('/services/1/childWeeks'), 'Services!C3')
})

t.test('blank rows are skipped; empty cells are absent fields', async t => {
  const body = smallReturn()
  const bytes = await workbookOf(body, (wb) => {
    const ws = sheet(wb, 'Facilities')
    ws.spliceRows(3, 0, [], []) // two blank rows between the first facility and the second
    sheet(wb, 'Settings').getCell('B3').value = '   ' // spaces alone are nothing
    ws.getCell('H2').value = null // interestRatePct left out of the first facility
  })
  const read = readOk(bytes)
  const expected = structuredClone(body)
  delete expected.facilities[0].interestRatePct
  t.strictSame(read.body.facilities, expected.facilities)
  t.equal(read.cellOf('/facilities/1/drawn'), 'Facilities!F5', 'the second facility is in row 5 now')
  t.notOk('name' in (read.body.settings as object[])[1], 'a cell of spaces is an absent field')
})

t.test('dates: spreadsheet dates, ISO text, ISO date cells and the 1904 date system', async t => {
  const body = smallReturn()
  const read = readOk(await workbookOf(body, (wb) => {
    const ret = sheet(wb, 'Return')
    ret.getCell('B2').value = body.periodStart // as ISO text
    ret.getCell('B3').value = new Date(`${body.periodEnd}T17:45:00Z`) // a date with a time of day
  }))
  t.equal(read.body.periodStart, body.periodStart)
  t.equal(read.body.periodEnd, body.periodEnd, 'the time of day is dropped')

  const returnRows = (cells: string) => `<row r="1"><c r="A1" t="inlineStr"><is><t>field</t></is></c></row>${cells}`
  const field = (row: number, name: string, value: string) =>
    `<row r="${row}"><c r="A${row}" t="inlineStr"><is><t>${name}</t></is></c>${value.replace(/REF/, `B${row}`)}</row>`
  const hand = (date1904: boolean, cells: string) => readReturnWorkbook(handWorkbook(
    [{ name: 'Return', rows: returnRows(cells) }, ...emptyTableSheets()], { date1904 }))
  const r1900 = hand(false, field(2, 'periodStart', '<c r="REF" s="1"><v>46023</v></c>') + field(3, 'periodEnd', '<c r="REF" t="d"><v>2026-12-31T00:00:00</v></c>'))
  t.ok(r1900.ok && r1900.body.periodStart === '2026-01-01' && r1900.body.periodEnd === '2026-12-31', 'serial 46023 (1900 system) and an ISO date cell')
  const r1904 = hand(true, field(2, 'periodStart', '<c r="REF" s="3"><v>44561</v></c>'))
  t.ok(r1904.ok && r1904.body.periodStart === '2026-01-01', 'serial 44561 in a 1904 workbook, under a custom date format')

  const bad = await workbookOf(body, (wb) => {
    sheet(wb, 'Return').getCell('B2').value = '31/03/2025'
    const serial = sheet(wb, 'Facilities').getCell('G3')
    serial.value = 46112 // a number not shown as a date (the template's column would show it as one)
    serial.numFmt = '0'
    const ref = sheet(wb, 'Entities').getCell('A2')
    ref.value = new Date('2026-01-02T00:00:00Z') // a ref Excel turned into a date
    ref.numFmt = 'd-mmm'
  })
  t.strictSame(problemsOf(readReturnWorkbook(bad)), [
    { pointer: '/periodStart', cell: 'Return!B2', detail: 'periodStart must be a date: a spreadsheet date, or text as YYYY-MM-DD (the cell holds the text "31/03/2025")' },
    { pointer: '/facilities/1/maturityDate', cell: 'Facilities!G3', detail: 'maturityDate must be a date: a spreadsheet date, or text as YYYY-MM-DD (the cell holds the number 46112)' },
    { pointer: '/ownership/entities/0/ref', cell: 'Entities!A2', detail: 'ref must be text, not a date: format the cell as Text and type it again' },
  ])
})

t.test('booleans: TRUE/FALSE as booleans or as text; anything else is named', async t => {
  const body = smallReturn()
  const read = readOk(await workbookOf(body, (wb) => {
    sheet(wb, 'Facilities').getCell('D2').value = 'true'
    sheet(wb, 'Facilities').getCell('D3').value = ' FALSE '
    sheet(wb, 'Interests').getCell('E2').value = false
  }))
  t.equal((read.body.facilities as { shareholderLoan: boolean }[])[0].shareholderLoan, true)
  t.equal((read.body.facilities as { shareholderLoan: boolean }[])[1].shareholderLoan, false)
  t.equal((read.body.ownership as OwnershipGraph).interests[0].control, false)
  const bad = readReturnWorkbook(await workbookOf(body, (wb) => {
    sheet(wb, 'Facilities').getCell('D2').value = 'yes'
    sheet(wb, 'Return').getCell('B18').value = 1
  }))
  t.strictSame(problemsOf(bad), [
    { pointer: '/accounts/goingConcernMaterialUncertainty', cell: 'Return!B18', detail: 'accounts.goingConcernMaterialUncertainty must be TRUE or FALSE (the cell holds the number 1)' },
    { pointer: '/facilities/0/shareholderLoan', cell: 'Facilities!D2', detail: 'shareholderLoan must be TRUE or FALSE (the cell holds the text "yes")' },
  ])
})

t.test('numbers: whole pounds are never rounded, text is not a number, percentages read as shown', async t => {
  const body = smallReturn()
  const bad = readReturnWorkbook(await workbookOf(body, (wb) => {
    sheet(wb, 'Facilities').getCell('F3').value = 'twelve thousand'
    sheet(wb, 'Facilities').getCell('E3').value = '3,000,000'
    sheet(wb, 'Return').getCell('B5').value = 8_600_000.5
    sheet(wb, 'Settings').getCell('D2').value = 4.2
  }))
  t.strictSame(problemsOf(bad), [
    { pointer: '/accounts/revenue', cell: 'Return!B5', detail: 'accounts.revenue must be whole pounds, with no pence (the cell holds 8600000.5)' },
    { pointer: '/facilities/1/committed', cell: 'Facilities!E3', detail: 'committed must be a number in whole pounds, not the text "3,000,000"' },
    { pointer: '/facilities/1/drawn', cell: 'Facilities!F3', detail: 'drawn must be a number in whole pounds, not the text "twelve thousand"' },
    { pointer: '/settings/0/places', cell: 'Settings!D2', detail: 'places must be a whole number (the cell holds 4.2)' },
  ])

  const read = readOk(await workbookOf(body, (wb) => {
    const rate = sheet(wb, 'Facilities').getCell('H2')
    rate.value = 0.0725 // 7.25%, as a percentage cell holds it
    rate.numFmt = '0.00%'
    sheet(wb, 'Interests').getCell('C2').value = 100 // a plain number is the percentage itself
    sheet(wb, 'Return').getCell('B15').value = -52_000 // totalEquity may be negative: the contract says so, not the reader
  }))
  const facilities = read.body.facilities as { interestRatePct?: number }[]
  t.equal(facilities[0].interestRatePct, 7.25, 'a cell shown as 7.25% is 7.25')
  t.equal((read.body.ownership as OwnershipGraph).interests[0].sharesPct, 100)
  t.equal((read.body.accounts as { totalEquity: number }).totalEquity, -52_000)
})

t.test('formulas give their saved result; errors and unsaved formulas are named', async t => {
  const body = smallReturn()
  const read = readOk(await workbookOf(body, (wb) => {
    sheet(wb, 'Facilities').getCell('E2').value = { formula: 'F2+1100000', result: 1_500_000 }
    sheet(wb, 'Facilities').getCell('B2').value = { formula: 'UPPER("Mercia Business Bank plc")', result: 'MERCIA BUSINESS BANK PLC' }
  }))
  t.equal((read.body.facilities as { committed: number }[])[0].committed, 1_500_000)
  t.equal((read.body.facilities as { lender: string }[])[0].lender, 'MERCIA BUSINESS BANK PLC')
  const bad = readReturnWorkbook(await workbookOf(body, (wb) => {
    sheet(wb, 'Facilities').getCell('E2').value = { formula: 'F2*2' } as never // saved without a result
    sheet(wb, 'Facilities').getCell('F2').value = { error: '#DIV/0!' }
  }))
  t.strictSame(problemsOf(bad), [
    { pointer: '/facilities/0/committed', cell: 'Facilities!E2', detail: 'committed holds a formula saved without its result: open the workbook in a spreadsheet application and save it again, or enter the value itself' },
    { pointer: '/facilities/0/drawn', cell: 'Facilities!F2', detail: 'drawn holds the error #DIV/0!: enter the figure itself' },
  ])
})

t.test('text: shared strings and rich text as plain text, codes typed as numbers, allowed values whatever their case', async t => {
  const body = smallReturn()
  const read = readOk(await workbookOf(body, (wb) => {
    sheet(wb, 'Facilities').getCell('B2').value = { richText: [{ text: 'Mercia ', font: { bold: true } }, { text: 'Business Bank plc' }] }
    sheet(wb, 'Entities').getCell('E2').value = 12_345_678 // a company number typed as a number
    sheet(wb, 'Facilities').getCell('C3').value = 'Term_Loan'
    sheet(wb, 'Settings').getCell('B2').value = '  Oak Lodge & Annexe <East>  '
  }))
  t.equal((read.body.facilities as { lender: string }[])[0].lender, 'Mercia Business Bank plc')
  t.equal((read.body.ownership as OwnershipGraph).entities[0].companyNumber, '12345678')
  t.equal((read.body.facilities as { kind: string }[])[1].kind, 'term_loan')
  t.equal((read.body.settings as { name: string }[])[0].name, 'Oak Lodge & Annexe <East>', 'trimmed, escapes undone')
  const inline = readReturnWorkbook(handWorkbook([
    { name: 'Return', rows: '<row r="2"><c r="A2" t="inlineStr"><is><r><t>ownership.</t></r><r><t>reportingEntity</t></r></is></c><c r="B2" t="inlineStr"><is><t>op_x0063_o</t><rPh><t>ignored</t></rPh></is></c></row>' },
    ...emptyTableSheets(),
  ], { prefix: 'x' }))
  t.ok(inline.ok && (inline.body.ownership as { reportingEntity: string }).reportingEntity === 'opco',
    'inline rich text, _xHHHH_ escapes, phonetic runs left out, prefixed elements')
})

t.test('covenants attach to their facility by its number', async t => {
  const body = smallReturn()
  // covenants listed last facility first, the facilities numbered 10, 20, 30
  const read = readOk(await workbookOf(body, (wb) => {
    const f = sheet(wb, 'Facilities')
    f.getCell('A2').value = 10; f.getCell('A3').value = 20; f.getCell('A4').value = 30
    const c = sheet(wb, 'Covenants')
    c.getCell('A2').value = 10; c.getCell('A3').value = 10
    c.spliceRows(2, 0, [30, 'other', 'min', 1.5, 2.5, body.periodEnd])
  }))
  const facilities = read.body.facilities as { covenants: unknown[] }[]
  t.strictSame(facilities[0].covenants, body.facilities[0].covenants, 'in the order of their rows')
  t.strictSame(facilities[2].covenants, [{ metric: 'other', kind: 'min', limit: 1.5, actual: 2.5, testDate: body.periodEnd }])
  t.equal(read.cellOf('/facilities/2/covenants/0/limit'), 'Covenants!D2')
  t.equal(read.cellOf('/facilities/0/covenants/1/actual'), 'Covenants!E4')

  const bad = readReturnWorkbook(await workbookOf(body, (wb) => {
    sheet(wb, 'Covenants').getCell('A3').value = 7
    sheet(wb, 'Covenants').getCell('A4').value = null
    sheet(wb, 'Covenants').getCell('B4').value = 'leverage'
    sheet(wb, 'Facilities').getCell('A4').value = 2
  }))
  t.strictSame(problemsOf(bad), [
    { pointer: '/facilities/2', cell: 'Facilities!A4', detail: 'facility 2 is numbered twice (first in row 3): give each facility its own number' },
    { pointer: '/facilities', cell: 'Covenants!A3', detail: 'there is no facility 7 on the Facilities sheet' },
    { pointer: '/facilities', cell: 'Covenants!A4', detail: 'facility must name the facility this covenant belongs to (its number on the Facilities sheet)' },
  ])
})

t.test('nothing typed into the template\'s sheets is dropped; other sheets are not read', async t => {
  const parts = withProfitParts()
  const read = readOk(await workbookOf(parts, (wb) => {
    const notes = wb.addWorksheet('Workings')
    notes.getCell('A1').value = 'drawn'
    notes.getCell('B7').value = 'anything at all'
    sheet(wb, 'Related parties').name = 'related_parties' // names match whatever their case and spacing
  }))
  t.strictSame(read.body, parts)
  t.equal(read.cellOf('/relatedParties/0/name'), 'related_parties!A2', 'cells are named by the sheet as the filer named it')

  const body = smallReturn()
  const bad = readReturnWorkbook(await workbookOf(body, (wb) => {
    sheet(wb, 'Facilities').getCell('J1').value = 'notes'
    sheet(wb, 'Facilities').getCell('J2').value = 'refinanced in May'
    sheet(wb, 'Settings').getCell('G5').value = 4
    sheet(wb, 'Return').getCell('C7').value = 'check with auditors'
    sheet(wb, 'Return').getCell('A30').value = 'accounts.turnover'
    sheet(wb, 'Return').getCell('B30').value = 1
  }))
  t.strictSame(problemsOf(bad), [
    { pointer: '', cell: 'Return!C7', detail: 'only columns A (field) and B (value) of Return are read: move this elsewhere or clear it' },
    { pointer: '', cell: 'Return!A30', detail: '"accounts.turnover" is not a field of the return; the fields are listed on the template\'s Return sheet' },
    { pointer: '', cell: 'Facilities!J1', detail: '"notes" is not a field of Facilities; its fields are facility, lender, kind, shareholderLoan, committed, drawn, maturityDate, interestRatePct, pik' },
    { pointer: '', cell: 'Settings!G5', detail: 'a value in a column with no field name in row 1 of Settings' },
  ])
})

t.test('a file that is not a workbook, or not the template, is one problem saying so', async t => {
  const notWorkbook = (bytes: Buffer) => {
    const problems = problemsOf(readReturnWorkbook(bytes))
    t.equal(problems.length, 1)
    t.equal(problems[0].pointer, '')
    t.notOk('cell' in problems[0], 'no cell to name')
    return problems[0].detail
  }
  t.match(notWorkbook(Buffer.from('{"periodStart":"2025-04-01"}')), /^The file is not an \.xlsx workbook the service can read: not a zip archive/)
  t.match(notWorkbook(Buffer.alloc(0)), /not a zip archive/)
  t.match(notWorkbook(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj')), /not a zip archive/)
  t.match(notWorkbook(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0])), /older \.xls workbook, or one saved with a password/)
  const full = await workbookOf(smallReturn())
  t.match(notWorkbook(full.subarray(0, full.length - 100)), /not a zip archive|corrupt/, 'cut short')

  t.strictSame(problemsOf(readReturnWorkbook(handWorkbook([{ name: 'Sheet1', rows: '' }]))), [
    { pointer: '', cell: 'Return!A1', detail: 'the workbook has no Return sheet: it is not laid out as the return\'s template' },
  ])
  const noFacilities = problemsOf(readReturnWorkbook(handWorkbook([{ name: 'Return', rows: '' }, ...emptyTableSheets(['Facilities'])])))
  t.strictSame(noFacilities, [{
    pointer: '/facilities', cell: 'Facilities!A1',
    detail: 'the workbook has no Facilities sheet; every sheet of the template but Services and Related parties must be there, even with no rows',
  }])
  t.match(notWorkbook(handWorkbook([{ name: 'Return', rows: '<row r="1"><c r="A1"><v>1</v></c>' }, ...emptyTableSheets()])), /Return is not well-formed/)
})
