import t from 'tap'
import { randomUUID } from 'node:crypto'
import { build, bearer } from '../../helper.js'
import { asBods, fullReturn } from '../../fixtures/returns.js'
import type { OwnershipGraph } from '../../../src/domain/ownership/types.js'

const chain: OwnershipGraph = {
  reportingEntity: 'opco',
  entities: [
    { ref: 'opco', name: 'Brightwater Care Ltd', kind: 'company', jurisdiction: 'GB' },
    { ref: 'topco', name: 'Brightwater Topco Ltd', kind: 'company', jurisdiction: 'JE' },
    { ref: 'fund', name: 'Harbour Capital Fund IV LP', kind: 'private_equity_fund', jurisdiction: 'GB' },
    { ref: 'mgmt', name: 'Management', kind: 'person', jurisdiction: 'GB' },
  ],
  interests: [
    { owner: 'topco', owned: 'opco', sharesPct: 100 },
    { owner: 'fund', owned: 'topco', sharesPct: 60 },
    { owner: 'mgmt', owned: 'topco', sharesPct: 40 },
  ],
}

t.test('any role resolves an ownership section, native or BODS, and nothing is stored', async (t) => {
  const app = await build(t)
  for (const spec of [{ role: 'regulator' }, { role: 'council', laCode: 'E09000007' }, { role: 'provider', providerId: randomUUID() }] as const) {
    const res = await app.inject({ method: 'POST', url: '/v1/ownership/resolve', headers: await bearer(spec), payload: chain })
    t.equal(res.statusCode, 200, spec.role)
    const r = res.json()
    t.equal(r.resolvedPct, 100)
    t.equal(r.peBacked, true)
    t.equal(r.offshore, true, 'through Jersey')
    t.same(r.ultimateControllers.map((u: { ref: string; effectivePct: number }) => [u.ref, u.effectivePct]), [['fund', 60], ['mgmt', 40]])
    t.same(r.ultimateControllers[0].path, ['fund', 'topco', 'opco'])
  }
  const full = fullReturn()
  const native = await app.inject({ method: 'POST', url: '/v1/ownership/resolve', headers: await bearer({ role: 'regulator' }), payload: full.ownership })
  const bods = await app.inject({ method: 'POST', url: `/v1/ownership/resolve?asOf=${full.periodEnd}`, headers: await bearer({ role: 'regulator' }), payload: asBods(full).ownership })
  t.equal(bods.statusCode, 200, bods.body.slice(0, 300))
  t.equal(bods.json().resolvedPct, native.json().resolvedPct, 'BODS and native resolve to the same figures')
  t.same(bods.json().ultimateControllers.map((u: { effectivePct: number }) => u.effectivePct), native.json().ultimateControllers.map((u: { effectivePct: number }) => u.effectivePct))
  t.equal((await app.inject({ method: 'POST', url: '/v1/ownership/resolve', payload: chain })).statusCode, 401)
})

t.test('a graph that does not hold is a 422 naming what is wrong', async (t) => {
  const app = await build(t)
  const headers = await bearer({ role: 'regulator' })
  const over = structuredClone(chain)
  over.interests.push({ owner: 'mgmt', owned: 'opco', sharesPct: 10 })
  const res = await app.inject({ method: 'POST', url: '/v1/ownership/resolve', headers, payload: over })
  t.equal(res.statusCode, 422)
  t.match(JSON.stringify(res.json().errors), /Brightwater Care Ltd|opco/, 'names the entity owned more than 100%')
  const undeclared = structuredClone(chain)
  undeclared.interests.push({ owner: 'ghost', owned: 'topco', sharesPct: 1 })
  const bad = await app.inject({ method: 'POST', url: '/v1/ownership/resolve', headers, payload: undeclared })
  t.equal(bad.statusCode, 422)
  t.ok(bad.json().errors.some((e: { pointer: string }) => e.pointer === '/interests/3/owner'))
  const notBods = await app.inject({ method: 'POST', url: '/v1/ownership/resolve', headers, payload: { bods: [{ statementId: 'x' }], reportingEntity: 'opco' } })
  t.equal(notBods.statusCode, 422)
  t.ok(notBods.json().errors.every((e: { pointer: string }) => e.pointer.startsWith('/bods/0')), 'names the statement at fault')
})
