// At-least-once: retries with backoff, the 24-hour give-up, a restart between attempts and a
// worker that dies mid-delivery, against a real HTTP receiver on 127.0.0.1 and a clock the test moves.
import t from 'tap'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose'
import { build } from '../helper.js'
import { claimDue } from '../../src/delivery/outbox.js'
import { HOUR, KENT, MINUTE, clock, enqueue, log, receiver, register } from './support.js'

/** A port nothing listens on (any more). */
async function closedPort() {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

t.test('a receiver that fails twice then succeeds gets one event id three times', async (t) => {
  const c = clock()
  const app = await build(t, { config: { webhookAllowHttpLoopback: true }, now: c.now })
  const kent = await receiver(t, [500, 503, 200])
  const hook = await register(app, KENT, kent.url)
  const { eventId } = await enqueue(app, [KENT], c.now())

  await app.deliverDue()
  t.equal(kent.got.length, 1, 'first attempt, refused')
  let [entry] = await log(app, KENT, hook.id)
  t.match(entry, { status: 'pending', attempts: 1 })
  const retryAt = new Date(entry.nextAttemptAt!).getTime()
  t.ok(retryAt > c.now().getTime() && retryAt <= c.now().getTime() + 30_000, 'the first retry is within 30 s')
  t.equal(await app.deliverDue(), 0, 'not due yet')
  t.equal(kent.got.length, 1)

  c.advance(30_000)
  await app.deliverDue()
  t.equal(kent.got.length, 2, 'second attempt, refused')
  ;[entry] = await log(app, KENT, hook.id)
  t.ok(new Date(entry.nextAttemptAt!).getTime() <= c.now().getTime() + 60_000, 'the second retry is within 60 s')

  c.advance(60_000)
  await app.deliverDue()
  t.equal(kent.got.length, 3, 'third attempt, accepted')
  c.advance(24 * HOUR)
  t.equal(await app.deliverDue(), 0, 'and no more')
  t.equal(kent.got.length, 3)

  t.same(kent.got.map((r) => r.headers['x-event-id']), [eventId, eventId, eventId], 'one event id: the receiver can de-duplicate')
  t.same(kent.got.map((r) => r.headers['x-delivery-attempt']), ['1', '2', '3'])
  const jwks = createLocalJWKSet((await app.inject({ url: '/.well-known/jwks.json' })).json() as JSONWebKeySet)
  const claims = await Promise.all(kent.got.map(async (r) => (await jwtVerify(r.body, jwks, { audience: KENT })).payload))
  t.same(claims[1], claims[0], 'the signed payload is the same on every attempt')
  t.same(claims[2], claims[0])

  ;[entry] = await log(app, KENT, hook.id)
  t.match(entry, { eventId, status: 'delivered', attempts: 3 })
  t.same(entry.attemptLog.map((a) => [a.attempt, a.statusCode]), [[1, 500], [2, 503], [3, 200]], 'the log shows every attempt')
  t.ok(entry.attemptLog.every((a) => Number.isInteger(a.durationMs) && a.durationMs >= 0))
})

t.test('an unreachable receiver is retried with backoff for 24 hours, then the delivery fails', async (t) => {
  const c = clock()
  const app = await build(t, { config: { webhookAllowHttpLoopback: true }, now: c.now })
  const hook = await register(app, KENT, `http://127.0.0.1:${await closedPort()}/notices`)
  await enqueue(app, [KENT], c.now())
  let entry
  for (let i = 0; i < 40; i++) {
    await app.deliverDue()
    ;[entry] = await log(app, KENT, hook.id)
    if (entry.status !== 'pending') break
    c.advance(61 * MINUTE) // past the largest backoff (an hour)
  }
  t.equal(entry!.status, 'failed')
  t.equal(entry!.attempts, 25, 'every 61 minutes while within 24 hours, and one after')
  t.equal(entry!.attemptLog.length, 25)
  t.ok(entry!.attemptLog.every((a) => a.statusCode === null && /ECONNREFUSED/.test(a.error!)), 'each attempt says why')
  c.advance(24 * HOUR)
  t.equal(await app.deliverDue(), 0, 'a failed delivery is not retried')
})

t.test('a restart between attempts loses nothing', async (t) => {
  const c = clock()
  const dataDir = mkdtempSync(join(tmpdir(), 'po-webhooks-'))
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }))
  const kent = await receiver(t, [502, 200])

  const first = await build(t, { config: { dataDir, webhookAllowHttpLoopback: true }, now: c.now })
  const hook = await register(first, KENT, kent.url)
  const tried = await enqueue(first, [KENT], c.now())
  await first.deliverDue()
  t.equal(kent.got.length, 1, 'tried once, refused')
  const untried = await enqueue(first, [KENT], c.now())
  await first.close() // the process stops: one event awaiting a retry, one never tried

  c.advance(2 * MINUTE)
  // The same database: the on-disk PGlite directory, or the same PostgreSQL database.
  const second = await build(t, { config: { dataDir, databaseUrl: first.config.databaseUrl, webhookAllowHttpLoopback: true }, now: c.now })
  await second.deliverDue()
  t.equal(kent.got.length, 3, 'the new process delivers both')
  t.same(kent.got.map((r) => r.headers['x-event-id']).sort(), [tried.eventId, tried.eventId, untried.eventId].sort())
  const entries = await log(second, KENT, hook.id)
  t.match(entries.find((e) => e.eventId === tried.eventId), { status: 'delivered', attempts: 2 })
  t.same(entries.find((e) => e.eventId === tried.eventId)!.attemptLog.map((a) => a.statusCode), [502, 200], 'both attempts, across the restart, in the log')
  t.match(entries.find((e) => e.eventId === untried.eventId), { status: 'delivered', attempts: 1 })
})

t.test('a delivery claimed by a worker that died is retried when its lease runs out', async (t) => {
  const c = clock()
  const app = await build(t, { config: { webhookAllowHttpLoopback: true }, now: c.now })
  const kent = await receiver(t)
  const hook = await register(app, KENT, kent.url)
  const { eventId } = await enqueue(app, [KENT], c.now())
  const [claimed] = await claimDue({ db: app.db, now: c.now() }, 10, 30_000) // claimed, then the worker is gone
  t.equal(claimed.eventId, eventId)
  t.equal(await claimDue({ db: app.db, now: c.now() }, 10, 30_000).then((r) => r.length), 0, 'no other worker takes a claimed row')
  t.equal(await app.deliverDue(), 0)
  t.equal(kent.got.length, 0)
  c.advance(31_000)
  await app.deliverDue()
  t.equal(kent.got.length, 1, 'delivered after the lease')
  t.equal(kent.got[0].headers['x-delivery-attempt'], '2', 'the lost attempt still counts')
  const [entry] = await log(app, KENT, hook.id)
  t.match(entry, { status: 'delivered', attempts: 2 })
  t.same(entry.attemptLog.map((a) => a.attempt), [2], 'only attempts that happened are logged')
})

