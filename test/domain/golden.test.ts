import t from 'tap'
import type { OwnershipGraph, OwnershipResolution } from '../../src/domain/ownership/types.js'
import { resolveOwnership } from '../../src/domain/ownership/resolve.js'
import { assess } from '../../src/domain/assess-return.js'
import { provisionalRating } from '../../src/domain/rating.js'
import { createHash } from 'node:crypto'
import type { AnnualReturn } from '../../src/domain/annual-return.js'
import { RULESETS } from '../../src/domain/ruleset.js'
import { profitMetrics } from '../../src/domain/profit.js'
import { graphToBods, resolveBods } from '../../src/domain/ownership/bods.js'
import { assessmentOutput } from '../../src/domain/stored-assessment.js'
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

// ---- ruleset 2027.1 changes nothing that came before it ----------------------------------------

/**
 * SHA-256 of each golden return's stored assessment text (assessmentOutput) under 2026.1 and
 * 2026.2, taken before ruleset 2027.1 existed (commit f3b4c5c).
 */
const BEFORE_2027: Record<string, string> = {
  "2026.1 Cedarwood Care Group: leveraged PE buy-out, leverage covenant breached": '5399dc39c86882e04074e12e5cd936be6959c49c945b16061513240c60f9661f',
  "2026.1 St Brigid's Children's Trust: healthy charity, difficult to replace": '97ca49128b2f7b1a4cc5585a6556635de6b56563061461b1c68380464b5d82cc',
  "2026.1 Northgate Care: 45% of the ownership undeclared, through Guernsey and the BVI": '6d9723443b9d98175e29997087a1e0e51fdccc3f3ef1634f8ebd4e35aaeb9ef4',
  "2026.1 Oakhill Residential: sound, but filed ten months after the year end": '98142781236efc5828b73694b811f3e794448984baef0fe5bf644333c4f4f2de',
  "2026.1 Pinecrest Care Partners: all bank debt due within the year": '9dc28330781c0bc96fb5ed98fdfe4fefe685878b737dfc11585d17eccf9a1c7b',
  "2026.1 Riverside Therapeutic Care: material uncertainty on going concern": 'e04129e29c97bdadeb43645ce7399335d0a3a8e5f949b60df8332bb4bc7561b5',
  "2026.1 Shire Children's Homes: council-owned, a tenth of its county's children": 'f35289977ede5a0d333267f3cb60bafdfe78ea988fdf30449bf19b31a37169ce',
  "2026.1 Willowbrook Care Holdings: PE-backed, difficult to replace, leverage amber": '3c0af251b7869d0ce879cd5fb6f9be5ab610214be928f383a65f33b6d9ed1e45',
  "2026.1 Brookside Homes: small and sound, nothing raised": '967b135c5515728b01461912825cb393c7ed84569f2d7071b40ea7a0e9ad27cf',
  "2026.1 Lantern Care: balance sheet and borrowings inconsistent": '21e9a7f76f328a5ea62dde26899b44346cb7710c027ed423f51b1bb2b1e37652',
  "2026.1 Harbour Lights Fostering: revenue differs from its iXBRL accounts (2026.2)": 'dc4aa9f3a463fc0fa921f5b5b833c3eaf333ef6d551b49a164ef0c386e76ecfe',
  "2026.1 Evergreen Childcare Group: Cayman-owned since 2018, two amber FIN flags": '8d205306b0b52ff4ac69b1a6b77505a4909f48d26f910b9d5c3a179f28c3a154',
  "2026.1 Moorland Family Care: minority PE with board control, EBITDA down 25%, filed late": 'fa5cb07504e2a916b950298021f0543d6bcbf26bcfbef7e8d7a3250e91fce387',
  "2026.1 Kingfisher Care: a cross-holding no one owns into": '66fbfc7eba6b5ac43c537b99ede51d8aa0bc00a881bfd4be84f281aad7500807',
  "2026.2 Cedarwood Care Group: leveraged PE buy-out, leverage covenant breached": '1a1322484e6e259c7ebda66856618ff823f82e4d20756d1f27fa9004ac99a23b',
  "2026.2 St Brigid's Children's Trust: healthy charity, difficult to replace": 'ec34f377adbfda19483a1caee8082d54ca8839210a04c4623d64ed2abbc156d1',
  "2026.2 Northgate Care: 45% of the ownership undeclared, through Guernsey and the BVI": 'c2fb5d3d05b51fb19748a743e2abcd0bcc7c0bef7f5a545fd26482c7d8d184a3',
  "2026.2 Oakhill Residential: sound, but filed ten months after the year end": 'f30efd917839703f5ea2cd609cc8bd8d5133e5fecd010e9d9c40d3b7622c2972',
  "2026.2 Pinecrest Care Partners: all bank debt due within the year": '856868583c0b457b48a318d50e95a386263b9c17d8434d77c6e868cf598ef148',
  "2026.2 Riverside Therapeutic Care: material uncertainty on going concern": 'f80364af128645fcc58a158a0ee78e733e1ad7e69e518be645bca8d04988770b',
  "2026.2 Shire Children's Homes: council-owned, a tenth of its county's children": '43b5d8582d37b85355ec872dd027b362966386eb9ed70a9ce214bc88d0c54382',
  "2026.2 Willowbrook Care Holdings: PE-backed, difficult to replace, leverage amber": 'f8ffdf27c760332dcb03ebf098cb66a63b192d5b951ef638618dd2a4f6639201',
  "2026.2 Brookside Homes: small and sound, nothing raised": 'b1a8188f2cabd8b22d9acc07e47dd7a09b01331d51bc7659036d8caea2bac909',
  "2026.2 Lantern Care: balance sheet and borrowings inconsistent": '0cdb693ea943f2ace413220eba82c13c693e0e9d94460967d9afbc881e47582d',
  "2026.2 Harbour Lights Fostering: revenue differs from its iXBRL accounts (2026.2)": '2c96ea05f1ecf70fa1ece7a70f31036a3234536614655d1d21c16c3e38fe122c',
  "2026.2 Evergreen Childcare Group: Cayman-owned since 2018, two amber FIN flags": '6eea8c579c84351aeb4953db5fed7c60df8af5af75b58a5929f000647a8d8bce',
  "2026.2 Moorland Family Care: minority PE with board control, EBITDA down 25%, filed late": 'd93d00562c17806083867c94cd4b20427ca961ff7fa09bf13a327fe7fa3573c7',
  "2026.2 Kingfisher Care: a cross-holding no one owns into": '08d852e64d16117df8c116897a26be8f5e01ea5bc313976c02b4e1203f6e5a11',
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

/** The return with ruleset 2027.1's parts: a property company's rent, loan-note interest, service lines. */
const withProfitParts = (r: AnnualReturn): AnnualReturn => {
  const revenue = r.accounts.revenue
  const pounds = (share: number) => Math.round(revenue * share)
  return {
    ...r,
    accounts: { ...r.accounts, profitBeforeTax: r.accounts.operatingProfit - r.accounts.cashInterestPayable, directorsRemuneration: pounds(0.005), rentPayable: pounds(0.08) },
    services: [{ kind: 'childrens_homes', revenue: pounds(0.9), childWeeks: 5_000 }],
    relatedParties: [
      { name: 'Golden Property Ltd', relationship: 'owner_affiliate', payments: { rent: pounds(0.06) } },
      { name: 'Golden Fund LP', relationship: 'owner', payments: { interest: pounds(0.03) } },
    ],
  }
}

t.test('under 2026.1 and 2026.2 every golden assessment is byte for byte what it was before 2027.1, the new parts filed or not', async t => {
  t.equal(Object.keys(BEFORE_2027).length, GOLDEN.length * 2)
  for (const version of ['2026.1', '2026.2']) {
    for (const golden of GOLDEN) {
      const pinned = BEFORE_2027[`${version} ${golden.name}`]
      t.equal(sha256(assessmentOutput(assess({ ...golden.input, ruleset: RULESETS[version] }))), pinned, `${version} ${golden.name}`)
      const filed = assess({ ...golden.input, annualReturn: withProfitParts(golden.input.annualReturn), ruleset: RULESETS[version] })
      t.equal(sha256(assessmentOutput(filed)), pinned, `${version} ${golden.name}, with the new parts`)
    }
  }
})

t.test('under 2027.1 every golden return raises what 2026.2 raises, word for word, plus only PRF flags', async t => {
  let prf = 0
  for (const golden of GOLDEN) {
    for (const annualReturn of [golden.input.annualReturn, withProfitParts(golden.input.annualReturn)]) {
      const before = assess({ ...golden.input, annualReturn, ruleset: RULESETS['2026.2'] })
      const after = assess({ ...golden.input, annualReturn, ruleset: RULESETS['2027.1'] })
      t.strictSame(after.flags.filter(f => !f.ruleId.startsWith('PRF-')), before.flags, `${golden.name}: ownership, BODS-read or native, and every earlier rule as before`)
      const { rulesetVersion: _v, ...beforeMetrics } = JSON.parse(assessmentOutput(before)) as { rulesetVersion: string; metrics: object }
      const measured = JSON.parse(assessmentOutput(after)).metrics as Record<string, unknown>
      t.strictSame(Object.fromEntries(Object.entries(measured).slice(0, Object.keys(beforeMetrics.metrics).length)), beforeMetrics.metrics, 'the metrics as before')
      t.strictSame(Object.fromEntries(Object.entries(measured).slice(Object.keys(beforeMetrics.metrics).length)), JSON.parse(JSON.stringify(profitMetrics(annualReturn))), 'then the profit metrics')
      prf += after.flags.filter(f => f.ruleId.startsWith('PRF-')).length
      const again = assess({ ...JSON.parse(JSON.stringify(after.inputs)), ruleset: RULESETS[after.rulesetVersion] })
      t.equal(JSON.stringify(again), JSON.stringify(after), 'reproduced from its stored inputs')
    }
  }
  t.ok(prf >= GOLDEN.length * 2, `${prf} PRF flags on the returns with the new parts`)
})

t.test('filed as BODS 0.4, every golden return resolves and is judged under 2027.1 as under 2026.2, plus only PRF flags', async t => {
  for (const golden of GOLDEN) {
    const graph = golden.input.annualReturn.ownership as OwnershipGraph
    const annualReturn = withProfitParts({
      ...golden.input.annualReturn,
      ownership: { reportingEntity: graph.reportingEntity, bods: graphToBods(graph, { publicationDate: golden.input.annualReturn.periodEnd, publisherName: 'test', idSeed: golden.name }) },
    })
    const { resolution } = resolveBods((annualReturn.ownership as { bods: unknown[] }).bods, graph.reportingEntity, annualReturn.periodEnd)
    t.strictSame(readByRules(resolution), readByRules(resolveOwnership(graph)), `${golden.name}: BODS resolves as the native graph`)
    const before = assess({ ...golden.input, annualReturn, ownership: resolution, ruleset: RULESETS['2026.2'] })
    const after = assess({ ...golden.input, annualReturn, ownership: resolution, ruleset: RULESETS['2027.1'] })
    t.strictSame(after.flags.filter(f => !f.ruleId.startsWith('PRF-')), before.flags, `${golden.name}: the same flags`)
  }
})
