// Idempotency-Key (IETF httpapi draft, as Stripe does it): the first request with a key is
// recorded in flight; its response is stored in the same transaction as its effect and replayed
// to any retry with the same key and body.
import { and, eq, lt } from 'drizzle-orm'
import { idempotencyKeys } from '../schema.js'
import { executePrepared, type Queryable } from '../client.js'
import { Problem } from '../../problems.js'

/** An in-flight record older than this is taken to belong to a request that died. */
const ABANDONED_AFTER_MS = 60_000
/** Keys are kept at least this long (the draft asks for 24 hours). */
export const KEY_RETENTION_MS = 48 * 3600_000

export interface IdempotencySlot { scope: string; key: string }

/** `claimedAt` tells this claim from a later one of the same key (see `releaseKey`). */
export type Claim =
  | { kind: 'claimed'; slot: IdempotencySlot; claimedAt: Date }
  | { kind: 'replay'; status: number; body: unknown }

export async function claimKey(db: Queryable, slot: IdempotencySlot, requestHash: string, now: Date): Promise<Claim> {
  // The claim and the record are on every keyed filing's path: kept prepared, like the filing's own.
  const inserted = await executePrepared(db, db.insert(idempotencyKeys)
    .values({ ...slot, requestHash, state: 'in_flight', createdAt: now, lockedAt: now })
    .onConflictDoNothing().returning({ key: idempotencyKeys.key }).getSQL())
  if (inserted.length) return { kind: 'claimed', slot, claimedAt: now }

  const [existing] = await db.select().from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, slot.scope), eq(idempotencyKeys.key, slot.key)))
  if (!existing) return claimKey(db, slot, requestHash, now) // released meanwhile: try again
  if (existing.requestHash !== requestHash) {
    throw new Problem('idempotency-key-reused', 'This Idempotency-Key was used with a different request body; use a new key for a new request')
  }
  if (existing.state === 'done') return { kind: 'replay', status: existing.responseStatus!, body: existing.responseBody }
  // Take over a claim whose request died mid-way; otherwise the first is still working.
  const taken = await db.update(idempotencyKeys).set({ lockedAt: now })
    .where(and(eq(idempotencyKeys.scope, slot.scope), eq(idempotencyKeys.key, slot.key),
      eq(idempotencyKeys.state, 'in_flight'), lt(idempotencyKeys.lockedAt, new Date(now.getTime() - ABANDONED_AFTER_MS))))
    .returning({ key: idempotencyKeys.key })
  if (taken.length) return { kind: 'claimed', slot, claimedAt: now }
  throw new Problem('idempotency-key-in-flight', 'A request with this Idempotency-Key is still being processed; retry shortly')
}

/** Records the response; call inside the transaction that made the change. */
export async function completeKey(db: Queryable, slot: IdempotencySlot, status: number, body: unknown) {
  await executePrepared(db, db.update(idempotencyKeys).set({ state: 'done', responseStatus: status, responseBody: body })
    .where(and(eq(idempotencyKeys.scope, slot.scope), eq(idempotencyKeys.key, slot.key))).getSQL())
}

/**
 * Frees the key after a failure that produced no lasting effect (5xx), so a retry can run. Only
 * the claim made at `claimedAt` is freed: a release that comes late (retried once the database is
 * back) never frees a newer claim of the same key, nor one whose transaction committed ('done').
 */
export async function releaseKey(db: Queryable, slot: IdempotencySlot, claimedAt: Date) {
  await db.delete(idempotencyKeys).where(and(
    eq(idempotencyKeys.scope, slot.scope), eq(idempotencyKeys.key, slot.key), eq(idempotencyKeys.state, 'in_flight'),
    eq(idempotencyKeys.lockedAt, claimedAt)))
}

export async function purgeExpiredKeys(db: Queryable, now: Date) {
  await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, new Date(now.getTime() - KEY_RETENTION_MS)))
}

