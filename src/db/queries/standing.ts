// A provider's standing (rating, PE backing, and the rest of its stability view), kept on its row in
// step with the register and notices.
import { eq } from 'drizzle-orm'
import { annualReturns, providers } from '../schema.js'
import type { Queryable } from '../client.js'
import { openFlagIds, stabilityRating, type Rating } from '../../domain/rating.js'
import { openEntries } from './flags.js'
import { noticeInForce } from './notices.js'

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
