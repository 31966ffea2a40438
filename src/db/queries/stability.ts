// The stability view: what anyone, a council included, may know of a provider. Never a figure.
import { eq, inArray } from 'drizzle-orm'
import { annualReturns, providers, returnPlacements } from '../schema.js'
import type { Queryable } from '../client.js'
import { openRuleIds } from './flags.js'
import { noticesInForce } from './notices.js'

export interface StabilityView {
  providerId: string
  name: string
  rating: 'red' | 'amber' | 'green' | 'unrated'
  designated: boolean
  peBacked: boolean | null
  noticeInForce: boolean
  openFlags: string[]
  lastReturnPeriodEnd: string | null
}

export async function stabilityOf(db: Queryable, providerIds: string[]): Promise<Map<string, StabilityView>> {
  if (!providerIds.length) return new Map()
  const rows = await db.select({
    id: providers.id, name: providers.name, rating: providers.rating, designated: providers.designated,
    peBacked: providers.peBacked, periodEnd: annualReturns.periodEnd,
  }).from(providers).leftJoin(annualReturns, eq(annualReturns.id, providers.latestReturnId))
    .where(inArray(providers.id, providerIds))
  const flags = await openRuleIds(db, providerIds)
  const notices = await noticesInForce(db, providerIds)
  return new Map(rows.map((r) => [r.id, {
    providerId: r.id, name: r.name, rating: r.rating, designated: r.designated, peBacked: r.peBacked,
    noticeInForce: notices.has(r.id), openFlags: flags.get(r.id) ?? [], lastReturnPeriodEnd: r.periodEnd ?? null,
  }]))
}

/** The providers holding a council's children now (their latest returns), by the placements index. */
export async function providersOfCouncil(db: Queryable, laCode: string) {
  return db.select({ providerId: providers.id, children: returnPlacements.children })
    .from(returnPlacements)
    .innerJoin(providers, eq(providers.latestReturnId, returnPlacements.returnId))
    .where(eq(returnPlacements.laCode, laCode))
}
