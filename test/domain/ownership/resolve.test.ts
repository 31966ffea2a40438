import t from 'tap'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { resolveOwnership } from '../../../src/domain/ownership/resolve.js'
import { solveCrossHolding } from '../../../src/domain/ownership/cross-holding.js'
import { roundParts } from '../../../src/domain/ownership/percentages.js'
import { syntheticOwnershipGraph } from '../../../src/demo/synthetic-ownership.js'
import { checkOwnership } from '../../../src/domain/ownership/check.js'
import type { OwnershipGraph, OwnershipResolution } from '../../../src/domain/ownership/types.js'
import {
  charity, controlWithoutEconomics, crossHoldingOwned, crossHoldingUnowned, entity, fundBesideManagement,
  generalPartner, holds, indirectChain, plainChain, publicAndAnonymous, splitHoldings, thirds, undeclaredRemainder,
} from './structures.js'

const of = (r: OwnershipResolution, ref: string) => {
  const e = r.entities.find(x => x.ref === ref)
  if (!e) throw new Error(`no entity ${ref}`)
  return e
}
const near = (actual: number, expected: number, digits = 9) => Math.abs(actual - expected) < 10 ** -digits
const controllers = (r: OwnershipResolution) => r.ultimateControllers.map(u => u.ref)

t.test('a plain 4-layer chain: UK OpCo ← UK MidCo ← Jersey TopCo ← PE fund ← GP', async t => {
  const r = resolveOwnership(plainChain())
  // every layer holds 100% of the one below: each has 100% of OpCo; the GP holds no shares
  for (const ref of ['opco', 'midco', 'topco', 'fund']) t.equal(of(r, ref).effectivePct, 100, ref)
  t.equal(of(r, 'gp').effectivePct, 0)
  // the GP controls the fund, which controls TopCo (100% > 50%), and so on down
  t.ok(of(r, 'gp').controls, 'control passes down a chain of controlling interests')
  t.same(r.entities.filter(e => e.root).map(e => e.ref), ['fund', 'gp'], 'a control-only interest does not make the fund owned')
  t.same(controllers(r), ['fund', 'gp'])
  t.same(r.ultimateControllers[0].path, ['fund', 'topco', 'midco', 'opco'], 'heaviest path')
  t.same(r.ultimateControllers[1].path, ['gp', 'fund', 'topco', 'midco', 'opco'], 'a control-only root: its controlling path')
  t.equal(r.resolvedPct, 100) // fund 100 + gp 0
  t.ok(r.offshore, 'the chain passes through Jersey')
  t.equal(r.depth, 4, 'gp → fund → topco → midco → opco')
  t.ok(r.peBacked)
  // latest `since` on the fund's path: 2017-06-30 (fund → topco), the rest are 2016
  t.same(r.peHolders.map(h => [h.ref, h.heldSince]), [['fund', '2017-06-30'], ['gp', '2017-06-30']])
  t.same(r.cycles, [])
})

t.test('split holdings whose paths add up past 25%', async t => {
  const r = resolveOwnership(splitHoldings())
  // fund: 20% direct + 50% × 20% through HoldCo = 20 + 10 = 30 ≥ 25, though no single path reaches 25
  t.ok(near(of(r, 'fund').effectivePct, 30))
  t.ok(near(of(r, 'co-investor').effectivePct, 10))
  t.equal(of(r, 'founder').effectivePct, 60)
  t.same(controllers(r), ['founder', 'fund'], 'founder 60 (and controls), fund 30; co-investor 10 is not one')
  t.same(r.ultimateControllers[1].path, ['fund', 'opco'], 'the heavier of 20% direct and 10% through HoldCo')
  t.ok(near(r.resolvedPct, 100)) // 30 + 10 + 60
  t.ok(r.offshore, 'the fund is in Luxembourg')
  t.equal(r.depth, 2, 'fund → holdco → opco: the most interests on any path, not the heaviest')
  t.same(r.peHolders.map(h => h.ref), ['fund'])
  t.notOk(of(r, 'fund').controls, '20% + 50% of a 20% holder is not control')
})

t.test('a fund at 60% beside management at 40%', async t => {
  const r = resolveOwnership(fundBesideManagement())
  // TopCo owns 100% of OpCo: fund 60 × 100%, managers 30 and 10
  t.equal(of(r, 'fund').effectivePct, 60)
  t.equal(of(r, 'manager-a').effectivePct, 30)
  t.equal(of(r, 'manager-b').effectivePct, 10)
  t.same(controllers(r), ['fund', 'manager-a'])
  t.ok(of(r, 'fund').controls)
  t.notOk(of(r, 'manager-a').controls)
  t.equal(r.resolvedPct, 100)
  t.ok(r.peBacked)
  t.same(r.peHolders, [{ ref: 'fund', name: 'Fund', effectivePct: 60, controls: true, heldSince: '2019-01-01' }])
  t.ok(r.offshore, 'Guernsey TopCo, Cayman fund')
  t.equal(r.depth, 2)
})

t.test('control through a >50% chain with < 25% economic interest', async t => {
  const r = resolveOwnership(controlWithoutEconomics())
  // fund: 51% × 51% × 51% = 13.2651%; co-investor 49% × 51% × 51% = 12.7449%;
  // bank 49% × 51% = 24.99% (just short of 25); family 49%. Sum: 100.
  t.ok(near(of(r, 'fund').effectivePct, 13.2651))
  t.ok(near(of(r, 'co-investor').effectivePct, 12.7449))
  t.ok(near(of(r, 'bank').effectivePct, 24.99))
  t.equal(of(r, 'family').effectivePct, 49)
  t.ok(of(r, 'fund').controls, 'a majority at every layer')
  t.notOk(of(r, 'family').controls)
  t.same(controllers(r), ['family', 'fund'], 'family on 49%, the fund on control; the bank at 24.99% is neither')
  t.same(r.ultimateControllers[1].path, ['fund', 'topco', 'midco', 'opco'])
  t.ok(near(r.resolvedPct, 100))
  t.same(r.peHolders.map(h => [h.ref, h.controls]), [['fund', true]], 'PE-backed on control alone')
  t.notOk(r.offshore)
  t.equal(r.depth, 3)
})

t.test('a GP that controls a fund (control: true, no shares): both are roots', async t => {
  const r = resolveOwnership(generalPartner())
  t.ok(of(r, 'gp').root)
  t.ok(of(r, 'fund').root, 'the GP holds no shares in it')
  t.equal(of(r, 'fund').effectivePct, 70)
  t.equal(of(r, 'gp').effectivePct, 0)
  t.ok(of(r, 'gp').controls, 'GP → fund (control) → OpCo (70% > 50%)')
  t.same(controllers(r), ['fund', 'founder', 'gp'])
  t.same(r.ultimateControllers.find(u => u.ref === 'gp')?.path, ['gp', 'fund', 'opco'])
  t.equal(r.resolvedPct, 100) // fund 70 + founder 30 + GP 0
  t.same(r.peHolders.map(h => [h.ref, h.heldSince]), [['fund', '2018-09-01'], ['gp', '2018-09-01']])
  t.ok(r.offshore, 'the GP is in Luxembourg and controls')
  t.equal(r.depth, 2)
})

t.test('a cross-holding that a root owns into resolves fully', async t => {
  const r = resolveOwnership(crossHoldingOwned())
  // x_A = 0.6 + 0.3·x_B, x_B = 0.4 + 0.2·x_A  ⇒  x_A = 36/47, x_B = 26/47
  t.ok(near(of(r, 'a').effectivePct, 3600 / 47))
  t.ok(near(of(r, 'b').effectivePct, 2600 / 47))
  // fund-a: 80% of A = 2880/47 = 61.2766%; fund-b: 70% of B = 1820/47 = 38.7234%; together 100%
  t.ok(near(of(r, 'fund-a').effectivePct, 2880 / 47))
  t.ok(near(of(r, 'fund-b').effectivePct, 1820 / 47))
  t.ok(near(r.resolvedPct, 100))
  t.equal(of(r, 'fund-a').effectivePctRounded, 61.28)
  t.equal(of(r, 'fund-b').effectivePctRounded, 38.72)
  t.same(r.cycles, [{ refs: ['a', 'b'], ownedByRoot: true }])

  // the same figure as the sum over ever-longer paths, taken far enough
  let xa = 0
  let xb = 0
  for (let k = 0; k < 200; k++) [xa, xb] = [0.6 + 0.3 * xb, 0.4 + 0.2 * xa]
  t.ok(near(of(r, 'a').effectivePct, xa * 100))
})

t.test('a cross-holding owned by nobody is opacity', async t => {
  const r = resolveOwnership(crossHoldingUnowned())
  // x_A = 0.7 + 0.6·x_B, x_B = 0.6·x_A ⇒ x_A = 0.7 / 0.64 = 109.375%, x_B = 65.625% (circular paths count again)
  t.ok(near(of(r, 'a').effectivePct, 109.375))
  t.ok(near(of(r, 'b').effectivePct, 65.625))
  t.notOk(of(r, 'a').root)
  t.notOk(of(r, 'b').root)
  t.equal(r.resolvedPct, 30, 'only the founder resolves')
  t.same(r.cycles, [{ refs: ['a', 'b'], ownedByRoot: false }])
  t.same(controllers(r), ['founder'])
})

t.test('a cross-holding that holds itself wholly does not converge, and does not hang', async t => {
  const r = resolveOwnership({
    reportingEntity: 'opco',
    entities: [entity('opco'), entity('a'), entity('b'), entity('founder', 'person')],
    interests: [holds('a', 'opco', 50), holds('founder', 'opco', 50), holds('a', 'b', 100), holds('b', 'a', 100)],
  })
  t.equal(r.resolvedPct, 50)
  t.same(r.cycles, [{ refs: ['a', 'b'], ownedByRoot: false }])
  t.match(r.notes.join('\n'), /Cross-holding a, b holds itself wholly/)
  t.ok(r.entities.every(e => Number.isFinite(e.effectivePct)))

  const self = resolveOwnership({
    reportingEntity: 'opco',
    entities: [entity('opco'), entity('a')],
    interests: [holds('a', 'opco', 100), holds('a', 'a', 100)],
  })
  t.same(self.cycles, [{ refs: ['a'], ownedByRoot: false }], 'an entity holding its own shares is a cycle')
  t.equal(self.resolvedPct, 0)
})

t.test('treasury shares: an entity holding part of itself counts the series', async t => {
  // a holds 20% of itself and 100% of OpCo: x_a = 1 + 0.2·x_a = 1.25; fund holds 80% of a: 100%
  const r = resolveOwnership({
    reportingEntity: 'opco',
    entities: [entity('opco'), entity('a'), entity('fund', 'private_equity_fund')],
    interests: [holds('a', 'opco', 100), holds('a', 'a', 20), holds('fund', 'a', 80)],
  })
  t.ok(near(of(r, 'a').effectivePct, 125))
  t.ok(near(of(r, 'fund').effectivePct, 100))
  t.same(r.cycles, [{ refs: ['a'], ownedByRoot: true }])
})

t.test('an undeclared remainder leaves resolvedPct short', async t => {
  const r = resolveOwnership(undeclaredRemainder())
  t.equal(r.resolvedPct, 70, '40 + 30; the last 30% is not declared')
  t.ok(r.resolvedPct < 75, 'OWN-OPACITY territory')
  t.same(controllers(r), ['fund', 'founder'])
})

t.test('effective percentages to two decimals, summing correctly', async t => {
  const r = resolveOwnership(thirds())
  // each holder has 100/3 = 33.333…%; shown as 33.33, 33.33, 33.34 so that they make 100.00
  const shown = ['x', 'y', 'z'].map(ref => of(r, ref).effectivePctRounded)
  t.same([...shown].sort(), [33.33, 33.33, 33.34])
  t.equal(Math.round(shown.reduce((s, v) => s + v, 0) * 100), 10000)
  t.equal(r.resolvedPctRounded, 100)
  t.same(r.ultimateControllers.map(u => u.effectivePctRounded).sort(), [33.33, 33.33, 33.34])

  // sevenths: 14.2857…% each; four show 14.29 and three 14.28
  const sevenths = roundParts(Array.from({ length: 7 }, () => 100 / 7))
  t.equal(sevenths.filter(v => v === 14.29).length, 4)
  t.equal(Math.round(sevenths.reduce((s, v) => s + v, 0) * 100), 10000)
  t.same(roundParts([24.999999999999996, 75.000000000000004]), [25, 75], 'binary noise is not a remainder')
  t.same(roundParts([12.344, 12.346]), [12.34, 12.35])

  // the split holdings round and add up the same way
  const s = resolveOwnership(controlWithoutEconomics())
  t.same(['fund', 'co-investor', 'bank', 'family'].map(ref => of(s, ref).effectivePctRounded), [13.27, 12.74, 24.99, 49])
  t.equal(s.resolvedPctRounded, 100)
})

// Largest remainder as its definition reads: the parts sorted by remainder (on a tie, the earlier
// first) take the hundredths the floors fall short by; if the floors overshoot, the smallest
// remainders (on a tie, the later part) give them back. roundParts finds who moves by a threshold
// instead of this sort (a filed graph's roots can be tens of thousands of parts): the same parts move.
const largestRemainder = (parts: number[]) => {
  const h = parts.map(v => v * 100 + 1e-7)
  const floors = h.map(Math.floor)
  const rests = h.map((x, i) => x - floors[i])
  let short = Math.floor(parts.reduce((s, v) => s + v, 0) * 100 + 1e-7 + 0.5) - floors.reduce((s, f) => s + f, 0)
  const order = parts.map((_, i) => i).sort((a, b) => rests[b] - rests[a] || a - b)
  for (let k = 0; short > 0 && k < order.length; k++, short--) floors[order[k]]++
  for (let k = order.length - 1; short < 0 && k >= 0; k--) if (floors[order[k]] > 0) { floors[order[k]]--; short++ }
  return floors.map(f => f / 100)
}

t.test('rounded parts: the same hundredths move as largest remainder by its definition, ties included', async t => {
  const part = fc.oneof(
    fc.double({ min: 0, max: 100, noNaN: true }),
    fc.integer({ min: 0, max: 10_000 }).map(k => k / 100), // exact hundredths: no remainder
    fc.integer({ min: 1, max: 12 }).map(k => 100 / k), // thirds, sevenths: equal remainders
    fc.integer({ min: 0, max: 10_000 }).map(k => k / 100 - 4e-17), // binary noise below a hundredth
  )
  t.doesNotThrow(() => fc.assert(fc.property(fc.array(part, { maxLength: 60 }), parts => {
    assert.deepStrictEqual(roundParts(parts), largestRemainder(parts))
  }), { numRuns: 2_000 }))
  // many equal parts: the earlier ones take the hundredths
  t.same(roundParts([100 / 3, 100 / 3, 100 / 3]), [33.34, 33.33, 33.33])
})

t.test('a charity filing for itself is its own ultimate controller', async t => {
  const r = resolveOwnership(charity())
  t.equal(r.resolvedPct, 100)
  t.same(r.ultimateControllers, [{
    ref: 'charity', name: 'Charity', kind: 'charity', jurisdiction: 'GB',
    effectivePct: 100, effectivePctRounded: 100, controls: true, path: ['charity'],
  }])
  t.equal(r.depth, 0)
  t.notOk(r.offshore)
  t.notOk(r.peBacked)
})

t.test('an indirect interest summarises its chain: never counted twice', async t => {
  const r = resolveOwnership(indirectChain())
  // owner: the declared 60% through TopCo plus 5% held directly = 65%, not 60 + 60 + 5
  t.ok(near(of(r, 'owner').effectivePct, 65))
  t.notOk(of(r, 'topco').root, 'an intermediary of the chain is owned through it')
  t.ok(near(r.resolvedPct, 100), 'owner 65 + others 35')
  t.same(r.ultimateControllers.map(u => [u.ref, u.path]), [['owner', ['owner', 'topco', 'opco']], ['others', ['others', 'opco']]])
  t.ok(r.offshore, 'the chain passes through the Isle of Man')
  t.equal(r.depth, 2, 'the indirect interest stands for its two legs')

  // the chain's legs need not be declared: the intermediaries still count as owned
  const bare = indirectChain()
  bare.interests = bare.interests.filter(i => !(i.owner === 'owner' && i.owned === 'topco'))
  const b = resolveOwnership(bare)
  t.notOk(of(b, 'topco').root)
  t.ok(near(b.resolvedPct, 100))
})

t.test('state bodies resolve; anonymous holders stay unresolved', async t => {
  const r = resolveOwnership(publicAndAnonymous())
  t.same(controllers(r), ['council'])
  t.notOk(of(r, 'anon').root, 'an unidentified holder is never a root')
  t.equal(r.resolvedPct, 70, 'the anonymous 30% does not resolve')
  t.match(r.notes.join('\n'), /"Withheld investor" \(anon\) is not identified: the 30% it holds stays unresolved/)
})

t.test('what the resolver reads and what it leaves out', async t => {
  const r = resolveOwnership({
    reportingEntity: 'opco',
    entities: [entity('opco'), entity('holder'), entity('voter'), entity('silent')],
    interests: [
      holds('holder', 'opco', 40, { votingPct: 10 }),
      holds('voter', 'opco', undefined, { votingPct: 60 }),
      holds('silent', 'opco'),
      holds('ghost', 'opco', 10),
    ],
  })
  t.equal(of(r, 'holder').effectivePct, 40, 'weight is the shares when both are given')
  t.notOk(of(r, 'holder').controls, 'votes decide control when given: 10% of the votes')
  t.equal(of(r, 'voter').effectivePct, 60, 'else the votes')
  t.ok(of(r, 'voter').controls)
  t.equal(of(r, 'silent').effectivePct, 0)
  t.ok(of(r, 'silent').root, 'an interest of unknown weight owns nothing')
  t.match(r.notes.join('\n'), /Interest 2 \(silent → opco\) gives no known share, votes or control/)
  t.match(r.notes.join('\n'), /Interest 3 \(ghost → opco\) names "ghost", which is not declared/)

  const nobody = resolveOwnership({ reportingEntity: 'missing', entities: [entity('opco')], interests: [] })
  t.equal(nobody.resolvedPct, 0)
  t.match(nobody.notes.join('\n'), /not declared: nothing resolves/)
})

t.test('the thresholds are settings the ruleset can give', async t => {
  const r = resolveOwnership(splitHoldings(), { ultimateControllerPct: 10, offshoreJurisdictions: [] })
  t.same(controllers(r), ['founder', 'fund', 'co-investor'])
  t.notOk(r.offshore)
})

t.test('deep and wide graphs: no recursion, cycles solved beyond the exact limit', async t => {
  // a 60,000-layer chain would overflow a recursive walk
  const n = 60_000
  const chain: OwnershipGraph = {
    reportingEntity: 'e0',
    entities: Array.from({ length: n }, (_, i) => entity(`e${i}`)),
    interests: Array.from({ length: n - 1 }, (_, i) => holds(`e${i + 1}`, `e${i}`, 100)),
  }
  const r = resolveOwnership(chain)
  t.equal(of(r, `e${n - 1}`).effectivePct, 100)
  t.same(controllers(r), [`e${n - 1}`])
  t.equal(r.depth, n - 1)

  // a ring of 400 (solved by iteration): each holds half of the next, the last also half of OpCo
  const size = 400
  const ring: OwnershipGraph = {
    reportingEntity: 'opco',
    entities: [entity('opco'), ...Array.from({ length: size }, (_, i) => entity(`r${i}`)), entity('fund')],
    interests: [
      ...Array.from({ length: size }, (_, i) => holds(`r${i}`, `r${(i + 1) % size}`, 50)),
      holds(`r${size - 1}`, 'opco', 50),
      holds('fund', 'r0', 50),
    ],
  }
  const g = resolveOwnership(ring)
  // x_last = 0.5 + 0.5·x_0 and x_i = 0.5·x_{i+1}, so x_0 = 0.5^(size−1)·x_last: x_last = 0.5 / (1 − 0.5^size)
  t.ok(near(of(g, `r${size - 1}`).effectivePct, 50 / (1 - 0.5 ** size)))
  t.same(g.cycles.map(c => [c.refs.length, c.ownedByRoot]), [[size, true]])

  // the iterative solver against the residual of its own equations
  const rows = Int32Array.from({ length: 1000 }, (_, k) => k % 500)
  const cols = Int32Array.from({ length: 1000 }, (_, k) => (k * 7 + 3) % 500)
  const weights = Float64Array.from({ length: 1000 }, (_, k) => 0.1 + (k % 5) * 0.05)
  const c = Float64Array.from({ length: 500 }, (_, k) => (k % 3) * 0.1)
  const x = solveCrossHolding(500, rows, cols, weights, c)!
  const residual = Float64Array.from(c)
  rows.forEach((row, k) => { residual[row] += weights[k] * x[cols[k]] })
  t.ok(residual.every((v, i) => Math.abs(v - x[i]) < 1e-12))
  t.equal(solveCrossHolding(400, Int32Array.from({ length: 400 }, (_, i) => i), Int32Array.from({ length: 400 }, (_, i) => (i + 1) % 400),
    new Float64Array(400).fill(1), new Float64Array(400).fill(0.1)), null, 'a ring holding itself wholly does not converge')
})

t.test('the synthetic benchmark graph is deterministic and well-formed', async t => {
  const a = syntheticOwnershipGraph(3000, 9000, 7)
  t.ok(JSON.stringify(a) === JSON.stringify(syntheticOwnershipGraph(3000, 9000, 7)), 'same seed, same graph')
  t.ok(JSON.stringify(a) !== JSON.stringify(syntheticOwnershipGraph(3000, 9000, 8)), 'another seed, another graph')
  t.equal(a.entities.length, 3000)
  t.equal(a.interests.length, 9000)
  t.same(checkOwnership(a), [], 'no entity is held more than 100%')
  const r = resolveOwnership(a)
  t.ok(r.resolvedPct > 0 && r.resolvedPct <= 100 + 1e-9)
  t.ok(r.cycles.length > 0, 'it has cross-holdings')
  t.ok(r.cycles.every(c => c.refs.length === 2))
})
