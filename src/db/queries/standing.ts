// A provider's standing (rating, PE backing, and the rest of its stability view), kept on its row in
// step with the register and notices; and the register's lock, which every writer to them holds.
import { eq, sql } from 'drizzle-orm'
import { annualReturns, providers } from '../schema.js'
import { executePrepared, type Queryable } from '../client.js'
import type { Rating } from '../../domain/rating.js'
import { LOCKS } from '../locks.js'

/**
 * A market reassessment holds the register exclusively for its whole transaction: it reads the
 * market slice by slice, each statement seeing what is committed by then, and writes the register
 * and standings from what it read. Every other writer to the register or a provider's standing
 * (filing, amendment, a flag's transition, a notice) holds it shared, as its transaction's first
 * statement, so none commits in between, and writers never wait for each other.
 */
export const holdRegister = (tx: Queryable, mode: 'shared' | 'exclusive' = 'shared') =>
  executePrepared(tx, mode === 'shared' ? sql`select pg_advisory_xact_lock_shared(${LOCKS.register}::bigint)` : sql`select pg_advisory_xact_lock(${LOCKS.register}::bigint)`)

/** The period end of the provider's latest return (null before its first). */
export async function latestPeriodEndOf(tx: Queryable, providerId: string): Promise<string | null> {
  const [p] = await tx.select({ latestPeriodEnd: annualReturns.periodEnd }).from(providers)
    .leftJoin(annualReturns, eq(annualReturns.id, providers.latestReturnId)).where(eq(providers.id, providerId))
  return p?.latestPeriodEnd ?? null
}

export async function setStanding(tx: Queryable, providerId: string, s: {
  rating: Rating; openFlags: string[]; noticeInForce: boolean; lastReturnPeriodEnd: string | null
}) {
  await tx.update(providers).set(s).where(eq(providers.id, providerId))
}

/** Standings a reassessment changed, in one statement from their JSON. */
export const setStandings = (tx: Queryable, rows: { id: string; rating: Rating; pe_backed: boolean; difficult: boolean; open_flags: string[] }[]) =>
  tx.execute(sql`update providers set rating = v.rating, pe_backed = v.pe_backed, difficult_to_replace = v.difficult,
        open_flags = v.open_flags
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(id uuid, rating text, pe_backed boolean, difficult boolean, open_flags text[])
        where providers.id = v.id`)
