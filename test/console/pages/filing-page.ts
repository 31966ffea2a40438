import type { Download, Locator, Page } from 'playwright-core'
import { readFile } from 'node:fs/promises'
import { AbstractPage } from './abstract-page.js'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** `/providers/{id}/returns/new` (and the amendment page): the template to download, the upload, the iXBRL reading. */
export class FilingPage extends AbstractPage {
  readonly errorSummary: Locator
  readonly templateLink: Locator
  readonly returnFile: Locator
  readonly accountsFile: Locator

  private constructor(page: Page) {
    super(page)
    this.errorSummary = page.locator('.govuk-error-summary')
    this.templateLink = page.locator('[data-testid="template-empty"], [data-testid="template-filled"]').first()
    this.returnFile = page.getByLabel('Your return')
    this.accountsFile = page.getByLabel('Your accounts in iXBRL')
  }

  static async verifyOnPage(page: Page, heading: string | RegExp = 'File a return') {
    await AbstractPage.expectHeading(page, heading)
    return new FilingPage(page)
  }

  /** Downloads the template as a browser does (the link's download); its bytes. */
  async downloadTemplate(): Promise<{ filename: string; bytes: Buffer }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.templateLink.click()]) as [Download, unknown]
    return { filename: download.suggestedFilename(), bytes: await readFile((await download.path())!) }
  }

  /** Uploads the return and sends the form. */
  async upload(bytes: Buffer, filename = 'return.xlsx') {
    await this.returnFile.setInputFiles({ name: filename, mimeType: filename.endsWith('.json') ? 'application/json' : XLSX, buffer: bytes })
    await this.page.getByRole('button', { name: /Upload and file/ }).click()
  }

  /** The error summary's problems, one a line. */
  async problems() {
    return (await this.errorSummary.locator('.govuk-error-summary__list a').allInnerTexts()).map((s) => s.trim())
  }
}

/** `/providers/{id}/returns/{returnId}`: a version's receipt and assessment. */
export class ReturnPage extends AbstractPage {
  readonly confirmation: Locator
  readonly receipt: Locator
  readonly rating: Locator
  readonly flags: Locator

  private constructor(page: Page) {
    super(page)
    this.confirmation = page.getByTestId('confirmation')
    this.receipt = page.getByTestId('receipt')
    this.rating = page.getByTestId('rating')
    this.flags = page.getByTestId('flags')
  }

  static async verifyOnPage(page: Page) {
    await AbstractPage.expectHeading(page, /^Return for the period ending/)
    await page.getByTestId('receipt').waitFor()
    return new ReturnPage(page)
  }
}
