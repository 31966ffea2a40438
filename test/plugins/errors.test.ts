import t from 'tap'
import { build, bearer, isProblem } from '../helper.js'

t.test('every error is problem+json with a stable type and no internals', async (t) => {
  const app = await build(t, { config: { bodyLimit: 2048 } })
  const reg = await bearer({ role: 'regulator' })

  const unknown = await app.inject({ url: '/v1/nowhere', headers: reg })
  t.equal(unknown.statusCode, 404)
  t.ok(isProblem(unknown))
  t.equal(unknown.json().type, 'urn:provider-oversight:problem:not-found')

  const wrongMethod = await app.inject({ method: 'DELETE', url: '/v1/councils', headers: reg })
  t.equal(wrongMethod.statusCode, 405)
  t.equal(wrongMethod.json().type, 'urn:provider-oversight:problem:method-not-allowed')
  t.match(wrongMethod.headers.allow, /GET/)

  const wrongMethodParam = await app.inject({ method: 'DELETE', url: '/v1/providers/6f1c3a52-8b0e-4a53-9d7e-1a2b3c4d5e6f', headers: reg })
  t.equal(wrongMethodParam.statusCode, 405, '405 for a parametric path too')

  const malformed = await app.inject({ method: 'POST', url: '/v1/providers', headers: { ...reg, 'content-type': 'application/json' }, payload: '{"name": ' })
  t.equal(malformed.statusCode, 400)
  t.ok(isProblem(malformed))
  t.equal(malformed.json().type, 'urn:provider-oversight:problem:malformed-request')

  const media = await app.inject({ method: 'POST', url: '/v1/providers', headers: { ...reg, 'content-type': 'text/plain' }, payload: 'hello' })
  t.equal(media.statusCode, 415)
  t.equal(media.json().type, 'urn:provider-oversight:problem:unsupported-media-type')

  const big = await app.inject({ method: 'POST', url: '/v1/providers', headers: { ...reg, 'content-type': 'application/json' }, payload: JSON.stringify({ name: 'x'.repeat(5000) }) })
  t.equal(big.statusCode, 413)
  t.equal(big.json().type, 'urn:provider-oversight:problem:payload-too-large')

  const invalid = await app.inject({ method: 'POST', url: '/v1/providers', headers: reg, payload: { name: '', companyNumber: 'abc', kind: 'plc', extra: 1 } })
  t.equal(invalid.statusCode, 422)
  const pointers = invalid.json().errors.map((e: { pointer: string }) => e.pointer).sort()
  t.same(pointers, ['/companyNumber', '/extra', '/kind', '/name'], 'every bad field at once, by JSON pointer')

  const badQuery = await app.inject({ url: '/v1/providers?limit=500', headers: reg })
  t.equal(badQuery.statusCode, 400)
  t.equal(badQuery.json().type, 'urn:provider-oversight:problem:invalid-parameters')

  const badCursor = await app.inject({ url: '/v1/providers?cursor=bm9wZQ', headers: reg })
  t.equal(badCursor.statusCode, 400)
})

t.test('an unexpected failure is a 500 with no stack or SQL; a lost database is a 503', async (t) => {
  const app = await build(t)
  app.get('/boom', async () => { throw new Error('select secret from internals') })
  app.get('/db-down', async () => { throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }) })
  const res = await app.inject({ url: '/boom' })
  t.equal(res.statusCode, 500)
  t.ok(isProblem(res))
  t.notMatch(res.body, /secret|internals|at /)

  const down = await app.inject({ url: '/db-down' })
  t.equal(down.statusCode, 503)
  t.equal(down.json().type, 'urn:provider-oversight:problem:service-unavailable')
  t.notMatch(down.body, /5432/)
})

t.test('request ids are returned and the Authorization header is never logged', async (t) => {
  const lines: string[] = []
  const { Writable } = await import('node:stream')
  const stream = new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb() } })
  const app = await build(t, { logger: { level: 'info', stream, redact: ['req.headers.authorization'] } })
  const headers = await bearer({ role: 'regulator' })
  const res = await app.inject({ url: '/v1/councils', headers: { ...headers, 'x-request-id': 'abc-123' } })
  t.equal(res.headers['x-request-id'], 'abc-123')
  t.ok(lines.length > 0)
  t.notOk(lines.some((l) => l.includes(headers.authorization.slice(7))), 'no token in the logs')
})
