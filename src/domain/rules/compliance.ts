// Filing compliance rules (RULES.md, "Filing compliance rules"): on time, internally consistent,
// and (from 2026.2) consistent with the accounts filed at Companies House.
import type { Accounts } from '../annual-return.js'
import { ACCOUNTS_FIELD_NAMES, formatDate, formatMoney, formatPercent } from '../explain.js'
import { addCalendarMonths, calendarDate } from '../metrics.js'
import type { RuleId } from '../ruleset.js'
import { accountsInputs, facilityIndexes, facilityInputs, flag, type JsonValue, type RuleCheck } from './rule.js'

const late: RuleCheck = ({ annualReturn, submittedAt }, { thresholds: t }) => {
  // measured from the server's submission time, by calendar date (UTC): a deadline runs to the end of its day
  const submitted = calendarDate(submittedAt)
  const periodEnd = annualReturn.periodEnd.slice(0, 10)
  const severity = submitted > addCalendarMonths(periodEnd, t.red) ? 'red'
    : submitted > addCalendarMonths(periodEnd, t.amber) ? 'amber' : null
  if (severity === null) return null
  return flag('CMP-LATE', severity,
    `Submitted on ${formatDate(submitted)}, more than ${t[severity]} months after the period end of `
    + `${formatDate(periodEnd)} (${severity} after ${formatDate(addCalendarMonths(periodEnd, t[severity]))}).`,
    {
      metrics: {},
      thresholds: { [severity]: t[severity] },
      inputs: { '/annualReturn/periodEnd': annualReturn.periodEnd, '/submittedAt': submittedAt },
    })
}

const inconsistent: RuleCheck = ({ annualReturn }, { thresholds: t }) => {
  const a = annualReturn.accounts
  const balanceDifference = a.totalAssets - a.totalLiabilities - a.totalEquity
  const unbalanced = Math.abs(balanceDifference) > t.balanceTolerance
  const nonLease = facilityIndexes(annualReturn.facilities, f => f.kind !== 'lease')
  const drawn = nonLease.reduce((sum, i) => sum + annualReturn.facilities[i].drawn, 0)
  const borrowingsGap = a.reportedBorrowings === undefined ? null : a.reportedBorrowings - drawn
  const misreported = borrowingsGap !== null && Math.abs(borrowingsGap) > t.borrowingsTolerance * drawn
  if (!unbalanced && !misreported) return null
  const sentences = [
    ...(unbalanced ? [`The balance sheet does not balance by ${formatMoney(Math.abs(balanceDifference))}: `
      + `${formatMoney(a.totalAssets)} total assets less ${formatMoney(a.totalLiabilities)} total liabilities is `
      + `${formatMoney(a.totalAssets - a.totalLiabilities)}, against ${formatMoney(a.totalEquity)} total equity `
      + `(amber beyond ${formatMoney(t.balanceTolerance)}).`] : []),
    ...(misreported ? [drawn > 0
      ? `Reported borrowings of ${formatMoney(a.reportedBorrowings!)} differ from the ${formatMoney(drawn)} drawn on `
        + `non-lease facilities by ${formatPercent(Math.abs(borrowingsGap!) / drawn)} (amber beyond ${formatPercent(t.borrowingsTolerance)}).`
      : `Reported borrowings are ${formatMoney(a.reportedBorrowings!)} but nothing is drawn on non-lease facilities `
        + `(amber beyond ${formatPercent(t.borrowingsTolerance)}).`] : []),
  ]
  return flag('CMP-INCONSISTENT', 'amber', sentences.join(' '), {
    metrics: {
      balanceDifference,
      borrowingsDifference: borrowingsGap === null || drawn === 0 ? null : borrowingsGap / drawn,
    },
    thresholds: {
      ...(unbalanced ? { balanceTolerance: t.balanceTolerance } : {}),
      ...(misreported ? { borrowingsTolerance: t.borrowingsTolerance } : {}),
    },
    inputs: {
      ...(unbalanced ? accountsInputs(a, ['totalAssets', 'totalLiabilities', 'totalEquity']) : {}),
      ...(misreported ? { ...accountsInputs(a, ['reportedBorrowings']), ...facilityInputs(annualReturn.facilities, nonLease, ['kind', 'drawn']) } : {}),
    },
  })
}

const COMPARED: (keyof Accounts)[] = [
  'revenue', 'ebitda', 'operatingProfit', 'depreciationAmortisation', 'cashInterestPayable', 'cash',
  'currentAssets', 'totalAssets', 'currentLiabilities', 'totalLiabilities', 'totalEquity', 'retainedEarnings',
  'reportedBorrowings',
]

const accountsMismatch: RuleCheck = ({ annualReturn, ixbrlAccounts }, { thresholds: t }) => {
  // only a return that carries an iXBRL source, checked against the figures read from it
  if (annualReturn.accountsSource === undefined || ixbrlAccounts === undefined) return null
  const filed = annualReturn.accounts
  const differing = COMPARED.flatMap(field => {
    const mine = filed[field]
    const theirs = ixbrlAccounts[field]
    if (typeof mine !== 'number' || typeof theirs !== 'number') return []
    const gap = Math.abs(mine - theirs)
    return gap > t.tolerance * Math.abs(theirs)
      ? [{ field, mine, theirs, share: theirs === 0 ? null : gap / Math.abs(theirs) }] : []
  })
  if (differing.length === 0) return null
  const describe = (d: typeof differing[number]) =>
    `${ACCOUNTS_FIELD_NAMES[d.field]} ${formatMoney(d.mine)} against ${formatMoney(d.theirs)}`
    + ` (${d.share === null ? 'nil in the iXBRL accounts' : formatPercent(d.share)})`
  const only = differing[0]
  const explanation = differing.length === 1
    ? `Filed ${ACCOUNTS_FIELD_NAMES[only.field]} of ${formatMoney(only.mine)} differs from ${formatMoney(only.theirs)} `
      + `in the iXBRL accounts ${only.share === null ? '' : `by ${formatPercent(only.share)} `}(amber beyond ${formatPercent(t.tolerance)}).`
    : `${differing.length} filed accounts figures differ from the iXBRL accounts by more than `
      + `${formatPercent(t.tolerance)} (amber): ${differing.map(describe).join('; ')}.`
  return flag('CMP-ACCOUNTS-MISMATCH', 'amber', explanation, {
    metrics: Object.fromEntries(differing.map(d => [`difference/${d.field}`, d.share])),
    thresholds: { tolerance: t.tolerance },
    inputs: {
      '/annualReturn/accountsSource/ixbrlSha256': annualReturn.accountsSource.ixbrlSha256,
      ...Object.fromEntries(differing.flatMap(d => [
        [`/annualReturn/accounts/${d.field}`, d.mine],
        [`/ixbrlAccounts/${d.field}`, d.theirs],
      ] as [string, JsonValue][])),
    },
  })
}

export const complianceRules = {
  'CMP-LATE': late,
  'CMP-INCONSISTENT': inconsistent,
  'CMP-ACCOUNTS-MISMATCH': accountsMismatch,
} satisfies Partial<Record<RuleId, RuleCheck>>
