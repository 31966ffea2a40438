import t from 'tap'
import { build } from '../helper.js'
import { claimKey, completeKey, purgeExpiredKeys } from '../../src/db/queries/idempotency.js'

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
