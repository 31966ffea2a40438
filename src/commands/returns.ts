// Reading filed returns: every version of a group's returns, and one version whole (filing and
// amending are in file-return.ts).
import type { Deps } from './deps.js'
import { authorise } from './authorise.js'
import { decodeCursor, paginate } from './cursor.js'
import { findProvider } from '../db/queries/providers.js'
import { findReturn, listReturns as listReturnRows } from '../db/queries/returns.js'
import { findExtraction } from '../db/queries/ixbrl.js'
import { mayReadProvider } from '../domain/access.js'
import type { Actor } from '../domain/actor.js'
import type { AnnualReturn } from '../domain/annual-return.js'
import { notFound } from '../problems.js'
import { returnDetailView, returnSummaryView } from '../views/returns.js'

/** Every version of every return of a group, newest first. */
export async function listReturns(deps: Deps, actor: Actor, providerId: string, q: { limit?: number; cursor?: string }) {
  authorise(actor, 'readReturns')
  if (!mayReadProvider(actor, providerId)) throw notFound('provider')
  if (!await findProvider(deps.db, providerId)) throw notFound('provider')
  const { limit = 50, cursor } = q
  const after = decodeCursor(cursor, ['timestamp', 'int', 'uuid']) as [string, number, string] | undefined
  const rows = await listReturnRows(deps.db, providerId, { after, limit })
  const page = paginate(rows, limit, (r) => [r.submittedAt.toISOString(), r.version, r.id])
  return { items: page.items.map(returnSummaryView), nextCursor: page.nextCursor }
}

/** A return version the actor may see (another group's does not exist for a provider). */
export async function visibleReturn(deps: Deps, actor: Actor, returnId: string) {
  const row = await findReturn(deps.db, returnId)
  if (!row || !mayReadProvider(actor, row.providerId)) throw notFound('return')
  return row
}

/** One version as filed, with what superseded it and where its accounts came from. */
export async function getReturn(deps: Deps, actor: Actor, returnId: string) {
  authorise(actor, 'readReturns')
  const row = await visibleReturn(deps, actor, returnId)
  const body = row.body as AnnualReturn
  const source = body.accountsSource && await findExtraction(deps.db, row.providerId, body.accountsSource.ixbrlSha256)
  return returnDetailView(row, source || undefined)
}
