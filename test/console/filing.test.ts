// Filing through the console without a browser (signed in by the real OIDC flow over HTTP): a
// provider uploads its return as JSON or as the spreadsheet template through the form and it is
// filed by the API's own command (same document, receipt and assessment); an amendment files the
// next version; every problem with an upload is listed naming its cell; accounts read from iXBRL
// come back as the template with those figures in it; and only the group itself may file, with the
// form's CSRF token.
import t from 'tap'
import { readFileSync } from 'node:fs'
import ExcelJS from 'exceljs'
import { bearer, seedProvider } from '../helper.js'
import { smallReturn } from '../fixtures/returns.js'
import { sheet, workbookOf } from '../spreadsheet/support.js'
import { XLSX_MEDIA_TYPE } from '../../src/spreadsheet/index.js'
import { serve } from './browser.js'
import { csrfTokenOf } from './http.js'
import { summaryItems, Uploader } from './filing-http.js'

const fixture = (name: string) => readFileSync(new URL(`../fixtures/ixbrl/${name}`, import.meta.url))
const xlsx = (bytes: Buffer, filename = 'return.xlsx') => ({ filename, bytes, type: XLSX_MEDIA_TYPE })
const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
const json = (body: unknown, filename = 'return.json') => ({ filename, bytes: JSON.stringify(body), type: 'application/json' })

t.test('a provider files its return through the form, as JSON or as the spreadsheet, and amends it', async (t) => {
  const { app, base } = await serve(t)
  const group = await seedProvider(app, { name: 'Harbour <em>Homes</em>' })
  const other = await seedProvider(app)
  const reg = await bearer({ role: 'regulator' })
  const versions = async () => (await app.inject({ url: `/v1/providers/${group.id}/returns`, headers: reg })).json().items as Array<{ id: string; version: number; periodEnd: string }>

  const provider = await Uploader.signIn(base, `provider:${group.id}`)
  const page = await provider.request(`/providers/${group.id}/returns/new`)
  t.equal(page.status, 200)
  t.match(page.text, /<h1 class="govuk-heading-l">File a return<\/h1>/)
  t.match(page.text, /Harbour &lt;em&gt;Homes&lt;\/em&gt;/, 'the group\'s name as text')
  t.match(page.text, /enctype="multipart\/form-data"/)
  t.match(page.text, /href="\/returns\/template.xlsx"/, 'the empty template to download')
  const csrf = { _csrf: csrfTokenOf(page.text) }

  const template = await provider.request('/returns/template.xlsx')
  t.equal(template.status, 200)
  t.equal(template.headers.get('content-type'), XLSX_MEDIA_TYPE)
  t.same(template.bytes, (await app.inject({ url: '/v1/returns/template.xlsx', headers: reg })).rawPayload, 'the API\'s template')

  // Refused: no token, no file, a file that is not a workbook, a file that is neither.
  const body = smallReturn()
  const noToken = await provider.request(`/providers/${group.id}/returns`, { files: { return: json(body) } })
  t.equal(noToken.status, 403, 'a post without the CSRF token is refused')
  t.match(noToken.text, /The form could not be sent/)
  const wrongToken = await provider.request(`/providers/${group.id}/returns`, { form: { _csrf: 'forged' }, files: { return: json(body) } })
  t.equal(wrongToken.status, 403, 'and one with a token of no session')
  t.same(await versions(), [], 'nothing filed')

  const noFile = await provider.request(`/providers/${group.id}/returns`, { form: csrf, files: { return: { filename: '', bytes: '' } } })
  t.equal(noFile.status, 400)
  t.same(summaryItems(noFile.text), ['Select the file of your return'])
  const tooLarge = await provider.request(`/providers/${group.id}/returns`, { form: csrf, files: { return: { filename: 'return.json', bytes: Buffer.alloc(10 * 1024 * 1024 + 1, 0x20) } } })
  t.equal(tooLarge.status, 413, 'a file over the API\'s body limit')
  t.same(summaryItems(tooLarge.text), ['The file must be smaller than 10 MB'])
  const notWorkbook = await provider.request(`/providers/${group.id}/returns`, { form: csrf, files: { return: xlsx(Buffer.from('these are not the figures'), 'figures.xlsx') } })
  t.equal(notWorkbook.status, 422)
  t.match(summaryItems(notWorkbook.text)[0], /not an .xlsx workbook|not a workbook|zip/i, 'a file that is not a workbook says so')
  const neither = await provider.request(`/providers/${group.id}/returns`, { form: csrf, files: { return: { filename: 'notes.txt', bytes: 'hello' } } })
  t.equal(neither.status, 422)
  t.same(summaryItems(neither.text), ['The selected file must be the spreadsheet template (.xlsx) or a JSON return (.json)'])
  const badJson = await provider.request(`/providers/${group.id}/returns`, { form: csrf, files: { return: json({ ...body, accounts: { ...body.accounts, revenue: 'lots' }, surplus: 1 }) } })
  t.equal(badJson.status, 422)
  t.ok(summaryItems(badJson.text).some((e) => e.startsWith('/accounts/revenue: ')), 'JSON problems name their pointer')
  t.ok(summaryItems(badJson.text).some((e) => /surplus/.test(e)), 'an unknown field too')
  t.same(await versions(), [], 'still nothing filed')

  // A bad cell: the reader's, the contract's and the domain's problems each name it.
  const spoilt = await workbookOf(body, (wb) => {
    sheet(wb, 'Facilities').getCell('F2').value = 400_000.5
    sheet(wb, 'Placements').getCell('A2').value = 'E09999999'
  })
  const badCell = await provider.request(`/providers/${group.id}/returns`, { form: csrf, files: { return: xlsx(spoilt) } })
  t.equal(badCell.status, 422)
  t.match(badCell.text, /<title>Error: File a return/)
  t.ok(summaryItems(badCell.text).some((e) => e.startsWith('Facilities!F2')), `the cell is named: ${summaryItems(badCell.text).join(' | ')}`)
  t.match(badCell.text, /href="#return"/, 'each linked to the upload')
  const domain = await provider.request(`/providers/${group.id}/returns`, { form: csrf, files: { return: xlsx(await workbookOf(body, (wb) => { sheet(wb, 'Placements').getCell('A2').value = 'E09999999' })) } })
  t.equal(domain.status, 422)
  t.ok(summaryItems(domain.text).some((e) => e.startsWith('Placements!A2')), `the domain's problem names its cell: ${summaryItems(domain.text).join(' | ')}`)

  // Many problems: the first are listed and the rest counted.
  const many = await provider.request(`/providers/${group.id}/returns`, { form: csrf, files: { return: json({ ...body, placements: Array.from({ length: 40 }, () => ({ laCode: 'nowhere', children: -1 })) }) } })
  t.equal(many.status, 422)
  t.equal(summaryItems(many.text).length, 20, 'twenty listed')
  t.match(many.text, /more problems not listed/)

  // Filed as JSON: the API's command, the receipt and the assessment.
  const filed = await provider.request(`/providers/${group.id}/returns`, { form: csrf, files: { return: json(body) } })
  t.equal(filed.status, 303, filed.text.slice(0, 300))
  const [v1] = await versions()
  t.equal(filed.location, `/providers/${group.id}/returns/${v1.id}`)
  const stored = (await app.inject({ url: `/v1/returns/${v1.id}`, headers: reg })).json()
  t.same(stored.body, JSON.parse(JSON.stringify(body)), 'the document as sent')
  const receipt = await provider.request(filed.location!)
  t.equal(receipt.status, 200)
  t.match(receipt.text, /Your return has been filed\./)
  t.match(receipt.text, new RegExp(`data-testid="reference">${v1.id}<`))
  const assessment = (await app.inject({ url: `/v1/returns/${v1.id}/assessment`, headers: reg })).json()
  const standing = (await app.inject({ url: `/v1/providers/${group.id}/stability`, headers: reg })).json()
  t.match(receipt.text, new RegExp(`data-testid="rating">The group is rated <strong class="govuk-tag[^"]*">\\s*${standing.rating}`, 'i'))
  t.ok(assessment.flags.length > 0, 'the assessment raised flags to show')
  for (const f of assessment.flags) t.ok(receipt.text.includes(escapeHtml(f.explanation)), `flag ${f.ruleId} explained`)
  const audit = (await app.inject({ url: '/v1/audit?limit=5', headers: reg })).json().items.find((e: { action: string }) => e.action === 'return.file')
  t.match(audit, { actorRole: 'provider', actorSub: `provider:${group.id}` }, 'audited as the person signed in')

  // Filing the same period again says to amend.
  const again = await provider.request(`/providers/${group.id}/returns`, { form: csrf, files: { return: json(body) } })
  t.equal(again.status, 409)
  t.match(summaryItems(again.text)[0], /already been filed; amend it instead/)
  t.match(again.text, new RegExp(`href="/providers/${group.id}/returns/${v1.id}/amend"`), 'linked to amending it')

  // The template filled with the latest return; amended as a workbook: version 2.
  const filledTemplate = await provider.request(`/providers/${group.id}/returns/template.xlsx`)
  t.equal(filledTemplate.status, 200)
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(filledTemplate.bytes as never)
  const revenueRow = sheet(wb, 'Return').getColumn(1).values.findIndex((v) => v === 'accounts.revenue')
  t.equal(sheet(wb, 'Return').getCell(revenueRow, 2).value, body.accounts.revenue, 'filled with the return')
  sheet(wb, 'Return').getCell(revenueRow, 2).value = body.accounts.revenue + 1000
  const amendPage = await provider.request(`/providers/${group.id}/returns/${v1.id}/amend`)
  t.equal(amendPage.status, 200)
  t.match(amendPage.text, /Amend your return for the period ending/)
  const amended = await provider.request(`/providers/${group.id}/returns/${v1.id}/amendments`, { form: csrf, files: { return: xlsx(Buffer.from(await wb.xlsx.writeBuffer())) } })
  t.equal(amended.status, 303, amended.text.slice(0, 300))
  const [v2] = await versions()
  t.match(v2, { version: 2 })
  t.equal((await app.inject({ url: `/v1/returns/${v2.id}`, headers: reg })).json().body.accounts.revenue, body.accounts.revenue + 1000)
  t.match((await provider.request(amended.location!)).text, /Version 2 of your return has been filed\./)
  const stale = await provider.request(`/providers/${group.id}/returns/${v1.id}/amendments`, { form: csrf, files: { return: json(body) } })
  t.equal(stale.status, 409, 'a superseded version cannot be amended')

  // Another period, as a workbook.
  const next = smallReturn({ periodStart: '2024-04-01', periodEnd: '2025-03-31', seed: 2 })
  const byWorkbook = await provider.request(`/providers/${group.id}/returns`, { form: csrf, files: { return: xlsx(await workbookOf(next)) } })
  t.equal(byWorkbook.status, 303, summaryItems(byWorkbook.text).join(' | '))
  t.equal((await versions()).filter((v) => v.periodEnd === '2025-03-31').length, 1)

  // Another group's pages do not exist for this provider.
  t.equal((await provider.request(`/providers/${other.id}/returns/new`)).status, 404)
  t.equal((await provider.request(`/providers/${other.id}/returns`, { form: csrf, files: { return: json(body) } })).status, 404)
  t.equal((await provider.request(`/providers/${other.id}/returns/${v2.id}`)).status, 404, 'a return under another group\'s path')
  t.equal((await provider.request(`/providers/${other.id}/returns/template.xlsx`)).status, 404)
})

t.test('the regulator and councils may not file', async (t) => {
  const { app, base } = await serve(t)
  const group = await seedProvider(app)
  for (const account of ['regulator', 'council:E09000007']) {
    const person = await Uploader.signIn(base, account)
    const page = await person.request(`/providers/${group.id}/returns/new`)
    t.equal(page.status, 403, `${account}: the filing page`)
    t.match(page.text, /You do not have access to this page/)
    // the regulator's token from a form of its own: refused for the role, not the token
    const form = account === 'regulator' ? { _csrf: csrfTokenOf((await person.request(`/providers/${group.id}`)).text) } : undefined
    const post = await person.request(`/providers/${group.id}/returns`, { form, files: { return: json(smallReturn()) } })
    t.equal(post.status, 403, `${account}: filing`)
    t.match(post.text, /You do not have access to this page/)
  }
  t.same((await app.inject({ url: `/v1/providers/${group.id}/returns`, headers: await bearer({ role: 'regulator' }) })).json().items, [])
})

t.test('accounts read from iXBRL come back as the template with those figures in it', async (t) => {
  const { app, base } = await serve(t)
  const group = await seedProvider(app)
  const provider = await Uploader.signIn(base, `provider:${group.id}`)
  const csrf = { _csrf: csrfTokenOf((await provider.request(`/providers/${group.id}/returns/new`)).text) }

  const bad = await provider.request(`/providers/${group.id}/returns/accounts`, { form: csrf, files: { accounts: { filename: 'accounts.html', bytes: fixture('not-xml.html'), type: 'text/html' } } })
  t.equal(bad.status, 422)
  t.match(summaryItems(bad.text)[0], /cannot be read as iXBRL accounts/)
  t.match(bad.text, /href="#accounts"/)

  const read = await provider.request(`/providers/${group.id}/returns/accounts`, { form: csrf, files: { accounts: { filename: 'accounts.xhtml', bytes: fixture('frs102-group.xhtml'), type: 'application/xhtml+xml' } } })
  t.equal(read.status, 200, summaryItems(read.text).join(' | '))
  t.match(read.text, /Accounts read from your iXBRL/)
  t.match(read.text, /accounts.revenue[\s\S]*?£48,250,000/)
  t.match(read.text, /09876543/)

  const template = await provider.request(`/providers/${group.id}/returns/template.xlsx?from=accounts`)
  t.equal(template.status, 200)
  t.match(template.headers.get('content-disposition'), /from-accounts\.xlsx/)
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(template.bytes as never)
  const fields = sheet(wb, 'Return').getColumn(1).values
  const valueOf = (name: string) => sheet(wb, 'Return').getCell(fields.findIndex((v) => v === name), 2).value
  t.equal(valueOf('accounts.revenue'), 48_250_000)
  t.match(String(valueOf('accountsSource.ixbrlSha256')), /^[0-9a-f]{64}$/, 'citing the document')
  t.ok(valueOf('periodEnd'), 'the period read')
})
