// A provider's standing (rating, PE backing, and the rest of its stability view), kept on its row in
// step with the register and notices.
import { eq, sql } from 'drizzle-orm'
import { annualReturns, providers } from '../schema.js'
import { executePrepared, type Queryable } from '../client.js'
import { openFlagIds, stabilityRating, type Rating } from '../../domain/rating.js'
import { openEntries } from './flags.js'
import { noticeInForce } from './notices.js'
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

/** Works the standing out again from the register, the notices and the latest return. */
export async function refreshStanding(tx: Queryable, providerId: string): Promise<Rating> {
  const [p] = await tx.select({ latestPeriodEnd: annualReturns.periodEnd }).from(providers)
    .leftJoin(annualReturns, eq(annualReturns.id, providers.latestReturnId)).where(eq(providers.id, providerId))
  const open = await openEntries(tx, providerId)
  const inForce = await noticeInForce(tx, providerId)
  const rating = stabilityRating({
    openFlagSeverities: open.map((e) => e.severity),
    noticeInForce: inForce,
    hasAcceptedReturn: Boolean(p?.latestPeriodEnd),
  })
  await tx.update(providers).set({
    rating, openFlags: openFlagIds(open), noticeInForce: inForce, lastReturnPeriodEnd: p?.latestPeriodEnd ?? null,
  }).where(eq(providers.id, providerId))
  return rating
}
