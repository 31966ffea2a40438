import t from 'tap'
import type { AnnualReturn, Facility } from '../../../src/domain/annual-return.js'
import {
  baseInput, baseReturn, flagsOf, revolver, rulesetWith, severityOf, termLoan, withAccounts,
} from '../../fixtures/golden/builders.js'

/** The base group with one third-party loan of `drawn`, no cash, and the accounts given. */
const owing = (drawn: number, accounts: Parameters<typeof withAccounts>[0] = {}, over: Partial<Facility> = {}): AnnualReturn => {
  const ret = withAccounts({ cash: 0, ebitda: 10_000_000, ...accounts })
  ret.facilities = [termLoan({ committed: drawn, drawn, covenants: [], ...over })]
  return ret
}
const input = (annualReturn: AnnualReturn, over: Parameters<typeof baseInput>[0] = {}) => baseInput({ annualReturn, ...over })

t.test('FIN-LEVERAGE: red at 8.0x, amber at 6.0x, on senior net debt / EBITDA', async t => {
  const lev = (drawn: number, accounts = {}) => severityOf('FIN-LEVERAGE', input(owing(drawn, accounts)))
  t.equal(lev(80_000_000), 'red', 'at 8.0')
  t.equal(lev(79_999_999), 'amber', 'just below 8.0')
  t.equal(lev(80_000_001), 'red', 'just above 8.0')
  t.equal(lev(60_000_000), 'amber', 'at 6.0')
  t.equal(lev(59_999_999), null, 'just below 6.0')
  t.equal(lev(60_000_001), 'amber', 'just above 6.0')
  t.equal(lev(90_000_000, { cash: 30_000_000 }), 'amber', 'net of cash: 60,000,000 / 10,000,000')
  t.equal(lev(0, { cash: 5_000_000 }), null, 'net cash')
})

t.test('FIN-LEVERAGE: EBITDA ≤ 0 with third-party debt is red; without it, undefined', async t => {
  const lev = (drawn: number, ebitda: number, over: Partial<Facility> = {}) =>
    severityOf('FIN-LEVERAGE', input(owing(drawn, { ebitda }, over)))
  t.equal(lev(1, 0), 'red', 'ebitda 0')
  t.equal(lev(20_000_000, -1), 'red', 'ebitda −1')
  t.equal(lev(0, 0), null, 'no debt')
  t.equal(lev(20_000_000, 0, { shareholderLoan: true, kind: 'loan_notes' }), null, 'shareholder loans only')
  t.equal(lev(20_000_000, -5, { kind: 'lease' }), null, 'leases only')
  const [flag] = flagsOf('FIN-LEVERAGE', input(owing(30_000_000, { ebitda: -2_000_000 })))
  t.equal(flag.explanation,
    'EBITDA is -£2,000,000 against £30,000,000 of third-party debt (red when EBITDA is nil or negative and third-party debt is owed).')
  t.same(flag.evidence.thresholds, {})
})

t.test('FIN-LEVERAGE: explained as RULES.md does, with evidence', async t => {
  const ret = owing(410_000_000, { ebitda: 45_000_000, cash: 10_000_000 })
  ret.facilities.push({ lender: 'Owner', kind: 'loan_notes', shareholderLoan: true, committed: 1, drawn: 1, maturityDate: '2030-01-01', covenants: [] })
  const [flag] = flagsOf('FIN-LEVERAGE', input(ret))
  t.equal(flag.explanation, 'Senior net debt is 8.9x EBITDA (red at 8.0x): £400,000,000 net debt / £45,000,000 EBITDA.')
  t.same(flag.evidence, {
    metrics: { leverage: 400_000_000 / 45_000_000, seniorNetDebt: 400_000_000, thirdPartyDebt: 410_000_000, ebitda: 45_000_000 },
    thresholds: { red: 8 },
    inputs: {
      '/annualReturn/accounts/ebitda': 45_000_000,
      '/annualReturn/accounts/cash': 10_000_000,
      '/annualReturn/facilities/0/lender': 'HSBC UK Bank plc',
      '/annualReturn/facilities/0/kind': 'term_loan',
      '/annualReturn/facilities/0/drawn': 410_000_000,
    },
  })
  const derived = owing(70_000_000, { ebitda: undefined, operatingProfit: 7_000_000, depreciationAmortisation: 3_000_000 })
  const [amber] = flagsOf('FIN-LEVERAGE', input(derived))
  t.equal(amber.explanation, 'Senior net debt is 7.0x EBITDA (amber at 6.0x): £70,000,000 net debt / £10,000,000 EBITDA.')
  t.same(Object.keys(amber.evidence.inputs).slice(0, 2),
    ['/annualReturn/accounts/operatingProfit', '/annualReturn/accounts/depreciationAmortisation'], 'derived EBITDA names its sources')
})

t.test('FIN-INTEREST-COVER: red below 1.25x, amber below 2.0x; undefined without interest', async t => {
  const cover = (cashInterestPayable: number, ebitda = 10_000_000) =>
    severityOf('FIN-INTEREST-COVER', input(withAccounts({ ebitda, cashInterestPayable })))
  t.equal(cover(8_000_000), 'amber', 'at 1.25: not below')
  t.equal(cover(8_000_001), 'red', 'just below 1.25')
  t.equal(cover(7_999_999), 'amber', 'just above 1.25')
  t.equal(cover(5_000_000), null, 'at 2.0')
  t.equal(cover(5_000_001), 'amber', 'just below 2.0')
  t.equal(cover(4_999_999), null, 'just above 2.0')
  t.equal(cover(0), null, 'no interest payable')
  t.equal(cover(0, -3_000_000), null, 'no interest payable, even at a loss')
  t.equal(cover(1_000_000, -3_000_000), 'red', 'a loss covers nothing')
  const [flag] = flagsOf('FIN-INTEREST-COVER', input(withAccounts({ ebitda: 11_000_000, cashInterestPayable: 10_000_000 })))
  t.equal(flag.explanation, 'Interest cover is 1.1x (red below 1.25x): £11,000,000 EBITDA / £10,000,000 cash interest payable.')
  t.same(flag.evidence.thresholds, { red: 1.25 })
})

t.test('FIN-COVENANT: red on a breach, amber below 10% headroom; none without covenants', async t => {
  const withCovenants = (...covenants: [kind: 'max' | 'min', limit: number, actual: number][]) => {
    const ret = baseReturn()
    ret.facilities = [termLoan({
      covenants: covenants.map(([kind, limit, actual]) => ({
        metric: kind === 'max' ? 'leverage' as const : 'interest_cover' as const, kind, limit, actual, testDate: '2025-03-31',
      })),
    }), revolver()]
    return severityOf('FIN-COVENANT', input(ret))
  }
  t.equal(withCovenants(['max', 5, 5]), 'amber', 'headroom exactly 0: not a breach')
  t.equal(withCovenants(['max', 5, 5.000001]), 'red', 'just past the limit')
  t.equal(withCovenants(['max', 5, 4.999999]), 'amber', 'just inside the limit')
  t.equal(withCovenants(['max', 5, 4.5]), null, 'headroom exactly 10%')
  t.equal(withCovenants(['max', 5, 4.500001]), 'amber', 'just below 10%')
  t.equal(withCovenants(['max', 5, 4.499999]), null, 'just above 10%')
  t.equal(withCovenants(['min', 2.5, 2.75]), null, 'min-type at 10%')
  t.equal(withCovenants(['min', 2.5, 2.749999]), 'amber', 'min-type just below 10%')
  t.equal(withCovenants(['min', 2.5, 2.499999]), 'red', 'min-type breached')
  t.equal(withCovenants(['max', 5, 3], ['min', 2.5, 2.4]), 'red', 'any covenant breached')
  t.equal(withCovenants(), null, 'no covenants')
  const ret = baseReturn()
  ret.facilities = [revolver()]
  t.equal(severityOf('FIN-COVENANT', input(ret)), null, 'no facility with covenants')
})

t.test('FIN-COVENANT: explains the tightest covenant and counts the others', async t => {
  const ret = baseReturn()
  ret.facilities = [
    termLoan({ covenants: [
      { metric: 'leverage', kind: 'max', limit: 6.5, actual: 7.2, testDate: '2025-03-31' },
      { metric: 'interest_cover', kind: 'min', limit: 2, actual: 2.1, testDate: '2025-03-31' },
    ] }),
    revolver({ lender: 'Barclays Bank plc', covenants: [
      { metric: 'liquidity', kind: 'min', limit: 5_000_000, actual: 5_250_000, testDate: '2025-03-31' },
      { metric: 'other', kind: 'max', limit: 100, actual: 20, testDate: '2025-03-31' },
    ] }),
  ]
  const [flag] = flagsOf('FIN-COVENANT', input(ret))
  t.equal(flag.severity, 'red')
  t.equal(flag.explanation,
    'The leverage covenant on the HSBC UK Bank plc term loan is breached: 7.2x against a maximum of 6.5x '
    + '(headroom -10.8%, red below 0%; 2 other covenants below 10% headroom).')
  t.same(Object.keys(flag.evidence.metrics), ['headroomMin', 'covenantHeadroom/0/0', 'covenantHeadroom/1/0', 'covenantHeadroom/0/1'])
  t.equal(flag.evidence.inputs['/annualReturn/facilities/1/covenants/0/actual'], 5_250_000)
  t.equal(flag.evidence.inputs['/annualReturn/facilities/1/lender'], 'Barclays Bank plc')
  t.notOk('/annualReturn/facilities/1/covenants/1/actual' in flag.evidence.inputs, 'a covenant with room is not evidence')

  ret.facilities = [revolver({ lender: 'Barclays Bank plc', covenants: [
    { metric: 'liquidity', kind: 'min', limit: 5_000_000, actual: 5_250_000, testDate: '2025-03-31' },
  ] })]
  t.equal(flagsOf('FIN-COVENANT', input(ret))[0].explanation,
    'The liquidity covenant on the Barclays Bank plc revolving credit facility has 5% headroom: £5,250,000 against a minimum of £5,000,000 (headroom 5%, amber below 10%).')
})

t.test('FIN-REFINANCING: red at 25% within 12 months, amber at 25% within 24 months', async t => {
  const maturing = (soon: number, maturityDate: string) => {
    const ret = baseReturn()
    ret.facilities = [
      termLoan({ committed: soon, drawn: soon, maturityDate }),
      termLoan({ lender: 'Barclays Bank plc', committed: 100_000_000 - soon, drawn: 100_000_000 - soon, maturityDate: '2030-03-31' }),
      revolver(),
    ]
    return severityOf('FIN-REFINANCING', input(ret))
  }
  t.equal(maturing(25_000_000, '2026-03-31'), 'red', '25% by period end + 12 months')
  t.equal(maturing(24_999_999, '2026-03-31'), null, 'just below 25% (and so below 25% within 24 months)')
  t.equal(maturing(25_000_001, '2026-03-31'), 'red', 'just above 25%')
  t.equal(maturing(25_000_000, '2026-04-01'), 'amber', 'a day after + 12 months: within 24')
  t.equal(maturing(25_000_000, '2027-03-31'), 'amber', 'on + 24 months')
  t.equal(maturing(25_000_000, '2027-04-01'), null, 'a day after + 24 months')
  t.equal(maturing(24_999_999, '2027-03-31'), null, 'just below 25% within 24 months')
  t.equal(maturing(25_000_001, '2027-03-31'), 'amber', 'just above 25% within 24 months')
  const ret = baseReturn()
  ret.facilities = [revolver({ maturityDate: '2025-06-30' })]
  t.equal(severityOf('FIN-REFINANCING', input(ret)), null, 'no third-party debt drawn: undefined')

  ret.facilities = [
    termLoan({ committed: 35_000_000, drawn: 35_000_000, maturityDate: '2025-12-31' }),
    termLoan({ lender: 'Barclays Bank plc', committed: 45_000_000, drawn: 45_000_000, maturityDate: '2029-12-31' }),
  ]
  const [flag] = flagsOf('FIN-REFINANCING', input(ret))
  t.equal(flag.explanation,
    '43.8% of third-party debt matures within 12 months of the period end, by 31 March 2026 (red at 25%): £35,000,000 of £80,000,000 drawn.')
  t.same(flag.evidence.inputs, {
    '/annualReturn/periodEnd': '2025-03-31',
    '/annualReturn/facilities/0/lender': 'HSBC UK Bank plc',
    '/annualReturn/facilities/0/kind': 'term_loan',
    '/annualReturn/facilities/0/drawn': 35_000_000,
    '/annualReturn/facilities/0/maturityDate': '2025-12-31',
  })
})

t.test('FIN-GOING-CONCERN: material uncertainty or a modified opinion is red', async t => {
  const gc = (goingConcernMaterialUncertainty: boolean, auditOpinion: 'unqualified' | 'qualified' | 'adverse' | 'disclaimer' | 'none') =>
    flagsOf('FIN-GOING-CONCERN', input(withAccounts({ goingConcernMaterialUncertainty, auditOpinion })))[0]
  t.equal(gc(false, 'unqualified'), undefined)
  t.equal(gc(false, 'none'), undefined, 'unaudited accounts are not a modified opinion')
  t.equal(gc(true, 'unqualified').explanation, 'The auditor reports a material uncertainty related to going concern.')
  t.equal(gc(false, 'qualified').explanation, 'The audit opinion is qualified.')
  t.equal(gc(false, 'adverse').explanation, 'The audit opinion is adverse.')
  t.equal(gc(false, 'disclaimer').explanation, 'The auditor disclaimed an opinion.')
  t.equal(gc(true, 'disclaimer').explanation,
    'The auditor reports a material uncertainty related to going concern and the auditor disclaimed an opinion.')
  t.equal(gc(true, 'qualified').severity, 'red')
  t.same(gc(true, 'adverse').evidence.inputs,
    { '/annualReturn/accounts/goingConcernMaterialUncertainty': true, '/annualReturn/accounts/auditOpinion': 'adverse' })
})

t.test('FIN-LIQUIDITY: red below 1 month, amber below 3 months of cash costs', async t => {
  // revenue 48,000,000 − EBITDA 12,000,000 = 36,000,000 a year: 3,000,000 a month
  const liquidity = (cash: number, accounts = {}) => {
    const ret = withAccounts({ revenue: 48_000_000, ebitda: 12_000_000, cash, ...accounts })
    ret.facilities = [termLoan()] // fully drawn: only cash counts
    return severityOf('FIN-LIQUIDITY', input(ret))
  }
  t.equal(liquidity(3_000_000), 'amber', 'at 1 month')
  t.equal(liquidity(2_999_999), 'red', 'just below 1 month')
  t.equal(liquidity(3_000_001), 'amber', 'just above 1 month')
  t.equal(liquidity(9_000_000), null, 'at 3 months')
  t.equal(liquidity(8_999_999), 'amber', 'just below 3 months')
  t.equal(liquidity(9_000_001), null, 'just above 3 months')
  t.equal(liquidity(0, { revenue: 12_000_000 }), null, 'revenue = EBITDA: undefined')
  const ret = withAccounts({ revenue: 48_000_000, ebitda: 12_000_000, cash: 1_000_000 })
  ret.facilities = [termLoan(), revolver({ committed: 5_000_000, drawn: 4_000_000 })]
  const [flag] = flagsOf('FIN-LIQUIDITY', input(ret))
  t.equal(flag.explanation,
    'Cash and undrawn facilities cover 0.7 months of cash costs (red below 1 month): £2,000,000 / £3,000,000 a month of revenue less EBITDA.')
  t.equal(flag.evidence.inputs['/annualReturn/facilities/1/committed'], 5_000_000)
})

t.test('FIN-NET-LIABILITIES: amber below nil net assets', async t => {
  const net = (totalLiabilities: number) => severityOf('FIN-NET-LIABILITIES', input(withAccounts({ totalAssets: 80_000_000, totalLiabilities })))
  t.equal(net(80_000_000), null, 'at nil')
  t.equal(net(80_000_001), 'amber', 'just below nil')
  t.equal(net(79_999_999), null, 'just above nil')
  t.equal(flagsOf('FIN-NET-LIABILITIES', input(withAccounts({ totalAssets: 83_000_000, totalLiabilities: 95_000_000 })))[0].explanation,
    'Net assets are -£12,000,000 (amber below £0): £83,000,000 total assets less £95,000,000 total liabilities.')
})

t.test("FIN-ZSCORE: amber below 1.1; undefined without total assets or liabilities", async t => {
  // a stretched balance sheet: X1 = −2/100, X2 = −10/100, X3 = 1/100, X4 = 5/95
  const stretched = withAccounts({
    currentAssets: 8_000_000, currentLiabilities: 10_000_000, retainedEarnings: -10_000_000,
    operatingProfit: 1_000_000, totalAssets: 100_000_000, totalLiabilities: 95_000_000, totalEquity: 5_000_000,
  })
  // 6.56·−0.02 + 3.26·−0.1 + 6.72·0.01 + 1.05·0.0526 = −0.1312 − 0.326 + 0.0672 + 0.0553 = −0.335
  const [flag] = flagsOf('FIN-ZSCORE', input(stretched))
  t.equal(flag.severity, 'amber')
  t.equal(flag.explanation, "Altman Z'' score is -0.3 (amber below 1.1): -£2,000,000 working capital, -£10,000,000 retained earnings "
    + 'and £1,000,000 operating profit on £100,000,000 total assets; £5,000,000 net assets on £95,000,000 total liabilities.')
  const z = flag.evidence.metrics.zScore!
  // at, just above and just below the line, drawn where this score is
  t.equal(severityOf('FIN-ZSCORE', input(stretched, { ruleset: rulesetWith('FIN-ZSCORE', { amber: z }) })), null, 'at the threshold')
  t.equal(severityOf('FIN-ZSCORE', input(stretched, { ruleset: rulesetWith('FIN-ZSCORE', { amber: z + 1e-9 }) })), 'amber', 'just below it')
  t.equal(severityOf('FIN-ZSCORE', input(stretched, { ruleset: rulesetWith('FIN-ZSCORE', { amber: z - 1e-9 }) })), null, 'just above it')
  t.equal(severityOf('FIN-ZSCORE', input(baseReturn())), null, 'healthy at 3.3')
  t.equal(severityOf('FIN-ZSCORE', input(withAccounts({ totalLiabilities: 0, totalAssets: 10 }))), null, 'no liabilities: undefined')
})

t.test('FIN-DETERIORATION: EBITDA down 20% or more, or operating losses two returns running', async t => {
  const fall = (ebitda: number, previous: { ebitda?: number | null; operatingProfit: number } | null = { ebitda: 10_000_000, operatingProfit: 7_000_000 }) =>
    severityOf('FIN-DETERIORATION', input(withAccounts({ ebitda }), { previous }))
  t.equal(fall(8_000_000), 'amber', 'at −20%')
  t.equal(fall(8_000_001), null, 'just above −20%')
  t.equal(fall(7_999_999), 'amber', 'just below −20%')
  t.equal(fall(1_000_000, null), null, 'no previous return')
  t.equal(fall(1_000_000, { ebitda: 0, operatingProfit: 7_000_000 }), null, 'previous EBITDA 0')
  t.equal(fall(1_000_000, { operatingProfit: 7_000_000 }), null, 'previous EBITDA unknown')
  const loss = (operatingProfit: number, previousOperatingProfit: number | null) => severityOf('FIN-DETERIORATION', input(
    withAccounts({ operatingProfit }),
    { previous: previousOperatingProfit === null ? null : { ebitda: 9_000_000, operatingProfit: previousOperatingProfit } }))
  t.equal(loss(-1, -1), 'amber', 'a loss in both')
  t.equal(loss(-1, 0), null, 'break-even before')
  t.equal(loss(0, -1), null, 'break-even now')
  t.equal(loss(-1, null), null, 'no previous return')
  const [flag] = flagsOf('FIN-DETERIORATION', input(withAccounts({ ebitda: 6_000_000, operatingProfit: -2_000_000 }),
    { previous: { ebitda: 8_000_000, operatingProfit: -1_500_000 } }))
  t.equal(flag.explanation, 'EBITDA fell 25% on the previous period (amber at a 20% fall): £6,000,000 against £8,000,000. '
    + 'Operating loss in this and the previous return: -£2,000,000 and -£1,500,000 operating profit.')
  t.same(flag.evidence.inputs, {
    '/annualReturn/accounts/ebitda': 6_000_000,
    '/previous/ebitda': 8_000_000,
    '/annualReturn/accounts/operatingProfit': -2_000_000,
    '/previous/operatingProfit': -1_500_000,
  })
})
