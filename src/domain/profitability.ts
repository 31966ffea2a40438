// A group's profitability across its periods beside the market's, and a profit cap simulated over
// the market (RULES.md, "Profit-cap simulation"; API.md, "Added in the second version"). Pure: the
// command layer loads the returns, these work the figures out. Nothing is stored.
import type { AnnualReturn } from './annual-return.js'
import { ebitdaOf } from './metrics.js'
import { profitMetrics, type ProfitMetrics } from './profit.js'

// ---- one group's profitability -----------------------------------------------------------------

/** One period of a group: the latest version of that period's return. */
export interface PeriodReturn { returnId: string; annualReturn: AnnualReturn }

/** A provider's latest profit measures: what its latest return (latest version of its latest period) gives. */
export interface LatestProfit {
  providerId: string
  metrics: Pick<ProfitMetrics, 'adjustedMargin' | 'operatingMargin'>
}

/** The measures API.md shows per period, in its order. */
export type PeriodProfit = Pick<ProfitMetrics,
  | 'operatingMargin' | 'ebitdaMargin' | 'adjustedMargin' | 'extractionRate' | 'valueExtracted'
  | 'relatedPartyCharges' | 'ownerFinanceCost' | 'distributions' | 'relatedRentShare' | 'leakagePer100' | 'weeklyFee'>

export interface Profitability {
  providerId: string
  /** oldest first */
  periods: { periodEnd: string; returnId: string; metrics: PeriodProfit }[]
  /** where the latest period ranks among every provider's latest, 0–100; null when not measurable */
  marketPercentile: { adjustedMargin: number | null; operatingMargin: number | null }
}

const periodProfit = (m: ProfitMetrics): PeriodProfit => ({
  operatingMargin: m.operatingMargin,
  ebitdaMargin: m.ebitdaMargin,
  adjustedMargin: m.adjustedMargin,
  extractionRate: m.extractionRate,
  valueExtracted: m.valueExtracted,
  relatedPartyCharges: m.relatedPartyCharges,
  ownerFinanceCost: m.ownerFinanceCost,
  distributions: m.distributions,
  relatedRentShare: m.relatedRentShare,
  leakagePer100: m.leakagePer100,
  weeklyFee: m.weeklyFee,
})

/**
 * The percentile of `value` among the other providers' values: the share of them with a lower
 * value, a tie counting half, × 100. The lowest of the market is 0, the highest 100, the median
 * 50; unrounded. Null when the value is undefined or no other provider has one to rank against.
 */
export const percentileAmong = (value: number | null, others: readonly (number | null)[]): number | null => {
  if (value === null) return null
  let below = 0
  let tied = 0
  let measured = 0
  for (const other of others) {
    if (other === null) continue
    measured++
    if (other < value) below++
    else if (other === value) tied++
  }
  return measured === 0 ? null : (below + tied / 2) / measured * 100
}

/**
 * A group's profit measures period by period, and where its latest period stands in the market.
 * `periods` are the latest version of each of its periods (put in order of periodEnd here);
 * `marketLatest` is every provider's latest measures (this group's own entry, if there, is set
 * aside: the group is ranked by its latest period as given here, against everyone else).
 */
export const profitability = (
  providerId: string, periods: readonly PeriodReturn[], marketLatest: readonly LatestProfit[],
): Profitability => {
  const ordered = [...periods].sort((x, y) =>
    x.annualReturn.periodEnd < y.annualReturn.periodEnd ? -1 : x.annualReturn.periodEnd > y.annualReturn.periodEnd ? 1 : 0)
  const measured = ordered.map(p => ({ p, m: profitMetrics(p.annualReturn) }))
  const latest = measured.at(-1)?.m ?? null
  const others = marketLatest.filter(e => e.providerId !== providerId)
  const rank = (measure: 'adjustedMargin' | 'operatingMargin') =>
    percentileAmong(latest?.[measure] ?? null, others.map(e => e.metrics[measure]))
  return {
    providerId,
    periods: measured.map(({ p, m }) => ({ periodEnd: p.annualReturn.periodEnd, returnId: p.returnId, metrics: periodProfit(m) })),
    marketPercentile: { adjustedMargin: rank('adjustedMargin'), operatingMargin: rank('operatingMargin') },
  }
}

// ---- the profit-cap simulation -----------------------------------------------------------------

export const CAP_MEASURES = ['operatingMargin', 'ebitdaMargin', 'adjustedMargin'] as const
export type CapMeasure = typeof CAP_MEASURES[number]

export interface CapScenario {
  measure: CapMeasure
  /** the cap, percent of revenue, 0–100 (read to a millionth of a percent) */
  capPct: number
}

/** A provider's latest return: the latest version of its latest period. */
export interface ProviderLatestReturn { providerId: string; name: string; annualReturn: AnnualReturn }

export interface CapOutcome {
  providerId: string
  name: string
  periodEnd: string
  revenue: number
  /** the measure, unrounded; null when undefined (not measurable) */
  measureValue: number | null
  /** the measure's numerator, whole pounds; null when not measurable */
  profit: number | null
  /** capPct / 100 × revenue, rounded down to whole pounds; null when not measurable */
  allowed: number | null
  /** max(0, profit − allowed), whole pounds; null when not measurable */
  excess: number | null
}

export interface CapSimulation {
  measure: CapMeasure
  capPct: number
  /** by excess, largest first (not measurable last), then name */
  providers: CapOutcome[]
  totals: {
    measured: number
    /** measured providers with an excess above 0 */
    over: number
    notMeasurable: number
    /** Σ excess, whole pounds */
    excess: number
    /** revenue of the providers over the cap / revenue of the providers measured; null when none is measured */
    revenueShareOver: number | null
  }
}

/** The measure's numerator: the profit a cap on that measure would limit. */
const NUMERATOR: Record<CapMeasure, (m: ProfitMetrics, r: AnnualReturn) => number> = {
  operatingMargin: (_m, r) => r.accounts.operatingProfit,
  ebitdaMargin: (_m, r) => ebitdaOf(r.accounts),
  adjustedMargin: m => m.adjustedOperatingProfit,
}

/** capPct in millionths of a percent, so the allowance is worked out in integers, exactly. */
const MICRO_PCT = 1_000_000

/**
 * capPct / 100 × revenue in whole pounds, rounded down (floor), computed exactly in integers (capPct
 * read to a millionth of a percent). Rounding down keeps "over the cap" exact: a whole-pound profit
 * is above the floor exactly when it is above the unrounded allowance, so no provider is over, or
 * not over, by a fraction of a pound; an excess is then at most £1 more than the unrounded one.
 */
export const allowedProfit = (revenue: number, capPct: number) => {
  const scaled = BigInt(revenue) * BigInt(Math.round(capPct * MICRO_PCT))
  const divisor = BigInt(100 * MICRO_PCT)
  const quotient = scaled / divisor
  // BigInt division truncates toward zero: step down for a negative revenue with a remainder
  return Number(scaled % divisor < 0n ? quotient - 1n : quotient)
}

const byName = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0)

/**
 * The cap applied to every provider's latest return (RULES.md, "Profit-cap simulation"): profit is
 * the measure's numerator, allowed = capPct / 100 × revenue, excess = max(0, profit − allowed). A
 * provider whose measure is undefined is listed with nulls and counted as not measurable.
 */
export const simulateProfitCap = (latestReturns: readonly ProviderLatestReturn[], scenario: CapScenario): CapSimulation => {
  const { measure, capPct } = scenario
  const providers: CapOutcome[] = latestReturns.map(({ providerId, name, annualReturn: r }) => {
    const m = profitMetrics(r)
    const measureValue = m[measure]
    const base = { providerId, name, periodEnd: r.periodEnd, revenue: r.accounts.revenue, measureValue }
    if (measureValue === null) return { ...base, profit: null, allowed: null, excess: null }
    const profit = NUMERATOR[measure](m, r)
    const allowed = allowedProfit(r.accounts.revenue, capPct)
    return { ...base, profit, allowed, excess: Math.max(0, profit - allowed) }
  })
  providers.sort((x, y) => (y.excess ?? -1) - (x.excess ?? -1) || byName(x.name, y.name) || byName(x.providerId, y.providerId))
  const measured = providers.filter(p => p.measureValue !== null)
  const over = measured.filter(p => p.excess! > 0)
  const measuredRevenue = measured.reduce((sum, p) => sum + p.revenue, 0)
  const overRevenue = over.reduce((sum, p) => sum + p.revenue, 0)
  return {
    measure,
    capPct,
    providers,
    totals: {
      measured: measured.length,
      over: over.length,
      notMeasurable: providers.length - measured.length,
      excess: over.reduce((sum, p) => sum + p.excess!, 0),
      revenueShareOver: measuredRevenue > 0 ? overRevenue / measuredRevenue : null,
    },
  }
}
