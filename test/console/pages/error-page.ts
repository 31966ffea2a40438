import type { Page } from 'playwright-core'
import { AbstractPage } from './abstract-page.js'

/** 403, 404, 500 and the refused form: the service's design, never a stack trace. */
export class ErrorPage extends AbstractPage {
  private constructor(page: Page) { super(page) }

  static readonly headings = {
    notFound: 'Page not found',
    forbidden: 'You do not have access to this page',
    formRefused: 'The form could not be sent',
  } as const

  static async verifyOnPage(page: Page, kind: keyof typeof ErrorPage.headings) {
    await AbstractPage.expectHeading(page, ErrorPage.headings[kind])
    return new ErrorPage(page)
  }
}
