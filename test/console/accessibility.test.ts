// axe-core with the WCAG 2.2 AA tags finds nothing on any console page: signed out and in, the
// identity provider's pages, the error pages, and a page with every picture (its tables open).
import t, { type Test } from 'tap'
import type { Browser, Page } from 'playwright-core'
import { axeViolations, describeViolations, hasChromium, launchBrowser, NO_CHROMIUM, serve } from './browser.js'
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
  const group = await seedProvider(app, { name: '<b>Bold</b> & Co Care Ltd' })

  async function check(t: Test, page: Page, what: string) {
    const violations = await axeViolations(page)
    t.same(describeViolations(violations), [], `${what}: no WCAG 2.2 AA violations`)
  }

  async function newPage() {
    const context = await browser.newContext()
    t.teardown(() => context.close())
    return context.newPage()
  }

  t.test('the check itself finds what is wrong (an image without alternative text, a page without a language)', async (t) => {
    const page = await newPage()
    await page.setContent('<!DOCTYPE html><html><head><title>x</title></head><body><main><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body></html>')
    const ids = (await axeViolations(page)).map((v) => v.id).sort()
    t.same(ids, ['html-has-lang', 'image-alt'])
  })

  t.test('signed out: the start page, the identity provider\'s sign-in page with an error, the 404 page, a sign-in that expired', async (t) => {
    const page = await newPage()
    const start = await StartPage.visit(page, base)
    await check(t, page, 'start')
    await start.signIn()
    const idp = await IdentityProviderSignInPage.verifyOnPage(page)
    await page.locator('.govuk-details__summary').click()
    await check(t, page, 'identity provider: sign in')
    await idp.signInAs('nobody')
    await IdentityProviderSignInPage.verifyOnPage(page)
    await check(t, page, 'identity provider: sign in with an error')
    await page.goto(`${base}/no/such/page`)
    await ErrorPage.verifyOnPage(page, 'notFound')
    await check(t, page, '404')
    await page.goto(`${base}/sign-in/callback?code=x&state=y`)
    await page.locator('h1', { hasText: 'Sign-in did not complete' }).waitFor()
    await check(t, page, 'sign-in did not complete')
  })

  t.test('signed in: each role\'s home, the 403 page, the pictures, the identity provider\'s sign-out page', async (t) => {
    for (const [account, heading] of [['council:E09000007', 'Camden'], [`provider:${group.id}`, 'Bold'], ['regulator', 'Oversight']]) {
      const page = await newPage()
      await (await StartPage.visit(page, base)).signIn()
      await (await IdentityProviderSignInPage.verifyOnPage(page)).signInAs(account)
      const home = await HomePage.verifyOnPage(page, heading)
      await check(t, page, `home of ${account}`)
      if (account.startsWith('council:')) {
        await page.goto(`${base}/test/pictures`)
        await ErrorPage.verifyOnPage(page, 'forbidden')
        await check(t, page, '403')
      }
      if (account === 'regulator') {
        await page.goto(`${base}/test/pictures`)
        const pictures = await PicturesPage.verifyOnPage(page)
        t.equal(await pictures.pictures.count(), 7, 'the ownership diagram, the market map and five trend charts')
        for (const toggle of await pictures.tableToggles.all()) await toggle.click()
        await check(t, page, 'pictures with their tables open')
        await page.goto(`${base}/`)
        await home.signOut()
        await IdentityProviderSignOutPage.verifyOnPage(page)
        await check(t, page, 'identity provider: sign out')
      }
    }
  })
}
