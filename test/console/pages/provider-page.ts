import type { Locator, Page } from 'playwright-core'
import { AbstractPage } from './abstract-page.js'

/** `/providers/{id}`: one group's standing, metrics, trends, ownership, designation and the rest. */
export class ProviderPage extends AbstractPage {
  readonly standing: Locator
  readonly metrics: Locator
  readonly pictures: Locator
  readonly tableToggles: Locator
  readonly designations: Locator
  readonly errorSummary: Locator
  readonly confirmation: Locator
  readonly requirements: Locator
  readonly notices: Locator
  readonly settings: Locator
  readonly inadequate: Locator
  readonly profitability: Locator
  readonly againstCap: Locator
  readonly councils: Locator

  private constructor(page: Page) {
    super(page)
    this.standing = page.getByTestId('standing')
    this.metrics = page.getByTestId('metrics')
    this.pictures = page.locator('figure.app-picture svg[role="img"]')
    this.tableToggles = page.locator('.govuk-details__summary')
    this.designations = page.getByTestId('designations')
    this.errorSummary = page.locator('.govuk-error-summary')
    this.confirmation = page.locator('.govuk-notification-banner--success')
    this.requirements = page.getByTestId('requirements')
    this.notices = page.getByTestId('notices')
    this.settings = page.getByTestId('settings')
    this.inadequate = page.getByTestId('inadequate')
    this.profitability = page.getByTestId('profitability')
    this.againstCap = page.getByTestId('cap')
    this.councils = page.getByTestId('councils')
  }

  static async verifyOnPage(page: Page, name: string) {
    await AbstractPage.expectHeading(page, name)
    await page.getByTestId('group-name').waitFor()
    return new ProviderPage(page)
  }

  /** Records a designation decision through the form. */
  async designate(decision: 'Designated' | 'Not designated' | undefined, reason: string, responsibleIndividual?: string) {
    if (decision) await this.page.getByLabel(decision, { exact: true }).check()
    await this.page.getByLabel('Reason for the decision').fill(reason)
    if (responsibleIndividual) await this.page.getByLabel('Responsible individual (optional)').fill(responsibleIndividual)
    await this.page.getByRole('button', { name: 'Record the decision' }).click()
  }

  /** Sets a requirement through the form: its kind by label, what is required, the date it is due. */
  async setRequirement(kind: string | undefined, detail: string, due: { day: string; month: string; year: string }) {
    const form = this.page.getByTestId('requirement-form')
    if (kind) await form.getByLabel(kind, { exact: true }).check()
    await form.getByLabel('What exactly the group must provide').fill(detail)
    await form.getByLabel('Day').fill(due.day)
    await form.getByLabel('Month').fill(due.month)
    await form.getByLabel('Year').fill(due.year)
    await form.getByRole('button', { name: 'Set the requirement' }).click()
  }

  /** Issues a notice that the group's failure is likely. */
  async issueNotice(summary: string) {
    await this.page.getByLabel('What the councils need to know').fill(summary)
    await this.page.getByRole('button', { name: 'Issue the notice' }).click()
  }

  /** Runs a stress test from the group page's form (its result is a page of its own). */
  async runStressTest(scenario: { ebitda?: string; interest?: string; cash?: string }) {
    const form = this.page.getByTestId('stress-form')
    if (scenario.ebitda !== undefined) await form.getByLabel('Change in EBITDA').fill(scenario.ebitda)
    if (scenario.interest !== undefined) await form.getByLabel('Rise in interest rates').fill(scenario.interest)
    if (scenario.cash !== undefined) await form.getByLabel('Change in cash').fill(scenario.cash)
    await form.getByRole('button', { name: 'Run the stress test' }).click()
  }
}
