import t from 'tap'
import type { Accounts } from '../../../src/domain/annual-return.js'
import { RULESETS } from '../../../src/domain/ruleset.js'
import {
  baseInput, baseReturn, flagsOf, revolver, severityOf, termLoan, withAccounts,
} from '../../fixtures/golden/builders.js'

t.test('CMP-LATE: red after 9 months, amber after 6, from the server’s submission time', async t => {
  // period end 31 March 2025: six months on is 30 September, nine is 31 December
  const late = (submittedAt: string, periodEnd = '2025-03-31') =>
    severityOf('CMP-LATE', baseInput({ submittedAt, annualReturn: { ...baseReturn(), periodEnd } }))
  t.equal(late('2025-09-30T23:59:59.999Z'), null, 'on the last day of 6 months')
  t.equal(late('2025-10-01T00:00:00.000Z'), 'amber', 'the day after')
  t.equal(late('2025-09-29T12:00:00.000Z'), null, 'the day before')
  t.equal(late('2025-12-31T23:59:59.000Z'), 'amber', 'on the last day of 9 months')
  t.equal(late('2026-01-01T00:00:00.000Z'), 'red', 'the day after 9 months')
  t.equal(late('2025-12-30T09:00:00.000Z'), 'amber', 'the day before')
  t.equal(late('2025-03-01T00:00:00.000Z', '2024-08-31'), 'amber', 'calendar months: 31 August + 6 is 28 February')
  t.equal(late('2025-02-28T00:00:00.000Z', '2024-08-31'), null)
  const [flag] = flagsOf('CMP-LATE', baseInput({ submittedAt: '2026-01-15T09:12:00.000Z' }))
  t.equal(flag.explanation,
    'Submitted on 15 January 2026, more than 9 months after the period end of 31 March 2025 (red after 31 December 2025).')
  t.same(flag.evidence, {
    metrics: {},
    thresholds: { red: 9 },
    inputs: { '/annualReturn/periodEnd': '2025-03-31', '/submittedAt': '2026-01-15T09:12:00.000Z' },
  })
})

t.test('CMP-INCONSISTENT: the balance sheet must balance within £1,000', async t => {
  // total assets 80,000,000 − total liabilities 40,000,000 = 40,000,000
  const equity = (totalEquity: number) => severityOf('CMP-INCONSISTENT', baseInput({ annualReturn: withAccounts({ totalEquity }) }))
  t.equal(equity(40_000_000), null)
  t.equal(equity(39_999_000), null, 'off by exactly £1,000')
  t.equal(equity(39_998_999), 'amber', 'off by £1,001')
  t.equal(equity(40_001_000), null, 'off by £1,000 the other way')
  t.equal(equity(40_001_001), 'amber')
  const [flag] = flagsOf('CMP-INCONSISTENT', baseInput({ annualReturn: withAccounts({ totalEquity: 39_995_000 }) }))
  t.equal(flag.explanation, 'The balance sheet does not balance by £5,000: £80,000,000 total assets less £40,000,000 total '
    + 'liabilities is £40,000,000, against £39,995,000 total equity (amber beyond £1,000).')
  t.same(flag.evidence.thresholds, { balanceTolerance: 1000 })
  t.equal(flag.evidence.metrics.balanceDifference, 5000)
})

t.test('CMP-INCONSISTENT: reported borrowings within 1% of drawn non-lease facilities', async t => {
  // drawn on non-lease facilities: term loan 24,000,000 + loan notes 6,000,000 = 30,000,000 (the lease is left out)
  const ret = (reportedBorrowings: number | undefined) => {
    const r = withAccounts({ reportedBorrowings })
    r.facilities = [
      termLoan(), revolver(),
      { lender: 'Owner', kind: 'loan_notes', shareholderLoan: true, committed: 6_000_000, drawn: 6_000_000, maturityDate: '2031-01-01', covenants: [] },
      { lender: 'Lombard', kind: 'lease', shareholderLoan: false, committed: 2_000_000, drawn: 2_000_000, maturityDate: '2027-01-01', covenants: [] },
    ]
    return r
  }
  const reported = (n: number | undefined) => severityOf('CMP-INCONSISTENT', baseInput({ annualReturn: ret(n) }))
  t.equal(reported(30_000_000), null)
  t.equal(reported(30_300_000), null, 'exactly 1% over')
  t.equal(reported(30_300_001), 'amber', 'just over 1%')
  t.equal(reported(29_700_000), null, 'exactly 1% under')
  t.equal(reported(29_699_999), 'amber', 'just under 1%')
  t.equal(reported(32_000_000), 'amber', 'the lease counted in')
  t.equal(reported(undefined), null, 'not reported')
  const [flag] = flagsOf('CMP-INCONSISTENT', baseInput({ annualReturn: ret(31_250_000) }))
  t.equal(flag.explanation, 'Reported borrowings of £31,250,000 differ from the £30,000,000 drawn on non-lease facilities by 4.2% (amber beyond 1%).')
  const none = withAccounts({ reportedBorrowings: 500_000 })
  none.facilities = [revolver()]
  t.equal(flagsOf('CMP-INCONSISTENT', baseInput({ annualReturn: none }))[0].explanation,
    'Reported borrowings are £500,000 but nothing is drawn on non-lease facilities (amber beyond 1%).')
  none.accounts.reportedBorrowings = 0
  t.equal(flagsOf('CMP-INCONSISTENT', baseInput({ annualReturn: none })).length, 0, 'nil against nil')
  const both = withAccounts({ reportedBorrowings: 25_000_000, totalEquity: 41_000_000 })
  const [twice] = flagsOf('CMP-INCONSISTENT', baseInput({ annualReturn: both }))
  t.same(twice.evidence.thresholds, { balanceTolerance: 1000, borrowingsTolerance: 0.01 })
  t.match(twice.explanation, /^The balance sheet does not balance by £1,000,000: .* Reported borrowings of £25,000,000 differ/)
})

t.test('CMP-ACCOUNTS-MISMATCH: from 2026.2, filed figures within 1% of the iXBRL accounts', async t => {
  const source = { ixbrlSha256: 'a'.repeat(64) }
  const mismatch = (ixbrlAccounts: Partial<Accounts> | undefined, over: { ruleset?: typeof RULESETS[string]; sourced?: boolean } = {}) =>
    baseInput({
      annualReturn: { ...baseReturn(), ...(over.sourced === false ? {} : { accountsSource: source }) },
      ixbrlAccounts,
      ruleset: over.ruleset ?? RULESETS['2026.2'],
    })
  // filed revenue 60,000,000
  const revenue = (ixbrl: number) => severityOf('CMP-ACCOUNTS-MISMATCH', mismatch({ revenue: ixbrl }))
  t.equal(revenue(60_000_000), null)
  t.equal(revenue(59_405_941), null, 'filed 594,059 above 59,405,941: just under 1%')
  t.equal(revenue(59_400_000), 'amber', 'filed 600,000 above 59,400,000: 1.01%')
  const exact = (filed: number, ixbrl: number) => severityOf('CMP-ACCOUNTS-MISMATCH', baseInput({
    annualReturn: { ...withAccounts({ cash: filed }), accountsSource: source }, ixbrlAccounts: { cash: ixbrl }, ruleset: RULESETS['2026.2'],
  }))
  t.equal(exact(10_100_000, 10_000_000), null, 'exactly 1%')
  t.equal(exact(10_100_001, 10_000_000), 'amber', 'just above 1%')
  t.equal(exact(10_099_999, 10_000_000), null, 'just below 1%')
  t.equal(exact(9_899_999, 10_000_000), 'amber', 'below the iXBRL figure')
  t.equal(exact(1, 0), 'amber', 'iXBRL nil')
  t.equal(severityOf('CMP-ACCOUNTS-MISMATCH', mismatch({ revenue: 1 }, { ruleset: RULESETS['2026.1'] })), null, 'not in 2026.1')
  t.equal(severityOf('CMP-ACCOUNTS-MISMATCH', mismatch({ revenue: 1 }, { sourced: false })), null, 'no iXBRL source on the return')
  t.equal(severityOf('CMP-ACCOUNTS-MISMATCH', mismatch(undefined)), null, 'no iXBRL figures read')
  t.equal(severityOf('CMP-ACCOUNTS-MISMATCH', mismatch({})), null, 'no field in common')
  t.equal(severityOf('CMP-ACCOUNTS-MISMATCH', mismatch({ goingConcernMaterialUncertainty: true })), null, 'only figures compared')

  const [one] = flagsOf('CMP-ACCOUNTS-MISMATCH', mismatch({ revenue: 58_000_000, cash: 10_000_000 }))
  t.equal(one.explanation, 'Filed revenue of £60,000,000 differs from £58,000,000 in the iXBRL accounts by 3.4% (amber beyond 1%).')
  t.same(one.evidence, {
    metrics: { 'difference/revenue': 2_000_000 / 58_000_000 },
    thresholds: { tolerance: 0.01 },
    inputs: {
      '/annualReturn/accountsSource/ixbrlSha256': 'a'.repeat(64),
      '/annualReturn/accounts/revenue': 60_000_000,
      '/ixbrlAccounts/revenue': 58_000_000,
    },
  })
  const [many] = flagsOf('CMP-ACCOUNTS-MISMATCH', mismatch({ revenue: 58_000_000, cash: 0, totalAssets: 80_000_000 }))
  t.equal(many.explanation, '2 filed accounts figures differ from the iXBRL accounts by more than 1% (amber): '
    + 'revenue £60,000,000 against £58,000,000 (3.4%); cash £10,000,000 against £0 (nil in the iXBRL accounts).')
  t.equal(many.evidence.metrics['difference/cash'], null)
})
