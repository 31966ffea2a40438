import type { Locator, Page } from 'playwright-core'
import { AbstractPage } from './abstract-page.js'

/** `/market`: the map, the worklists, the quality of settings and the market stress test. */
export class MarketPage extends AbstractPage {
  readonly map: Locator
  readonly errorSummary: Locator
  readonly stressResults: Locator
  readonly turnedGroups: Locator
  readonly councilsAffected: Locator

  private constructor(page: Page) {
    super(page)
    this.map = page.locator('figure.app-picture svg#market-map')
    this.errorSummary = page.locator('.govuk-error-summary')
    this.stressResults = page.getByTestId('stress-results')
    this.turnedGroups = page.getByTestId('stress-turned').locator('tbody tr')
    this.councilsAffected = page.getByTestId('stress-councils-most').locator('tbody tr')
  }

  static async verifyOnPage(page: Page) {
    await AbstractPage.expectHeading(page, 'Market')
    await page.getByTestId('stress-form').waitFor()
    return new MarketPage(page)
  }

  /** Runs the market stress test with these values, by the fields' labels ('' leaves one blank). */
  async runStressTest(values: { ebitda?: string; interest?: string; cash?: string }) {
    await this.page.getByLabel('Change in EBITDA (optional)').fill(values.ebitda ?? '')
    await this.page.getByLabel('Rise in interest rates (optional)').fill(values.interest ?? '')
    await this.page.getByLabel('Change in cash (optional)').fill(values.cash ?? '')
    await this.page.getByRole('button', { name: 'Run the stress test' }).click()
  }

  async errorLinks() { return (await this.errorSummary.locator('a').allInnerTexts()).map((s) => s.trim()) }

  async turnedNames() { return (await this.turnedGroups.locator('td:first-child').allInnerTexts()).map((s) => s.trim()) }

  async openProfitCap() { await this.page.getByRole('link', { name: 'Simulate a profit cap' }).first().click() }
}
