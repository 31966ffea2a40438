// A council's pages in Chromium: a notice is issued through the API about a troubled group; the
// council signs in, sees the group among those holding its children, opens its stability,
// acknowledges the notice and sees who did and when, then sets up its notifications (a refused
// address first); with scripts on and off; axe-core finds nothing on any page.
import t, { type Test } from 'tap'
import type { Browser, Page } from 'playwright-core'
import { axeViolations, describeViolations, hasChromium, launchBrowser, NO_CHROMIUM, serve } from './browser.js'
import { bearer } from '../helper.js'
import { CAMDEN, figuresOn, groupPlacing, issueNotice } from './council-world.js'
import { StartPage } from './pages/start-page.js'
import { IdentityProviderSignInPage } from './pages/identity-provider.js'
import { HomePage } from './pages/home-page.js'
import { CouncilPage } from './pages/council-page.js'
import { CouncilProviderPage } from './pages/council-provider-page.js'
import { CouncilNoticesPage } from './pages/council-notices-page.js'
import { CouncilNotificationsPage } from './pages/council-notifications-page.js'

const ISLINGTON = 'E09000019'
const NAME = 'Harbour <em>Homes</em> Group'

if (!hasChromium()) t.plan(0, NO_CHROMIUM)
else {
  const browser: Browser = await launchBrowser(t)
  const { app, base } = await serve(t)
  const troubled = await groupPlacing(app, NAME, [CAMDEN, ISLINGTON], true)
  await groupPlacing(app, 'Quiet Care Ltd', [CAMDEN, ISLINGTON])
  const notice = await issueNotice(app, troubled.id)

  async function check(t: Test, page: Page, what: string) {
    t.same(describeViolations(await axeViolations(page)), [], `${what}: no WCAG 2.2 AA violations`)
    t.same(figuresOn(await page.content()), [], `${what}: no figure of a group's`)
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

  for (const [javaScriptEnabled, laCode, councilName] of [[true, CAMDEN, 'Camden'], [false, ISLINGTON, 'Islington']] as const) {
    t.test(`with JavaScript ${javaScriptEnabled ? 'on' : 'off'}: ${councilName} sees who holds its children and acknowledges the notice`, async (t) => {
      const page = await signedIn(`council:${laCode}`, councilName, javaScriptEnabled)
      // axe runs in the page: with scripts off only the content is checked.
      const checkPage = javaScriptEnabled ? check : async (t: Test, p: Page, what: string) => { t.same(figuresOn(await p.content()), [], `${what}: no figure`) }
      await checkPage(t, page, 'the council\'s home')
      t.match(await page.getByTestId('notices-count').innerText(), /1 notice is awaiting acknowledgement/)

      await page.getByRole('link', { name: 'See who holds your children and how stable each group is' }).click()
      const council = await CouncilPage.verifyOnPage(page)
      t.same((await council.names()).sort(), [NAME, 'Quiet Care Ltd'], 'both groups, markup in a name as text')
      const row = await council.row(NAME)
      t.equal(row[1], 'Red', 'its rating in words')
      t.equal(row[3], 'Notice in force')
      t.equal(row[4], String(notice.addressees.find((a) => a.laCode === laCode)!.children), 'the council\'s children placed with it')
      await checkPage(t, page, 'who holds the council\'s children')

      await council.open(NAME)
      const stability = await CouncilProviderPage.verifyOnPage(page, NAME)
      t.match(await stability.ratingMeaning.innerText(), /may fail/)
      t.match(await stability.concerns.innerText(), /Its auditor doubts that it can carry on[\s\S]*FIN-GOING-CONCERN/)
      t.match(await stability.notices.first().innerText(), /Its lenders have withdrawn the revolving facility[\s\S]*Not yet acknowledged/)
      await checkPage(t, page, 'a group\'s stability')

      await page.getByRole('link', { name: 'Notices', exact: true }).click()
      const notices = await CouncilNoticesPage.verifyOnPage(page)
      t.match(await notices.awaiting.innerText(), /1 notice is awaiting acknowledgement/)
      t.match(await notices.about(NAME).innerText(), /To acknowledge/)
      await checkPage(t, page, 'the notices')
      await notices.acknowledge(NAME)
      const after = await CouncilNoticesPage.verifyOnPage(page)
      t.match(await after.confirmation.innerText(), `You have acknowledged the notice about ${NAME}.`)
      t.equal(await after.acknowledgedBy(NAME), `council:${laCode}`, 'who acknowledged it')
      const line = (await (await app.inject({ url: `/v1/notices/${notice.id}`, headers: await bearer({ role: 'council', laCode }) })).json()).addressees[0]
      t.match(line, { laCode, acknowledgedBy: `council:${laCode}` }, 'the API agrees')
      t.equal(await after.about(NAME).locator(`time[datetime="${line.acknowledgedAt}"]`).count(), 1, 'and when')
      t.equal(await page.getByRole('button', { name: `Acknowledge the notice about ${NAME}` }).count(), 0, 'no button once acknowledged')
      t.match(await after.awaiting.innerText(), /No notice is awaiting acknowledgement/)
      await checkPage(t, page, 'the notices, acknowledged')

      await page.getByRole('link', { name: 'Notifications', exact: true }).click()
      const notifications = await CouncilNotificationsPage.verifyOnPage(page)
      await checkPage(t, page, 'notifications')
      await notifications.registerWebhook('http://notices.example.gov.uk/hook')
      t.match(await notifications.errorSummary.innerText(), /The address must be an https URL/)
      t.equal(await page.getByLabel('Register a webhook').inputValue(), 'http://notices.example.gov.uk/hook', 'the value kept')
      await checkPage(t, page, 'notifications with a refused address')
      if (javaScriptEnabled) {
        await notifications.errorSummary.getByRole('link', { name: 'The address must be an https URL' }).click()
        t.equal(await page.evaluate('document.activeElement && document.activeElement.id'), 'url', 'the summary leads to the field')
      }
      await notifications.registerWebhook(`https://notices.example.gov.uk/${laCode}?key=only-shown-once`)
      t.match(await notifications.confirmation.innerText(), `https://notices.example.gov.uk/${laCode}?key=only-shown-once`)
      t.match(await notifications.webhooks.innerText(), `https://notices.example.gov.uk/${laCode}?…`)
      await notifications.setEmails('commissioning@example.gov.uk\nnot an address')
      t.match(await notifications.errorSummary.innerText(), /Enter email addresses in the correct format/)
      await checkPage(t, page, 'notifications with a refused email address')
      await notifications.setEmails('commissioning@example.gov.uk')
      t.match(await notifications.contacts.innerText(), /commissioning@example\.gov\.uk/)
      await checkPage(t, page, 'notifications set up')
    })
  }
}
