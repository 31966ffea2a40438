import type { Locator, Page } from 'playwright-core'
import { AbstractPage } from './abstract-page.js'

/** The tests' page of pictures (scripts/picture-samples.ts), each with its text alternative. */
export class PicturesPage extends AbstractPage {
  readonly pictures: Locator
  readonly tableToggles: Locator

  private constructor(page: Page) {
    super(page)
    this.pictures = page.locator('figure.app-picture svg[role="img"]')
    this.tableToggles = page.locator('.govuk-details__summary')
  }

  static async verifyOnPage(page: Page) {
    await AbstractPage.expectHeading(page, 'Pictures')
    return new PicturesPage(page)
  }
}
