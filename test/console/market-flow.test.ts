// The market in Chromium, with scripts on and off: the regulator runs the market stress test (a
// bad scenario first: the error summary lists every field and the values stay), reads which
// groups would turn and the councils affected, then simulates a profit cap (a bad cap first) and
// reads the chart and its table; axe-core finds nothing in any state.
import t, { type Test } from 'tap'
import type { Browser, Page } from 'playwright-core'
import { axeViolations, describeViolations, hasChromium, launchBrowser, NO_CHROMIUM, serve } from './browser.js'
import { troubledGroup } from './flags.js'
import { steadyGroup } from './market-groups.js'
import { StartPage } from './pages/start-page.js'
import { IdentityProviderSignInPage } from './pages/identity-provider.js'
import { HomePage } from './pages/home-page.js'
import { MarketPage } from './pages/market-page.js'
import { ProfitCapPage } from './pages/market-profit-cap-page.js'

if (!hasChromium()) t.plan(0, NO_CHROMIUM)
else {
  const browser: Browser = await launchBrowser(t)
  const { app, base } = await serve(t)
  await troubledGroup(app, 'Harbour Homes Group')
  await steadyGroup(app, 'Calder <b>Homes</b>')

  async function check(t: Test, page: Page, what: string) {
    t.same(describeViolations(await axeViolations(page)), [], `${what}: no WCAG 2.2 AA violations`)
  }

  /**
   * With scripts off axe cannot run in the page itself. Every state here is a GET (a stress test
   * and a cap store nothing): the same address, opened by the same person with scripts on, is the
   * same page, and axe runs there.
   */
  async function checkAgain(t: Test, page: Page, what: string) {
    const again = await browser.newContext({ storageState: await page.context().storageState() })
    try {
      const copy = await again.newPage()
      await copy.goto(page.url())
      await check(t, copy, `${what} (scripts off, checked with them on)`)
    } finally {
      await again.close()
    }
  }

  for (const javaScriptEnabled of [true, false]) {
    t.test(`with JavaScript ${javaScriptEnabled ? 'on' : 'off'}: the market stress test and the profit cap`, async (t) => {
      const context = await browser.newContext({ javaScriptEnabled })
      t.teardown(() => context.close())
      const page = await context.newPage()
      await (await StartPage.visit(page, base)).signIn()
      await (await IdentityProviderSignInPage.verifyOnPage(page)).signInAs('regulator')
      await HomePage.verifyOnPage(page, 'Oversight')
      const checkPage = javaScriptEnabled ? check : checkAgain

      await page.getByRole('link', { name: 'Market', exact: true }).first().click()
      const market = await MarketPage.verifyOnPage(page)
      t.ok(await market.map.isVisible(), 'the map, drawn without a script')
      await checkPage(t, page, 'the market')

      await market.runStressTest({ ebitda: 'lots', interest: '9000', cash: '-101' })
      await MarketPage.verifyOnPage(page)
      t.same(await market.errorLinks(), [
        'Change in EBITDA must be a number, like −20',
        'Rise in interest rates must be between −1,000 basis points and 5,000 basis points',
        'Change in cash must be between −100% and 1,000%',
      ], 'every bad field in the error summary')
      t.equal(await page.getByLabel('Change in EBITDA (optional)').inputValue(), 'lots', 'the values stay')
      t.equal(await page.title(), 'Error: Market – Provider oversight')
      await checkPage(t, page, 'the stress test with errors')
      await market.errorSummary.getByRole('link', { name: /Rise in interest rates/ }).click()
      if (javaScriptEnabled) t.equal(await page.locator('#interestRateBps:focus').count(), 1, 'the link takes the person to the field')
      else t.match(page.url(), /#interestRateBps$/, 'the link points at the field')

      await market.runStressTest({ ebitda: '-80' })
      await market.stressResults.waitFor()
      t.match(await market.stressResults.locator('h3').first().innerText(), /Under a 80% fall in EBITDA/)
      t.ok((await market.turnedNames()).includes('Calder <b>Homes</b>'), 'the steady group would turn, its name as text')
      t.ok((await market.councilsAffected.allInnerTexts()).some((row) => row.includes('Hartlepool')), 'Hartlepool, whose children it holds, is affected')
      t.equal(await page.getByLabel('Change in EBITDA (optional)').inputValue(), '-80')
      await checkPage(t, page, 'the stress test\'s results')

      await market.openProfitCap()
      const cap = await ProfitCapPage.verifyOnPage(page)
      await checkPage(t, page, 'the profit cap\'s form')
      await cap.simulate(undefined, 'a lot')
      await ProfitCapPage.verifyOnPage(page)
      t.same(await cap.errorLinks(), ['Select how profit is measured', 'The cap must be a number, like 12.5'], 'every bad field in the error summary')
      t.equal(await page.getByLabel('Cap', { exact: true }).inputValue(), 'a lot')
      await checkPage(t, page, 'the profit cap with errors')

      await cap.simulate('Operating margin', '10')
      await cap.results.waitFor()
      t.match(await cap.summary.innerText(), /1 of the 2 groups measured would be over the cap, by £70,000 in all/)
      t.ok(await cap.chart.isVisible(), 'the distribution chart, drawn without a script')
      t.same(await cap.names(), ['Harbour Homes Group', 'Calder <b>Homes</b>'], 'every group, the largest excess first')
      await cap.tableToggle.click()
      t.ok(await page.locator('.govuk-details[open] table').first().isVisible(), 'the chart\'s table opens')
      await checkPage(t, page, 'the profit cap\'s results')
    })
  }
}
