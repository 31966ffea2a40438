import t from 'tap'
import { build, bearer, isProblem, seedProvider } from '../helper.js'
import { smallReturn } from '../fixtures/returns.js'

t.test('security headers on every response, refusals included', async (t) => {
  const app = await build(t)
  for (const [url, status] of [['/health/live', 200], ['/v1/councils', 401], ['/no/such/route', 404]] as const) {
    const res = await app.inject({ url, headers: { 'x-request-id': 'req-123' } })
    t.equal(res.statusCode, status, url)
    t.equal(res.headers['x-content-type-options'], 'nosniff', url)
    t.equal(res.headers['x-frame-options'], 'SAMEORIGIN', url)
    t.equal(res.headers['referrer-policy'], 'no-referrer', url)
    t.equal(res.headers['cross-origin-opener-policy'], 'same-origin', url)
    t.match(res.headers['strict-transport-security'], /^max-age=\d+; includeSubDomains$/, url)
    t.match(res.headers['content-security-policy'], /default-src 'self';.*frame-ancestors 'self'/, url)
    t.equal(res.headers['x-request-id'], 'req-123', `${url}: the request id is echoed`)
  }
})

t.test('rate limiting per token subject: 429 problem+json with Retry-After', async (t) => {
  const app = await build(t, { config: { rateLimitMax: 3 } })
  const alice = await bearer({ role: 'regulator', sub: 'alice' })
  const bob = await bearer({ role: 'regulator', sub: 'bob' })
  for (let i = 0; i < 3; i++) t.equal((await app.inject({ url: '/v1/councils', headers: alice })).statusCode, 200)
  const limited = await app.inject({ url: '/v1/councils', headers: alice })
  t.equal(limited.statusCode, 429)
  t.ok(isProblem(limited))
  t.equal(limited.json().type, 'urn:provider-oversight:problem:rate-limited')
  t.ok(Number(limited.headers['retry-after']) > 0)
  t.equal((await app.inject({ url: '/v1/councils', headers: bob })).statusCode, 200, 'another subject has its own allowance')
})

t.test('body limits per route: small everywhere, larger for returns', async (t) => {
  const app = await build(t, { config: { bodyLimit: 4 * 1024 * 1024 } })
  const p = await seedProvider(app)
  const reg = await bearer({ role: 'regulator' })
  const twoMb = 'x'.repeat(2 * 1024 * 1024)
  const small = await app.inject({ method: 'POST', url: '/v1/providers', headers: { ...reg, 'content-type': 'application/json' }, payload: JSON.stringify({ name: twoMb }) })
  t.equal(small.statusCode, 413, 'a 2 MB body is too large for an ordinary route')
  const body = { ...smallReturn(), padding: twoMb }
  const ret = await app.inject({ method: 'POST', url: `/v1/providers/${p.id}/returns`, headers: { ...await bearer({ role: 'provider', providerId: p.id }), 'content-type': 'application/json' }, payload: JSON.stringify(body) })
  t.equal(ret.statusCode, 422, 'the returns route takes it (and refuses the unknown field)')
})

t.test('metrics: off without a token, behind its own token when configured', async (t) => {
  const off = await build(t)
  t.equal((await off.inject({ url: '/metrics' })).statusCode, 404)
  const token = 'metrics-token-0123456789'
  const app = await build(t, { config: { metricsToken: token } })
  t.equal((await app.inject({ url: '/metrics' })).statusCode, 401)
  t.equal((await app.inject({ url: '/metrics', headers: { authorization: 'Bearer wrong-token-0123456789' } })).statusCode, 401)
  const p = await seedProvider(app)
  const filed = await app.inject({ method: 'POST', url: `/v1/providers/${p.id}/returns`, headers: await bearer({ role: 'provider', providerId: p.id }), payload: smallReturn() })
  t.equal(filed.statusCode, 201)
  const res = await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${token}` } })
  t.equal(res.statusCode, 200)
  t.match(res.body, /http_request_duration_seconds_bucket\{[^}]*route="\/v1\/providers\/:id\/returns"/)
  t.match(res.body, /returns_filed_total 1/)
  t.match(res.body, /flags_open\{severity="amber"\} \d+/)
  t.match(res.body, /webhook_outbox_backlog 0/)
})

t.test('load shedding: a saturated event loop answers 503 problem+json with Retry-After, then recovers', async (t) => {
  const app = await build(t, { config: { maxEventLoopDelayMs: 100 } })
  const reg = await bearer({ role: 'regulator' })
  // Two quiet samples first: opening the database may itself have held the loop.
  await new Promise((resolve) => setTimeout(resolve, 2200))
  t.equal((await app.inject({ url: '/v1/councils', headers: reg })).statusCode, 200, 'served while the loop is free')
  // Saturate the loop for more than two of under-pressure's one-second samples: 300 ms of work, a
  // moment's breath, again. Every sample then averages a delay near 300 ms, whatever its phase.
  const until = Date.now() + 2600
  while (Date.now() < until) {
    const busy = Date.now() + 300
    while (Date.now() < busy) { /* saturate */ }
    await new Promise((resolve) => setImmediate(resolve))
  }
  const shed = await app.inject({ url: '/v1/councils', headers: reg })
  t.equal(shed.statusCode, 503)
  t.ok(isProblem(shed))
  t.equal(shed.json().type, 'urn:provider-oversight:problem:service-unavailable')
  t.equal(shed.headers['retry-after'], '5')
  t.equal(shed.headers['x-content-type-options'], 'nosniff', 'still with the security headers')
  // A free loop for a couple of samples: served again.
  await new Promise((resolve) => setTimeout(resolve, 2500))
  t.equal((await app.inject({ url: '/v1/councils', headers: reg })).statusCode, 200, 'served again once the loop is free')
})
