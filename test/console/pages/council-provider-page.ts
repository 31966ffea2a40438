import type { Locator, Page } from 'playwright-core'
import { AbstractPage } from './abstract-page.js'

/** `/councils/{laCode}/providers/{id}`: one group's stability as the council may know it. */
export class CouncilProviderPage extends AbstractPage {
  readonly stability: Locator
  readonly ratingMeaning: Locator
  readonly concerns: Locator
  readonly notices: Locator

  private constructor(page: Page) {
    super(page)
    this.stability = page.getByTestId('stability')
    this.ratingMeaning = page.getByTestId('rating-meaning')
    this.concerns = page.getByTestId('concerns')
    this.notices = page.getByTestId('notice')
  }

  static async verifyOnPage(page: Page, name: string) {
    await AbstractPage.expectHeading(page, name)
    await page.getByTestId('stability').waitFor()
    return new CouncilProviderPage(page)
  }
}
