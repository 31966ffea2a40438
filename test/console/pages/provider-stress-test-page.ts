import type { Locator, Page } from 'playwright-core'
import { AbstractPage } from './abstract-page.js'

/** `/providers/{id}/stress-test`: a scenario's form and its result beside today. */
export class ProviderStressTestPage extends AbstractPage {
  readonly result: Locator
  readonly errorSummary: Locator

  private constructor(page: Page) {
    super(page)
    this.result = page.getByTestId('stress-result')
    this.errorSummary = page.locator('.govuk-error-summary')
  }

  static async verifyOnPage(page: Page) {
    await AbstractPage.expectHeading(page, 'Stress test')
    return new ProviderStressTestPage(page)
  }

  async backToGroup(name: string) { await this.page.getByRole('link', { name, exact: true }).first().click() }
}
