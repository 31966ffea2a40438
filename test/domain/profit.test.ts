// Every profit metric of RULES.md (ruleset 2027.1) on a return worked by hand, and each undefined case.
import t, { type Test } from 'tap'
import { profitMetrics } from '../../src/domain/profit.js'
import { baseReturn, withAccounts } from '../fixtures/golden/builders.js'
import { workedReturn } from '../fixtures/profit.js'

const close = (t: Test, actual: number | null, expected: number, name: string) =>
  t.ok(actual !== null && Math.abs(actual - expected) < 1e-12, `${name}: ${actual} ≈ ${expected}`)

t.test('every metric on the worked return', async t => {
  const m = profitMetrics(workedReturn())
  t.same(Object.keys(m), [
    'operatingMargin', 'ebitdaMargin', 'relatedPartyCharges', 'ownerFinanceCost', 'distributions', 'valueExtracted',
    'extractionRate', 'adjustedOperatingProfit', 'adjustedMargin', 'relatedRentShare', 'leakagePer100', 'weeklyFee',
  ], "RULES.md's table, in its order")
  close(t, m.operatingMargin, 0.10, 'operatingMargin')
  close(t, m.ebitdaMargin, 0.15, 'ebitdaMargin')
  t.equal(m.relatedPartyCharges, 3_150_000, 'relatedPartyCharges: rent + fees + other')
  t.equal(m.ownerFinanceCost, 1_500_000, 'ownerFinanceCost: interest')
  t.equal(m.distributions, 350_000, 'distributions: dividends')
  t.equal(m.valueExtracted, 5_000_000)
  close(t, m.extractionRate, 5 / 60, 'extractionRate')
  t.equal(m.adjustedOperatingProfit, 9_150_000)
  close(t, m.adjustedMargin, 0.1525, 'adjustedMargin')
  close(t, m.relatedRentShare, 0.625, 'relatedRentShare')
  close(t, m.leakagePer100, 10_900_000 / 600_000, 'leakagePer100')
  t.strictSame(m.weeklyFee, { childrens_homes: 6_000, fostering: 1_125, other: null })
})

t.test('EBITDA not filed: the margin reads operating profit + depreciation and amortisation', async t => {
  const r = workedReturn()
  delete r.accounts.ebitda
  close(t, profitMetrics(r).ebitdaMargin, (6_000_000 + 3_000_000) / 60_000_000, 'ebitdaMargin')
})

t.test('losses give negative measures, not undefined ones', async t => {
  const r = workedReturn()
  r.accounts = { ...r.accounts, operatingProfit: -1_200_000, ebitda: -600_000, profitBeforeTax: -4_000_000 }
  const m = profitMetrics(r)
  close(t, m.operatingMargin, -0.02, 'operatingMargin')
  close(t, m.ebitdaMargin, -0.01, 'ebitdaMargin')
  t.equal(m.adjustedOperatingProfit, 1_950_000, 'the related-party charges added back to a loss')
  close(t, m.leakagePer100, (-4_000_000 + 4_000_000 + 900_000 + 1_200_000 + 1_500_000) / 600_000, 'leakagePer100')
})

t.test('undefined: revenue of nil', async t => {
  const r = workedReturn()
  r.accounts.revenue = 0
  r.services = []
  const m = profitMetrics(r)
  for (const name of ['operatingMargin', 'ebitdaMargin', 'extractionRate', 'adjustedMargin', 'leakagePer100'] as const) {
    t.equal(m[name], null, `${name} undefined`)
  }
  t.equal(m.valueExtracted, 5_000_000, 'amounts still add up')
  close(t, m.relatedRentShare, 0.625, 'relatedRentShare does not read revenue')
})

t.test('undefined: no relatedParties section; an empty one declares nothing paid', async t => {
  const none = workedReturn()
  delete none.relatedParties
  const m = profitMetrics(none)
  t.equal(m.extractionRate, null, 'extractionRate undefined')
  t.equal(m.adjustedMargin, null, 'adjustedMargin undefined')
  // the sums run over the related parties filed: none
  t.same([m.relatedPartyCharges, m.ownerFinanceCost, m.distributions, m.valueExtracted], [0, 0, 0, 0])
  t.equal(m.adjustedOperatingProfit, 6_000_000)
  t.equal(m.relatedRentShare, 0, 'rent payable filed, none of it to a related party filed')
  close(t, m.leakagePer100, (3_300_000 + 4_000_000 + 900_000 + 1_200_000) / 600_000, 'leakagePer100 (no owner finance cost filed)')
  close(t, m.operatingMargin, 0.10, 'operatingMargin still defined')

  const declared = profitMetrics({ ...workedReturn(), relatedParties: [] })
  t.equal(declared.extractionRate, 0, 'nothing extracted')
  close(t, declared.adjustedMargin, 0.10, 'adjustedMargin is the operating margin')

  const unpaid = profitMetrics({ ...workedReturn(), relatedParties: [{ name: 'A director', relationship: 'director', payments: {} }] })
  t.equal(unpaid.valueExtracted, 0, 'a related party paid nothing')
})

t.test('undefined: relatedRentShare without rent payable, or with none', async t => {
  const absent = workedReturn()
  delete absent.accounts.rentPayable
  t.equal(profitMetrics(absent).relatedRentShare, null, 'rentPayable absent')
  t.equal(profitMetrics(withAccounts({ rentPayable: 0 }, workedReturn())).relatedRentShare, null, 'rentPayable 0')
})

t.test('undefined: leakagePer100 unless all three new accounts figures are filed', async t => {
  for (const field of ['profitBeforeTax', 'directorsRemuneration', 'rentPayable'] as const) {
    const r = workedReturn()
    delete r.accounts[field]
    t.equal(profitMetrics(r).leakagePer100, null, `without ${field}`)
  }
  t.not(profitMetrics(withAccounts({ profitBeforeTax: 0, directorsRemuneration: 0, rentPayable: 0 }, workedReturn())).leakagePer100, null,
    'filed as nil is filed')
})

t.test('undefined: a weekly fee without child-weeks; no services section, no fees', async t => {
  const r = workedReturn()
  r.services = [{ kind: 'fostering', revenue: 9_000_000, childWeeks: 0 }, { kind: 'childrens_homes', revenue: 1, childWeeks: 0.5 }]
  t.strictSame(profitMetrics(r).weeklyFee, { childrens_homes: 2, fostering: null }, 'in kind order, whatever the filed order')
  t.strictSame(profitMetrics(baseReturn()).weeklyFee, {})
})

t.test('a return without the new parts: margins only', async t => {
  const m = profitMetrics(baseReturn())
  t.strictSame(m, {
    operatingMargin: 0.1, ebitdaMargin: 0.15,
    relatedPartyCharges: 0, ownerFinanceCost: 0, distributions: 0, valueExtracted: 0,
    extractionRate: null, adjustedOperatingProfit: 6_000_000, adjustedMargin: null,
    relatedRentShare: null, leakagePer100: null, weeklyFee: {},
  })
})
