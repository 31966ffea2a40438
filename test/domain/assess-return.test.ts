import t from 'tap'
import fc from 'fast-check'
import type { AnnualReturn } from '../../src/domain/annual-return.js'
import { assess, assessmentInputs, provisionalRating, type AssessInput } from '../../src/domain/assess-return.js'
import { RULESETS } from '../../src/domain/ruleset.js'
import {
  baseInput, baseReturn, peOwned, termLoan, withAccounts,
} from '../fixtures/golden/builders.js'

/** A stressed PE-backed group that raises flags of every severity. */
const troubled = (): AssessInput => baseInput({
  annualReturn: {
    ...withAccounts({ ebitda: 5_000_000, cash: 1_000_000, goingConcernMaterialUncertainty: true, reportedBorrowings: 50_000_000 }),
    placements: [{ laCode: 'E06000017', children: 5 }, { laCode: 'E09000001', children: 2 }, { laCode: 'E10000099', children: 1 }],
  },
  ownership: peOwned('2018-01-01'),
  submittedAt: '2025-11-02T16:00:00Z',
})

const deepFreeze = <T>(v: T): T => {
  if (typeof v === 'object' && v !== null) { Object.values(v).forEach(deepFreeze); Object.freeze(v) }
  return v
}

/** The same value with every object's keys in reverse order, as a database might hand it back. */
const reordered = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(reordered)
    : typeof v === 'object' && v !== null
      ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reordered(x)])) : v

t.test('an assessment: the ruleset version, metrics, sorted flags and the inputs it read', async t => {
  const a = assess(troubled())
  t.same(Object.keys(a), ['rulesetVersion', 'metrics', 'flags', 'inputs'])
  t.equal(a.rulesetVersion, '2026.1')
  // EBITDA 5,000,000 after 8,500,000 (−41%); liquidity (1,000,000 + 5,000,000) / 4,583,333 = 1.3 months;
  // borrowings reported 50,000,000 against 24,000,000 drawn; filed 2 November, after 30 September;
  // Rutland 5 of 27 children (18.5%); PE-backed and a red FIN flag: SYS-CONTINUITY red
  t.same(a.flags.map(f => `${f.severity} ${f.ruleId}`), [
    'red FIN-GOING-CONCERN',
    'red SYS-CONTINUITY',
    'amber CMP-INCONSISTENT',
    'amber CMP-LATE',
    'amber FIN-DETERIORATION',
    'amber FIN-LIQUIDITY',
    'info CONT-DIFFICULT-TO-REPLACE',
    'info OWN-HOLD-PERIOD',
    'info OWN-OFFSHORE',
    'info OWN-PE-BACKED',
  ])
  t.equal(provisionalRating(a.flags), 'red')
  for (const f of a.flags) t.same(Object.keys(f), ['ruleId', 'severity', 'explanation', 'evidence'])
})

t.test('inputs: exactly what was read, in canonical form', async t => {
  const input = troubled()
  const { inputs } = assess({ ...input, councils: { ...input.councils, E08000025: 1978 } })
  t.same(Object.keys(inputs).slice(1), ['councils', 'ownership', 'previous', 'submittedAt'], 'sorted; no ixbrlAccounts given')
  t.strictSame(inputs.councils, { E06000017: 27, E09000001: 7, E10000099: null },
    'only the councils placed with; unknown ones recorded as null')
  t.strictSame(inputs.previous, { ebitda: 8_500_000, operatingProfit: 5_600_000 })
  t.equal(inputs.annualReturn, input.annualReturn, 'the return as filed (it is stored on its own)')
  t.strictSame(assess(baseInput({ previous: undefined })).inputs.previous, null)
  t.strictSame(assess(baseInput({ previous: { operatingProfit: 1 } })).inputs.previous, { ebitda: null, operatingProfit: 1 })
  const withIxbrl = assess({ ...baseInput(), ixbrlAccounts: { revenue: 1, cash: undefined } }).inputs
  t.strictSame(withIxbrl.ixbrlAccounts, { revenue: 1 }, 'undefined members dropped')
  t.strictSame(assessmentInputs(baseInput()), assess(baseInput()).inputs)
})

t.test('reproducible byte for byte: twice, from JSON, from reordered storage', async t => {
  const first = assess(troubled())
  const stored = JSON.stringify(first)
  t.equal(JSON.stringify(assess(troubled())), stored, 'twice')
  const rerun = assess({ ...JSON.parse(JSON.stringify(first.inputs)), ruleset: RULESETS[first.rulesetVersion] })
  t.equal(JSON.stringify(rerun), stored, 'on its own stored inputs')
  t.strictSame(rerun, JSON.parse(stored))
  // what is stored: the outcome (the return itself is kept as filed, under its own id)
  const outcome = (a: typeof first) => JSON.stringify([a.rulesetVersion, a.metrics, a.flags])
  const fromDatabase = reordered(JSON.parse(stored)) as typeof first
  t.equal(outcome(assess({ ...fromDatabase.inputs, ruleset: RULESETS['2026.1'] })), outcome(first), 'key order never matters')
  t.equal(JSON.stringify(assess(deepFreeze(troubled()))), stored, 'inputs are never written to')
})

t.test('the ruleset decides which rules run', async t => {
  const input = { ...baseInput(), annualReturn: { ...baseReturn(), accountsSource: { ixbrlSha256: 'f'.repeat(64) } }, ixbrlAccounts: { revenue: 50_000_000 } }
  t.same(assess(input).flags, [], '2026.1 has no CMP-ACCOUNTS-MISMATCH')
  const a = assess({ ...input, ruleset: RULESETS['2026.2'] })
  t.same(a.flags.map(f => f.ruleId), ['CMP-ACCOUNTS-MISMATCH'])
  t.equal(a.rulesetVersion, '2026.2')
})

t.test('a healthy group raises nothing and rates green', async t => {
  const a = assess(baseInput())
  t.same(a.flags, [])
  t.equal(provisionalRating(a.flags), 'green')
})

t.test('inputs that are not JSON are refused, not stored', async t => {
  t.throws(() => assess(baseInput({ annualReturn: withAccounts({ cash: Number.NaN }) })), { name: 'RangeError', message: 'not a finite number at /annualReturn/accounts/cash' })
  t.throws(() => assess(baseInput({ annualReturn: withAccounts({ revenue: Infinity }) })), RangeError)
})

// ---- properties over arbitrary returns ---------------------------------------------------------

const money = fc.integer({ min: -50_000_000, max: 500_000_000 })
const positive = fc.integer({ min: 0, max: 500_000_000 })
const date = fc.date({ min: new Date('2018-01-01'), max: new Date('2032-12-31'), noInvalidDate: true }).map(d => d.toISOString().slice(0, 10))
const anyReturn: fc.Arbitrary<AnnualReturn> = fc.record({
  accounts: fc.record({
    revenue: positive, ebitda: fc.option(money, { nil: undefined }), operatingProfit: money,
    depreciationAmortisation: fc.option(positive, { nil: undefined }), cashInterestPayable: fc.integer({ min: 0, max: 50_000_000 }),
    cash: positive, currentAssets: positive, totalAssets: positive, currentLiabilities: positive, totalLiabilities: positive,
    totalEquity: money, retainedEarnings: money, reportedBorrowings: fc.option(positive, { nil: undefined }),
    goingConcernMaterialUncertainty: fc.boolean(), auditOpinion: fc.constantFrom('unqualified', 'qualified', 'adverse', 'disclaimer', 'none' as const),
  }),
  facilities: fc.array(fc.record({
    lender: fc.constantFrom('HSBC', 'Barclays', 'Owner'), kind: fc.constantFrom('term_loan', 'revolving_credit', 'loan_notes', 'lease' as const),
    shareholderLoan: fc.boolean(), committed: positive, drawn: positive, maturityDate: date,
    covenants: fc.array(fc.record({
      metric: fc.constantFrom('leverage', 'interest_cover', 'liquidity', 'other' as const), kind: fc.constantFrom('max', 'min' as const),
      limit: fc.double({ min: -10, max: 10, noNaN: true }), actual: fc.double({ min: -20, max: 20, noNaN: true }), testDate: date,
    }), { maxLength: 3 }),
  }), { maxLength: 4 }),
  placements: fc.array(fc.record({ laCode: fc.constantFrom('E06000017', 'E08000025', 'E09000001', 'E10000099'), children: fc.integer({ min: 0, max: 400 }) }), { maxLength: 5 }),
}).map(({ accounts, facilities, placements }) => ({ ...baseReturn(), accounts, facilities, placements }))

t.test('for any return: finite-or-null metrics, sorted flags, JSON-stable re-runs', async t => {
  fc.assert(fc.property(anyReturn, fc.option(fc.record({ ebitda: fc.option(money, { nil: null }), operatingProfit: money }), { nil: null }),
    fc.constantFrom(peOwned(), baseInput().ownership), fc.constantFrom('2025-05-01T00:00:00Z', '2026-02-01T00:00:00Z'),
    (annualReturn, previous, ownership, submittedAt) => {
      const a = assess(baseInput({ annualReturn, previous, ownership, submittedAt, ruleset: RULESETS['2026.2'] }))
      const text = JSON.stringify(a)
      for (const [name, v] of Object.entries(a.metrics)) {
        if (!Array.isArray(v) && v !== null && !Number.isFinite(v)) throw new Error(`${name} is ${v}`)
      }
      for (const c of a.metrics.covenantHeadroom) if (c.headroom !== null && !Number.isFinite(c.headroom)) throw new Error('headroom')
      const rank = { red: 0, amber: 1, info: 2 }
      a.flags.forEach((f, i) => {
        const prev = a.flags[i - 1]
        if (prev && (rank[prev.severity] > rank[f.severity] || (prev.severity === f.severity && prev.ruleId >= f.ruleId))) throw new Error('unsorted')
        if (f.explanation.includes('NaN') || f.explanation.includes('Infinity') || f.explanation.includes('undefined')) throw new Error(f.explanation)
      })
      const again = assess({ ...JSON.parse(JSON.stringify(a.inputs)), ruleset: RULESETS['2026.2'] })
      if (JSON.stringify(again) !== text) throw new Error('not reproducible')
    }), { numRuns: 300, seed: 20260429 })
  t.pass('300 returns')
})

t.test('a third-party loan keeps its evidence pointers stable', async t => {
  const ret = withAccounts({ ebitda: 10_000_000, cash: 0 })
  ret.facilities = [termLoan({ lender: 'Owner', shareholderLoan: true, kind: 'loan_notes' }), termLoan({ drawn: 90_000_000 })]
  const flag = assess(baseInput({ annualReturn: ret })).flags.find(f => f.ruleId === 'FIN-LEVERAGE')!
  t.same(Object.keys(flag.evidence.inputs).filter(k => k.includes('facilities')),
    ['/annualReturn/facilities/1/lender', '/annualReturn/facilities/1/kind', '/annualReturn/facilities/1/drawn'], 'indexes as filed')
})

// ---- ruleset 2027.1's parts of a return ---------------------------------------------------------

const profitParts = fc.record({
  accounts: fc.record({
    profitBeforeTax: fc.option(money, { nil: undefined }),
    directorsRemuneration: fc.option(fc.integer({ min: 0, max: 5_000_000 }), { nil: undefined }),
    rentPayable: fc.option(fc.integer({ min: 0, max: 50_000_000 }), { nil: undefined }),
  }),
  services: fc.option(fc.uniqueArray(fc.record({
    kind: fc.constantFrom('childrens_homes', 'fostering', 'other' as const), revenue: fc.integer({ min: 0, max: 50_000_000 }),
    childWeeks: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 100_000, noNaN: true })),
  }), { selector: s => s.kind, maxLength: 3 }), { nil: undefined }),
  relatedParties: fc.option(fc.array(fc.record({
    name: fc.constantFrom('PropCo', 'Fund', 'Director'), relationship: fc.constantFrom('owner', 'owner_affiliate', 'director', 'other' as const),
    payments: fc.record({ rent: positive, managementFees: positive, interest: positive, dividends: positive, other: positive }, { requiredKeys: [] }),
  }), { maxLength: 4 }), { nil: undefined }),
})
const withParts = (r: AnnualReturn, parts: typeof profitParts extends fc.Arbitrary<infer P> ? P : never): AnnualReturn => ({
  ...r,
  accounts: { ...r.accounts, ...Object.fromEntries(Object.entries(parts.accounts).filter(([, v]) => v !== undefined)) },
  ...(parts.services ? { services: parts.services } : {}),
  ...(parts.relatedParties ? { relatedParties: parts.relatedParties } : {}),
})

t.test('for any return: under 2026.x the new parts change nothing; under 2027.1 only PRF flags and metrics are added', async t => {
  fc.assert(fc.property(anyReturn, profitParts, fc.constantFrom(peOwned(), baseInput().ownership), (annualReturn, parts, ownership) => {
    const filed = withParts(annualReturn, parts)
    for (const version of ['2026.1', '2026.2']) {
      const bare = assess(baseInput({ annualReturn, ownership, ruleset: RULESETS[version] }))
      const full = assess(baseInput({ annualReturn: filed, ownership, ruleset: RULESETS[version] }))
      if (JSON.stringify([full.metrics, full.flags]) !== JSON.stringify([bare.metrics, bare.flags])) throw new Error(`${version} reads the new parts`)
    }
    const before = assess(baseInput({ annualReturn: filed, ownership, ruleset: RULESETS['2026.2'] }))
    const after = assess(baseInput({ annualReturn: filed, ownership, ruleset: RULESETS['2027.1'] }))
    if (JSON.stringify(after.flags.filter(f => !f.ruleId.startsWith('PRF-'))) !== JSON.stringify(before.flags)) throw new Error('earlier rules moved')
    const { weeklyFee, ...rest } = after.metrics
    for (const [name, v] of [...Object.entries(rest), ...Object.entries(weeklyFee ?? {})]) {
      if (!Array.isArray(v) && v !== null && !Number.isFinite(v)) throw new Error(`${name} is ${v}`)
    }
    for (const f of after.flags) if (/NaN|Infinity|undefined/.test(f.explanation)) throw new Error(f.explanation)
    const again = assess({ ...JSON.parse(JSON.stringify(after.inputs)), ruleset: RULESETS['2027.1'] })
    if (JSON.stringify(again) !== JSON.stringify(after)) throw new Error('not reproducible')
  }), { numRuns: 300, seed: 20270101 })
  t.pass('300 returns')
})

t.test('under 2027.1 an assessment carries the profit metrics after the others; under 2026.x it never did', async t => {
  const first = Object.keys(assess(baseInput({ ruleset: RULESETS['2026.2'] })).metrics)
  t.same(Object.keys(assess(baseInput({ ruleset: RULESETS['2026.1'] })).metrics), first)
  t.same(Object.keys(assess(baseInput({ ruleset: RULESETS['2027.1'] })).metrics), [...first,
    'operatingMargin', 'ebitdaMargin', 'relatedPartyCharges', 'ownerFinanceCost', 'distributions', 'valueExtracted',
    'extractionRate', 'adjustedOperatingProfit', 'adjustedMargin', 'relatedRentShare', 'leakagePer100', 'weeklyFee'])
})
