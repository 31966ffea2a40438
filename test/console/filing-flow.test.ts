// Filing in Chromium, as a finance team does it: a provider signs in, downloads the spreadsheet
// template, fills it in (exceljs, cell by cell under the names the template gives), uploads it and
// sees its receipt and assessment; then uploads one with a bad cell and sees the cell named in the
// error summary; and answers a requirement. With scripts on and off; axe-core finds nothing (run
// with scripts on).
// CONSOLE_SHOTS=<dir> also writes a PNG of each page there.
import t, { type Test } from 'tap'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ExcelJS from 'exceljs'
import type { Browser, Page } from 'playwright-core'
import { axeViolations, describeViolations, hasChromium, launchBrowser, NO_CHROMIUM, serve } from './browser.js'
import { bearer, seedProvider } from '../helper.js'
import { smallReturn } from '../fixtures/returns.js'
import type { AnnualReturn } from '../../src/domain/annual-return.js'
import { StartPage } from './pages/start-page.js'
import { IdentityProviderSignInPage } from './pages/identity-provider.js'
import { HomePage } from './pages/home-page.js'
import { FilingPage, ReturnPage } from './pages/filing-page.js'
import { RequirementPage } from './pages/requirement-page.js'

type Json = Record<string, unknown>
const at = (o: unknown, dotted: string) => dotted.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Json)[k] : undefined), o)
const cellValue = (v: unknown) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T00:00:00Z`) : v) as ExcelJS.CellValue

/** The downloaded template filled in with the return, by the field names it gives (Return's column A, each table's row 1). */
async function fillIn(template: Buffer, body: AnnualReturn, edit?: (wb: ExcelJS.Workbook) => void) {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(template as never)
  const ret = wb.getWorksheet('Return')!
  ret.getColumn(1).eachCell((cell, row) => {
    const v = typeof cell.value === 'string' ? at(body, cell.value) : undefined
    if (v !== undefined && v !== null && typeof v !== 'object') ret.getCell(row, 2).value = cellValue(v)
  })
  const tables: Record<string, Json[]> = {
    Facilities: body.facilities.map((f, i) => ({ facility: i + 1, ...f })),
    Covenants: body.facilities.flatMap((f, i) => f.covenants.map((c) => ({ facility: i + 1, ...c }))),
    Entities: (body.ownership as unknown as { entities: Json[] }).entities,
    Interests: (body.ownership as unknown as { interests: Json[] }).interests,
    Settings: body.settings as unknown as Json[],
    Placements: body.placements as unknown as Json[],
  }
  for (const [name, items] of Object.entries(tables)) {
    const ws = wb.getWorksheet(name)!
    const headers = ws.getRow(1).values as unknown[]
    items.forEach((item, i) => headers.forEach((h, col) => {
      const v = typeof h === 'string' ? at(item, h) : undefined
      if (v !== undefined && v !== null && typeof v !== 'object') ws.getCell(i + 2, col).value = cellValue(v)
    }))
  }
  edit?.(wb)
  return Buffer.from(await wb.xlsx.writeBuffer())
}

if (!hasChromium()) t.plan(0, NO_CHROMIUM)
else {
  const browser: Browser = await launchBrowser(t)
  const { app, base } = await serve(t)
  const reg = await bearer({ role: 'regulator' })
  const shots = process.env.CONSOLE_SHOTS
  if (shots) mkdirSync(shots, { recursive: true })

  async function check(t: Test, page: Page, what: string, js: boolean) {
    if (shots) await page.screenshot({ path: join(shots, `${what.replace(/\W+/g, '-')}${js ? '' : '-no-js'}.png`), fullPage: true })
    // axe runs in the page: only with scripts on (the markup is the same with them off)
    if (js) t.same(describeViolations(await axeViolations(page)), [], `${what}: no WCAG 2.2 AA violations`)
  }

  for (const javaScriptEnabled of [true, false]) {
    t.test(`with JavaScript ${javaScriptEnabled ? 'on' : 'off'}: a provider files its return from the template and sees its assessment`, async (t) => {
      const group = await seedProvider(app, { name: `Harbour <em>Homes</em> ${javaScriptEnabled ? 'North' : 'South'}` })
      const requirement = (await app.inject({
        method: 'POST', url: `/v1/providers/${group.id}/requirements`, headers: reg,
        payload: { kind: 'information', detail: 'Send the lender\'s waiver letter', dueDate: '2099-06-30' },
      })).json()
      const context = await browser.newContext({ javaScriptEnabled, acceptDownloads: true })
      t.teardown(() => context.close())
      const page = await context.newPage()
      await (await StartPage.visit(page, base)).signIn()
      await (await IdentityProviderSignInPage.verifyOnPage(page)).signInAs(`provider:${group.id}`)
      await HomePage.verifyOnPage(page, group.name)
      t.match(await page.getByTestId('rating').innerText(), /not filed a return yet/)
      await check(t, page, 'provider home', javaScriptEnabled)

      await page.getByTestId('file-a-return').click()
      const filing = await FilingPage.verifyOnPage(page)
      await check(t, page, 'filing page', javaScriptEnabled)
      const template = await filing.downloadTemplate()
      t.equal(template.filename, 'annual-return-template.xlsx')

      // A bad cell first: money in pence. Nothing is filed; the cell is named.
      const body = smallReturn()
      await filing.upload(await fillIn(template.bytes, body, (wb) => { wb.getWorksheet('Facilities')!.getCell('F2').value = 400_000.5 }))
      const refused = await FilingPage.verifyOnPage(page)
      const problems = await refused.problems()
      t.ok(problems.some((p) => p.startsWith('Facilities!F2')), `the cell is named: ${problems.join(' | ')}`)
      t.match(await page.title(), /^Error: File a return/)
      await check(t, page, 'filing page with a bad cell', javaScriptEnabled)
      t.same((await app.inject({ url: `/v1/providers/${group.id}/returns`, headers: reg })).json().items, [], 'nothing filed')

      // Then the template filled in properly: filed, the receipt and the assessment.
      await refused.upload(await fillIn(template.bytes, body))
      const filed = await ReturnPage.verifyOnPage(page)
      t.match(await filed.confirmation.innerText(), /Your return has been filed\./)
      const [version] = (await app.inject({ url: `/v1/providers/${group.id}/returns`, headers: reg })).json().items
      t.match(await filed.receipt.innerText(), new RegExp(version.id))
      const standing = (await app.inject({ url: `/v1/providers/${group.id}/stability`, headers: reg })).json()
      t.match(await filed.rating.innerText(), new RegExp(`rated ${standing.rating}`, 'i'))
      const assessment = (await app.inject({ url: `/v1/returns/${version.id}/assessment`, headers: reg })).json()
      const flagsText = await filed.flags.innerText()
      for (const f of assessment.flags) t.ok(flagsText.includes(f.ruleId) && flagsText.includes(f.explanation), `${f.ruleId} with its explanation`)
      t.same((await app.inject({ url: `/v1/returns/${version.id}`, headers: reg })).json().body, JSON.parse(JSON.stringify(body)), 'the workbook filed as the return it holds')
      await check(t, page, 'return page', javaScriptEnabled)

      if (javaScriptEnabled) {
        // Amending starts from the template filled with this return.
        await page.getByTestId('amend').click()
        const amend = await FilingPage.verifyOnPage(page, /^Amend your return for the period ending/)
        t.match((await amend.downloadTemplate()).filename, /^annual-return-2026-03-31-v1\.xlsx$/)
        await check(t, page, 'amendment page', javaScriptEnabled)
        // Reading accounts from iXBRL: the figures, where they came from, the template with them.
        await page.getByRole('link', { name: 'File a return' }).first().click()
        const next = await FilingPage.verifyOnPage(page)
        await next.accountsFile.setInputFiles(fileURLToPath(new URL('../fixtures/ixbrl/frs102-group.xhtml', import.meta.url)))
        await page.getByRole('button', { name: 'Read the accounts' }).click()
        await page.getByRole('heading', { level: 1, name: 'Accounts read from your iXBRL' }).waitFor()
        t.match(await page.getByTestId('figures').innerText(), /accounts\.revenue[\s\S]*£48,250,000/)
        await check(t, page, 'accounts read from iXBRL', javaScriptEnabled)
        const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('template-from-accounts').click()])
        t.match(download.suggestedFilename(), /from-accounts\.xlsx$/)
      }

      // The requirement awaiting a response, from the home page.
      await page.getByRole('link', { name: 'Home' }).first().click()
      await HomePage.verifyOnPage(page, group.name)
      await page.getByRole('link', { name: 'Information' }).click()
      const asked = await RequirementPage.verifyOnPage(page, 'Information')
      await check(t, page, 'requirement page', javaScriptEnabled)
      await asked.respond('', '')
      t.match(await asked.errorSummary.innerText(), /Enter the reference of the document you have sent/)
      await check(t, page, 'requirement page with errors', javaScriptEnabled)
      await asked.respond('SFT-77', 'The waiver letter, signed.')
      t.match(await asked.confirmation.innerText(), /Your response has been sent/)
      t.match(await asked.responses.innerText(), /SFT-77/)
      t.equal((await app.inject({ url: `/v1/providers/${group.id}/requirements`, headers: reg })).json().items.find((r: { id: string }) => r.id === requirement.id).status, 'answered')
    })
  }
}
