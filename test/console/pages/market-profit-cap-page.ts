import type { Locator, Page } from 'playwright-core'
import { AbstractPage } from './abstract-page.js'

/** `/market/profit-cap`: the cap's form, who would be over it, the distribution chart and its table. */
export class ProfitCapPage extends AbstractPage {
  readonly errorSummary: Locator
  readonly results: Locator
  readonly summary: Locator
  readonly chart: Locator
  readonly tableToggle: Locator
  readonly groups: Locator

  private constructor(page: Page) {
    super(page)
    this.errorSummary = page.locator('.govuk-error-summary')
    this.results = page.getByTestId('cap-results')
    this.summary = page.getByTestId('cap-summary')
    this.chart = page.locator('figure.app-picture svg#profit-cap-chart')
    this.tableToggle = page.locator('.govuk-details__summary', { hasText: 'Show the chart as a table' })
    this.groups = page.getByTestId('cap-groups').locator('tbody tr')
  }

  static async verifyOnPage(page: Page) {
    await AbstractPage.expectHeading(page, 'Simulate a profit cap')
    return new ProfitCapPage(page)
  }

  /** Simulates a cap: the measure by its label (none: left unchosen) and the cap as typed. */
  async simulate(measure: 'Operating margin' | 'EBITDA margin' | 'Adjusted margin' | undefined, capPct: string) {
    if (measure) await this.page.getByLabel(measure, { exact: true }).check()
    await this.page.getByLabel('Cap', { exact: true }).fill(capPct)
    await this.page.getByRole('button', { name: 'Simulate the cap' }).click()
  }

  async errorLinks() { return (await this.errorSummary.locator('a').allInnerTexts()).map((s) => s.trim()) }

  async names() { return (await this.groups.locator('td:first-child').allInnerTexts()).map((s) => s.trim()) }
}
