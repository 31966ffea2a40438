// Signing in and out through the development identity provider, by the real OIDC flow, in Chromium.
import t from 'tap'
import type { Browser } from 'playwright-core'
import { hasChromium, launchBrowser, NO_CHROMIUM, serve } from './browser.js'
import { seedProvider } from '../helper.js'
import { picturesPage } from '../../scripts/picture-samples.js'
import { StartPage } from './pages/start-page.js'
import { IdentityProviderSignInPage, IdentityProviderSignOutPage } from './pages/identity-provider.js'
import { HomePage } from './pages/home-page.js'
import { ErrorPage } from './pages/error-page.js'
import { PicturesPage } from './pages/pictures-page.js'

if (!hasChromium()) t.plan(0, NO_CHROMIUM)
else {
  const browser: Browser = await launchBrowser(t)
  const { app, base } = await serve(t, { consolePages: picturesPage })
  const group = await seedProvider(app, { name: 'Harbour Homes Group' })

  /** A fresh browser (no cookies), signed in from the start page as `account`. */
  async function signedInAs(account: string, o: { javaScriptEnabled?: boolean } = {}) {
    const context = await browser.newContext(o)
    t.teardown(() => context.close())
    const page = await context.newPage()
    const start = await StartPage.visit(page, base)
    await start.signIn()
    const idp = await IdentityProviderSignInPage.verifyOnPage(page)
    await idp.signInAs(account)
    return page
  }

  t.test('the regulator signs in and sees the oversight home', async (t) => {
    const page = await signedInAs('regulator')
    const home = await HomePage.verifyOnPage(page, 'Oversight')
    t.equal(new URL(page.url()).pathname, '/')
    t.match(await page.getByRole('link', { name: 'Open the risk register' }).getAttribute('href'), '/register')
    t.match(await home.phaseBanner.textContent(), /Alpha/)
    t.match(await home.serviceName.textContent(), /Provider oversight/)
    t.equal(await page.locator('.govuk-header__logotype, .govuk-footer__crown:visible').count(), 0, 'no crown: a staff tool, not GOV.UK')
  })

  t.test('a council signs in and sees its own council', async (t) => {
    const page = await signedInAs('council:E09000007')
    const home = await HomePage.verifyOnPage(page, 'Camden')
    t.match(await home.caption.textContent(), /Council · London/)
  })

  t.test('a provider signs in and sees its own group', async () => {
    const page = await signedInAs(`provider:${group.id}`)
    await HomePage.verifyOnPage(page, 'Harbour Homes Group')
  })

  t.test('an account that does not exist is refused on the sign-in page, the value kept', async (t) => {
    const context = await browser.newContext()
    t.teardown(() => context.close())
    const page = await context.newPage()
    await (await StartPage.visit(page, base)).signIn()
    const idp = await IdentityProviderSignInPage.verifyOnPage(page)
    t.ok(await idp.accounts.filter({ hasText: `provider:${group.id}` }).count(), 'the demo accounts are listed')
    await idp.signInAs('council:E99999999')
    const again = await IdentityProviderSignInPage.verifyOnPage(page)
    t.match(await again.errorSummary.textContent(), /Enter an account from the list/)
    t.equal(await again.account.inputValue(), 'council:E99999999')
    await page.locator('.govuk-error-summary a').click()
    t.equal(await page.evaluate('document.activeElement.id'), 'account', 'the error links to its field')
  })

  t.test('signing out ends the console\'s and the identity provider\'s sessions: the next visit asks for the account again', async (t) => {
    const page = await signedInAs('regulator')
    const home = await HomePage.verifyOnPage(page, 'Oversight')
    await home.signOut()
    const idpOut = await IdentityProviderSignOutPage.verifyOnPage(page)
    await idpOut.confirm()
    const start = await StartPage.verifyOnPage(page)
    t.match(await start.notice.textContent(), /You have signed out/)
    t.notOk(await start.isSignedIn())
    await page.goto(`${base}/test/pictures`)
    await IdentityProviderSignInPage.verifyOnPage(page)
    t.pass('a page that needs signing in sends the browser to the identity provider, which asks for the account')
  })

  t.test('signing out and leaving the identity provider\'s question unanswered still asks for the account next time', async (t) => {
    const page = await signedInAs('regulator')
    await (await HomePage.verifyOnPage(page, 'Oversight')).signOut()
    await IdentityProviderSignOutPage.verifyOnPage(page)
    await page.goto(`${base}/`)
    const start = await StartPage.verifyOnPage(page)
    t.notOk(await start.isSignedIn(), 'the console\'s session ended at once')
    await start.signIn()
    await IdentityProviderSignInPage.verifyOnPage(page)
    t.pass('prompt=login: the identity provider asks again though its own session is still there')
  })

  t.test('a signed-out visit to a page goes to sign in and comes back to it', async (t) => {
    const context = await browser.newContext()
    t.teardown(() => context.close())
    const page = await context.newPage()
    await page.goto(`${base}/test/pictures?from=link`)
    const idp = await IdentityProviderSignInPage.verifyOnPage(page)
    await idp.signInAs('regulator')
    await PicturesPage.verifyOnPage(page)
    t.equal(new URL(page.url()).pathname + new URL(page.url()).search, '/test/pictures?from=link')
  })

  t.test('a role without the right sees the 403 page', async (t) => {
    const page = await signedInAs('council:E09000007')
    await HomePage.verifyOnPage(page, 'Camden')
    const res = await page.goto(`${base}/test/pictures`)
    t.equal(res?.status(), 403)
    const error = await ErrorPage.verifyOnPage(page, 'forbidden')
    t.match(await page.locator('main').textContent(), /signed in as Camden/)
    t.ok(await error.isSignedIn())
  })

  t.test('with JavaScript off: sign in as each role, see the home and the pages there are, sign out', async (t) => {
    for (const [account, heading] of [['regulator', 'Oversight'], ['council:E08000025', 'Birmingham'], [`provider:${group.id}`, 'Harbour Homes Group']]) {
      const page = await signedInAs(account, { javaScriptEnabled: false })
      const home = await HomePage.verifyOnPage(page, heading)
      t.equal(await page.locator('body.js-enabled').count(), 0, `${account}: no script ran`)
      if (account === 'regulator') {
        await page.goto(`${base}/test/pictures`)
        const pictures = await PicturesPage.verifyOnPage(page)
        t.equal(await pictures.pictures.count(), 7, 'the pictures are drawn on the server')
        await pictures.tableToggles.first().click()
        t.ok(await page.locator('.govuk-details[open] table').first().isVisible(), 'and their tables open without a script')
      }
      if (account.startsWith('council:')) {
        await page.goto(`${base}/test/pictures`)
        await ErrorPage.verifyOnPage(page, 'forbidden')
      }
      await page.goto(`${base}/`)
      await home.signOut()
      await (await IdentityProviderSignOutPage.verifyOnPage(page)).confirm()
      await StartPage.verifyOnPage(page)
    }
    const context = await browser.newContext({ javaScriptEnabled: false })
    t.teardown(() => context.close())
    const page = await context.newPage()
    const res = await page.goto(`${base}/nowhere`)
    t.equal(res?.status(), 404)
    await ErrorPage.verifyOnPage(page, 'notFound')
  })
}
