import t from 'tap'
import { actorFromClaims } from '../../src/domain/actor.js'

const isCouncil = (laCode: string) => laCode === 'E09000007'

t.test('the claims name a regulator, a provider for one group, or a council', async (t) => {
  t.same(actorFromClaims({ role: 'regulator', sub: 'alice' }, isCouncil), { actor: { role: 'regulator', sub: 'alice' } })
  t.same(actorFromClaims({ role: 'provider', sub: 'p', providerId: '6F1C3A52-8B0E-4A53-9D7E-1A2B3C4D5E6F' }, isCouncil),
    { actor: { role: 'provider', sub: 'p', providerId: '6f1c3a52-8b0e-4a53-9d7e-1a2b3c4d5e6f' } }, 'the group id lower-cased')
  t.same(actorFromClaims({ role: 'council', sub: 'c', laCode: 'E09000007' }, isCouncil), { actor: { role: 'council', sub: 'c', laCode: 'E09000007' } })
})

t.test('claims that do not fit say which claim and why', async (t) => {
  const problem = (claims: Record<string, unknown>) => {
    const r = actorFromClaims(claims, isCouncil)
    return 'problem' in r ? r.problem.claim : 'accepted'
  }
  t.equal(problem({ role: 'regulator' }), 'sub')
  t.equal(problem({ role: 'regulator', sub: '' }), 'sub')
  t.equal(problem({ role: 'regulator', sub: 'x'.repeat(201) }), 'sub')
  t.equal(problem({ role: 'regulator', sub: 'a\u0000b' }), 'sub', 'text the audit log cannot keep')
  t.equal(problem({ role: 'admin', sub: 'x' }), 'role')
  t.equal(problem({ role: ['regulator'], sub: 'x' }), 'role')
  t.equal(problem({ role: 'provider', sub: 'x', providerId: 'not-a-uuid' }), 'providerId')
  t.equal(problem({ role: 'council', sub: 'x', laCode: 'E99999999' }), 'laCode')
  t.equal(problem(JSON.parse('{"__proto__":{"role":"regulator"},"sub":"x"}')), 'role', 'nothing read through the prototype')
})
