import t from 'tap'
import fc from 'fast-check'
import {
  addCalendarMonths, calendarDate, computeMetrics, councilDependence, ebitdaOf, type MetricsInput,
} from '../../src/domain/metrics.js'
import { covenantHeadroom } from '../../src/domain/covenants.js'
import {
  COUNCILS, baseReturn, revolver, termLoan, withAccounts,
} from '../fixtures/golden/builders.js'

const metricsOf = (over: Partial<MetricsInput> = {}) =>
  computeMetrics({ annualReturn: baseReturn(), previous: null, councils: COUNCILS, ...over })

t.test('calendar months are added on the ISO date, holding the day or taking the month end', async t => {
  t.equal(addCalendarMonths('2025-03-31', 6), '2025-09-30')
  t.equal(addCalendarMonths('2025-03-31', 9), '2025-12-31')
  t.equal(addCalendarMonths('2025-03-31', 12), '2026-03-31')
  t.equal(addCalendarMonths('2024-02-29', 12), '2025-02-28', 'leap day')
  t.equal(addCalendarMonths('2023-02-28', 12), '2024-02-28')
  t.equal(addCalendarMonths('2025-08-31', 6), '2026-02-28')
  t.equal(addCalendarMonths('2023-08-31', 6), '2024-02-29')
  t.equal(addCalendarMonths('2025-12-31', 2), '2026-02-28', 'across a year end')
  t.equal(addCalendarMonths('2025-12-15', 24), '2027-12-15')
  t.equal(addCalendarMonths('2025-01-31', -1), '2024-12-31', 'backwards')
  t.equal(addCalendarMonths('2025-03-31T23:00:00Z', 1), '2025-04-30', 'a timestamp reads as its date')
})

t.test('a submission time reads as its UTC calendar date', async t => {
  t.equal(calendarDate('2025-12-31T23:59:59.999Z'), '2025-12-31')
  t.equal(calendarDate('2026-01-01T00:30:00+01:00'), '2025-12-31', 'offsets are brought to UTC')
  t.equal(calendarDate('2025-12-31'), '2025-12-31')
  // any instant, written in UTC or at an offset, is the date its UTC form begins with
  fc.assert(fc.property(fc.date({ min: new Date('1990-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }), fc.integer({ min: -12, max: 14 }), (d, hours) => {
    const utc = d.toISOString()
    const local = new Date(d.getTime() + hours * 3_600_000).toISOString().slice(0, 23)
    const offset = `${hours < 0 ? '-' : '+'}${String(Math.abs(hours)).padStart(2, '0')}:00`
    return calendarDate(utc) === utc.slice(0, 10) && calendarDate(local + offset) === utc.slice(0, 10)
  }), { seed: 20261123, numRuns: 500 })
})

t.test('ebitda: as filed, else operating profit + depreciation and amortisation', async t => {
  t.equal(ebitdaOf({ ebitda: 7, operatingProfit: 1, depreciationAmortisation: 2 }), 7)
  t.equal(ebitdaOf({ operatingProfit: 6_000_000, depreciationAmortisation: 3_000_000 }), 9_000_000)
  t.equal(ebitdaOf({ operatingProfit: -500_000 }), -500_000, 'no depreciation filed counts as none')
  t.equal(metricsOf({ annualReturn: withAccounts({ ebitda: undefined, operatingProfit: 4_000_000 }) }).ebitda, 7_000_000)
  t.equal(metricsOf({ annualReturn: withAccounts({ ebitda: 0 }) }).ebitda, 0, 'a filed 0 stands')
})

t.test('debt: third-party excludes shareholder loans and leases', async t => {
  const ret = baseReturn()
  ret.facilities = [
    termLoan({ drawn: 30_000_000 }),
    revolver({ drawn: 2_000_000 }),
    { lender: 'Harbour Capital Partners IV LP', kind: 'loan_notes', shareholderLoan: true, committed: 50_000_000, drawn: 55_000_000, maturityDate: '2031-06-30', pik: true, covenants: [] },
    { lender: 'Lombard', kind: 'lease', shareholderLoan: false, committed: 4_000_000, drawn: 4_000_000, maturityDate: '2026-01-31', covenants: [] },
  ]
  const m = metricsOf({ annualReturn: ret })
  t.equal(m.thirdPartyDebt, 32_000_000)
  t.equal(m.shareholderDebt, 55_000_000)
  t.equal(m.seniorNetDebt, 22_000_000, '32m − 10m cash')
  t.equal(m.leverage, 22_000_000 / 9_000_000)
  t.equal(m.maturingWithin12m, 0, 'the lease maturing within 12 months is not third-party debt')
})

t.test('leverage: undefined when ebitda ≤ 0; negative when cash exceeds debt', async t => {
  t.equal(metricsOf({ annualReturn: withAccounts({ ebitda: 0 }) }).leverage, null)
  t.equal(metricsOf({ annualReturn: withAccounts({ ebitda: -1 }) }).leverage, null)
  t.equal(metricsOf({ annualReturn: withAccounts({ cash: 30_000_000 }) }).leverage, -6_000_000 / 9_000_000)
})

t.test('interest cover: undefined when no interest is payable', async t => {
  t.equal(metricsOf().interestCover, 7.5)
  t.equal(metricsOf({ annualReturn: withAccounts({ cashInterestPayable: 0 }) }).interestCover, null)
  t.equal(metricsOf({ annualReturn: withAccounts({ ebitda: -1_200_000 }) }).interestCover, -1, 'a loss covers nothing')
})

t.test('covenant headroom: max and min covenants read the same way', async t => {
  t.equal(covenantHeadroom({ kind: 'max', limit: 8, actual: 6 }), 0.25)
  t.equal(covenantHeadroom({ kind: 'min', limit: 2, actual: 1.5 }), -0.25, 'breach')
  t.equal(covenantHeadroom({ kind: 'max', limit: 0, actual: 1 }), null, 'a nil limit has no fraction')
  t.equal(covenantHeadroom({ kind: 'min', limit: -2, actual: -1 }), 0.5, 'a negative limit keeps the sign meaning breach')
  const m = metricsOf()
  t.same(m.covenantHeadroom.map(c => [c.facility, c.covenant, c.metric, c.headroom]),
    [[0, 0, 'leverage', 0.5], [0, 1, 'interest_cover', 1.5]])
  t.equal(m.headroomMin, 0.5)
  const none = baseReturn()
  none.facilities = [revolver()]
  t.equal(metricsOf({ annualReturn: none }).headroomMin, null, 'no covenant tested')
  t.same(metricsOf({ annualReturn: none }).covenantHeadroom, [])
})

t.test('maturing shares: by period end + 12 and + 24 calendar months, on or before', async t => {
  const ret = baseReturn()
  ret.facilities = [
    termLoan({ drawn: 25_000_000, maturityDate: '2026-03-31' }), // exactly +12 months: in
    termLoan({ lender: 'Barclays', drawn: 25_000_000, maturityDate: '2026-04-01' }), // a day later: in 24 only
    termLoan({ lender: 'Lloyds', drawn: 50_000_000, maturityDate: '2027-04-01' }), // a day after +24: out
  ]
  const m = metricsOf({ annualReturn: ret })
  t.equal(m.maturingWithin12m, 0.25)
  t.equal(m.maturingWithin24m, 0.5)
  const noDebt = baseReturn()
  noDebt.facilities = [revolver()]
  t.equal(metricsOf({ annualReturn: noDebt }).maturingWithin12m, null, 'thirdPartyDebt 0')
  t.equal(metricsOf({ annualReturn: noDebt }).maturingWithin24m, null)
})

t.test('liquidity months: cash and undrawn non-shareholder facilities over monthly cash costs', async t => {
  const ret = withAccounts({ revenue: 48_000_000, ebitda: 12_000_000, cash: 5_000_000 })
  ret.facilities = [
    termLoan(),
    revolver({ committed: 10_000_000, drawn: 4_000_000 }),
    revolver({ lender: 'Overdrawn Bank', committed: 1_000_000, drawn: 1_500_000 }), // counts as 0, not −500,000
    { lender: 'Owner', kind: 'loan_notes', shareholderLoan: true, committed: 9_000_000, drawn: 1_000_000, maturityDate: '2030-01-01', covenants: [] },
  ]
  // (5,000,000 + 6,000,000) / ((48,000,000 − 12,000,000) / 12 = 3,000,000) = 3.6667
  t.equal(metricsOf({ annualReturn: ret }).liquidityMonths, 11_000_000 / 3_000_000)
  t.equal(metricsOf({ annualReturn: withAccounts({ revenue: 9_000_000 }) }).liquidityMonths, null, 'revenue = ebitda')
  t.equal(metricsOf({ annualReturn: withAccounts({ revenue: 8_000_000 }) }).liquidityMonths, null, 'revenue < ebitda')
})

t.test('net assets and the Altman Z″ score', async t => {
  const m = metricsOf()
  t.equal(m.netAssets, 40_000_000)
  // X1 = 9/80, X2 = 25/80, X3 = 6/80, X4 = 40/40
  t.equal(m.zScore, 6.56 * (9 / 80) + 3.26 * (25 / 80) + 6.72 * (6 / 80) + 1.05 * 1)
  t.equal(metricsOf({ annualReturn: withAccounts({ totalAssets: 0 }) }).zScore, null, 'no total assets')
  t.equal(metricsOf({ annualReturn: withAccounts({ totalLiabilities: 0 }) }).zScore, null, 'no liabilities')
})

t.test('ebitda change against the previous period', async t => {
  t.equal(metricsOf({ previous: { ebitda: 10_000_000, operatingProfit: 1 } }).ebitdaChange, -0.1)
  t.equal(metricsOf({ previous: { ebitda: -3_000_000, operatingProfit: 1 } }).ebitdaChange, 4, 'against |previous|')
  t.equal(metricsOf({ previous: null }).ebitdaChange, null, 'no previous return')
  t.equal(metricsOf({ previous: undefined }).ebitdaChange, null)
  t.equal(metricsOf({ previous: { ebitda: 0, operatingProfit: 1 } }).ebitdaChange, null, 'previous ebitda 0')
  t.equal(metricsOf({ previous: { ebitda: null, operatingProfit: 1 } }).ebitdaChange, null, 'previous ebitda unknown')
})

t.test('placements: children, councils and the largest dependence on one council', async t => {
  const ret = baseReturn()
  ret.placements = [
    { laCode: 'E06000017', children: 4 }, // Rutland: 4 / 27
    { laCode: 'E06000017', children: 2 }, // the same council again: 6 / 27
    { laCode: 'E08000025', children: 40 }, // Birmingham: 40 / 2300
    { laCode: 'E09000001', children: 3 }, // City of London: figure unknown here
    { laCode: 'E10000099', children: 5 }, // not in the councils map
    { laCode: 'E06000053', children: 1 }, // Isles of Scilly: 0 looked after, unusable
  ]
  const m = metricsOf({ annualReturn: ret, councils: { ...COUNCILS, E09000001: null } })
  t.equal(m.childrenPlaced, 55)
  t.equal(m.councilsServed, 5)
  t.equal(m.maxCouncilDependence, 6 / 27, 'Scilly at 0 is unusable, City of London unknown')
  t.same(councilDependence(ret.placements, COUNCILS).map(d => d.laCode), ['E06000017', 'E08000025', 'E09000001'])
  t.equal(metricsOf({ annualReturn: ret, councils: {} }).maxCouncilDependence, null, 'no council figure known')
  t.equal(m.places, 80)
})

t.test('every metric is a finite number or null: JSON-safe', async t => {
  const ret = withAccounts({
    revenue: 0, ebitda: 0, operatingProfit: 0, cashInterestPayable: 0, cash: 0, currentAssets: 0,
    totalAssets: 0, currentLiabilities: 0, totalLiabilities: 0, totalEquity: 0, retainedEarnings: 0,
  })
  ret.facilities = []
  ret.placements = []
  ret.settings = []
  const m = computeMetrics({ annualReturn: ret, previous: { ebitda: 0, operatingProfit: 0 }, councils: {} })
  for (const [name, value] of Object.entries(m)) {
    if (Array.isArray(value)) continue
    t.ok(value === null || Number.isFinite(value), name)
  }
  t.same(JSON.parse(JSON.stringify(m)), m)
})
