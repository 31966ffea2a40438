// The stability view: what anyone, a council included, may know of a provider. Never a figure.
// Councils' systems poll it: one prepared primary-key read of the provider's row, where the writes
// that change the view keep it (migration 0008).
import { eq, inArray, sql } from 'drizzle-orm'
import { providers, returnPlacements } from '../schema.js'
import type { Static } from 'typebox'
import type { StabilityView as StabilityViewSchema } from '../../../schema/assessment.js'
import type { Database, Queryable } from '../client.js'

/** The view is the provider row's columns, as read. */
export type StabilityView = Static<typeof StabilityViewSchema>

const columns = {
  providerId: providers.id, name: providers.name, rating: providers.rating, designated: providers.designated,
  peBacked: providers.peBacked, noticeInForce: providers.noticeInForce, openFlags: providers.openFlags,
  lastReturnPeriodEnd: providers.lastReturnPeriodEnd,
}

const prepared = new WeakMap<Database, ReturnType<typeof prepare>>()
const prepare = (db: Database) => db.select(columns).from(providers)
  .where(eq(providers.id, sql.placeholder('id')))
  .prepare('stability_view')

/** One provider's view, by a prepared statement (the hot path). */
export async function stabilityOne(db: Database, providerId: string): Promise<StabilityView | undefined> {
  let statement = prepared.get(db)
  if (!statement) prepared.set(db, statement = prepare(db))
  const [row] = await statement.execute({ id: providerId })
  return row ? row as StabilityView : undefined
}

export async function stabilityOf(db: Queryable, providerIds: string[]): Promise<Map<string, StabilityView>> {
  if (!providerIds.length) return new Map()
  const rows = await db.select(columns).from(providers).where(inArray(providers.id, providerIds))
  return new Map(rows.map((r) => [r.providerId, r as StabilityView]))
}

/** The providers holding a council's children now (their latest returns), by the placements index. */
export async function providersOfCouncil(db: Queryable, laCode: string) {
  return db.select({ providerId: providers.id, children: returnPlacements.children })
    .from(returnPlacements)
    .innerJoin(providers, eq(providers.latestReturnId, returnPlacements.returnId))
    .where(eq(returnPlacements.laCode, laCode))
}

/** Children placed by each council with the groups of each rating, as their latest returns give them. */
export async function placementsByCouncilAndRating(db: Queryable) {
  return db.select({ laCode: returnPlacements.laCode, rating: providers.rating, children: sql<number>`sum(${returnPlacements.children})::int` })
    .from(returnPlacements)
    .innerJoin(providers, eq(providers.latestReturnId, returnPlacements.returnId))
    .groupBy(returnPlacements.laCode, providers.rating)
}

/** How many groups hold each rating. */
export async function groupsByRating(db: Queryable) {
  return db.select({ rating: providers.rating, groups: sql<number>`count(*)::int` }).from(providers).groupBy(providers.rating)
}
