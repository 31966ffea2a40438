// The groups' pages in Chromium: the regulator finds a group by name, reads its page (the pictures
// drawn on the server, their tables opened), designates it, sets a requirement, issues a notice and
// runs a stress test; a provider reads its own group (its profitability and its settings' Ofsted
// judgements, never the regulator's forms); with scripts on and off; axe-core finds nothing.
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
import { ProviderStressTestPage } from './pages/provider-stress-test-page.js'

if (!hasChromium()) t.plan(0, NO_CHROMIUM)
else {
  const browser: Browser = await launchBrowser(t)
  const { app, base } = await serve(t)
  const groups = [await troubledGroup(app, 'Harbour <em>Homes</em> Group'), await troubledGroup(app, 'Lantern House Care Ltd')]
  const reg = await bearer({ role: 'regulator' })
  // Ofsted's register judging the groups' first home (the same URNs: both file the small return) inadequate.
  const [filedVersion] = (await app.inject({ url: `/v1/providers/${groups[0].id}/returns`, headers: reg })).json().items
  const filed = (await app.inject({ url: `/v1/returns/${filedVersion.id}`, headers: reg })).json().body
  const [first, second] = filed.settings as Array<{ urn: string; name: string }>
  const loaded = await app.inject({
    method: 'PUT', url: '/v1/reference/ofsted-settings', headers: { ...reg, 'content-type': 'text/csv' },
    payload: `URN,Registration status,Overall experiences and progress of children and young people,Inspection date\r\n${first.urn},Active,Inadequate,14/03/2026\r\n${second.urn},Active,Good,02/11/2025\r\n`,
  })
  if (loaded.statusCode !== 200) throw new Error(`loading the register: ${loaded.body}`)

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
      await list.filter({ Rating: 'Any' }, group.name.slice(2, 9).toUpperCase())
      t.same(await list.names(), [group.name], 'found by part of its name, in any case')
      await checkPage(t, page, 'the groups found by name')
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

      // A requirement: the form's errors, then the requirement, linked to its page.
      await groupPage.setRequirement(undefined, '', { day: '31', month: '2', year: '2030' })
      t.match(await groupPage.errorSummary.innerText(), /Select what the group must provide[\s\S]*Enter what the group must provide[\s\S]*must be a real date/)
      await checkPage(t, page, 'the requirement form with errors')
      await groupPage.errorSummary.getByRole('link', { name: /real date/ }).click()
      if (javaScriptEnabled) t.equal(await page.evaluate('document.activeElement?.id'), 'dueDate-day', 'the summary takes you to the field')
      else t.match(page.url(), /#dueDate-day$/, 'the summary links to the field')
      await groupPage.setRequirement('Independent business review', 'An independent review of the refinancing', { day: '30', month: '6', year: '2030' })
      t.match(await groupPage.confirmation.innerText(), /Independent business review required by 30 June 2030/)
      t.match(await groupPage.requirements.innerText(), /An independent review of the refinancing/)
      const [requirement] = (await app.inject({ url: `/v1/providers/${group.id}/requirements`, headers: reg })).json().items
      t.match(requirement, { kind: 'independent_business_review', dueDate: '2030-06-30' }, 'the API agrees')
      t.equal(await groupPage.requirements.getByRole('link', { name: 'Independent business review' }).getAttribute('href'), `/requirements/${requirement.id}`)
      await checkPage(t, page, 'a group with its new requirement')

      // A notice: the form's error, then the notice, to the councils of its latest placements.
      await groupPage.issueNotice('')
      t.match(await groupPage.errorSummary.innerText(), /Enter what the councils need to know/)
      await checkPage(t, page, 'the notice form with an error')
      await groupPage.issueNotice('Its lenders have withdrawn support')
      t.match(await groupPage.confirmation.innerText(), /Notice issued to \d+ councils?\./)
      t.match(await groupPage.notices.innerText(), /Its lenders have withdrawn support/)
      const [notice] = (await app.inject({ url: `/v1/providers/${group.id}/notices`, headers: reg })).json().items
      t.match(notice, { summary: 'Its lenders have withdrawn support', inForce: true }, 'the API agrees')
      t.ok(notice.addressees.length > 0, 'addressed to the councils')
      await checkPage(t, page, 'a group with its new notice')

      // A stress test: its result on a page of its own; nothing stored.
      await groupPage.runStressTest({ ebitda: '−60', interest: '300', cash: '' })
      const stress = await ProviderStressTestPage.verifyOnPage(page)
      t.match(await stress.result.innerText(), /Under the scenario: (Red|Amber|Green)/)
      t.match(await stress.result.innerText(), /FIN-GOING-CONCERN/)
      await checkPage(t, page, 'a stress test\'s result')
      await stress.backToGroup(group.name)
      await ProviderPage.verifyOnPage(page, group.name)
    })

    t.test(`with JavaScript ${javaScriptEnabled ? 'on' : 'off'}: a provider reads its own group`, async (t) => {
      const page = await signedIn(`provider:${group.id}`, group.name, javaScriptEnabled)
      await page.getByRole('link', { name: 'Your group' }).first().click()
      const own = await ProviderPage.verifyOnPage(page, group.name)
      t.equal(await own.pictures.count(), 6)
      t.equal(await page.getByRole('button', { name: 'Record the decision' }).count(), 0, 'no designation form')
      for (const button of ['Set the requirement', 'Issue the notice', 'Run the stress test']) t.equal(await page.getByRole('button', { name: button }).count(), 0, `no ${button}`)
      t.match(await own.profitability.innerText(), /10\.8%/, 'its operating margin')
      t.match(await own.againstCap.innerText(), /Operating margin/)
      t.match(await own.inadequate.innerText(), new RegExp(`1 setting is judged inadequate: ${first.name}`), 'its inadequate setting named')
      t.match(await own.settings.innerText(), /Inadequate[\s\S]*14 March 2026[\s\S]*Good[\s\S]*2 November 2025/)
      t.equal(await page.getByRole('button', { name: 'File a return' }).getAttribute('href'), `/providers/${group.id}/returns/new`)
      if (javaScriptEnabled) await check(t, page, 'a provider\'s own group')
      const other = groups.find((g) => g.id !== group.id)!
      const res = await page.goto(`${base}/providers/${other.id}`)
      t.equal(res?.status(), 404, 'another group does not exist for it')
    })
  }
}
