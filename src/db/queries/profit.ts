// What the profit measures read of returns (RULES.md, ruleset 2027.1): a return's accounts, service
// lines and related parties, never its facilities, ownership, settings or placements: the columns
// kept beside the document for this, so no document is read.
import { sql } from 'drizzle-orm'
import { executePrepared, type Queryable } from '../client.js'
import type { Accounts, RelatedParty, ServiceLine } from '../../domain/annual-return.js'
import type { ProfitReturn } from '../../domain/profitability.js'

interface PartsRow { periodEnd: string; accounts: Accounts; services: ServiceLine[] | null; relatedParties: RelatedParty[] | null }

// A part the return does not have reads as SQL null; the measures tell an absent section from an
// empty one (no relatedParties section: nothing declared), so it becomes absent again here.
const profitReturn = ({ periodEnd, accounts, services, relatedParties }: PartsRow): ProfitReturn => ({
  periodEnd, accounts,
  ...(services === null ? {} : { services }),
  ...(relatedParties === null ? {} : { relatedParties }),
})

/** The latest version of each of a group's periods, as the profit measures read it, oldest first. */
export async function periodProfitReturns(db: Queryable, providerId: string) {
  const rows = await executePrepared<PartsRow & { returnId: string }>(db, sql`
    select r.id as "returnId", r.period_end::text as "periodEnd", r.accounts, r.services, r.related_parties as "relatedParties"
    from returns r
    where r.provider_id = ${providerId}::uuid and r.superseded_by is null
    order by r.period_end`)
  return rows.map((row) => ({ returnId: row.returnId, annualReturn: profitReturn(row) }))
}

/**
 * Every provider's latest return (the latest version of its latest period) as the profit measures
 * read it, with the provider's name: one statement, a row per provider. (Building the market as one
 * JSON text in the database, json_agg, measured twice the time of sending the rows.)
 */
export async function latestProfitReturns(db: Queryable) {
  const rows = await executePrepared<PartsRow & { providerId: string; name: string }>(db, sql`
    select p.id as "providerId", p.name, r.period_end::text as "periodEnd", r.accounts, r.services, r.related_parties as "relatedParties"
    from providers p join returns r on r.id = p.latest_return_id`)
  return rows.map((row) => ({ providerId: row.providerId, name: row.name, annualReturn: profitReturn(row) }))
}
