// Returns filed and amended as the spreadsheet template through the real routes: the same contract,
// command, receipt and idempotency as JSON, every problem naming its cell, the template served
// empty or filled with the group's latest return, and nothing half-filed.
import t from 'tap'
import ExcelJS from 'exceljs'
import { build, bearer, isProblem, seedProvider } from '../../helper.js'
import { fullReturn, smallReturn, asBods, type Spoilable } from '../../fixtures/returns.js'
import { countParts } from '../../../src/db/queries/returns.js'
import type { AnnualReturn } from '../../../src/domain/annual-return.js'
import { XLSX_MEDIA_TYPE } from '../../../src/spreadsheet/index.js'
import { sheet, workbookOf } from '../../spreadsheet/support.js'

const TODAY = new Date('2026-11-23T10:00:00Z')
type App = Awaited<ReturnType<typeof build>>

const asProvider = (providerId: string) => bearer({ role: 'provider', providerId })

const fileJson = async (app: App, providerId: string, body: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: `/v1/providers/${providerId}/returns`, headers: { ...await asProvider(providerId), ...headers }, payload: body as object })

const upload = async (app: App, url: string, providerId: string, workbook: Buffer, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url, headers: { ...await asProvider(providerId), 'content-type': XLSX_MEDIA_TYPE, ...headers }, payload: workbook })

const fileWorkbook = (app: App, providerId: string, workbook: Buffer, headers: Record<string, string> = {}) =>
  upload(app, `/v1/providers/${providerId}/returns`, providerId, workbook, headers)

/** The small return, ended two months before TODAY, with ruleset 2027.1's parts (services, related parties). */
const withProfitParts = (): AnnualReturn => {
  const r = smallReturn({ periodStart: '2025-10-01', periodEnd: '2026-09-30' })
  return {
    ...r,
    accounts: { ...r.accounts, profitBeforeTax: 725_000, directorsRemuneration: 240_000, rentPayable: 610_000 },
    services: [{ kind: 'childrens_homes', revenue: 8_000_000, childWeeks: 1_300 }, { kind: 'other', revenue: 600_000, childWeeks: 0 }],
    relatedParties: [
      { name: 'Okafor Properties Ltd', relationship: 'owner_affiliate', payments: { rent: 360_000 } },
      { name: 'The founder', relationship: 'owner', ref: 'founder', payments: { dividends: 150_000, managementFees: 40_000 } },
    ],
  }
}

/** What an assessment says, without what names the return it was made of. */
const said = (assessment: Record<string, unknown>) => {
  const { id: _id, returnId: _returnId, ...rest } = assessment
  return rest
}

t.test('a workbook and the same figures as JSON file the same document and get identical assessments', async (t) => {
  const app = await build(t, { now: () => TODAY })
  for (const [name, body] of [['the full return', fullReturn()], ['a return with services and related parties', withProfitParts()]] as const) {
    const byJson = await seedProvider(app)
    const byWorkbook = await seedProvider(app)
    const json = await fileJson(app, byJson.id, body)
    t.equal(json.statusCode, 201, json.body.slice(0, 300))
    const xlsx = await fileWorkbook(app, byWorkbook.id, await workbookOf(body))
    t.equal(xlsx.statusCode, 201, xlsx.body.slice(0, 500))
    const [a, b] = [json.json(), xlsx.json()]
    t.match(b, { providerId: byWorkbook.id, version: 1, status: 'accepted', supersedes: null, periodEnd: body.periodEnd }, `${name}: the same receipt`)
    t.ok(Array.isArray(a.assessment.flags) && a.assessment.flags.length > 0, `${name}: the assessment raises flags to compare`)
    t.same(said(b.assessment), said(a.assessment), `${name}: identical assessments`)

    const read = async (id: string) => (await app.inject({ url: `/v1/returns/${id}`, headers: await bearer({ role: 'regulator' }) })).json()
    const [storedJson, storedXlsx] = [await read(a.id), await read(b.id)]
    t.same(storedXlsx.body, body, `${name}: the workbook is stored as the JSON it stands for`)
    t.equal(storedXlsx.bodySha256, storedJson.bodySha256, `${name}: byte for byte the same document`)
  }
})

t.test('every problem names its cell: the reader\'s, the contract\'s and the domain\'s', async (t) => {
  const app = await build(t, { now: () => TODAY })
  const p = await seedProvider(app)
  const body = smallReturn() as Spoilable
  const workbook = await workbookOf(body, (wb) => {
    // money in pence (the reader refuses it), a blank required lender (the contract), a covenant
    // tested outside the period (the domain), a council that is not one (the domain)
    sheet(wb, 'Facilities').getCell('F2').value = 400_000.5
    sheet(wb, 'Facilities').getCell('B3').value = null
    sheet(wb, 'Covenants').getCell('F2').value = new Date(Date.UTC(2019, 0, 31))
    sheet(wb, 'Placements').getCell('A2').value = 'E09999999'
  })
  const readRefusal = await fileWorkbook(app, p.id, workbook)
  t.equal(readRefusal.statusCode, 422)
  t.ok(isProblem(readRefusal))
  t.same(readRefusal.json().errors.map((e: { pointer: string; cell: string }) => [e.pointer, e.cell]), [['/facilities/0/drawn', 'Facilities!F2']],
    'a value the reader refuses stops the workbook there, at its cell')

  const fixedPence = await workbookOf(body, (wb) => {
    sheet(wb, 'Facilities').getCell('B3').value = null
    sheet(wb, 'Covenants').getCell('F2').value = new Date(Date.UTC(2019, 0, 31))
    sheet(wb, 'Placements').getCell('A2').value = 'E09999999'
  })
  const contract = await fileWorkbook(app, p.id, fixedPence)
  t.equal(contract.statusCode, 422)
  const contractErrors = contract.json().errors as { pointer: string; cell: string; detail: string }[]
  t.match(contractErrors, [{ pointer: '/facilities/1/lender', cell: 'Facilities!B3' }], `the contract's problem at its cell: ${JSON.stringify(contractErrors)}`)

  const domainOnly = await workbookOf(body, (wb) => {
    sheet(wb, 'Covenants').getCell('F2').value = new Date(Date.UTC(2019, 0, 31))
    sheet(wb, 'Placements').getCell('A2').value = 'E09999999'
  })
  const domain = await fileWorkbook(app, p.id, domainOnly)
  t.equal(domain.statusCode, 422)
  const cells = Object.fromEntries((domain.json().errors as { pointer: string; cell: string }[]).map((e) => [e.pointer, e.cell]))
  t.equal(cells['/facilities/0/covenants/0/testDate'], 'Covenants!F2', 'a covenant tested outside the period')
  t.equal(cells['/placements/0/laCode'], 'Placements!A2', 'a council that is not one')
  t.same(await countParts(app.db), { returns: 0, placements: 0, settingUrns: 0 }, 'nothing was filed')
})

t.test('a file that is not a workbook, or not the template, is one 422 problem', async (t) => {
  const app = await build(t, { now: () => TODAY })
  const p = await seedProvider(app)
  const notZip = await fileWorkbook(app, p.id, Buffer.from(JSON.stringify(smallReturn())))
  t.equal(notZip.statusCode, 422)
  t.ok(isProblem(notZip))
  t.match(notZip.json(), { type: 'urn:provider-oversight:problem:validation-failed', detail: /not an \.xlsx workbook/, errors: [{ pointer: '' }] })

  const wb = new ExcelJS.Workbook()
  wb.addWorksheet('Figures').getCell('A1').value = 'revenue'
  const noReturn = await fileWorkbook(app, p.id, Buffer.from(await wb.xlsx.writeBuffer()))
  t.equal(noReturn.statusCode, 422)
  t.match(noReturn.json(), { detail: /no Return sheet/, errors: [{ pointer: '', cell: 'Return!A1' }] })

  const text = await app.inject({ method: 'POST', url: `/v1/providers/${p.id}/returns`, headers: { ...await asProvider(p.id), 'content-type': 'text/csv' }, payload: 'a,b' })
  t.equal(text.statusCode, 415, 'another media type is still refused')
  t.same(await countParts(app.db), { returns: 0, placements: 0, settingUrns: 0 })
})

t.test('the upload is bounded by the body limit', async (t) => {
  const app = await build(t, { now: () => TODAY, config: { bodyLimit: 4096 } })
  const p = await seedProvider(app)
  const res = await fileWorkbook(app, p.id, await workbookOf(smallReturn()))
  t.equal(res.statusCode, 413)
  t.ok(isProblem(res))
})

t.test('Idempotency-Key: a retry of the same workbook replays; another workbook under the key is refused', async (t) => {
  const app = await build(t, { now: () => TODAY })
  const p = await seedProvider(app)
  const body = smallReturn()
  const workbook = await workbookOf(body)
  const key = { 'idempotency-key': 'fy2026-workbook' }
  const first = await fileWorkbook(app, p.id, workbook, key)
  t.equal(first.statusCode, 201)
  const again = await fileWorkbook(app, p.id, workbook, key)
  t.equal(again.statusCode, 201)
  t.equal(again.headers['idempotent-replayed'], 'true')
  t.same(again.json(), first.json(), 'the first receipt')
  const other = await fileWorkbook(app, p.id, await workbookOf({ ...body, accounts: { ...body.accounts, cash: body.accounts.cash + 1 } }), key)
  t.equal(other.statusCode, 422)
  t.equal(other.json().type, 'urn:provider-oversight:problem:idempotency-key-reused')
  const asJson = await fileJson(app, p.id, body, key)
  t.equal(asJson.json().type, 'urn:provider-oversight:problem:idempotency-key-reused', 'the same figures as JSON are another request')

  // A refusal is the answer too, replayed with its cells.
  const q = await seedProvider(app)
  const bad = await workbookOf(body, (wb) => { sheet(wb, 'Placements').getCell('A2').value = 'E09999999' })
  const refused = await fileWorkbook(app, q.id, bad, { 'idempotency-key': 'bad-one' })
  t.equal(refused.statusCode, 422)
  const replayed = await fileWorkbook(app, q.id, bad, { 'idempotency-key': 'bad-one' })
  t.equal(replayed.headers['idempotent-replayed'], 'true')
  t.same(replayed.json().errors, refused.json().errors)
  t.match(replayed.json().errors, [{ pointer: '/placements/0/laCode', cell: 'Placements!A2' }])
})

t.test('the template: empty for any filer, filled with the group\'s latest return to amend it', async (t) => {
  const app = await build(t, { now: () => TODAY })
  const p = await seedProvider(app)
  const other = await seedProvider(app)

  const empty = await app.inject({ url: '/v1/returns/template.xlsx', headers: await asProvider(p.id) })
  t.equal(empty.statusCode, 200)
  t.equal(empty.headers['content-type'], XLSX_MEDIA_TYPE)
  t.match(empty.headers['content-disposition'], /attachment; filename="annual-return-template\.xlsx"/)
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(empty.rawPayload as unknown as ArrayBuffer)
  t.same(wb.worksheets.map((w) => w.name),
    ['Return', 'Facilities', 'Covenants', 'Entities', 'Interests', 'Settings', 'Placements', 'Services', 'Related parties', 'Guide'])
  t.equal((await app.inject({ url: '/v1/returns/template.xlsx', headers: await bearer({ role: 'council', laCode: 'E09000007' }) })).statusCode, 403, 'councils file nothing')

  const none = await app.inject({ url: `/v1/returns/template.xlsx?providerId=${p.id}`, headers: await asProvider(p.id) })
  t.equal(none.statusCode, 404, 'no return filed yet')
  const body = smallReturn()
  const filed = await fileJson(app, p.id, body)
  t.equal(filed.statusCode, 201)

  const foreign = await app.inject({ url: `/v1/returns/template.xlsx?providerId=${p.id}`, headers: await asProvider(other.id) })
  t.equal(foreign.statusCode, 404, 'another group\'s return does not exist for a provider')
  const council = await app.inject({ url: `/v1/returns/template.xlsx?providerId=${p.id}`, headers: await bearer({ role: 'council', laCode: 'E09000007' }) })
  t.equal(council.statusCode, 403)
  const regulator = await app.inject({ url: `/v1/returns/template.xlsx?providerId=${p.id}`, headers: await bearer({ role: 'regulator' }) })
  t.equal(regulator.statusCode, 200)

  const mine = await app.inject({ url: `/v1/returns/template.xlsx?providerId=${p.id}`, headers: await asProvider(p.id) })
  t.equal(mine.statusCode, 200)
  t.match(mine.headers['content-disposition'], new RegExp(`annual-return-${body.periodEnd}-v1\\.xlsx`))
  // the finance team changes a figure and uploads the workbook as the amendment
  const filledIn = new ExcelJS.Workbook()
  await filledIn.xlsx.load(mine.rawPayload as unknown as ArrayBuffer)
  const returnSheet = filledIn.getWorksheet('Return')!
  const cashRow = returnSheet.getColumn(1).values.findIndex((v) => v === 'accounts.cash')
  returnSheet.getCell(cashRow, 2).value = 123_456
  const amended = await upload(app, `/v1/returns/${filed.json().id}/amendments`, p.id, Buffer.from(await filledIn.xlsx.writeBuffer()))
  t.equal(amended.statusCode, 201, amended.body.slice(0, 500))
  t.match(amended.json(), { version: 2, supersedes: filed.json().id })
  const stored = (await app.inject({ url: `/v1/returns/${amended.json().id}`, headers: await bearer({ role: 'regulator' }) })).json()
  t.same(stored.body, { ...body, accounts: { ...body.accounts, cash: 123_456 } }, 'the amendment is the return with the one figure changed')

  // an amendment keeps the period: a changed one is named at its cell
  const periodMoved = await workbookOf(stored.body, (w) => { sheet(w, 'Return').getCell('B3').value = new Date(Date.UTC(2026, 2, 30)) })
  const moved = await upload(app, `/v1/returns/${amended.json().id}/amendments`, p.id, periodMoved)
  t.equal(moved.statusCode, 422)
  t.match(moved.json().errors, [{ pointer: '/periodEnd', cell: 'Return!B3' }])
  const foreignAmendment = await upload(app, `/v1/returns/${amended.json().id}/amendments`, other.id, periodMoved)
  t.equal(foreignAmendment.statusCode, 404, 'another group\'s return cannot be amended')

  // a return whose ownership is BODS statements has no workbook form
  const q = await seedProvider(app)
  t.equal((await fileJson(app, q.id, asBods(smallReturn()))).statusCode, 201)
  const bods = await app.inject({ url: `/v1/returns/template.xlsx?providerId=${q.id}`, headers: await asProvider(q.id) })
  t.equal(bods.statusCode, 409)
  t.ok(isProblem(bods))
})
