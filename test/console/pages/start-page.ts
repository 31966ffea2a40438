import type { Locator, Page } from 'playwright-core'
import { AbstractPage } from './abstract-page.js'

/** `/` signed out: what the service is, and Sign in. */
export class StartPage extends AbstractPage {
  readonly signInButton: Locator
  readonly notice: Locator

  private constructor(page: Page) {
    super(page)
    this.signInButton = page.getByRole('button', { name: 'Sign in' }).or(page.getByRole('link', { name: 'Sign in' }))
    this.notice = page.locator('.govuk-notification-banner')
  }

  static async visit(page: Page, base: string) {
    await page.goto(`${base}/`)
    return StartPage.verifyOnPage(page)
  }

  static async verifyOnPage(page: Page) {
    await AbstractPage.expectHeading(page, 'Provider oversight')
    return new StartPage(page)
  }

  async signIn() {
    await this.signInButton.click()
  }
}
