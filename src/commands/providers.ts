// Provider groups: registered by the regulator, designated into the scheme (or taken out) with a
// reason; a provider sees only its own group.
import { randomUUID } from 'node:crypto'
import type { Deps } from './deps.js'
import { authorise } from './authorise.js'
import { decodeCursor, paginate } from './cursor.js'
import {
  findProvider, insertDesignation, insertProvider, listDesignations, listProviders as listProviderRows, setDesignated, type ProviderRow,
} from '../db/queries/providers.js'
import { appendAudit } from '../db/queries/audit.js'
import { isUniqueViolation } from '../db/errors.js'
import { mayReadProvider, providerScope } from '../domain/access.js'
import type { Actor } from '../domain/actor.js'
import { conflict, notFound } from '../problems.js'
import { providerDetailView, providerView, type ProviderView } from '../views/providers.js'

export interface ProviderInput { name: string; companyNumber: string; kind: ProviderRow['kind'] }

export async function createProvider(deps: Deps, actor: Actor, input: ProviderInput): Promise<ProviderView> {
  authorise(actor, 'createProvider')
  const { now } = deps
  try {
    const row = await deps.db.transaction(async (tx) => {
      const row = await insertProvider(tx, { id: randomUUID(), ...input, createdAt: now })
      await appendAudit(tx, actor, { action: 'provider.create', objectType: 'provider', objectId: row.id, summary: { ...input } }, now)
      return row
    })
    return providerView(row)
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`A provider with company number ${input.companyNumber} already exists`)
    throw err
  }
}

/** Provider groups, oldest first (a provider's token lists only its own); `name` finds part of a name, in any case. */
export async function listProviders(deps: Deps, actor: Actor, q: {
  limit?: number; cursor?: string; rating?: ProviderRow['rating']; designated?: boolean; peBacked?: boolean; name?: string
}) {
  authorise(actor, 'listProviders')
  const { limit = 50, cursor, rating, designated, peBacked } = q
  const name = q.name?.trim() || undefined
  const after = decodeCursor(cursor, ['timestamp', 'uuid']) as [string, string] | undefined
  const rows = await listProviderRows(deps.db, { after, limit, rating, designated, peBacked, name, onlyId: providerScope(actor) })
  const page = paginate(rows, limit, (p) => [p.createdAt.toISOString(), p.id])
  return { items: page.items.map(providerView), nextCursor: page.nextCursor }
}

/** One group with its designation history. */
export async function getProvider(deps: Deps, actor: Actor, id: string) {
  authorise(actor, 'readProvider')
  if (!mayReadProvider(actor, id)) throw notFound('provider')
  const row = await findProvider(deps.db, id)
  if (!row) throw notFound('provider')
  return providerDetailView(row, await listDesignations(deps.db, row.id))
}

export async function designateProvider(deps: Deps, actor: Actor, id: string,
  input: { designated: boolean; reason: string; responsibleIndividual?: string }) {
  authorise(actor, 'designate')
  const { now } = deps
  const provider = await deps.db.transaction(async (tx) => {
    const row = await setDesignated(tx, id, input.designated)
    if (!row) return undefined
    await insertDesignation(tx, {
      id: randomUUID(), providerId: id, designated: input.designated, reason: input.reason,
      responsibleIndividual: input.responsibleIndividual ?? null, decidedBy: actor.sub, decidedAt: now,
    })
    await appendAudit(tx, actor, {
      action: input.designated ? 'provider.designate' : 'provider.undesignate', objectType: 'provider', objectId: id,
      summary: { designated: input.designated, reason: input.reason, responsibleIndividual: input.responsibleIndividual ?? null },
    }, now)
    return row
  })
  if (!provider) throw notFound('provider')
  return providerDetailView(provider, await listDesignations(deps.db, id))
}
