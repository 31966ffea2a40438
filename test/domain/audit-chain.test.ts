import t from 'tap'
import { chainHash, GENESIS_HASH, verifyChain, type AuditFields } from '../../src/domain/audit-chain.js'

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
