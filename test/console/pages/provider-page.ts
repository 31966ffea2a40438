import type { Locator, Page } from 'playwright-core'
import { AbstractPage } from './abstract-page.js'

/** `/providers/{id}`: one group's standing, metrics, trends, ownership, designation and the rest. */
export class ProviderPage extends AbstractPage {
  readonly standing: Locator
  readonly metrics: Locator
  readonly pictures: Locator
  readonly tableToggles: Locator
  readonly designations: Locator
  readonly errorSummary: Locator
  readonly confirmation: Locator

  private constructor(page: Page) {
    super(page)
    this.standing = page.getByTestId('standing')
    this.metrics = page.getByTestId('metrics')
    this.pictures = page.locator('figure.app-picture svg[role="img"]')
    this.tableToggles = page.locator('.govuk-details__summary')
    this.designations = page.getByTestId('designations')
    this.errorSummary = page.locator('.govuk-error-summary')
    this.confirmation = page.locator('.govuk-notification-banner--success')
  }

  static async verifyOnPage(page: Page, name: string) {
    await AbstractPage.expectHeading(page, name)
    await page.getByTestId('group-name').waitFor()
    return new ProviderPage(page)
  }

  /** Records a designation decision through the form. */
  async designate(decision: 'Designated' | 'Not designated' | undefined, reason: string, responsibleIndividual?: string) {
    if (decision) await this.page.getByLabel(decision, { exact: true }).check()
    await this.page.getByLabel('Reason for the decision').fill(reason)
    if (responsibleIndividual) await this.page.getByLabel('Responsible individual (optional)').fill(responsibleIndividual)
    await this.page.getByRole('button', { name: 'Record the decision' }).click()
  }
}
