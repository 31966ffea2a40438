// A provider's standing worked out again from the register, its notices and its latest return,
// inside the transaction of a change to any of them (a flag's transition, a notice).
import type { Queryable } from '../db/client.js'
import { openFlagsOf } from '../db/queries/flags.js'
import { noticeInForce } from '../db/queries/notices.js'
import { latestPeriodEndOf, setStanding } from '../db/queries/standing.js'
import { openFlagIds, stabilityRating, type Rating } from '../domain/rating.js'

export async function refreshStanding(tx: Queryable, providerId: string): Promise<Rating> {
  const latestPeriodEnd = await latestPeriodEndOf(tx, providerId)
  const open = await openFlagsOf(tx, providerId)
  const inForce = await noticeInForce(tx, providerId)
  const rating = stabilityRating({
    openFlagSeverities: open.map((f) => f.severity),
    noticeInForce: inForce,
    hasAcceptedReturn: Boolean(latestPeriodEnd),
  })
  await setStanding(tx, providerId, { rating, openFlags: openFlagIds(open), noticeInForce: inForce, lastReturnPeriodEnd: latestPeriodEnd })
  return rating
}
