// The console's defences, in Chromium: a form sent without its CSRF token is refused with the 403
// page, provider-supplied text is shown as text, and the strict CSP lets every script the pages
// write run (nonces) and nothing else.
import t from 'tap'
import type { Browser, ConsoleMessage } from 'playwright-core'
import { hasChromium, launchBrowser, NO_CHROMIUM, serve } from './browser.js'
import { seedProvider } from '../helper.js'
import { StartPage } from './pages/start-page.js'
import { IdentityProviderSignInPage } from './pages/identity-provider.js'
import { HomePage } from './pages/home-page.js'
import { ErrorPage } from './pages/error-page.js'

if (!hasChromium()) t.plan(0, NO_CHROMIUM)
else {
  const browser: Browser = await launchBrowser(t)
  const { app, base } = await serve(t)
  const MARKUP = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> Care Ltd'
  const group = await seedProvider(app, { name: MARKUP })

  async function freshPage() {
    const context = await browser.newContext()
    t.teardown(() => context.close())
    const page = await context.newPage()
    const problems: string[] = []
    page.on('console', (m: ConsoleMessage) => { if (m.type() === 'error') problems.push(m.text()) })
    page.on('pageerror', (e) => problems.push(e.message))
    page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); void d.dismiss() })
    return { page, problems }
  }

  t.test('a form sent without its CSRF token is refused: the 403 page, and nobody is signed in', async (t) => {
    const { page } = await freshPage()
    await (await StartPage.visit(page, base)).signIn()
    const idp = await IdentityProviderSignInPage.verifyOnPage(page)
    await page.locator('input[name="_csrf"]').evaluate((input: { remove(): void }) => input.remove())
    await idp.account.fill('regulator')
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), idp.signInButton.click()])
    t.equal(response.status(), 403)
    const error = await ErrorPage.verifyOnPage(page, 'formRefused')
    t.match(await page.locator('main').textContent(), /Nothing was changed/)
    t.notOk(await error.isSignedIn())
    await page.goto(`${base}/`)
    await StartPage.verifyOnPage(page)
  })

  t.test('a token from another session is refused too', async (t) => {
    const { page: other } = await freshPage()
    await (await StartPage.visit(other, base)).signIn()
    await IdentityProviderSignInPage.verifyOnPage(other)
    const foreign = await other.locator('input[name="_csrf"]').inputValue()
    const { page } = await freshPage()
    await (await StartPage.visit(page, base)).signIn()
    const idp = await IdentityProviderSignInPage.verifyOnPage(page)
    await page.locator('input[name="_csrf"]').evaluate((input: { value: string }, value: string) => { input.value = value }, foreign)
    await idp.account.fill('regulator')
    await idp.signInButton.click()
    await ErrorPage.verifyOnPage(page, 'formRefused')
    t.pass()
  })

  t.test('a group\'s name carrying markup is shown as text, wherever it appears', async (t) => {
    const { page, problems } = await freshPage()
    await (await StartPage.visit(page, base)).signIn()
    const idp = await IdentityProviderSignInPage.verifyOnPage(page)
    t.ok(await page.getByText(MARKUP, { exact: true }).count(), 'listed on the identity provider\'s page as text')
    await idp.signInAs(`provider:${group.id}`)
    const home = await HomePage.verifyOnPage(page, 'Care Ltd')
    t.equal(await home.headingText(), MARKUP, 'the heading is the name, characters and all')
    t.equal(await page.locator('main img, main script').count(), 0, 'no element made from it')
    t.equal(await page.evaluate('window.__pwned === undefined'), true, 'nothing in it ran')
    t.same(problems, [], 'no errors, no dialogs')
  })

  t.test('the strict CSP: every script the pages write has this response\'s nonce, and nothing is refused', async (t) => {
    const { page, problems } = await freshPage()
    const response = await page.goto(`${base}/`)
    const csp = response!.headers()['content-security-policy']
    const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1]
    t.ok(nonce, 'script-src names a nonce')
    t.notMatch(csp, /'unsafe-inline'/, 'no unsafe-inline at all')
    const scripts = await page.locator('script').evaluateAll((all: Array<{ nonce: string }>) => all.map((s) => s.nonce))
    t.ok(scripts.length >= 2)
    t.same([...new Set(scripts)], [nonce], 'each carries the nonce')
    await page.locator('body.js-enabled.govuk-frontend-supported').waitFor()
    t.pass('the template\'s inline script ran under the nonce')
    const again = await page.goto(`${base}/`)
    t.not(/nonce-([^']+)/.exec(again!.headers()['content-security-policy'])?.[1], nonce, 'a fresh nonce per response')
    await (await StartPage.verifyOnPage(page)).signIn()
    await IdentityProviderSignInPage.verifyOnPage(page)
    t.same(problems, [], 'no script, style or font refused on the way')
  })
}
