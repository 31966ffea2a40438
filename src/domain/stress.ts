// Stress tests: the return as it would read under a scenario, to be assessed like any other.
// Pure: a new return, the filed one untouched. Money stays in whole pounds (rounded half away
// from zero).
import type { AnnualReturn, Covenant, Facility } from './annual-return.js'
import { ebitdaOf, isThirdPartyDebt } from './metrics.js'

export interface StressScenario {
  /** EBITDA change in percent of its size: −20 takes a fifth off (from a loss too: it deepens) */
  ebitdaChangePct?: number
  /** a rise in interest rates, in basis points on all drawn third-party debt, paid in cash */
  interestRateBps?: number
  /** cash change in percent: −50 halves the cash */
  cashChangePct?: number
}

const pounds = (value: number) => Math.sign(value) * Math.round(Math.abs(value))

/**
 * The lenders' covenant tests restated in proportion: leverage by EBITDA (only while EBITDA stays
 * positive: below that FIN-LEVERAGE is red outright), interest cover by EBITDA and cash interest.
 * Liquidity and other covenants are left as filed: their definitions are the lender's own.
 */
const restate = (c: Covenant, ebitda: { before: number; after: number }, interest: { before: number; after: number }): Covenant => {
  if (c.metric === 'leverage' && ebitda.before > 0 && ebitda.after > 0) {
    return { ...c, actual: c.actual * ebitda.before / ebitda.after }
  }
  if (c.metric === 'interest_cover' && ebitda.before !== 0 && interest.before > 0 && interest.after > 0) {
    return { ...c, actual: c.actual * (ebitda.after / ebitda.before) * (interest.before / interest.after) }
  }
  return c
}

/**
 * - EBITDA moves by `ebitdaChangePct` of |EBITDA|. Operating profit moves by the same amount
 *   (depreciation is unchanged), so a return without a filed EBITDA, whose EBITDA is derived from
 *   operating profit, moves exactly as one with it.
 * - Cash interest payable rises by `interestRateBps` on the drawn third-party debt (shareholder
 *   loans and leases excluded, as in `thirdPartyDebt`).
 * - Cash moves by `cashChangePct`; current and total assets move with it and the change is taken
 *   to equity (retained earnings), so the balance sheet still balances.
 * - Covenant actuals are restated in proportion (see `restate`).
 * - Profit before tax, when filed, moves by the EBITDA change less the added cash interest.
 */
export const applyStress = (ret: AnnualReturn, scenario: StressScenario): AnnualReturn => {
  const a = ret.accounts
  const ebitdaBefore = ebitdaOf(a)
  const ebitdaDelta = pounds(Math.abs(ebitdaBefore) * (scenario.ebitdaChangePct ?? 0) / 100)
  const thirdPartyDebt = ret.facilities.filter(isThirdPartyDebt).reduce((sum, f) => sum + f.drawn, 0)
  const interestDelta = pounds(thirdPartyDebt * (scenario.interestRateBps ?? 0) / 10_000)
  const cashDelta = pounds(a.cash * (scenario.cashChangePct ?? 0) / 100)

  const accounts = {
    ...a,
    ...(a.ebitda === undefined ? {} : { ebitda: a.ebitda + ebitdaDelta }),
    operatingProfit: a.operatingProfit + ebitdaDelta,
    ...(a.profitBeforeTax === undefined ? {} : { profitBeforeTax: a.profitBeforeTax + ebitdaDelta - interestDelta }),
    cashInterestPayable: a.cashInterestPayable + interestDelta,
    cash: a.cash + cashDelta,
    currentAssets: a.currentAssets + cashDelta,
    totalAssets: a.totalAssets + cashDelta,
    totalEquity: a.totalEquity + cashDelta,
    retainedEarnings: a.retainedEarnings + cashDelta,
  }
  const ebitda = { before: ebitdaBefore, after: ebitdaOf(accounts) }
  const interest = { before: a.cashInterestPayable, after: accounts.cashInterestPayable }
  const facilities: Facility[] = ret.facilities.map(f =>
    ({ ...f, covenants: f.covenants.map(c => restate(c, ebitda, interest)) }))
  return { ...ret, accounts, facilities }
}
