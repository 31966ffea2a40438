// What every console page has (MoJ's integration_tests/pages/abstractPage.ts): the header with the
// service's name, the phase banner, sign out when signed in, and one h1.
import type { Locator, Page } from 'playwright-core'

export abstract class AbstractPage {
  readonly serviceName: Locator
  readonly phaseBanner: Locator
  readonly signOutLink: Locator
  readonly heading: Locator
  readonly skipLink: Locator

  protected constructor(readonly page: Page) {
    this.serviceName = page.locator('.govuk-service-navigation__service-name')
    this.phaseBanner = page.getByTestId('phase-banner')
    this.signOutLink = page.getByRole('link', { name: 'Sign out' })
    this.heading = page.locator('h1')
    this.skipLink = page.getByRole('link', { name: 'Skip to main content' })
  }

  /** Waits until the page's h1 reads `text`, or fails naming what it found. */
  protected static async expectHeading(page: Page, text: string | RegExp) {
    const h1 = page.locator('h1')
    try {
      await h1.filter({ hasText: text }).waitFor({ timeout: 10_000 })
    } catch {
      const found = await h1.allTextContents().catch(() => [])
      throw new Error(`expected the page ${page.url()} to be headed ${text}, found ${JSON.stringify(found)}`)
    }
  }

  async headingText() { return (await this.heading.textContent())?.trim() }

  async isSignedIn() { return (await this.signOutLink.count()) > 0 }

  /** Signs out of the console: the identity provider then asks whether to sign out there too. */
  async signOut() {
    await this.signOutLink.click()
  }
}
