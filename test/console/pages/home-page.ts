import type { Locator, Page } from 'playwright-core'
import { AbstractPage } from './abstract-page.js'

/** `/` signed in: the regulator's oversight home, a council's own council, a provider's own group. */
export class HomePage extends AbstractPage {
  readonly caption: Locator

  private constructor(page: Page) {
    super(page)
    this.caption = page.locator('.govuk-caption-l')
  }

  static async verifyOnPage(page: Page, heading: string | RegExp) {
    await AbstractPage.expectHeading(page, heading)
    const home = new HomePage(page)
    if (!await home.isSignedIn()) throw new Error(`${page.url()} is headed ${heading} but nobody is signed in`)
    return home
  }
}
