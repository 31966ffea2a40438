import t from 'tap'
import type { OwnershipGraph, OwnershipResolution } from '../../src/domain/ownership/types.js'
import { resolveOwnership } from '../../src/domain/ownership/resolve.js'
import { assess } from '../../src/domain/assess-return.js'
import { provisionalRating } from '../../src/domain/rating.js'
import { RULESETS } from '../../src/domain/ruleset.js'
import { GOLDEN } from '../fixtures/golden/index.js'
import harbourLights from '../fixtures/golden/harbour-lights.js'
import cedarwood from '../fixtures/golden/cedarwood.js'

t.test('at least twelve golden returns', async t => {
  t.ok(GOLDEN.length >= 12)
  t.equal(new Set(GOLDEN.map(g => g.name)).size, GOLDEN.length)
})

for (const golden of GOLDEN) {
  t.test(golden.name, async t => {
    const assessment = assess(golden.input)
    t.same(assessment.flags.map(f => `${f.severity} ${f.ruleId}`), golden.expected.flags, 'exactly the flags worked out by hand')
    t.equal(provisionalRating(assessment.flags), golden.expected.rating, 'provisional rating')
    for (const [name, expected] of Object.entries(golden.expected.metrics)) {
      const actual = assessment.metrics[name as keyof typeof golden.expected.metrics]
      if (expected === null) t.equal(actual, null, `${name} undefined`)
      else t.ok(actual !== null && Math.abs(actual - expected) <= 5e-5 + 1e-9, `${name} ${actual} ≈ ${expected}`)
    }
    for (const f of assessment.flags) t.match(f.explanation, /^[A-Z0-9£-].*\.$/, `${f.ruleId} explained in a sentence`)
    const again = assess({ ...JSON.parse(JSON.stringify(assessment.inputs)), ruleset: RULESETS[assessment.rulesetVersion] })
    t.equal(JSON.stringify(again), JSON.stringify(assessment), 'reproduced from its stored inputs')
  })
}

t.test('the same Harbour Lights return under 2026.1 raises nothing: the check arrived in 2026.2', async t => {
  const a = assess({ ...harbourLights.input, ruleset: RULESETS['2026.1'] })
  t.same(a.flags, [])
  t.equal(provisionalRating(a.flags), 'green')
})

t.test('Cedarwood, as a regulator would quote it', async t => {
  const explained = Object.fromEntries(assess(cedarwood.input).flags.map(f => [f.ruleId, f.explanation]))
  t.strictSame(explained, {
    'FIN-COVENANT': 'The leverage covenant on the Ares Capital Europe unitranche is breached: 7.6x against a maximum of 7.0x (headroom -8.6%, red below 0%).',
    'FIN-LEVERAGE': 'Senior net debt is 8.6x EBITDA (red at 8.0x): £257,000,000 net debt / £30,000,000 EBITDA.',
    'SYS-CONTINUITY': 'Private-equity-backed and difficult to replace, with red flags FIN-LEVERAGE and FIN-COVENANT and amber flags FIN-INTEREST-COVER, FIN-LIQUIDITY, FIN-NET-LIABILITIES and FIN-ZSCORE: its failure would threaten placement continuity.',
    'FIN-INTEREST-COVER': 'Interest cover is 1.4x (amber below 2.0x): £30,000,000 EBITDA / £22,000,000 cash interest payable.',
    'FIN-LIQUIDITY': 'Cash and undrawn facilities cover 1.0 months of cash costs (amber below 3 months): £13,000,000 / £12,500,000 a month of revenue less EBITDA.',
    'FIN-NET-LIABILITIES': 'Net assets are -£50,000,000 (amber below £0): £420,000,000 total assets less £470,000,000 total liabilities.',
    'FIN-ZSCORE': "Altman Z'' score is -0.6 (amber below 1.1): -£5,000,000 working capital, -£95,000,000 retained earnings and £18,000,000 operating profit on £420,000,000 total assets; -£50,000,000 net assets on £470,000,000 total liabilities.",
    'CONT-DIFFICULT-TO-REPLACE': 'Difficult to replace: 300 children placed (info at 250), 310 registered places (info at 300) and 26 councils served (info at 20).',
    'OWN-HOLD-PERIOD': 'Northbridge Capital Partners III LP and Northbridge Capital GP III LLP have held the group since 14 June 2019, more than 5 years at the period end of 31 December 2024: sale or refinancing likely.',
    'OWN-OFFSHORE': 'The chain to Northbridge Capital Partners III LP passes through Luxembourg and Jersey: Northbridge Capital Partners III LP → Cedarwood Holdings S.à r.l. → Cedarwood Topco Ltd → Cedarwood Bidco Ltd → Cedarwood Care Group Ltd; the chain to Northbridge Capital GP III LLP passes through Luxembourg and Jersey: Northbridge Capital GP III LLP → Northbridge Capital Partners III LP → Cedarwood Holdings S.à r.l. → Cedarwood Topco Ltd → Cedarwood Bidco Ltd → Cedarwood Care Group Ltd.',
    'OWN-PE-BACKED': 'Private-equity-backed (info at 25% or control): Northbridge Capital Partners III LP (private equity fund) holds 88% of the group and controls it; Northbridge Capital GP III LLP (fund manager) controls the group.',
  })
})

/** What the ownership rules read from a resolution, rounded where sums of products carry noise. */
const readByRules = (r: OwnershipResolution) => ({
  resolvedPct: Math.round(r.resolvedPct * 1e6) / 1e6,
  offshore: r.offshore,
  depth: r.depth,
  cycles: r.cycles,
  entities: r.entities.map(e => [e.ref, e.kind, e.jurisdiction, Math.round(e.effectivePct * 1e6) / 1e6, e.controls, e.root]),
  ultimateControllers: r.ultimateControllers.map(u => [u.ref, Math.round(u.effectivePct * 1e6) / 1e6, u.controls, u.path]),
  peHolders: r.peHolders.map(p => [p.ref, Math.round(p.effectivePct * 1e6) / 1e6, p.controls, p.heldSince ?? null]),
})

t.test('every hand-built resolution is what resolveOwnership makes of the filed graph', async t => {
  for (const golden of GOLDEN) {
    const filed = golden.input.annualReturn.ownership as OwnershipGraph
    t.strictSame(readByRules(resolveOwnership(filed)), readByRules(golden.input.ownership), golden.name)
  }
})
