import t from 'tap'
import { randomUUID } from 'node:crypto'
import { build, bearer, isProblem } from '../../helper.js'
import { enqueueEvent } from '../../../src/delivery/outbox.js'

const KENT = 'E10000016'
const CAMDEN = 'E09000007'
const HTTPS = 'https://notices.kent.gov.uk/provider-oversight'

t.test('a council registers https webhooks for itself; lists and deactivates them', async (t) => {
  const app = await build(t)
  const kent = await bearer({ role: 'council', laCode: KENT })
  const created = await app.inject({ method: 'POST', url: `/v1/councils/${KENT}/webhooks`, headers: kent, payload: { url: HTTPS } })
  t.equal(created.statusCode, 201)
  const hook = created.json()
  t.match(hook, { id: String, laCode: KENT, url: HTTPS, active: true, createdAt: String })
  t.same(Object.keys(hook).sort(), ['active', 'createdAt', 'id', 'laCode', 'url'])
  t.equal(created.headers.location, `/v1/councils/${KENT}/webhooks/${hook.id}`)

  const dup = await app.inject({ method: 'POST', url: `/v1/councils/${KENT}/webhooks`, headers: kent, payload: { url: HTTPS } })
  t.equal(dup.statusCode, 409, 'the same URL twice while active')
  t.equal(dup.json().webhookId, hook.id)
  const second = await app.inject({ method: 'POST', url: `/v1/councils/${KENT}/webhooks`, headers: kent, payload: { url: `${HTTPS}/v2?token=s3cret` } })
  t.equal(second.statusCode, 201, 'another URL')

  const list = await app.inject({ url: `/v1/councils/${KENT}/webhooks`, headers: kent })
  t.equal(list.statusCode, 200)
  t.same(list.json().items.map((w: { id: string }) => w.id), [hook.id, second.json().id])

  const gone = await app.inject({ method: 'DELETE', url: `/v1/councils/${KENT}/webhooks/${hook.id}`, headers: kent })
  t.equal(gone.statusCode, 204)
  t.equal(gone.body, '')
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/councils/${KENT}/webhooks/${hook.id}`, headers: kent })).statusCode, 204, 'deactivating twice is harmless')
  const after = (await app.inject({ url: `/v1/councils/${KENT}/webhooks`, headers: kent })).json().items
  t.same(after.map((w: { active: boolean }) => w.active), [false, true], 'kept, inactive')
  t.equal((await app.inject({ method: 'POST', url: `/v1/councils/${KENT}/webhooks`, headers: kent, payload: { url: HTTPS } })).statusCode, 201, 'the URL may be registered again once the old one is inactive')
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/councils/${KENT}/webhooks/${randomUUID()}`, headers: kent })).statusCode, 404)

  const reg = await bearer({ role: 'regulator' })
  const audit = (await app.inject({ url: `/v1/audit?objectType=webhook&objectId=${hook.id}`, headers: reg })).json().items
  t.same(audit.map((e: { action: string }) => e.action), ['webhook.deactivate', 'webhook.register'], 'audited once each')
  const secretAudit = (await app.inject({ url: `/v1/audit?objectType=webhook&objectId=${second.json().id}`, headers: reg })).json().items
  t.equal(secretAudit[0].summary.url, `${HTTPS}/v2?…`, 'the audit log keeps no query string (it may hold a secret)')
})

t.test('https only; loopback only when the service allows it', async (t) => {
  const strict = await build(t)
  const kent = await bearer({ role: 'council', laCode: KENT })
  const post = (app: typeof strict, url: unknown) => app.inject({ method: 'POST', url: `/v1/councils/${KENT}/webhooks`, headers: kent, payload: { url } })
  for (const [url, detail] of [
    ['http://notices.kent.gov.uk/hook', 'must be an https URL'],
    ['http://127.0.0.1:8080/hook', 'must not point at a loopback address'],
    ['http://localhost:8080/hook', 'must not point at a loopback address'],
    ['http://[::1]:8080/hook', 'must not point at a loopback address'],
    ['https://localhost./hook', 'must not point at a loopback address'],
    ['https://LocalHost./hook', 'must not point at a loopback address'],
    ['https://[::127.0.0.1]/hook', 'must not point at an IPv4-compatible IPv6 address (::/96)'],
    ['https://[::169.254.169.254]/hook', 'must not point at an IPv4-compatible IPv6 address (::/96)'],
    ['https://192.168.0.10/hook', 'must not point at a private network address'],
    ['https://user:pw@notices.kent.gov.uk/', 'must not contain credentials'],
    ['not a url', 'must be an absolute URL'],
  ] as const) {
    const res = await post(strict, url)
    t.equal(res.statusCode, 422, url)
    t.ok(isProblem(res))
    t.same(res.json().errors, [{ pointer: '/url', detail }], url)
  }
  const missing = await strict.inject({ method: 'POST', url: `/v1/councils/${KENT}/webhooks`, headers: kent, payload: {} })
  t.equal(missing.statusCode, 422)
  t.same(missing.json().errors, [{ pointer: '/url', detail: 'is required' }])
  t.equal((await post(strict, 'x'.repeat(2001))).statusCode, 422, 'too long')

  const testing = await build(t, { config: { webhookAllowHttpLoopback: true } })
  for (const url of ['http://127.0.0.1:8080/hook', 'http://localhost:8080/hook', 'http://[::1]:8080/hook']) {
    t.equal((await post(testing, url)).statusCode, 201, url)
  }
  t.equal((await post(testing, 'http://notices.kent.gov.uk/hook')).statusCode, 422, 'still https elsewhere')
  t.equal((await post(testing, 'https://[::127.0.0.1]/hook')).statusCode, 422, 'IPv4-compatible loopback is not loopback allowed')
})

t.test('a council acts only for itself; regulators read; providers cannot', async (t) => {
  const app = await build(t)
  const kent = await bearer({ role: 'council', laCode: KENT })
  const camden = await bearer({ role: 'council', laCode: CAMDEN })
  const reg = await bearer({ role: 'regulator' })
  const provider = await bearer({ role: 'provider', providerId: randomUUID() })
  const hook = (await app.inject({ method: 'POST', url: `/v1/councils/${KENT}/webhooks`, headers: kent, payload: { url: HTTPS } })).json()
  const camdenHook = (await app.inject({ method: 'POST', url: `/v1/councils/${CAMDEN}/webhooks`, headers: camden, payload: { url: 'https://camden.example/hook' } })).json()

  t.equal((await app.inject({ method: 'POST', url: `/v1/councils/${KENT}/webhooks`, headers: camden, payload: { url: HTTPS } })).statusCode, 403, 'another council')
  t.equal((await app.inject({ url: `/v1/councils/${KENT}/webhooks`, headers: camden })).statusCode, 403)
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/councils/${KENT}/webhooks/${hook.id}`, headers: camden })).statusCode, 403)
  t.equal((await app.inject({ url: `/v1/councils/${KENT}/webhooks/${hook.id}/deliveries`, headers: camden })).statusCode, 403)
  t.equal((await app.inject({ url: `/v1/councils/${CAMDEN}/webhooks/${hook.id}/deliveries`, headers: camden })).statusCode, 404, 'Kent\'s webhook does not exist under Camden')
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/councils/${CAMDEN}/webhooks/${hook.id}`, headers: camden })).statusCode, 404)
  t.equal((await app.inject({ url: `/v1/councils/${KENT}/webhooks/${camdenHook.id}/deliveries`, headers: kent })).statusCode, 404)

  for (const headers of [provider]) {
    t.equal((await app.inject({ method: 'POST', url: `/v1/councils/${KENT}/webhooks`, headers, payload: { url: HTTPS } })).statusCode, 403, 'a provider')
    t.equal((await app.inject({ url: `/v1/councils/${KENT}/webhooks`, headers })).statusCode, 403)
    t.equal((await app.inject({ url: `/v1/councils/${KENT}/webhooks/${hook.id}/deliveries`, headers })).statusCode, 403)
  }
  t.equal((await app.inject({ method: 'POST', url: `/v1/councils/${KENT}/webhooks`, headers: reg, payload: { url: HTTPS } })).statusCode, 403, 'a regulator does not choose where a council\'s notices go')
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/councils/${KENT}/webhooks/${hook.id}`, headers: reg })).statusCode, 403)
  t.equal((await app.inject({ url: `/v1/councils/${KENT}/webhooks`, headers: reg })).statusCode, 200, 'a regulator reads a council\'s webhooks')
  t.equal((await app.inject({ url: `/v1/councils/${KENT}/webhooks/${hook.id}/deliveries`, headers: reg })).statusCode, 200, 'and their delivery logs')
  t.equal((await app.inject({ url: '/v1/councils/E09999999/webhooks', headers: reg })).statusCode, 404, 'no such council')
  t.equal((await app.inject({ url: '/v1/councils/W06000001/webhooks', headers: reg })).statusCode, 400, 'not an English council code')
  t.equal((await app.inject({ url: `/v1/councils/${KENT}/webhooks` })).statusCode, 401)
  t.equal((await app.inject({ url: `/v1/councils/${KENT}/webhooks/not-a-uuid/deliveries`, headers: kent })).statusCode, 400)
})

t.test('the delivery log pages through every event, newest first', async (t) => {
  let now = new Date('2025-06-02T09:00:00Z')
  const app = await build(t, { now: () => now })
  const kent = await bearer({ role: 'council', laCode: KENT })
  const hook = (await app.inject({ method: 'POST', url: `/v1/councils/${KENT}/webhooks`, headers: kent, payload: { url: HTTPS } })).json()
  const ids: string[] = []
  for (let i = 0; i < 5; i++) {
    const eventId = randomUUID()
    ids.push(eventId)
    await app.db.transaction((tx) => enqueueEvent(tx, { eventId, eventType: 'notice.issued', laCodes: [KENT], payloadFor: () => ({ n: i }) }, now))
    if (i !== 2) now = new Date(now.getTime() + 60_000) // two share a time: the id breaks the tie
  }
  const seen: string[] = []
  let cursor: string | null = null
  let pages = 0
  do {
    const res = await app.inject({ url: `/v1/councils/${KENT}/webhooks/${hook.id}/deliveries?limit=2${cursor ? `&cursor=${cursor}` : ''}`, headers: kent })
    t.equal(res.statusCode, 200)
    const page: { items: Array<{ eventId: string; status: string; attempts: number; attemptLog: unknown[]; nextAttemptAt: string }>; nextCursor: string | null } = res.json()
    for (const d of page.items) t.match(d, { status: 'pending', attempts: 0, attemptLog: [], nextAttemptAt: String })
    seen.push(...page.items.map((d) => d.eventId))
    cursor = page.nextCursor
    pages++
  } while (cursor)
  t.equal(pages, 3)
  t.equal(seen.length, 5, 'every event once')
  t.equal(seen[0], ids[4], 'newest first')
  t.same(seen.slice(1, 3).sort(), [ids[2], ids[3]].sort(), 'the two written at the same time, in either order')
  t.same(seen.slice(3), [ids[1], ids[0]])
  const bad = await app.inject({ url: `/v1/councils/${KENT}/webhooks/${hook.id}/deliveries?cursor=nonsense`, headers: kent })
  t.equal(bad.statusCode, 400)
})

t.test('the JWKS is public; only a regulator rotates the key, and it is audited', async (t) => {
  const app = await build(t)
  const jwks = await app.inject({ url: '/.well-known/jwks.json' })
  t.equal(jwks.statusCode, 200, 'no token needed')
  t.match(jwks.headers['cache-control'], /max-age=\d+/)
  const [key] = jwks.json().keys
  t.match(key, { kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig', kid: String, x: String, y: String })
  t.notOk('d' in key, 'never the private part')
  t.same((await app.inject({ url: '/.well-known/jwks.json' })).json().keys, [key], 'made once, on first use')

  for (const headers of [await bearer({ role: 'council', laCode: KENT }), await bearer({ role: 'provider', providerId: randomUUID() })]) {
    t.equal((await app.inject({ method: 'POST', url: '/v1/signing-keys/rotations', headers })).statusCode, 403)
  }
  const reg = await bearer({ role: 'regulator', sub: 'r.ahmed' })
  const rotated = await app.inject({ method: 'POST', url: '/v1/signing-keys/rotations', headers: reg })
  t.equal(rotated.statusCode, 201)
  t.match(rotated.json(), { kid: String, createdAt: String, retired: [{ kid: key.kid, retiredAt: String }] })
  const keys = (await app.inject({ url: '/.well-known/jwks.json' })).json().keys
  t.same(keys.map((k: { kid: string }) => k.kid), [rotated.json().kid, key.kid], 'the new key first; the old one still published')
  const audit = (await app.inject({ url: `/v1/audit?objectType=signing-key`, headers: reg })).json().items
  t.match(audit, [{ action: 'signing-key.rotate', actorSub: 'r.ahmed', objectId: rotated.json().kid, summary: { retired: [key.kid] } }])
})
