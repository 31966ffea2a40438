import type { Locator, Page } from 'playwright-core'
import { AbstractPage } from './abstract-page.js'

/** `/councils/{laCode}/notices`: the notices addressed to the council, each acknowledged with its button. */
export class CouncilNoticesPage extends AbstractPage {
  readonly notices: Locator
  readonly awaiting: Locator
  readonly confirmation: Locator

  private constructor(page: Page) {
    super(page)
    this.notices = page.getByTestId('notice')
    this.awaiting = page.getByTestId('awaiting')
    this.confirmation = page.locator('.govuk-notification-banner--success')
  }

  static async verifyOnPage(page: Page) {
    await AbstractPage.expectHeading(page, 'Notices')
    return new CouncilNoticesPage(page)
  }

  /** The notice about the group named. */
  about(name: string) { return this.notices.filter({ has: this.page.getByRole('heading', { name: `${name}: failure likely` }) }) }

  async acknowledge(name: string) {
    await this.page.getByRole('button', { name: `Acknowledge the notice about ${name}` }).click()
  }

  async acknowledgedBy(name: string) { return (await this.about(name).getByTestId('acknowledged-by').innerText()).trim() }
}
