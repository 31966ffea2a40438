import t from 'tap'
import { build, isProblem } from '../helper.js'

t.test('live and ready, and ready turns 503 when the database is gone', async (t) => {
  const app = await build(t)
  t.equal((await app.inject({ url: '/health/live' })).json().status, 'ok')
  t.equal((await app.inject({ url: '/health/ready' })).statusCode, 200)
  const original = app.dbPing
  ;(app as unknown as { dbPing: () => Promise<void> }).dbPing = async () => { throw new Error('down') }
  const res = await app.inject({ url: '/health/ready' })
  t.equal(res.statusCode, 503)
  t.ok(isProblem(res))
  ;(app as unknown as { dbPing: () => Promise<void> }).dbPing = original
})

t.test('the OpenAPI 3.1 document and the docs UI are served', async (t) => {
  const app = await build(t)
  const doc = (await app.inject({ url: '/openapi.json' })).json()
  t.equal(doc.openapi, '3.1.0')
  t.ok(doc.paths['/v1/providers'].post, 'routes are documented')
  t.ok(doc.components.securitySchemes.bearer)
  const docs = await app.inject({ url: '/docs' })
  t.ok([200, 302].includes(docs.statusCode))
})
