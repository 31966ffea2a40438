import t from 'tap'
import { build, bearer, isProblem } from '../../helper.js'
import { randomUUID } from 'node:crypto'

t.test('every role reads the 153 councils; only a regulator updates a figure, audited', async (t) => {
  const app = await build(t)
  for (const spec of [{ role: 'regulator' }, { role: 'provider', providerId: randomUUID() }, { role: 'council', laCode: 'E09000007' }] as const) {
    const res = await app.inject({ url: '/v1/councils', headers: await bearer(spec) })
    t.equal(res.statusCode, 200, spec.role)
    const { items } = res.json()
    t.equal(items.length, 153)
    t.same(items.find((c: { laCode: string }) => c.laCode === 'E09000007'), { laCode: 'E09000007', name: 'Camden', region: 'London', childrenLookedAfter: items.find((c: { laCode: string }) => c.laCode === 'E09000007').childrenLookedAfter })
  }
  t.equal((await app.inject({ url: '/v1/councils' })).statusCode, 401)

  const put = (headers: Record<string, string>, laCode: string, payload: unknown) =>
    app.inject({ method: 'PUT', url: `/v1/councils/${laCode}`, headers, payload: payload as object })
  const reg = await bearer({ role: 'regulator' })
  const ok = await put(reg, 'E09000007', { childrenLookedAfter: 321 })
  t.equal(ok.statusCode, 200)
  t.equal(ok.json().childrenLookedAfter, 321)
  const list = (await app.inject({ url: '/v1/councils', headers: reg })).json().items
  t.equal(list.find((c: { laCode: string }) => c.laCode === 'E09000007').childrenLookedAfter, 321, 'the update persists')

  t.equal((await put(await bearer({ role: 'council', laCode: 'E09000007' }), 'E09000007', { childrenLookedAfter: 1 })).statusCode, 403, 'a council may not')
  t.equal((await put(await bearer({ role: 'provider', providerId: randomUUID() }), 'E09000007', { childrenLookedAfter: 1 })).statusCode, 403, 'a provider may not')
  t.equal((await put(reg, 'E10000099', { childrenLookedAfter: 1 })).statusCode, 404, 'unknown council')
  const bad = await put(reg, 'X1', { childrenLookedAfter: -1 })
  t.equal(bad.statusCode, 400, 'a malformed code is a bad parameter')
  const badBody = await put(reg, 'E09000007', { childrenLookedAfter: -1, extra: true })
  t.equal(badBody.statusCode, 422)
  t.ok(isProblem(badBody))
  t.same(badBody.json().errors.map((e: { pointer: string }) => e.pointer).sort(), ['/childrenLookedAfter', '/extra'])

  const audit = (await app.inject({ url: '/v1/audit?objectType=council', headers: reg })).json()
  t.equal(audit.items.length, 1)
  t.match(audit.items[0], { action: 'council.update', objectId: 'E09000007', actorRole: 'regulator', summary: { childrenLookedAfter: { to: 321 } } })
})
