// Claiming an Idempotency-Key: the first request with a key runs; a retry with the same body gets
// the first answer; the same key with another body, or while the first still runs, is refused.
import type { Queryable } from '../db/client.js'
import { findKey, insertClaim, takeOverClaim, type IdempotencySlot } from '../db/queries/idempotency.js'
import { Problem } from '../problems.js'

export type { IdempotencySlot }

/** An in-flight record older than this is taken to belong to a request that died. */
const ABANDONED_AFTER_MS = 60_000

/** `claimedAt` tells this claim from a later one of the same key (see `releaseKey`). */
export type Claim =
  | { kind: 'claimed'; slot: IdempotencySlot; claimedAt: Date }
  | { kind: 'replay'; status: number; body: unknown }

export async function claimKey(db: Queryable, slot: IdempotencySlot, requestHash: string, now: Date): Promise<Claim> {
  if (await insertClaim(db, slot, requestHash, now)) return { kind: 'claimed', slot, claimedAt: now }
  const existing = await findKey(db, slot)
  if (!existing) return claimKey(db, slot, requestHash, now) // released meanwhile: try again
  if (existing.requestHash !== requestHash) {
    throw new Problem('idempotency-key-reused', 'This Idempotency-Key was used with a different request body; use a new key for a new request')
  }
  if (existing.state === 'done') return { kind: 'replay', status: existing.responseStatus!, body: existing.responseBody }
  // Take over a claim whose request died mid-way; otherwise the first is still working.
  if (await takeOverClaim(db, slot, now, new Date(now.getTime() - ABANDONED_AFTER_MS))) return { kind: 'claimed', slot, claimedAt: now }
  throw new Problem('idempotency-key-in-flight', 'A request with this Idempotency-Key is still being processed; retry shortly')
}
