import t from 'tap'
import ExcelJS from 'exceljs'
import { Accounts, AnnualReturnBody } from '../../schema/annual-return.js'
import { returnTemplate, xlsxBytes } from '../../src/spreadsheet/template.js'

// The template as a finance team gets it: written out and opened again (by exceljs, not by the
// service's own reader, so the layout is checked by a second pair of eyes).
const opened = (async () => {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(await xlsxBytes(returnTemplate()) as never)
  return wb
})()

const DATA_SHEETS = ['Return', 'Facilities', 'Covenants', 'Entities', 'Interests', 'Settings', 'Placements', 'Services', 'Related parties']

/** Where each table sheet's rows go in the return, in the notation of `contractFields`. */
const SHEET_PATH: Record<string, string> = {
  Facilities: 'facilities[]',
  Covenants: 'facilities[].covenants[]',
  Entities: 'ownership.entities[]',
  Interests: 'ownership.interests[]',
  Settings: 'settings[]',
  Placements: 'placements[]',
  Services: 'services[]',
  'Related parties': 'relatedParties[]',
}

// RULES.md, "New optional parts of a return" (ruleset 2027.1): laid out from the spec until the
// contract carries them; once it does, they are contract fields like any other.
const RULES_2027_1 = [
  'accounts.profitBeforeTax', 'accounts.directorsRemuneration', 'accounts.rentPayable',
  'services[].kind', 'services[].revenue', 'services[].childWeeks',
  'relatedParties[].name', 'relatedParties[].relationship', 'relatedParties[].ref',
  ...['rent', 'managementFees', 'interest', 'dividends', 'other'].map((k) => `relatedParties[].payments.${k}`),
]

interface Schema { type?: string; properties?: Record<string, Schema>; items?: Schema; else?: Schema }

/** Every field a JSON return can carry (native ownership: BODS statements have no sheet). */
const contractFields = (s: Schema = AnnualReturnBody as Schema, prefix = ''): string[] => {
  const node = s.else ?? s // ownership: native unless `bods` is given
  if (node.type === 'array') return contractFields(node.items!, `${prefix}[]`)
  if (node.type === 'object' && node.properties) {
    return Object.entries(node.properties).flatMap(([k, v]) => contractFields(v, prefix ? `${prefix}.${k}` : k))
  }
  return [prefix]
}

const headers = (ws: ExcelJS.Worksheet) => (ws.getRow(1).values as unknown[]).slice(1).map(String)

const templateFields = (wb: ExcelJS.Workbook) => {
  const fields: string[] = []
  wb.getWorksheet('Return')!.eachRow((row, n) => { if (n > 1) fields.push(String(row.getCell(1).value)) })
  for (const [sheet, path] of Object.entries(SHEET_PATH)) {
    for (const h of headers(wb.getWorksheet(sheet)!)) if (h !== 'facility') fields.push(`${path}.${h}`)
  }
  return fields
}

t.test('every field of the contract is in the template, and the template has no field the contract (or RULES.md 2027.1) does not', async t => {
  const wb = await opened
  const contract = contractFields()
  const template = templateFields(wb)
  t.ok(contract.length > 50, `the walk found the contract's fields (${contract.length})`)
  t.same(contract.filter((f) => !template.includes(f)), [], 'no contract field is missing from the template')
  t.same(template.filter((f) => !contract.includes(f) && !RULES_2027_1.includes(f)), [], 'no template field is unknown')
  t.same(RULES_2027_1.filter((f) => !template.includes(f)), [], "2027.1's optional parts are laid out")
  t.equal(new Set(template).size, template.length, 'no field twice')
})

t.test('the layout is CONSOLE.md\'s: sheets in order, Return as field/value rows, row 1 of each table its field names', async t => {
  const wb = await opened
  t.same(wb.worksheets.map((w) => w.name), [...DATA_SHEETS, 'Guide'])
  const ret = wb.getWorksheet('Return')!
  t.same([ret.getCell('A1').value, ret.getCell('B1').value], ['field', 'value'])
  const names: string[] = []
  ret.eachRow((row, n) => { if (n > 1) names.push(String(row.getCell(1).value)) })
  const accounts = Object.keys((Accounts as { properties: object }).properties)
  t.same(names.slice(0, 3 + accounts.length), ['periodStart', 'periodEnd', 'ownership.reportingEntity', ...accounts.map((a) => `accounts.${a}`)],
    'periodStart, periodEnd, ownership.reportingEntity, then every accounts field in the contract\'s order')
  t.same(headers(wb.getWorksheet('Facilities')!), ['facility', 'lender', 'kind', 'shareholderLoan', 'committed', 'drawn', 'maturityDate', 'interestRatePct', 'pik'],
    'facility, then every facility field but covenants')
  t.same(headers(wb.getWorksheet('Covenants')!), ['facility', 'metric', 'kind', 'limit', 'actual', 'testDate'])
  t.same(headers(wb.getWorksheet('Related parties')!).filter((h) => h.startsWith('payments.')),
    ['payments.rent', 'payments.managementFees', 'payments.interest', 'payments.dividends', 'payments.other'])
  for (const name of DATA_SHEETS.slice(1)) {
    t.equal(wb.getWorksheet(name)!.rowCount, 1, `${name}: only the field names, no rows to clear`)
  }
})

t.test('made for people: frozen field names, notes, checks on values, formats and a guide', async t => {
  const wb = await opened
  for (const name of DATA_SHEETS) {
    const ws = wb.getWorksheet(name)!
    t.match(ws.views[0], { state: 'frozen', ySplit: 1 }, `${name}: row 1 stays in view`)
    const width = name === 'Return' ? 1 : headers(ws).length
    for (let col = 1; col <= width; col++) {
      t.ok(ws.getColumn(col).width && ws.getColumn(col).width! >= 10, `${name} column ${col} has a width`)
    }
  }
  const facilities = wb.getWorksheet('Facilities')!
  t.match(String(facilities.getCell('C1').note), /Required.*Allowed: term_loan, revolving_credit, unitranche, bond, loan_notes, lease, other/, 'the note on kind lists its values')
  t.match(String(facilities.getCell('E1').note), /Whole pounds/)
  t.match(facilities.getCell('C7').dataValidation, { type: 'list', formulae: ['"term_loan,revolving_credit,unitranche,bond,loan_notes,lease,other"'] }, 'kind offers its values')
  t.match(facilities.getCell('D40').dataValidation, { type: 'list', formulae: ['"TRUE,FALSE"'] }, 'shareholderLoan offers TRUE and FALSE')
  t.match(facilities.getCell('F500').dataValidation, { type: 'whole', errorStyle: 'stop' }, 'drawn takes whole pounds only')
  t.match(facilities.getCell('G2').dataValidation, { type: 'date', errorStyle: 'warning' }, 'a date is checked, but ISO text is let through')
  t.match(facilities.getCell('G2').dataValidation, { showInputMessage: true, prompt: /falls due/ }, 'each value cell prompts with what it is')
  t.equal(facilities.getColumn(7).numFmt, 'yyyy-mm-dd', 'dates show as ISO')
  t.equal(facilities.getColumn(6).numFmt, '#,##0', 'money shows in pounds')
  t.equal(facilities.getColumn(2).numFmt, '@', 'text stays text (a company number keeps its leading zeros)')
  const ret = wb.getWorksheet('Return')!
  t.match(ret.getCell('B2').dataValidation, { type: 'date' })
  t.equal(ret.getCell('B2').numFmt, 'yyyy-mm-dd')
  t.match(String(ret.getCell('A2').note), /First day of the financial period/)
  const guide: string[] = []
  wb.getWorksheet('Guide')!.eachRow((row) => guide.push((row.values as unknown[]).slice(1).join(' | ')))
  t.ok(guide.some((l) => l.startsWith('Covenants | testDate | yes')), 'the guide lists every field')
  t.ok(guide.some((l) => /whole pounds/i.test(l)), 'and says how to write money')
})
