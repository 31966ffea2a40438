// The "done when", in Chromium: the regulator signs in and works a flag from open to
// resolved entirely in the browser (filter the register, open the flag, start the review, try to
// resolve it without a reason, resolve it), with scripts on and with scripts off; axe-core finds
// nothing on any page of the way.
import t, { type Test } from 'tap'
import type { Browser, Page } from 'playwright-core'
import { axeViolations, describeViolations, hasChromium, launchBrowser, NO_CHROMIUM, serve } from './browser.js'
import { bearer } from '../helper.js'
import { troubledGroup } from './flags.js'
import { StartPage } from './pages/start-page.js'
import { IdentityProviderSignInPage } from './pages/identity-provider.js'
import { HomePage } from './pages/home-page.js'
import { RegisterPage } from './pages/register-page.js'
import { FlagPage } from './pages/flag-page.js'

if (!hasChromium()) t.plan(0, NO_CHROMIUM)
else {
  const browser: Browser = await launchBrowser(t)
  const { app, base } = await serve(t)
  const scripted = await troubledGroup(app, 'Harbour <em>Homes</em> Group')
  const plain = await troubledGroup(app, 'Lantern House Care Ltd')
  const reg = await bearer({ role: 'regulator' })
  const flagOf = async (providerId: string) =>
    (await app.inject({ url: `/v1/flags?providerId=${providerId}&ruleId=FIN-GOING-CONCERN`, headers: reg })).json().items[0] as { id: string; status: string }

  async function check(t: Test, page: Page, what: string) {
    t.same(describeViolations(await axeViolations(page)), [], `${what}: no WCAG 2.2 AA violations`)
  }

  async function regulatorSignedIn(javaScriptEnabled: boolean) {
    const context = await browser.newContext({ javaScriptEnabled })
    t.teardown(() => context.close())
    const page = await context.newPage()
    await (await StartPage.visit(page, base)).signIn()
    await (await IdentityProviderSignInPage.verifyOnPage(page)).signInAs('regulator')
    await HomePage.verifyOnPage(page, 'Oversight')
    return page
  }

  for (const [javaScriptEnabled, group] of [[true, scripted], [false, plain]] as const) {
    t.test(`with JavaScript ${javaScriptEnabled ? 'on' : 'off'}: the regulator works a flag from open to resolved`, async (t) => {
      const page = await regulatorSignedIn(javaScriptEnabled)
      // axe-core runs as a script in the page, which scripts off forbids: the markup is the same.
      const checkPage = javaScriptEnabled ? check : async () => {}
      t.equal(await page.locator('body.js-enabled').count(), javaScriptEnabled ? 1 : 0)
      await page.getByRole('link', { name: 'Risk register' }).first().click()
      const register = await RegisterPage.verifyOnPage(page)
      await checkPage(t, page, 'the register')
      const all = await register.table()
      t.ok(all.length >= 4, 'both groups\' flags are listed')
      t.equal(all[0][0], 'Red', 'red first')
      t.ok(all.some((row) => row[2].startsWith('Harbour <em>Homes</em> Group')), 'a group\'s name with markup, as text')
      if (javaScriptEnabled) {
        // The page's rows sorted by a column in the browser, both ways; the server's order is unchanged.
        t.equal(await register.sortBy('Rule'), 'ascending')
        // A rule's cell reads "FIN-LEVERAGE for <group>" to a screen reader; the column sorts by the rule.
        const ruleOf = (row: string[]) => row[1].split(/\s+for\s/)[0]
        const rules = (await register.table()).map(ruleOf)
        t.same(rules, [...rules].sort((a, b) => a.localeCompare(b)), 'sorted by rule')
        t.equal(await register.sortBy('Rule'), 'descending')
        t.same((await register.table()).map(ruleOf), [...rules].sort((a, b) => b.localeCompare(a)), 'and the other way')
        await checkPage(t, page, 'the register sorted')
      } else {
        t.equal(await page.getByTestId('register').getByRole('button').count(), 0, 'without scripts, plain headings')
      }

      await register.filter({ Severity: 'Red', Status: 'Open' })
      const red = await register.table()
      t.ok(red.length >= 1 && red.every((row) => row[0] === 'Red' && row[4] === 'Open'), 'only open red flags')
      t.ok(red.length < all.length, 'fewer than all')
      t.match(await register.selectedFilters.innerText(), /Red[\s\S]*Open/)
      await checkPage(t, page, 'the register filtered')

      await register.open('FIN-GOING-CONCERN', group.name)
      const flag = await FlagPage.verifyOnPage(page, 'FIN-GOING-CONCERN')
      t.equal((await flag.caption.innerText()).trim(), group.name)
      t.match(await flag.explanation.innerText(), /going concern/i)
      t.ok(await flag.evidence.isVisible(), 'the evidence')
      t.equal(await flag.fact('Status'), 'Open')
      t.same(await flag.moveLabels(), ['Start review'])
      await checkPage(t, page, 'an open flag')

      await flag.move('Start review')
      await FlagPage.verifyOnPage(page, 'FIN-GOING-CONCERN')
      t.match(await flag.confirmation.innerText(), /The flag is now under review/)
      t.equal(await flag.fact('Status'), 'Under review')
      t.same(await flag.moveLabels(), ['Escalate', 'Resolve', 'Dismiss'])

      await flag.move('Resolve', '')
      t.match(await flag.errorSummary.innerText(), /There is a problem[\s\S]*Enter the reason for resolving the flag/)
      t.match(await page.title(), /^Error: /)
      await checkPage(t, page, 'the form with an error')
      await flag.errorSummary.getByRole('link', { name: 'Enter the reason for resolving the flag' }).click()
      if (javaScriptEnabled) t.ok(await page.evaluate('document.activeElement && document.activeElement.id') === 'rationale', 'the summary\'s link takes you to the field')
      t.equal((await flagOf(group.id)).status, 'under_review', 'nothing changed')

      await flag.move('Resolve', 'The parent company\'s guarantee was seen')
      t.match(await flag.confirmation.innerText(), /The flag has been resolved/)
      t.equal(await flag.fact('Status'), 'Resolved')
      t.ok(await flag.closed.isVisible(), 'a closed flag has no moves')
      t.same((await flag.historyTitles()).slice(0, 2), ['Under review to Resolved', 'Open to Under review'])
      t.match(await flag.history.first().innerText(), /by regulator[\s\S]*The parent company’s guarantee was seen|by regulator[\s\S]*The parent company's guarantee was seen/)
      await checkPage(t, page, 'a resolved flag')
      t.equal((await flagOf(group.id)).status, 'resolved', 'the API agrees')

      // The audit log has each move, made by the person signed in, linked to the flag.
      await page.getByRole('link', { name: 'Audit log' }).first().click()
      await page.locator('h1', { hasText: 'Audit log' }).waitFor()
      await page.getByLabel('Object’s id').fill((await flagOf(group.id)).id)
      await page.getByRole('button', { name: 'Apply filters' }).click()
      const entries = await Promise.all((await page.getByTestId('audit').locator('tbody tr').all()).map(async (row) => (await row.locator('td').allInnerTexts()).map((s) => s.trim())))
      t.same(entries.map((e) => [e[2], e[3], e[4]]), [['regulator (regulator)', 'flag.transition', 'flag'], ['regulator (regulator)', 'flag.transition', 'flag']], 'both moves, newest first')
      t.match(entries[0][5], /to: resolved/)
      await checkPage(t, page, 'the audit log')

      // The market: the map drawn on the server, its table opened, the groups by rating.
      await page.getByRole('link', { name: 'Market', exact: true }).click()
      await page.locator('h1', { hasText: 'Market' }).waitFor()
      t.equal(await page.locator('figure.app-picture svg[role="img"]').count(), 1, 'the market map')
      await page.getByText('Show every council as a table').click()
      t.equal(await page.locator('.govuk-details[open] table tbody tr').count(), 153, 'every council in words')
      await checkPage(t, page, 'the market')
    })
  }
}
