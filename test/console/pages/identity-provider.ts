import type { Locator, Page } from 'playwright-core'
import { AbstractPage } from './abstract-page.js'

/** The development identity provider's sign-in page: an Account field and Sign in. */
export class IdentityProviderSignInPage extends AbstractPage {
  readonly account: Locator
  readonly signInButton: Locator
  readonly errorSummary: Locator
  readonly accounts: Locator

  private constructor(page: Page) {
    super(page)
    this.account = page.getByLabel('Account')
    this.signInButton = page.getByRole('button', { name: 'Sign in' })
    this.errorSummary = page.locator('.govuk-error-summary')
    this.accounts = page.locator('td.app-account, th.app-account')
  }

  static async verifyOnPage(page: Page) {
    await AbstractPage.expectHeading(page, 'Sign in')
    await page.getByText('Development identity provider').first().waitFor()
    return new IdentityProviderSignInPage(page)
  }

  async signInAs(account: string) {
    await this.account.fill(account)
    await this.signInButton.click()
  }
}

/** The identity provider asks whether to end its session too (RP-initiated logout). */
export class IdentityProviderSignOutPage extends AbstractPage {
  readonly signOutButton: Locator

  private constructor(page: Page) {
    super(page)
    this.signOutButton = page.getByRole('button', { name: 'Sign out' })
  }

  static async verifyOnPage(page: Page) {
    await AbstractPage.expectHeading(page, 'Sign out of the identity provider')
    return new IdentityProviderSignOutPage(page)
  }

  async confirm() {
    await this.signOutButton.click()
  }
}
