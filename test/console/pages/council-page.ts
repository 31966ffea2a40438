import type { Locator, Page } from 'playwright-core'
import { AbstractPage } from './abstract-page.js'

/** `/councils/{laCode}`: the groups holding the council's children, each with its rating and notice. */
export class CouncilPage extends AbstractPage {
  readonly groups: Locator
  readonly summary: Locator

  private constructor(page: Page) {
    super(page)
    this.groups = page.getByTestId('council-providers').locator('tbody tr')
    this.summary = page.getByTestId('council-summary')
  }

  static async verifyOnPage(page: Page) {
    await AbstractPage.expectHeading(page, /^Providers holding /)
    return new CouncilPage(page)
  }

  async names() { return (await this.groups.locator('td:first-child').allInnerTexts()).map((s) => s.trim()) }

  /** The row of the group named, its cells as read. */
  async row(name: string) {
    const row = this.groups.filter({ has: this.page.getByRole('link', { name, exact: true }) })
    return (await row.locator('td').allInnerTexts()).map((s) => s.trim())
  }

  async open(name: string) { await this.page.getByRole('link', { name, exact: true }).click() }
}
