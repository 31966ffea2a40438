import t from 'tap'
import type { ResolvedEntity } from '../../../src/domain/ownership/types.js'
import {
  baseInput, entity, flagsOf, founderOwned, peOwned, resolution, rulesetWith, severityOf,
} from '../../fixtures/golden/builders.js'

const fundHolding = (effectivePct: number, over: Partial<ResolvedEntity> = {}) => resolution('meadowbank', [
  entity({ ref: 'fund', name: 'Harbour Capital Partners IV LP', kind: 'private_equity_fund', effectivePct, root: true, ...over }),
  entity({ ref: 'founder', name: 'Ruth Okafor', kind: 'person', effectivePct: 100 - effectivePct, root: true, controls: true }),
], { name: 'Meadowbank Care Group Ltd' })
const withOwnership = (ownership: ReturnType<typeof resolution>, over: Parameters<typeof baseInput>[0] = {}) =>
  baseInput({ ownership, ...over })

t.test('OWN-PE-BACKED: a fund or fund manager with 25% effective ownership, or control', async t => {
  const pe = (pct: number, over: Partial<ResolvedEntity> = {}) => severityOf('OWN-PE-BACKED', withOwnership(fundHolding(pct, over)))
  t.equal(pe(25), 'info', 'at 25%')
  t.equal(pe(24.99), null, 'just below 25%')
  t.equal(pe(25.01), 'info', 'just above 25%')
  t.equal(pe(0.7 * 0.35 * 100 + 0.5), 'info', '24.999999999999996 is 25% held through two companies')
  t.equal(pe(10, { controls: true }), 'info', 'control without 25%')
  t.equal(pe(40, { kind: 'fund_manager' }), 'info', 'a fund manager')
  t.equal(pe(40, { kind: 'company' }), null, 'a company is not private equity')
  t.equal(pe(40, { kind: 'trust' }), null)
  t.equal(severityOf('OWN-PE-BACKED', withOwnership(founderOwned())), null)
  const ownFund = resolution('fund', [], { name: 'A fund filing for itself' })
  ownFund.entities[0].kind = 'private_equity_fund'
  t.equal(severityOf('OWN-PE-BACKED', withOwnership(ownFund)), null, 'the reporting entity does not back itself')
  t.equal(severityOf('OWN-PE-BACKED', withOwnership(fundHolding(20), { ruleset: rulesetWith('OWN-PE-BACKED', { effectivePct: 20 }) })),
    'info', 'the line is the ruleset’s')
})

t.test('OWN-PE-BACKED: names every holder and how it holds', async t => {
  const [flag] = flagsOf('OWN-PE-BACKED', withOwnership(peOwned()))
  t.equal(flag.explanation, 'Private-equity-backed (info at 25% or control): Harbour Capital Partners IV LP (private equity fund) '
    + 'holds 100% of the group and controls it; Harbour Capital GP IV LLP (fund manager) controls the group.')
  t.same(flag.evidence.metrics, { 'effectivePct/fund': 100, 'effectivePct/gp': 0 })
  t.same(flag.evidence.thresholds, { effectivePct: 25 })
  t.equal(flag.evidence.inputs['/ownership/entities/3/name'], 'Harbour Capital Partners IV LP')
  t.equal(flagsOf('OWN-PE-BACKED', withOwnership(fundHolding(10, { controls: true })))[0].explanation,
    'Private-equity-backed (info at 25% or control): Harbour Capital Partners IV LP (private equity fund) holds 10% of the group and controls it.')
  t.same(flagsOf('OWN-PE-BACKED', withOwnership(fundHolding(10, { controls: true })))[0].evidence.thresholds, {}, 'control, not the line')
})

t.test('OWN-OFFSHORE: a chain to an ultimate controller through an offshore jurisdiction', async t => {
  const [flag] = flagsOf('OWN-OFFSHORE', withOwnership(peOwned()))
  t.equal(flag.severity, 'info')
  t.equal(flag.explanation,
    'The chain to Harbour Capital Partners IV LP passes through Luxembourg and Jersey: Harbour Capital Partners IV LP → '
    + 'Meadowbank Holdings S.à r.l. → Meadowbank Topco Ltd → Meadowbank Care Group Ltd; the chain to Harbour Capital GP IV LLP '
    + 'passes through Luxembourg and Jersey: Harbour Capital GP IV LLP → Harbour Capital Partners IV LP → '
    + 'Meadowbank Holdings S.à r.l. → Meadowbank Topco Ltd → Meadowbank Care Group Ltd.')
  t.same(flag.evidence.inputs['/ownership/ultimateControllers/0/path'], ['fund', 'luxco', 'topco', 'meadowbank'])
  t.equal(severityOf('OWN-OFFSHORE', withOwnership(founderOwned())), null, 'onshore')
  const elsewhere = { ...founderOwned(), offshore: true, depth: 2 }
  t.equal(flagsOf('OWN-OFFSHORE', withOwnership(elsewhere))[0].explanation,
    'A chain to an ultimate controller passes through an offshore jurisdiction (2 interests deep).',
    'offshore off the heaviest path')
})

t.test('OWN-OPACITY: amber below 75% resolved, or a cycle no root owns into', async t => {
  const opaque = (resolvedPct: number) => severityOf('OWN-OPACITY', withOwnership({ ...founderOwned(), resolvedPct }))
  t.equal(opaque(75), null, 'at 75%')
  t.equal(opaque(74.99), 'amber', 'just below 75%')
  t.equal(opaque(75.01), null, 'just above 75%')
  t.equal(opaque(74.99999999999999), null, 'binary noise on 75% is 75%')
  t.equal(opaque(0), 'amber', 'nothing resolves')
  const cycle = (ownedByRoot: boolean) => withOwnership({
    ...founderOwned(),
    entities: [...founderOwned().entities,
      entity({ ref: 'a', name: 'Alder Holdings Ltd' }), entity({ ref: 'b', name: 'Birch Holdings Ltd' })],
    cycles: [{ refs: ['a', 'b'], ownedByRoot }],
  })
  t.equal(severityOf('OWN-OPACITY', cycle(true)), null, 'a cross-holding a root owns into resolves')
  const [flag] = flagsOf('OWN-OPACITY', cycle(false))
  t.equal(flag.explanation, 'Alder Holdings Ltd and Birch Holdings Ltd hold one another, and no root owns into them.')
  t.same(flag.evidence.thresholds, {})
  t.same(flag.evidence.inputs, { '/ownership/resolvedPct': 100, '/ownership/cycles/0/refs': ['a', 'b'] })
  const selfHeld = withOwnership({ ...founderOwned(), resolvedPct: 40, cycles: [{ refs: ['treasury'], ownedByRoot: false }] })
  t.equal(flagsOf('OWN-OPACITY', selfHeld)[0].explanation, 'Only 40% of the ownership resolves to declared ultimate owners '
    + '(amber below 75%). treasury holds itself, and no root owns into it.', 'an entity holding its own shares; unnamed refs as filed')
  t.equal(flagsOf('OWN-OPACITY', withOwnership({ ...founderOwned(), resolvedPct: 60 }))[0].explanation,
    'Only 60% of the ownership resolves to declared ultimate owners (amber below 75%).')
})

t.test('OWN-HOLD-PERIOD: a private-equity holder for more than 5 years at the period end', async t => {
  // period end 31 March 2025: five years back is 31 March 2020
  const held = (since: string) => severityOf('OWN-HOLD-PERIOD', withOwnership(peOwned(since)))
  t.equal(held('2020-03-31'), null, 'exactly 5 years')
  t.equal(held('2020-03-30'), 'info', 'a day more')
  t.equal(held('2020-04-01'), null, 'a day less')
  t.equal(held('2017-09-15'), 'info')
  const undated = peOwned()
  undated.peHolders = undated.peHolders.map(({ heldSince: _, ...h }) => h)
  t.equal(severityOf('OWN-HOLD-PERIOD', withOwnership(undated)), null, 'no since filed')
  t.equal(severityOf('OWN-HOLD-PERIOD', withOwnership(founderOwned())), null, 'no private equity')
  const [flag] = flagsOf('OWN-HOLD-PERIOD', withOwnership(peOwned('2018-06-01')))
  t.equal(flag.explanation, 'Harbour Capital Partners IV LP and Harbour Capital GP IV LLP have held the group since 1 June 2018, '
    + 'more than 5 years at the period end of 31 March 2025: sale or refinancing likely.')
  t.same(flag.evidence.inputs, {
    '/annualReturn/periodEnd': '2025-03-31',
    '/ownership/peHolders/0/heldSince': '2018-06-01',
    '/ownership/peHolders/1/heldSince': '2018-06-01',
  })
})
