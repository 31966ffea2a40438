// The return's spreadsheet template (CONSOLE.md, "The spreadsheet template"): empty, or filled with
// a group's latest return so that its finance team can amend it where they work.
import type { Deps } from './deps.js'
import { authorise } from './authorise.js'
import { findProvider } from '../db/queries/providers.js'
import { findReturn } from '../db/queries/returns.js'
import { mayReadProvider } from '../domain/access.js'
import type { Actor } from '../domain/actor.js'
import { returnTemplate, returnWorkbook, xlsxBytes } from '../spreadsheet/index.js'
import { conflict, notFound, Problem } from '../problems.js'

export interface WorkbookFile { bytes: Buffer; filename: string }

// The empty template never changes while the service runs: made once, on first use.
let blank: Promise<Buffer> | undefined

/**
 * The template as .xlsx; with `providerId`, filled with that group's latest return (the latest
 * version of its latest period), which a provider may ask for only for its own group.
 */
export async function returnTemplateFile(deps: Deps, actor: Actor, providerId?: string): Promise<WorkbookFile> {
  return templateFor(deps, actor, providerId)
}

/** Accounts read from a group's iXBRL (`readIxbrlAccounts`), to start a return from. */
export interface AccountsReading {
  ixbrlSha256: string
  periodStart: string | null
  periodEnd: string | null
  accounts: Record<string, number>
}

/**
 * The template for a group's next return, started from the accounts read from its iXBRL: the
 * period and the accounts as read, citing the document (`accountsSource`), and every other part as
 * in the group's latest return (its facilities, ownership, settings and placements change less
 * than its figures); the accounts fields the document did not give are left blank to fill in.
 */
export async function returnTemplateFromAccounts(deps: Deps, actor: Actor, providerId: string, reading: AccountsReading): Promise<WorkbookFile> {
  return templateFor(deps, actor, providerId, reading)
}

async function templateFor(deps: Deps, actor: Actor, providerId?: string, reading?: AccountsReading): Promise<WorkbookFile> {
  authorise(actor, 'readReturnTemplate')
  if (providerId === undefined) {
    blank ??= xlsxBytes(returnTemplate())
    return { bytes: await blank, filename: 'annual-return-template.xlsx' }
  }
  if (!mayReadProvider(actor, providerId)) throw notFound('provider')
  const provider = await findProvider(deps.db, providerId)
  if (!provider) throw notFound('provider')
  const latest = provider.latestReturnId ? await findReturn(deps.db, provider.latestReturnId) : undefined
  if (reading) {
    const { accounts: _accounts, accountsSource: _source, ...parts } = (latest?.body ?? {}) as Record<string, unknown>
    const bods = (parts.ownership as Record<string, unknown> | undefined)?.bods !== undefined
    const body = {
      ...parts, ...(bods ? { ownership: undefined } : {}),
      periodStart: reading.periodStart ?? undefined, periodEnd: reading.periodEnd ?? undefined,
      accounts: reading.accounts, accountsSource: { ixbrlSha256: reading.ixbrlSha256 },
    }
    return { bytes: await xlsxBytes(returnWorkbook(body)), filename: `annual-return-${reading.periodEnd ?? 'new'}-from-accounts.xlsx` }
  }
  if (!latest) throw new Problem('not-found', 'This group has filed no return yet: the empty template is at /v1/returns/template.xlsx')
  const body = latest.body as Record<string, unknown>
  if ((body.ownership as Record<string, unknown> | undefined)?.bods !== undefined) {
    throw conflict('This return\'s ownership was filed as BODS statements, which the workbook has no sheet for: amend it as JSON')
  }
  return { bytes: await xlsxBytes(returnWorkbook(body)), filename: `annual-return-${latest.periodEnd}-v${latest.version}.xlsx` }
}
