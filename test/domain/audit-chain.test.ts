import t from 'tap'
import fc from 'fast-check'
import canonicalize from 'canonicalize'
import { chainHash, chainTextAround, GENESIS_HASH, verifyChain, type AuditFields } from '../../src/domain/audit-chain.js'

const chain = (n: number) => {
  const out: (AuditFields & { prevHash: string; hash: string })[] = []
  let prev = GENESIS_HASH
  for (let seq = 1; seq <= n; seq++) {
    const e = { seq, at: `2026-11-0${seq}T09:00:00.000Z`, actorSub: 'ann', actorRole: 'regulator', action: 'provider.create', objectType: 'provider', objectId: `p${seq}`, summary: { name: `Group ${seq}`, nested: { b: 2, a: 1 } } }
    const hash = chainHash(prev, e)
    out.push({ ...e, prevHash: prev, hash })
    prev = hash
  }
  return out
}

t.test('an intact chain holds; key order in a summary does not matter', async (t) => {
  t.same(await verifyChain(chain(5)), { ok: true, count: 5 })
  const c = chain(2)
  t.equal(chainHash(c[0].prevHash, { ...c[0], summary: { nested: { a: 1, b: 2 }, name: 'Group 1' } }), c[0].hash, 'canonical JSON')
})

t.test('an edited entry, a removed entry and a forged link are each named', async (t) => {
  const edited = chain(5)
  edited[2].summary = { name: 'forged' }
  t.match(await verifyChain(edited), { ok: false, seq: 3, reason: /edited/ })
  const removed = chain(5).filter((e) => e.seq !== 3)
  t.match(await verifyChain(removed), { ok: false, seq: 4, reason: /removed/ })
  const relinked = chain(5)
  relinked[3].prevHash = GENESIS_HASH
  t.match(await verifyChain(relinked), { ok: false, seq: 4, reason: /previous-hash/ })
})

t.test('the text split around seq is exactly the canonical JSON the chain hashes', async (t) => {
  fc.assert(fc.property(
    fc.record({
      seq: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), at: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      actorSub: fc.string({ unit: 'binary' }), actorRole: fc.constantFrom('regulator', 'provider', 'council'), action: fc.string(),
      objectType: fc.string(), objectId: fc.string({ unit: 'grapheme' }), summary: fc.jsonValue().filter((v) => v !== undefined),
    }),
    (e) => {
      const { seq, ...rest } = e
      const { head, tail } = chainTextAround(rest)
      const full = canonicalize({ seq, at: e.at, actorSub: e.actorSub, actorRole: e.actorRole, action: e.action, objectType: e.objectType, objectId: e.objectId, summary: e.summary })
      return head + String(seq) + tail === full
    },
  ), { seed: 20261123, numRuns: 500 })
  t.pass('500 generated entries')
})
