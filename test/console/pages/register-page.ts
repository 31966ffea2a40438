import type { Locator, Page } from 'playwright-core'
import { AbstractPage } from './abstract-page.js'

/** `/register`: the risk register, its filters beside its table. */
export class RegisterPage extends AbstractPage {
  readonly rows: Locator
  readonly empty: Locator
  readonly selectedFilters: Locator

  private constructor(page: Page) {
    super(page)
    this.rows = page.getByTestId('register').locator('tbody tr')
    this.empty = page.getByTestId('register-empty')
    this.selectedFilters = page.locator('.moj-filter__selected')
  }

  static async verifyOnPage(page: Page) {
    await AbstractPage.expectHeading(page, 'Risk register')
    return new RegisterPage(page)
  }

  /** Chooses a value in each filter given (by its label) and applies them. */
  async filter(by: Record<string, string>) {
    for (const [label, option] of Object.entries(by)) await this.page.getByLabel(label, { exact: true }).selectOption({ label: option })
    await this.page.getByRole('button', { name: 'Apply filters' }).click()
  }

  /** The cells of each row as read: severity, rule, provider, explanation, status, raised. */
  async table() {
    return Promise.all((await this.rows.all()).map(async (row) => (await row.locator('td').allInnerTexts()).map((s) => s.trim())))
  }

  /** Sorts the page's rows by a column (MoJ's sortable table: scripts on only); its aria-sort after. */
  async sortBy(column: string) {
    await this.page.getByTestId('register').getByRole('button', { name: column, exact: true }).click()
    return this.page.getByTestId('register').getByRole('columnheader', { name: column, exact: true }).getAttribute('aria-sort')
  }

  /** Opens the flag of this rule for this group. */
  async open(ruleId: string, providerName: string) {
    await this.page.getByRole('link', { name: `${ruleId} for ${providerName}`, exact: true }).click()
  }
}
