// A group's profitability beside the market, and the profit-cap simulation on a market worked by hand.
import t from 'tap'
import type { Static } from 'typebox'
import type { AnnualReturn, RelatedParty } from '../../src/domain/annual-return.js'
import {
  allowedProfit, percentileAmong, profitability, simulateProfitCap, type CapSimulation, type CapScenario,
  type Profitability, type ProviderLatestReturn,
} from '../../src/domain/profitability.js'
import type {
  ProfitCapScenario, ProfitCapSimulation, Profitability as ProfitabilitySchema,
} from '../../schema/profit.js'
import { baseReturn, withAccounts } from '../fixtures/golden/builders.js'
import { workedReturn } from '../fixtures/profit.js'

// the response schemas' static types are what the pure functions give
const _profitability = (x: Profitability): Static<typeof ProfitabilitySchema> => x
const _simulation = (x: CapSimulation): Static<typeof ProfitCapSimulation> => x
const _scenario = (x: Static<typeof ProfitCapScenario>): CapScenario => x

const group = (revenue: number, operatingProfit: number, relatedParties?: RelatedParty[], over: Partial<AnnualReturn> = {}): AnnualReturn => ({
  ...withAccounts({ revenue, operatingProfit, ebitda: operatingProfit + Math.round(revenue * 0.03) }),
  ...(relatedParties ? { relatedParties } : {}),
  ...over,
})
const rent = (amount: number): RelatedParty => ({ name: 'PropCo', relationship: 'owner_affiliate', payments: { rent: amount } })
const fees = (amount: number): RelatedParty => ({ name: 'Fund GP', relationship: 'owner_affiliate', payments: { managementFees: amount, interest: 9_999_999 } })

/**
 * A market of five, under a 15% cap on the adjusted margin (operating profit + related-party
 * rent, fees and other charges, over revenue), worked by hand:
 *   Elm     revenue 10,000,000,  op   1,000,000, declared none → 10.0%; allowed 1,500,000; excess 0
 *   Alder   revenue 100,000,000, op  12,000,000 + rent 6,000,000 → 18.0%; allowed 15,000,000; excess 3,000,000
 *   Damson  revenue 30,000,000, no relatedParties section → not measurable
 *   Cedar   revenue 20,000,001,  op   4,000,000 + fees 500,000 (interest not added back) → 22.5%;
 *           allowed 3,000,000.15 → 3,000,000 (rounded down); excess 1,500,000
 *   Birch   revenue 40,000,000,  op   5,000,000, declared none → 12.5%; allowed 6,000,000; excess 0
 * totals: measured 4, over 2 (Alder, Cedar), not measurable 1, excess 4,500,000,
 *   revenue share over (100,000,000 + 20,000,001) / (10,000,000 + 100,000,000 + 20,000,001 + 40,000,000) = 0.70588…
 * order: Alder, Cedar, then the nil excesses by name (Birch, Elm), then Damson.
 */
const MARKET: ProviderLatestReturn[] = [
  { providerId: 'e', name: 'Elm Care Ltd', annualReturn: group(10_000_000, 1_000_000, []) },
  { providerId: 'a', name: 'Alder Care Ltd', annualReturn: group(100_000_000, 12_000_000, [rent(6_000_000)]) },
  { providerId: 'd', name: 'Damson Care Ltd', annualReturn: group(30_000_000, 5_000_000) },
  { providerId: 'c', name: 'Cedar Fostering Ltd', annualReturn: group(20_000_001, 4_000_000, [fees(500_000)]) },
  { providerId: 'b', name: 'Birch Homes Ltd', annualReturn: group(40_000_000, 5_000_000, []) },
]

t.test('a 15% adjusted-margin cap over a market of five, worked by hand', async t => {
  const sim = simulateProfitCap(MARKET, { measure: 'adjustedMargin', capPct: 15 })
  t.same(Object.keys(sim), ['measure', 'capPct', 'providers', 'totals'])
  t.equal(sim.measure, 'adjustedMargin')
  t.equal(sim.capPct, 15)
  t.strictSame(sim.providers.map(p => [p.name, p.revenue, p.profit, p.allowed, p.excess]), [
    ['Alder Care Ltd', 100_000_000, 18_000_000, 15_000_000, 3_000_000],
    ['Cedar Fostering Ltd', 20_000_001, 4_500_000, 3_000_000, 1_500_000],
    ['Birch Homes Ltd', 40_000_000, 5_000_000, 6_000_000, 0],
    ['Elm Care Ltd', 10_000_000, 1_000_000, 1_500_000, 0],
    ['Damson Care Ltd', 30_000_000, null, null, null],
  ])
  t.strictSame(sim.providers.map(p => p.measureValue), [0.18, 4_500_000 / 20_000_001, 0.125, 0.1, null])
  t.same(Object.keys(sim.providers[0]), ['providerId', 'name', 'periodEnd', 'revenue', 'measureValue', 'profit', 'allowed', 'excess'])
  t.match(sim.providers[0], { providerId: 'a', periodEnd: '2025-03-31' })
  t.strictSame(sim.totals, {
    measured: 4, over: 2, notMeasurable: 1, excess: 4_500_000, revenueShareOver: 120_000_001 / 170_000_001,
  })
})

t.test('the other measures: operating margin and EBITDA margin', async t => {
  const operating = simulateProfitCap(MARKET, { measure: 'operatingMargin', capPct: 11 })
  // operating margins: Elm 10%, Alder 12%, Damson 16.7%, Cedar 20%, Birch 12.5%; every one measurable
  t.strictSame(operating.providers.map(p => [p.providerId, p.excess]), [
    ['c', 4_000_000 - 2_200_000], ['d', 5_000_000 - 3_300_000], ['a', 1_000_000], ['b', 600_000], ['e', 0],
  ])
  t.strictSame(operating.totals, { measured: 5, over: 4, notMeasurable: 0, excess: 5_100_000, revenueShareOver: 190_000_001 / 200_000_001 })
  const ebitda = simulateProfitCap(MARKET, { measure: 'ebitdaMargin', capPct: 100 })
  t.equal(ebitda.totals.over, 0, 'a cap of 100% holds nobody back')
  t.equal(ebitda.providers[0].profit, 12_000_000 + 3_000_000, 'profit is EBITDA')
  const nil = simulateProfitCap(MARKET, { measure: 'ebitdaMargin', capPct: 0 })
  t.equal(nil.totals.excess, MARKET.reduce((s, p) => s + p.annualReturn.accounts.ebitda!, 0), 'a cap of nil: every pound of profit is excess')
})

t.test('not measurable: no revenue, no related-party schedule; an empty market', async t => {
  const sim = simulateProfitCap([
    { providerId: 'z', name: 'Zero Ltd', annualReturn: group(0, 0, []) },
    { providerId: 'y', name: 'Yew Ltd', annualReturn: group(1_000_000, 100_000) },
  ], { measure: 'adjustedMargin', capPct: 15 })
  t.strictSame(sim.totals, { measured: 0, over: 0, notMeasurable: 2, excess: 0, revenueShareOver: null })
  t.same(sim.providers.map(p => p.name), ['Yew Ltd', 'Zero Ltd'], 'by name')
  t.strictSame(simulateProfitCap([], { measure: 'operatingMargin', capPct: 10 }).totals,
    { measured: 0, over: 0, notMeasurable: 0, excess: 0, revenueShareOver: null })
})

t.test('allowed profit: whole pounds rounded down, worked in integers', async t => {
  t.equal(allowedProfit(1_630_000_000, 22.6), 368_380_000, "the CMA's 22.6% of the LGA study's £1.63bn of fees")
  t.equal(allowedProfit(1_311_000, 19.4), 254_334, 'no binary noise: 19.4 × 1,311,000 / 100 is 254333.99999999997 in floating point')
  t.equal(allowedProfit(20_000_001, 15), 3_000_000, '3,000,000.15 rounds down')
  t.equal(allowedProfit(3, 50), 1, '1.5 rounds down')
  t.equal(allowedProfit(9_999_999_999_999, 99.999999), 9_999_999_899_999, 'exact at the money limit')
  t.equal(allowedProfit(1_000_000, 0), 0)
  // rounding down keeps "over" exact: £1 over the unrounded allowance is over, at it is not
  const at = (op: number) => simulateProfitCap([{ providerId: 'x', name: 'X', annualReturn: group(3, op, []) }], { measure: 'operatingMargin', capPct: 50 }).providers[0]
  t.match(at(1), { allowed: 1, excess: 0 }, '1 of 3 is under half')
  t.match(at(2), { allowed: 1, excess: 1 }, '2 of 3 is over half')
})

t.test('the market percentile: the share of the others below, a tie counting half', async t => {
  const others = [0.10, 0.15, 0.15, 0.20, null]
  t.equal(percentileAmong(0.15, others), 50, 'above one, tied with two: (1 + 2/2) / 4')
  t.equal(percentileAmong(0.25, others), 100, 'the highest')
  t.equal(percentileAmong(0.05, others), 0, 'the lowest')
  t.equal(percentileAmong(0.12, others), 25)
  t.equal(percentileAmong(null, others), null, 'not measurable itself')
  t.equal(percentileAmong(0.15, [null, null]), null, 'no one to rank against')
})

t.test('profitability: the periods oldest first, the measures API.md names, where the latest stands', async t => {
  const older = { returnId: 'r1', annualReturn: { ...baseReturn(), periodStart: '2023-04-01', periodEnd: '2024-03-31' } }
  const latest = { returnId: 'r2', annualReturn: workedReturn() }
  const market = [
    { providerId: 'self', metrics: { adjustedMargin: 0.99, operatingMargin: 0.99 } }, // stale: set aside
    { providerId: 'p1', metrics: { adjustedMargin: 0.10, operatingMargin: 0.05 } },
    { providerId: 'p2', metrics: { adjustedMargin: 0.20, operatingMargin: 0.10 } },
    { providerId: 'p3', metrics: { adjustedMargin: null, operatingMargin: 0.12 } },
  ]
  const p = profitability('self', [latest, older], market)
  t.same(Object.keys(p), ['providerId', 'periods', 'marketPercentile'])
  t.equal(p.providerId, 'self')
  t.same(p.periods.map(x => [x.periodEnd, x.returnId]), [['2024-03-31', 'r1'], ['2025-03-31', 'r2']], 'oldest first')
  t.same(Object.keys(p.periods[1].metrics), [
    'operatingMargin', 'ebitdaMargin', 'adjustedMargin', 'extractionRate', 'valueExtracted', 'relatedPartyCharges',
    'ownerFinanceCost', 'distributions', 'relatedRentShare', 'leakagePer100', 'weeklyFee',
  ])
  t.match(p.periods[1].metrics, { operatingMargin: 0.1, adjustedMargin: 0.1525, valueExtracted: 5_000_000, relatedRentShare: 0.625, weeklyFee: { childrens_homes: 6_000, fostering: 1_125, other: null } })
  t.match(p.periods[0].metrics, { operatingMargin: 0.1, adjustedMargin: null, extractionRate: null, weeklyFee: {} }, 'a period before the new parts')
  // latest adjusted 0.1525: above p1 (0.10), below p2 (0.20), p3 not measurable → 1 / 2
  // latest operating 0.10: above p1, tied with p2, below p3 → (1 + 0.5) / 3
  t.strictSame(p.marketPercentile, { adjustedMargin: 50, operatingMargin: 50 })
  const lone = profitability('self', [older], [])
  t.strictSame(lone.marketPercentile, { adjustedMargin: null, operatingMargin: null }, 'no market, or not measurable')
  t.strictSame(profitability('none', [], market), { providerId: 'none', periods: [], marketPercentile: { adjustedMargin: null, operatingMargin: null } })
})
