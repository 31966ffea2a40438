import type { Locator, Page } from 'playwright-core'
import { AbstractPage } from './abstract-page.js'

/** `/requirements/{id}`: what the regulator asked, the responses, the form to answer. */
export class RequirementPage extends AbstractPage {
  readonly detail: Locator
  readonly responses: Locator
  readonly errorSummary: Locator
  readonly confirmation: Locator

  private constructor(page: Page) {
    super(page)
    this.detail = page.getByTestId('detail')
    this.responses = page.getByTestId('responses')
    this.errorSummary = page.locator('.govuk-error-summary')
    this.confirmation = page.getByTestId('confirmation')
  }

  static async verifyOnPage(page: Page, kind: string) {
    await AbstractPage.expectHeading(page, kind)
    await page.getByTestId('detail').waitFor()
    return new RequirementPage(page)
  }

  async respond(documentReference: string, text: string) {
    await this.page.getByLabel('Document reference').fill(documentReference)
    await this.page.getByLabel('Your response').fill(text)
    await this.page.getByRole('button', { name: 'Send response' }).click()
  }
}
