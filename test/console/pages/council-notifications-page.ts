import type { Locator, Page } from 'playwright-core'
import { AbstractPage } from './abstract-page.js'

/** `/councils/{laCode}/notifications`: the council's email addresses and webhooks, with their logs. */
export class CouncilNotificationsPage extends AbstractPage {
  readonly contacts: Locator
  readonly webhooks: Locator
  readonly errorSummary: Locator
  readonly confirmation: Locator

  private constructor(page: Page) {
    super(page)
    this.contacts = page.getByTestId('contacts')
    this.webhooks = page.getByTestId('webhooks')
    this.errorSummary = page.locator('.govuk-error-summary')
    this.confirmation = page.locator('.govuk-notification-banner--success')
  }

  static async verifyOnPage(page: Page) {
    await AbstractPage.expectHeading(page, 'Notifications')
    return new CouncilNotificationsPage(page)
  }

  async registerWebhook(url: string) {
    await this.page.getByLabel('Register a webhook').fill(url)
    await this.page.getByRole('button', { name: 'Register webhook' }).click()
  }

  async setEmails(emails: string) {
    await this.page.getByLabel('Email addresses').fill(emails)
    await this.page.getByRole('button', { name: 'Save email addresses' }).click()
  }
}
