// Deliveries to a real HTTP receiver on 127.0.0.1, driven with app.deliverDue() and a clock the
// test moves: signatures and keys, which webhooks get what, claiming, timeouts, stopping.
// Retries, the 24-hour give-up, restarts and crashed workers: durability.test.ts.
import t from 'tap'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import { lookup } from 'node:dns/promises'
import { createLocalJWKSet, createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose'
import { build, bearer } from '../helper.js'
import { claimDue, enqueueEvent } from '../../src/delivery/outbox.js'
import { createDeliveryWorker } from '../../src/delivery/worker.js'
import { EVENT_JWS_TYP } from '../../src/delivery/signing-keys.js'
import { EVENT_ISSUER } from '../../src/delivery/event.js'
import { addressProblem } from '../../src/delivery/target.js'
import { HOUR, KENT, MINUTE, clock, enqueue, log, receiver, register, type Tap } from './support.js'

const CAMDEN = 'E09000007'

t.test('a delivery is a JWS that verifies against /.well-known/jwks.json, fetched over HTTP', async (t) => {
  const c = clock()
  const app = await build(t, { config: { webhookAllowHttpLoopback: true }, now: c.now })
  const kent = await receiver(t)
  const camden = await receiver(t)
  const kentHook = await register(app, KENT, kent.url)
  await register(app, CAMDEN, camden.url)
  const { eventId, written } = await enqueue(app, [KENT, CAMDEN, 'E06000001'], c.now())
  t.equal(written, 2, 'one delivery per active webhook; a council without one gets none')
  await app.deliverDue()
  t.equal(kent.got.length, 1)
  t.equal(camden.got.length, 1)

  const [req] = kent.got
  t.equal(req.contentType, 'application/jose')
  t.equal(req.headers['x-event-id'], eventId)
  t.equal(req.headers['x-event-type'], 'notice.issued')
  t.equal(req.headers['x-delivery-attempt'], '1')
  t.match(req.body, /^[\w-]+\.[\w-]+\.[\w-]+$/, 'a compact JWS')

  // The receiver's view: fetch the service's key set over HTTP, as createRemoteJWKSet does.
  await app.listen({ port: 0, host: '127.0.0.1' })
  const jwksUrl = new URL(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}/.well-known/jwks.json`)
  const { payload, protectedHeader } = await jwtVerify(req.body, createRemoteJWKSet(jwksUrl), {
    algorithms: ['ES256'], issuer: EVENT_ISSUER, audience: KENT, typ: EVENT_JWS_TYP,
  })
  t.equal(protectedHeader.alg, 'ES256')
  t.type(protectedHeader.kid, 'string')
  t.match(payload, {
    iss: EVENT_ISSUER, aud: KENT, jti: eventId, eventId, eventType: 'notice.issued', laCode: KENT, occurredAt: c.now().toISOString(),
    data: { kind: 'failure_likely', children: 12, provider: { name: 'Oakfield Care Group' } },
  })
  t.equal(payload.iat, Math.floor(c.now().getTime() / 1000))
  const camdenClaims = (await jwtVerify(camden.got[0].body, createRemoteJWKSet(jwksUrl), { audience: CAMDEN })).payload
  t.match(camdenClaims, { eventId, data: { children: 3 } }, 'each council sees its own children, under the same event id')
  await t.rejects(jwtVerify(camden.got[0].body, createRemoteJWKSet(jwksUrl), { audience: KENT }), 'addressed to Camden, not to Kent')

  const tampered = req.body.split('.')
  tampered[1] = Buffer.from(JSON.stringify({ ...payload, data: { children: 0 } })).toString('base64url')
  await t.rejects(jwtVerify(tampered.join('.'), createRemoteJWKSet(jwksUrl)), 'a changed payload does not verify')

  const [entry] = await log(app, KENT, kentHook.id)
  t.match(entry, { eventId, status: 'delivered', attempts: 1, deliveredAt: c.now().toISOString(), nextAttemptAt: null })
  t.match(entry.attemptLog, [{ attempt: 1, statusCode: 204, error: null, attemptedAt: c.now().toISOString() }])
  t.equal(await app.deliverDue(), 0, 'nothing is sent twice')
})

t.test('workers claiming at the same time never share a delivery', async (t) => {
  const c = clock()
  const app = await build(t, { config: { webhookAllowHttpLoopback: true }, now: c.now })
  const kent = await receiver(t)
  await register(app, KENT, kent.url)
  // Due an hour ahead of the app's clock, so its own poller leaves them to the claims below.
  const later = new Date(c.now().getTime() + HOUR)
  for (let i = 0; i < 12; i++) await enqueue(app, [KENT], later)
  const claims = await Promise.all([1, 2, 3].map(() => claimDue({ db: app.db, now: later }, 5, 30_000)))
  const ids = claims.flat().map((d) => d.id)
  t.equal(ids.length, 12, 'every due delivery claimed (at most 5 a claim)')
  t.ok(claims.every((batch) => batch.length <= 5))
  t.equal(new Set(ids).size, ids.length, 'none twice')
  t.ok(claims.flat().every((d) => d.attempt === 1))
})

t.test('deliverDue() works through every due delivery, a batch at a time', async (t) => {
  const c = clock()
  const app = await build(t, { config: { webhookAllowHttpLoopback: true }, now: c.now })
  const kent = await receiver(t)
  await register(app, KENT, kent.url)
  const later = new Date(c.now().getTime() + HOUR) // out of the app's own worker's sight
  for (let i = 0; i < 5; i++) await enqueue(app, [KENT], later)
  const worker = createDeliveryWorker({ db: app.db, log: app.log, now: () => later, pollIntervalMs: 0, batchSize: 2, allowLoopback: true })
  t.equal(await worker.deliverDue(), 5, 'three batches: 2, 2, 1')
  t.equal(kent.got.length, 5)
  t.equal(new Set(kent.got.map((r) => r.headers['x-event-id'])).size, 5)
  t.equal(await worker.deliverDue(), 0)
})

t.test('a redirect is a failure, recorded as such', async (t) => {
  const c = clock()
  const app = await build(t, { config: { webhookAllowHttpLoopback: true }, now: c.now })
  const moved = await receiver(t, [307, 200])
  const hook = await register(app, KENT, moved.url)
  await enqueue(app, [KENT], c.now())
  await app.deliverDue()
  const [entry] = await log(app, KENT, hook.id)
  t.match(entry, { status: 'pending', attemptLog: [{ statusCode: 307, error: 'redirects are not followed' }] })
})

/** A receiver that answers 204 after `delayMs`. */
async function slowReceiver(t: Tap, delayMs: number) {
  const got: string[] = []
  const server = createServer((req, res) => {
    got.push(String(req.headers['x-event-id']))
    req.resume()
    setTimeout(() => { res.statusCode = 204; res.end() }, delayMs)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()) }))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/notices`, got }
}

t.test('a receiver that does not answer in time is a failure; stopping waits for the attempt in flight', async (t) => {
  const c = clock()
  const app = await build(t, { config: { webhookAllowHttpLoopback: true }, now: c.now })
  const slow = await slowReceiver(t, 400)
  const hook = await register(app, KENT, slow.url)
  // Due an hour ahead of the app's clock, so only the workers made here (on that later clock) see them.
  const later = new Date(c.now().getTime() + HOUR)
  const log0 = { log: app.log, db: app.db, now: () => later, pollIntervalMs: 0, allowLoopback: true }

  await enqueue(app, [KENT], later)
  const impatient = createDeliveryWorker({ ...log0, timeoutMs: 100 })
  t.equal(await impatient.deliverDue(), 1)
  let [entry] = await log(app, KENT, hook.id)
  t.match(entry, { status: 'pending', attemptLog: [{ statusCode: null, error: 'no answer within 100 ms' }] })

  const patient = createDeliveryWorker({ ...log0, timeoutMs: 5_000 })
  later.setTime(later.getTime() + HOUR)
  const running = patient.deliverDue()
  while (slow.got.length < 2) await new Promise((resolve) => setTimeout(resolve, 10))
  await patient.stop() // while the receiver is still thinking
  t.equal(await running, 1)
  ;[entry] = await log(app, KENT, hook.id)
  t.match(entry, { status: 'delivered', attempts: 2 }, 'the attempt in flight finished and was recorded before stop() returned')
})

t.test('events reach only active webhooks; writing the same event twice adds nothing', async (t) => {
  const c = clock()
  const app = await build(t, { config: { webhookAllowHttpLoopback: true }, now: c.now })
  const a = await receiver(t)
  const b = await receiver(t)
  const hookA = await register(app, KENT, a.url)
  const hookB = await register(app, KENT, b.url)
  const first = await enqueue(app, [KENT, KENT], c.now())
  t.equal(first.written, 2, 'both of Kent\'s webhooks, once each')
  t.equal((await enqueue(app, [KENT], c.now(), first.eventId)).written, 0, 'the same event id again: nothing new')
  const gone = await app.inject({ method: 'DELETE', url: `/v1/councils/${KENT}/webhooks/${hookB.id}`, headers: await bearer({ role: 'council', laCode: KENT }) })
  t.equal(gone.statusCode, 204)
  t.match(await log(app, KENT, hookB.id), [{ status: 'failed', attempts: 0 }], 'a deactivated webhook\'s pending deliveries are abandoned')
  t.equal((await enqueue(app, [KENT], c.now())).written, 1, 'a deactivated webhook gets no new events')
  t.equal(await app.db.transaction((tx) => enqueueEvent(tx, { eventId: randomUUID(), eventType: 'notice.withdrawn', laCodes: [], payloadFor: () => ({}) }, c.now())), 0)
  await app.deliverDue()
  t.equal(a.got.length, 2)
  t.equal(b.got.length, 0)
  t.equal((await log(app, KENT, hookA.id)).length, 2)
})

t.test('a rolled-back transaction sends nothing', async (t) => {
  const c = clock()
  const app = await build(t, { config: { webhookAllowHttpLoopback: true }, now: c.now })
  const kent = await receiver(t)
  await register(app, KENT, kent.url)
  await t.rejects(app.db.transaction(async (tx) => {
    await enqueueEvent(tx, { eventId: randomUUID(), eventType: 'notice.issued', laCodes: [KENT], payloadFor: () => ({}) }, c.now())
    throw new Error('the notice could not be saved')
  }))
  t.equal(await app.deliverDue(), 0)
  t.equal(kent.got.length, 0)
})

t.test('after a key rotation deliveries are signed with the new key; the old stays published for 30 days', async (t) => {
  const c = clock()
  const app = await build(t, { config: { webhookAllowHttpLoopback: true }, now: c.now })
  const kent = await receiver(t)
  await register(app, KENT, kent.url)
  await enqueue(app, [KENT], c.now())
  await app.deliverDue()
  const oldKid = decodeProtectedHeader(kent.got[0].body).kid

  const rotated = await app.inject({ method: 'POST', url: '/v1/signing-keys/rotations', headers: await bearer({ role: 'regulator' }) })
  t.equal(rotated.statusCode, 201)
  t.same(rotated.json().retired.map((r: { kid: string }) => r.kid), [oldKid])
  await enqueue(app, [KENT], c.now())
  await app.deliverDue()
  const newKid = decodeProtectedHeader(kent.got[1].body).kid
  t.equal(newKid, rotated.json().kid)
  t.not(newKid, oldKid)

  const jwks = async () => (await app.inject({ url: '/.well-known/jwks.json' })).json() as JSONWebKeySet
  const both = createLocalJWKSet(await jwks())
  await jwtVerify(kent.got[0].body, both)
  await jwtVerify(kent.got[1].body, both)
  t.pass('a delivery signed before the rotation still verifies after it')
  c.advance(30 * 24 * HOUR - MINUTE)
  t.same((await jwks()).keys.map((k) => k.kid), [newKid, oldKid], '29 days 23 hours on: both published')
  c.advance(2 * MINUTE)
  t.same((await jwks()).keys.map((k) => k.kid), [newKid], 'after 30 days: the old key is gone')
})

t.test('a receiver the rules no longer allow is not called: the refusal is the attempt\'s error', async (t) => {
  const c = clock()
  // Registered while loopback was allowed; the worker now runs without that allowance.
  const app = await build(t, { config: { webhookAllowHttpLoopback: true }, now: c.now })
  const kent = await receiver(t)
  const hook = await register(app, KENT, kent.url)
  const later = new Date(c.now().getTime() + HOUR)
  await enqueue(app, [KENT], later)
  const strict = createDeliveryWorker({ db: app.db, log: app.log, now: () => later, pollIntervalMs: 0 })
  t.teardown(() => strict.stop())
  t.equal(await strict.deliverDue(), 1)
  t.equal(kent.got.length, 0, 'nothing reached the receiver')
  const [entry] = await log(app, KENT, hook.id)
  t.match(entry, { status: 'pending', attemptLog: [{ statusCode: null, error: 'the URL must not point at a loopback address' }] })
})

// This machine's own name resolves to a loopback or private address (where it does not, skip).
const ownName = hostname()
const ownAddresses = await lookup(ownName, { all: true }).catch(() => [])
const ownNameIsInternal = ownAddresses.length > 0 && ownAddresses.every((a) => addressProblem(a.address, false) !== undefined)

t.test('a name that resolves to an internal address is refused, and the log does not say where it led', {
  skip: ownNameIsInternal ? false : `${ownName} does not resolve only to internal addresses here`,
}, async (t) => {
  const c = clock()
  const app = await build(t, { now: c.now })
  const kent = await receiver(t)
  const port = new URL(kent.url).port
  const hook = await register(app, KENT, `https://${ownName}:${port}/notices`) // a name: checked when a delivery connects
  // Due an hour ahead of the app's clock, so only the worker made here sees it.
  const later = new Date(c.now().getTime() + HOUR)
  await enqueue(app, [KENT], later)
  const worker = createDeliveryWorker({ db: app.db, log: app.log, now: () => later, pollIntervalMs: 0 })
  t.teardown(() => worker.stop())
  t.equal(await worker.deliverDue(), 1)
  t.equal(kent.got.length, 0, 'nothing reached the receiver')
  const [entry] = await log(app, KENT, hook.id)
  const error = entry.attemptLog[0].error ?? ''
  t.equal(error, `EADDRNOTALLOWED: the target was refused: ${ownName} resolves to an address webhooks are not sent to`)
  for (const a of ownAddresses) t.notOk(error.includes(a.address), `the council is not told ${a.address}`)
})
