// What the browser tests share: Debian's Chromium driven by playwright-core (one browser per test
// file), the real app listening on an ephemeral port, and axe-core run in the page.
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { chromium, type Browser, type Page } from 'playwright-core'
import type { FastifyPluginAsync } from 'fastify'
import { build } from '../helper.js'
import type { App } from '../../src/app.js'

type Tap = { teardown: (fn: () => unknown) => void }

export const CHROMIUM = '/usr/bin/chromium'
export const hasChromium = () => existsSync(CHROMIUM)
export const NO_CHROMIUM = `${CHROMIUM} is absent: the browser tests need Debian's chromium package (.ci/run installs it)`

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']

/** One Chromium for the test file, closed when it ends. */
export async function launchBrowser(t: Tap): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS })
  t.teardown(() => browser.close())
  return browser
}

/** The real app on a database of its own, listening on an ephemeral port; its address. */
export async function serve(t: Tap, opts: { consolePages?: FastifyPluginAsync } = {}): Promise<{ app: App; base: string }> {
  const app = await build(t, opts)
  const base = await app.listen({ port: 0, host: '127.0.0.1' })
  return { app, base }
}

const require = createRequire(import.meta.url)
let axeSource: string | undefined

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

export interface AxeViolation { id: string; impact: string; help: string; nodes: Array<{ target: string[]; failureSummary: string }> }

/** axe-core's WCAG 2.2 AA violations on the page as it stands (evaluated, so the page's CSP does not apply). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')
  await page.evaluate(axeSource)
  const result = await page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG_TAGS)} }, resultTypes: ['violations'] })`) as { violations: AxeViolation[] }
  return result.violations
}

/** Violations in a line each, for a failing assertion's message. */
export const describeViolations = (violations: AxeViolation[]) =>
  violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
