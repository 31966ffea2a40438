// A provider's standing (rating, PE backing), kept on its row in step with the register.
import { eq } from 'drizzle-orm'
import { providers } from '../schema.js'
import type { Queryable } from '../client.js'
import { stabilityRating, type Rating } from '../../domain/rating.js'
import { openSeverities } from './flags.js'
import { noticeInForce } from './notices.js'

export async function refreshStanding(tx: Queryable, providerId: string, patch: { peBacked?: boolean; difficultToReplace?: boolean } = {}): Promise<Rating> {
  const [p] = await tx.select({ latestReturnId: providers.latestReturnId }).from(providers).where(eq(providers.id, providerId))
  const rating = stabilityRating({
    openFlagSeverities: await openSeverities(tx, providerId),
    noticeInForce: await noticeInForce(tx, providerId),
    hasAcceptedReturn: Boolean(p?.latestReturnId),
  })
  await tx.update(providers).set({ rating, ...patch }).where(eq(providers.id, providerId))
  return rating
}
