// Profit measured several ways side by side, and the money that leaves through owners and related
// parties (RULES.md, ruleset 2027.1, "Metrics"). Nothing here is a cap: the Act leaves how profit
// is worked out to regulations not yet made, so every measure is shown and a cap is only simulated
// (./profitability.ts). Pure: one return in, its profit metrics out. Amounts are whole GBP; a metric
// the table leaves undefined is null, never NaN or Infinity.
//
// The undefined cases are the table's, exactly:
// - the sums (relatedPartyCharges, ownerFinanceCost, distributions, valueExtracted) run over the
//   related parties filed: with no `relatedParties` section there are none, and they are 0;
// - that is why extractionRate and adjustedMargin are undefined without the section: a group that
//   declared nothing has not declared that nothing left;
// - relatedRentShare needs rentPayable above 0; leakagePer100 needs all three new accounts fields;
// - weeklyFee has a member for each service line filed, null when its childWeeks is 0.
// Every ratio is also undefined when revenue ≤ 0 (the schema makes revenue ≥ 0, so: revenue 0).
import type { AnnualReturn, RelatedParty, ServiceKind } from './annual-return.js'
import { ebitdaOf } from './metrics.js'

export const SERVICE_KINDS: readonly ServiceKind[] = ['childrens_homes', 'fostering', 'other']

export interface ProfitMetrics {
  /** operatingProfit / revenue */
  operatingMargin: number | null
  /** ebitda / revenue (ebitda as filed, else operating profit + depreciation and amortisation) */
  ebitdaMargin: number | null
  /** Σ rent + managementFees + other over related parties: charged above operating profit */
  relatedPartyCharges: number
  /** Σ interest over related parties: shareholder-loan and loan-note interest, paid or rolled up */
  ownerFinanceCost: number
  /** Σ dividends over related parties */
  distributions: number
  /** relatedPartyCharges + ownerFinanceCost + distributions */
  valueExtracted: number
  /** valueExtracted / revenue; undefined without a relatedParties section */
  extractionRate: number | null
  /** operatingProfit + relatedPartyCharges: the disguised profit added back */
  adjustedOperatingProfit: number
  /** adjustedOperatingProfit / revenue; undefined without a relatedParties section */
  adjustedMargin: number | null
  /** Σ related-party rent / rentPayable; undefined when rentPayable is absent or 0 */
  relatedRentShare: number | null
  /**
   * (profitBeforeTax + rentPayable + directorsRemuneration + cashInterestPayable + ownerFinanceCost)
   * / revenue × 100: CHPI's leakage per £100 of income; undefined unless all three are filed
   */
  leakagePer100: number | null
  /** per service line filed: its revenue / childWeeks (null when childWeeks is 0), in kind order */
  weeklyFee: Partial<Record<ServiceKind, number | null>>
}

const divide = (numerator: number, denominator: number) => {
  const q = numerator / denominator
  return Number.isFinite(q) ? q : null
}

/** What one related party was paid, by the table's heads (absent payments are 0). */
export const relatedPartyPaid = (p: RelatedParty) => {
  const { rent = 0, managementFees = 0, interest = 0, dividends = 0, other = 0 } = p.payments
  return { rent, managementFees, interest, dividends, other }
}

/** The sums over the related parties filed (none filed: every sum 0). */
export const relatedPartyTotals = (parties: readonly RelatedParty[]) => {
  const totals = { rent: 0, managementFees: 0, interest: 0, dividends: 0, other: 0 }
  for (const p of parties) {
    const paid = relatedPartyPaid(p)
    totals.rent += paid.rent
    totals.managementFees += paid.managementFees
    totals.interest += paid.interest
    totals.dividends += paid.dividends
    totals.other += paid.other
  }
  return totals
}

export const profitMetrics = (r: AnnualReturn): ProfitMetrics => {
  const a = r.accounts
  const revenue = a.revenue
  const per = (amount: number) => (revenue > 0 ? divide(amount, revenue) : null)
  const declared = r.relatedParties !== undefined
  const paid = relatedPartyTotals(r.relatedParties ?? [])
  const relatedPartyCharges = paid.rent + paid.managementFees + paid.other
  const ownerFinanceCost = paid.interest
  const distributions = paid.dividends
  const valueExtracted = relatedPartyCharges + ownerFinanceCost + distributions
  const adjustedOperatingProfit = a.operatingProfit + relatedPartyCharges
  const leakage = a.profitBeforeTax !== undefined && a.rentPayable !== undefined && a.directorsRemuneration !== undefined
    ? per(a.profitBeforeTax + a.rentPayable + a.directorsRemuneration + a.cashInterestPayable + ownerFinanceCost) : null
  const weeklyFee: ProfitMetrics['weeklyFee'] = {}
  for (const kind of SERVICE_KINDS) {
    const line = r.services?.find(s => s.kind === kind)
    if (line !== undefined) weeklyFee[kind] = line.childWeeks > 0 ? divide(line.revenue, line.childWeeks) : null
  }
  return {
    operatingMargin: per(a.operatingProfit),
    ebitdaMargin: per(ebitdaOf(a)),
    relatedPartyCharges,
    ownerFinanceCost,
    distributions,
    valueExtracted,
    extractionRate: declared ? per(valueExtracted) : null,
    adjustedOperatingProfit,
    adjustedMargin: declared ? per(adjustedOperatingProfit) : null,
    relatedRentShare: a.rentPayable !== undefined && a.rentPayable > 0 ? divide(paid.rent, a.rentPayable) : null,
    leakagePer100: leakage === null ? null : leakage * 100,
    weeklyFee,
  }
}
