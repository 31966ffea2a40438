import type { Locator, Page } from 'playwright-core'
import { AbstractPage } from './abstract-page.js'

/** `/register/{id}`: one flag, its evidence and history, the forms that work it. */
export class FlagPage extends AbstractPage {
  readonly caption: Locator
  readonly explanation: Locator
  readonly evidence: Locator
  readonly facts: Locator
  readonly moves: Locator
  readonly reason: Locator
  readonly note: Locator
  readonly errorSummary: Locator
  readonly confirmation: Locator
  readonly history: Locator
  readonly closed: Locator

  private constructor(page: Page) {
    super(page)
    this.caption = page.locator('.govuk-caption-l')
    this.explanation = page.getByTestId('explanation')
    this.evidence = page.getByTestId('evidence')
    this.facts = page.getByTestId('flag-facts')
    this.moves = page.locator('input[name="to"]')
    this.reason = page.getByLabel('Reason')
    this.note = page.getByLabel('Note', { exact: true })
    this.errorSummary = page.locator('.govuk-error-summary')
    this.confirmation = page.locator('.govuk-notification-banner--success')
    this.history = page.getByTestId('history').locator('.moj-timeline__item')
    this.closed = page.getByTestId('closed')
  }

  static async verifyOnPage(page: Page, ruleId: string) {
    await AbstractPage.expectHeading(page, ruleId)
    return new FlagPage(page)
  }

  /** The value of one of the flag's facts (Status, Severity…). */
  async fact(key: string) {
    return (await this.facts.locator('.govuk-summary-list__row', { has: this.page.locator('dt', { hasText: key }) }).locator('dd').innerText()).trim()
  }

  /** The labels of the moves the flag allows now. */
  async moveLabels() {
    return Promise.all((await this.moves.all()).map(async (m) => (await this.page.locator(`label[for="${await m.getAttribute('id')}"]`).innerText()).trim()))
  }

  /** Chooses a move, gives a reason (or none) and saves. */
  async move(label: string, reason?: string) {
    await this.page.getByLabel(label, { exact: true }).check()
    if (reason !== undefined) await this.reason.fill(reason)
    await this.page.getByRole('button', { name: 'Save' }).click()
  }

  async addNote(text: string) {
    await this.note.fill(text)
    await this.page.getByRole('button', { name: 'Add note' }).click()
  }

  /** The timeline's titles, newest first. */
  async historyTitles() {
    return (await this.history.locator('.moj-timeline__title').allInnerTexts()).map((s) => s.trim())
  }
}
