import t from 'tap'
import { and, eq } from 'drizzle-orm'
import { build } from '../helper.js'
import { claimKey, type Claim, type IdempotencySlot } from '../../src/commands/idempotency.js'
import { completeKey, purgeExpiredKeys, releaseKey } from '../../src/db/queries/idempotency.js'
import { idempotencyKeys } from '../../src/db/schema.js'
import type { Database } from '../../src/db/client.js'

t.test('keys are kept at least 24 hours, then purged', async (t) => {
  const app = await build(t)
  const start = new Date('2026-11-23T10:00:00Z')
  const slot = { scope: 'provider:ann:1', key: 'k1' }
  await claimKey(app.db, slot, 'hash', start)
  await completeKey(app.db, slot, 201, { id: 'r1' })
  await purgeExpiredKeys(app.db, new Date(start.getTime() + 25 * 3600_000))
  t.match(await claimKey(app.db, slot, 'hash', new Date(start.getTime() + 25 * 3600_000)), { kind: 'replay', status: 201, body: { id: 'r1' } }, 'still there after 25 hours')
  await purgeExpiredKeys(app.db, new Date(start.getTime() + 49 * 3600_000))
  t.match(await claimKey(app.db, slot, 'other-hash', new Date(start.getTime() + 49 * 3600_000)), { kind: 'claimed' }, 'gone after 48 hours: a new request may use it')
})

t.test('an in-flight claim abandoned for a minute can be taken over', async (t) => {
  const app = await build(t)
  const start = new Date('2026-11-23T10:00:00Z')
  const slot = { scope: 'provider:ann:1', key: 'k2' }
  await claimKey(app.db, slot, 'hash', start)
  const busy = await claimKey(app.db, slot, 'hash', new Date(start.getTime() + 5_000)).catch((e: { slug?: string }) => e)
  t.equal((busy as { slug?: string }).slug, 'idempotency-key-in-flight', 'a live claim is not taken over')
  t.match(await claimKey(app.db, slot, 'hash', new Date(start.getTime() + 61_000)), { kind: 'claimed' })
})

const rowOf = async (db: Database, slot: IdempotencySlot) => {
  const [row] = await db.select().from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, slot.scope), eq(idempotencyKeys.key, slot.key)))
  return row
}
const claimedAt = (claim: Claim) => {
  if (claim.kind !== 'claimed') throw new Error(`expected a claim, got ${claim.kind}`)
  return claim.claimedAt
}

t.test('a late release frees only its own claim: never a newer one, never a done key', async (t) => {
  const app = await build(t)
  const start = new Date('2026-11-23T10:00:00Z')
  const slot = { scope: 'provider:ann:1', key: 'k3' }
  const first = claimedAt(await claimKey(app.db, slot, 'hash', start))
  const second = claimedAt(await claimKey(app.db, slot, 'hash', new Date(start.getTime() + 61_000))) // the first was abandoned

  await releaseKey(app.db, slot, first) // the first request's release arrives late
  t.match(await rowOf(app.db, slot), { state: 'in_flight', lockedAt: second }, 'the newer claim is still in place')
  const busy = await claimKey(app.db, slot, 'hash', new Date(start.getTime() + 62_000)).catch((e: { slug?: string }) => e)
  t.equal((busy as { slug?: string }).slug, 'idempotency-key-in-flight', 'and a retry still finds it in flight')

  await releaseKey(app.db, slot, second)
  t.equal(await rowOf(app.db, slot), undefined, 'its own release frees it')

  const third = claimedAt(await claimKey(app.db, slot, 'hash', new Date(start.getTime() + 63_000)))
  await completeKey(app.db, slot, 201, { id: 'r3' })
  await releaseKey(app.db, slot, third)
  t.match(await rowOf(app.db, slot), { state: 'done', responseStatus: 201 }, 'a done key is never released, even by its own claim')
  t.match(await claimKey(app.db, slot, 'hash', new Date(start.getTime() + 64_000)), { kind: 'replay', status: 201, body: { id: 'r3' } })
})
