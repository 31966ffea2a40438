// npm run screenshots: the app on the demo market (in-memory database), signed in as each role
// through the development identity provider in Chromium, a PNG of every console page in
// .scratch-screens/ (git-ignored). Look at them after changing a page.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Page } from 'playwright-core'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { seedDemoMarket } from '../src/seed.js'
import { demoAccounts } from '../src/console/reads.js'
import { listFlags } from '../src/commands/flags.js'
import { systemActor } from '../src/domain/actor.js'
import { picturesPage } from './picture-samples.js'

const OUT = join(process.cwd(), '.scratch-screens')
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium'
mkdirSync(OUT, { recursive: true })

const config = { ...loadConfig({}), dataDir: 'memory://', databaseUrl: undefined, seed: 'demo' as const, logLevel: 'warn', assessorThreads: 0 }
// No bearer token is verified here: a key set that never verifies anything will do.
const app = await buildApp({ config, keySet: async () => { throw new Error('no keys') }, consolePages: picturesPage })
await seedDemoMarket(app)
const base = await app.listen({ port: 0, host: '127.0.0.1' })
const { providers, councils } = await demoAccounts(app.deps())
// Birmingham: in the demo market several groups hold its children and a notice is addressed to it.
const council = (councils.find((c) => c.laCode === 'E08000025') ?? councils[0]).laCode
const [redFlag] = (await listFlags(app.deps(), systemActor, { severity: 'red', status: 'open', limit: 1 })).items
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
})

const written: string[] = []
async function shot(page: Page, name: string) {
  const file = join(OUT, `${name}.png`)
  await page.screenshot({ path: file, fullPage: true })
  written.push(file)
}

async function session(account: string | undefined, name: string, pages: Array<[string, string]>) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  const page = await context.newPage()
  await page.goto(`${base}/`)
  if (account) {
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByLabel('Account').fill(account)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(`${base}/`)
    await shot(page, `${name}-home`)
  }
  for (const [path, file] of pages) {
    await page.goto(`${base}${path}`)
    await shot(page, `${name}-${file}`)
  }
  if (account) {
    await page.goto(`${base}/`)
    await page.getByRole('link', { name: 'Sign out' }).click()
    await shot(page, `${name}-sign-out`)
  }
  await context.close()
}

try {
  await session(undefined, 'signed-out', [['/', 'start'], ['/no/such/page', 'not-found'], ['/sign-in/callback?code=x&state=y', 'sign-in-expired']])
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  const page = await context.newPage()
  await page.goto(`${base}/sign-in`)
  await shot(page, 'identity-provider-sign-in')
  await page.getByLabel('Account').fill('council:E99999999')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await shot(page, 'identity-provider-sign-in-error')
  await context.close()
  await session('regulator', 'regulator', [
    ['/register', 'register'], ['/register?severity=amber&status=open', 'register-filtered'],
    ...(redFlag ? [[`/register/${redFlag.id}`, 'flag'] as [string, string], [`/providers/${redFlag.providerId}`, 'group'] as [string, string]] : []),
    ...(redFlag ? [[`/providers/${redFlag.providerId}/stress-test?ebitdaChangePct=-30&interestRateBps=200&cashChangePct=-20`, 'group-stress-test'] as [string, string]] : []),
    ['/providers', 'groups'], ['/market', 'market'],
    ['/market?ebitdaChangePct=-30&interestRateBps=200&cashChangePct=-20', 'market-stress-test'],
    ['/market/profit-cap?measure=adjustedMargin&capPct=15', 'profit-cap'], ['/audit', 'audit'],
    [`/councils/${council}`, 'council-as-regulator'], [`/councils/${council}/notices`, 'council-notices-as-regulator'],
    ['/test/pictures', 'pictures'],
  ])
  await session(`council:${council}`, 'council', [
    [`/councils/${council}`, 'providers'], [`/councils/${council}/notices`, 'notices'], [`/councils/${council}/notifications`, 'notifications'],
    ['/test/pictures', 'forbidden'],
  ])
  await session(`provider:${providers[0].id}`, 'provider', [
    [`/providers/${providers[0].id}`, 'own-group'], [`/providers/${providers[0].id}/returns/new`, 'file-a-return'], ['/register', 'forbidden'],
  ])
} finally {
  await browser.close()
  await app.close()
}
console.log(`wrote ${written.length} screenshots to ${OUT}:\n${written.map((f) => `  ${f}`).join('\n')}`)
