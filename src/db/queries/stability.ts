// The stability view: what anyone, a council included, may know of a provider. Never a figure.
// Councils' systems poll it: one prepared statement per request.
import { eq, inArray, sql } from 'drizzle-orm'
import { annualReturns, providers, returnPlacements } from '../schema.js'
import type { Database, Queryable } from '../client.js'

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

const columns = {
  providerId: providers.id, name: providers.name, rating: providers.rating, designated: providers.designated,
  peBacked: providers.peBacked, lastReturnPeriodEnd: annualReturns.periodEnd,
  openFlags: sql<string[]>`coalesce((select array_agg(distinct f.rule_id order by f.rule_id) from flags f
    where f.provider_id = ${providers.id} and f.status in ('open', 'under_review', 'escalated')), '{}')`,
  noticeInForce: sql<boolean>`exists (select 1 from notices n where n.provider_id = ${providers.id} and n.withdrawn_at is null)`,
}

const view = (r: StabilityView): StabilityView => ({ ...r, lastReturnPeriodEnd: r.lastReturnPeriodEnd ?? null, openFlags: r.openFlags ?? [] })

const prepared = new WeakMap<Database, ReturnType<typeof prepare>>()
const prepare = (db: Database) => db.select(columns).from(providers)
  .leftJoin(annualReturns, eq(annualReturns.id, providers.latestReturnId))
  .where(eq(providers.id, sql.placeholder('id')))
  .prepare('stability_view')

/** One provider's view, by a prepared statement (the hot path). */
export async function stabilityOne(db: Database, providerId: string): Promise<StabilityView | undefined> {
  let statement = prepared.get(db)
  if (!statement) prepared.set(db, statement = prepare(db))
  const [row] = await statement.execute({ id: providerId })
  return row ? view(row as StabilityView) : undefined
}

export async function stabilityOf(db: Queryable, providerIds: string[]): Promise<Map<string, StabilityView>> {
  if (!providerIds.length) return new Map()
  const rows = await db.select(columns).from(providers)
    .leftJoin(annualReturns, eq(annualReturns.id, providers.latestReturnId))
    .where(inArray(providers.id, providerIds))
  return new Map(rows.map((r) => [r.providerId, view(r as StabilityView)]))
}

/** The providers holding a council's children now (their latest returns), by the placements index. */
export async function providersOfCouncil(db: Queryable, laCode: string) {
  return db.select({ providerId: providers.id, children: returnPlacements.children })
    .from(returnPlacements)
    .innerJoin(providers, eq(providers.latestReturnId, returnPlacements.returnId))
    .where(eq(returnPlacements.laCode, laCode))
}
