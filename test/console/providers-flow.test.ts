// The groups' pages in Chromium: the regulator finds a group, reads its page (the pictures drawn on
// the server, their tables opened) and designates it; a provider reads its own group; with scripts
// on and off; axe-core finds nothing.
import t, { type Test } from 'tap'
import type { Browser, Page } from 'playwright-core'
import { axeViolations, describeViolations, hasChromium, launchBrowser, NO_CHROMIUM, serve } from './browser.js'
import { bearer } from '../helper.js'
import { troubledGroup } from './flags.js'
import { StartPage } from './pages/start-page.js'
import { IdentityProviderSignInPage } from './pages/identity-provider.js'
import { HomePage } from './pages/home-page.js'
import { ProvidersPage } from './pages/providers-page.js'
import { ProviderPage } from './pages/provider-page.js'

if (!hasChromium()) t.plan(0, NO_CHROMIUM)
else {
  const browser: Browser = await launchBrowser(t)
  const { app, base } = await serve(t)
  const groups = [await troubledGroup(app, 'Harbour <em>Homes</em> Group'), await troubledGroup(app, 'Lantern House Care Ltd')]
  const reg = await bearer({ role: 'regulator' })

  async function check(t: Test, page: Page, what: string) {
    t.same(describeViolations(await axeViolations(page)), [], `${what}: no WCAG 2.2 AA violations`)
  }

  async function signedIn(account: string, home: string, javaScriptEnabled: boolean) {
    const context = await browser.newContext({ javaScriptEnabled })
    t.teardown(() => context.close())
    const page = await context.newPage()
    await (await StartPage.visit(page, base)).signIn()
    await (await IdentityProviderSignInPage.verifyOnPage(page)).signInAs(account)
    await HomePage.verifyOnPage(page, home)
    return page
  }

  for (const [javaScriptEnabled, group] of [[true, groups[0]], [false, groups[1]]] as const) {
    t.test(`with JavaScript ${javaScriptEnabled ? 'on' : 'off'}: the regulator finds a group, reads it and designates it`, async (t) => {
      const page = await signedIn('regulator', 'Oversight', javaScriptEnabled)
      const checkPage = javaScriptEnabled ? check : async () => {}
      await page.getByRole('link', { name: 'Provider groups' }).first().click()
      const list = await ProvidersPage.verifyOnPage(page)
      t.ok((await list.names()).includes('Harbour <em>Homes</em> Group'), 'markup in a name, as text')
      await checkPage(t, page, 'the groups')
      await list.filter({ Rating: 'Red' })
      t.ok((await list.names()).includes(group.name), 'a red group among the red')
      await list.open(group.name)

      const groupPage = await ProviderPage.verifyOnPage(page, group.name)
      t.match(await groupPage.standing.innerText(), /FIN-GOING-CONCERN/)
      t.match(await groupPage.metrics.innerText(), /Leverage/)
      t.equal(await groupPage.pictures.count(), 6, 'the ownership diagram and five trend charts, drawn without a script')
      for (const toggle of await groupPage.tableToggles.all()) await toggle.click()
      t.ok(await page.locator('.govuk-details[open] table').first().isVisible(), 'their tables open')
      await checkPage(t, page, 'a group with its tables open')

      await groupPage.designate(undefined, '')
      t.match(await groupPage.errorSummary.innerText(), /Enter the reason for the decision/)
      await checkPage(t, page, 'the designation form with errors')
      await groupPage.designate('Designated', 'A fifth of the region\'s places', 'R. Jones')
      t.match(await groupPage.confirmation.innerText(), /The group is now designated/)
      t.match(await groupPage.designations.innerText(), /A fifth of the region’s places|A fifth of the region's places/)
      t.equal((await app.inject({ url: `/v1/providers/${group.id}`, headers: reg })).json().designated, true, 'the API agrees')
    })

    t.test(`with JavaScript ${javaScriptEnabled ? 'on' : 'off'}: a provider reads its own group`, async (t) => {
      const page = await signedIn(`provider:${group.id}`, group.name, javaScriptEnabled)
      await page.getByRole('link', { name: 'Your group' }).first().click()
      const own = await ProviderPage.verifyOnPage(page, group.name)
      t.equal(await own.pictures.count(), 6)
      t.equal(await page.getByRole('button', { name: 'Record the decision' }).count(), 0, 'no designation form')
      if (javaScriptEnabled) await check(t, page, 'a provider\'s own group')
      const other = groups.find((g) => g.id !== group.id)!
      const res = await page.goto(`${base}/providers/${other.id}`)
      t.equal(res?.status(), 404, 'another group does not exist for it')
    })
  }
}
