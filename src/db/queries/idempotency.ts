// Idempotency-Key (IETF httpapi draft, as Stripe does it): the first request with a key is
// recorded in flight; its response is stored in the same transaction as its effect and replayed
// to any retry with the same key and body (commands/idempotency.ts claims a key).
import { and, eq, lt } from 'drizzle-orm'
import { idempotencyKeys } from '../schema.js'
import { executePrepared, type Queryable } from '../client.js'

/** Keys are kept at least this long (the draft asks for 24 hours). */
export const KEY_RETENTION_MS = 48 * 3600_000

export interface IdempotencySlot { scope: string; key: string }

const slotIs = (slot: IdempotencySlot) => and(eq(idempotencyKeys.scope, slot.scope), eq(idempotencyKeys.key, slot.key))

/** Records the key in flight, unless it is recorded already: whether this claim took it. */
export async function insertClaim(db: Queryable, slot: IdempotencySlot, requestHash: string, now: Date): Promise<boolean> {
  // The claim and the record are on every keyed filing's path: kept prepared, like the filing's own.
  const inserted = await executePrepared(db, db.insert(idempotencyKeys)
    .values({ ...slot, requestHash, state: 'in_flight', createdAt: now, lockedAt: now })
    .onConflictDoNothing().returning({ key: idempotencyKeys.key }).getSQL())
  return inserted.length > 0
}

export async function findKey(db: Queryable, slot: IdempotencySlot) {
  const [row] = await db.select().from(idempotencyKeys).where(slotIs(slot))
  return row
}

/** Takes over an in-flight claim locked before `abandonedBefore` (its request died): whether it did. */
export async function takeOverClaim(db: Queryable, slot: IdempotencySlot, now: Date, abandonedBefore: Date): Promise<boolean> {
  const taken = await db.update(idempotencyKeys).set({ lockedAt: now })
    .where(and(slotIs(slot), eq(idempotencyKeys.state, 'in_flight'), lt(idempotencyKeys.lockedAt, abandonedBefore)))
    .returning({ key: idempotencyKeys.key })
  return taken.length > 0
}

/** Records the response; call inside the transaction that made the change. */
export async function completeKey(db: Queryable, slot: IdempotencySlot, status: number, body: unknown) {
  await executePrepared(db, db.update(idempotencyKeys).set({ state: 'done', responseStatus: status, responseBody: body })
    .where(slotIs(slot)).getSQL())
}

/**
 * Frees the key after a failure that produced no lasting effect (5xx), so a retry can run. Only
 * the claim made at `claimedAt` is freed: a release that comes late (retried once the database is
 * back) never frees a newer claim of the same key, nor one whose transaction committed ('done').
 */
export async function releaseKey(db: Queryable, slot: IdempotencySlot, claimedAt: Date) {
  await db.delete(idempotencyKeys).where(and(slotIs(slot), eq(idempotencyKeys.state, 'in_flight'), eq(idempotencyKeys.lockedAt, claimedAt)))
}

export async function purgeExpiredKeys(db: Queryable, now: Date) {
  await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, new Date(now.getTime() - KEY_RETENTION_MS)))
}
