import t from 'tap'
import { assess } from '../../src/domain/assess-return.js'
import { provisionalRating } from '../../src/domain/rating.js'
import { applyStress } from '../../src/domain/stress.js'
import { baseInput, baseReturn, termLoan, withAccounts } from '../fixtures/golden/builders.js'

t.test('no scenario: the same return', async t => {
  t.strictSame(applyStress(baseReturn(), {}), baseReturn())
})

t.test('EBITDA change: filed EBITDA and operating profit move together', async t => {
  const s = applyStress(baseReturn(), { ebitdaChangePct: -20 })
  t.equal(s.accounts.ebitda, 7_200_000, '9,000,000 − 1,800,000')
  t.equal(s.accounts.operatingProfit, 4_200_000, '6,000,000 − 1,800,000')
  t.equal(s.accounts.depreciationAmortisation, 3_000_000)
})

t.test('EBITDA change: a derived EBITDA moves by the same amount, through operating profit', async t => {
  const ret = withAccounts({ ebitda: undefined })
  const s = applyStress(ret, { ebitdaChangePct: -20 })
  t.equal(s.accounts.ebitda, undefined, 'still derived')
  t.equal(s.accounts.operatingProfit, 4_200_000)
  t.equal(assess(baseInput({ annualReturn: s })).metrics.ebitda, 7_200_000)
})

t.test('EBITDA change on a loss deepens it; money stays whole pounds', async t => {
  t.equal(applyStress(withAccounts({ ebitda: -1_000_000 }), { ebitdaChangePct: -10 }).accounts.ebitda, -1_100_000)
  t.equal(applyStress(withAccounts({ ebitda: 1_000_001 }), { ebitdaChangePct: -15 }).accounts.ebitda, 850_001, '−150,000.15 rounds to −150,000')
  t.equal(applyStress(withAccounts({ ebitda: 3 }), { ebitdaChangePct: -50 }).accounts.ebitda, 1, '−1.5 rounds away from nil to −2')
})

t.test('interest-rate rise: basis points on drawn third-party debt, paid in cash', async t => {
  const ret = baseReturn()
  ret.facilities = [
    termLoan({ drawn: 30_000_000, committed: 30_000_000 }),
    { lender: 'Owner', kind: 'loan_notes', shareholderLoan: true, committed: 20_000_000, drawn: 20_000_000, maturityDate: '2031-01-01', pik: true, covenants: [] },
    { lender: 'Lombard', kind: 'lease', shareholderLoan: false, committed: 5_000_000, drawn: 5_000_000, maturityDate: '2028-01-01', covenants: [] },
  ]
  const s = applyStress(ret, { interestRateBps: 200 })
  t.equal(s.accounts.cashInterestPayable, 1_200_000 + 600_000, '2% on 30,000,000; PIK notes and the lease excluded')
  t.equal(applyStress(ret, { interestRateBps: 1 }).accounts.cashInterestPayable, 1_203_000)
})

t.test('cash change: the balance sheet still balances', async t => {
  const s = applyStress(baseReturn(), { cashChangePct: -50 })
  const a = s.accounts
  t.equal(a.cash, 5_000_000)
  t.equal(a.currentAssets, 13_000_000)
  t.equal(a.totalAssets, 75_000_000)
  t.equal(a.totalEquity, 35_000_000)
  t.equal(a.retainedEarnings, 20_000_000)
  t.equal(a.totalAssets - a.totalLiabilities, a.totalEquity)
  t.same(assess(baseInput({ annualReturn: s })).flags.filter(f => f.ruleId === 'CMP-INCONSISTENT'), [])
})

t.test('covenant tests restated in proportion', async t => {
  // leverage 2.0 at EBITDA 9,000,000 → 7,200,000: 2.5; interest cover 7.5 → 7.5 · 0.8 · (1,200,000 / 1,680,000)
  const s = applyStress(baseReturn(), { ebitdaChangePct: -20, interestRateBps: 200 })
  const [leverage, cover] = s.facilities[0].covenants
  t.equal(leverage.actual, 2.5)
  t.equal(cover.actual, 7.5 * (7_200_000 / 9_000_000) * (1_200_000 / 1_680_000))
  t.equal(cover.limit, 3, 'limits are the lender’s')
  const wiped = applyStress(baseReturn(), { ebitdaChangePct: -150 })
  t.equal(wiped.facilities[0].covenants[0].actual, 2, 'no multiple once EBITDA is negative: FIN-LEVERAGE is red outright')
  t.equal(wiped.accounts.ebitda, -4_500_000)
})

t.test('pure: the filed return is untouched', async t => {
  const ret = baseReturn()
  const before = JSON.stringify(ret)
  applyStress(ret, { ebitdaChangePct: -30, interestRateBps: 300, cashChangePct: -40 })
  t.equal(JSON.stringify(ret), before)
})

t.test('a severe scenario turns a healthy group red', async t => {
  const today = assess(baseInput())
  const stressed = assess(baseInput({ annualReturn: applyStress(baseReturn(), { ebitdaChangePct: -60, interestRateBps: 300, cashChangePct: -70 }) }))
  t.equal(provisionalRating(today.flags), 'green')
  // EBITDA 3,600,000; interest 1,200,000 + 720,000 = 1,920,000: cover 1.9;
  // net debt 24,000,000 − 3,000,000 = 21,000,000: 5.8x; liquidity (3,000,000 + 5,000,000) / 4,700,000 = 1.7 months;
  // EBITDA down 58% on 8,500,000; leverage covenant 2.0 · 9/3.6 = 5.0 against 4.0: breached
  t.same(stressed.flags.map(f => `${f.severity} ${f.ruleId}`),
    ['red FIN-COVENANT', 'amber FIN-DETERIORATION', 'amber FIN-INTEREST-COVER', 'amber FIN-LIQUIDITY'])
  t.equal(provisionalRating(stressed.flags), 'red')
})

t.test('profit before tax, when filed, moves by the EBITDA change less the added cash interest', async t => {
  // term loan 24,000,000 drawn: +200bp is 480,000 more cash interest; EBITDA −20% is −1,800,000
  const s = applyStress(withAccounts({ profitBeforeTax: 4_800_000 }), { ebitdaChangePct: -20, interestRateBps: 200 })
  t.equal(s.accounts.profitBeforeTax, 4_800_000 - 1_800_000 - 480_000)
  t.notOk('profitBeforeTax' in applyStress(baseReturn(), { ebitdaChangePct: -20 }).accounts, 'not filed: not made up')
})
