import type { Locator, Page } from 'playwright-core'
import { AbstractPage } from './abstract-page.js'

/** `/providers`: every group the person may see, filtered. */
export class ProvidersPage extends AbstractPage {
  readonly groups: Locator

  private constructor(page: Page) {
    super(page)
    this.groups = page.getByTestId('groups').locator('tbody tr')
  }

  static async verifyOnPage(page: Page) {
    await AbstractPage.expectHeading(page, 'Provider groups')
    return new ProvidersPage(page)
  }

  /** Filters by the selects' options (by label) and, when given, part of a name. */
  async filter(by: Record<string, string>, name?: string) {
    for (const [label, option] of Object.entries(by)) await this.page.getByLabel(label, { exact: true }).selectOption({ label: option })
    if (name !== undefined) await this.page.getByLabel('Name', { exact: true }).fill(name)
    await this.page.getByRole('button', { name: 'Apply filters' }).click()
  }

  async names() { return (await this.groups.locator('td:first-child').allInnerTexts()).map((s) => s.trim()) }

  async open(name: string) { await this.page.getByRole('link', { name, exact: true }).click() }
}
