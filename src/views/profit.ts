// How profitability and a profit-cap simulation read in the API (schema/profit.ts): the domain's
// figures unrounded, an undefined measure as null.
import type { Profitability as ProfitabilityView, ProfitCapSimulation } from '../../schema/profit.js'
import type { CapSimulation, Profitability } from '../domain/profitability.js'

export function profitabilityView(p: Profitability): ProfitabilityView {
  return {
    providerId: p.providerId,
    periods: p.periods.map(({ periodEnd, returnId, metrics: m }) => ({
      periodEnd, returnId,
      metrics: {
        operatingMargin: m.operatingMargin, ebitdaMargin: m.ebitdaMargin, adjustedMargin: m.adjustedMargin,
        extractionRate: m.extractionRate, valueExtracted: m.valueExtracted, relatedPartyCharges: m.relatedPartyCharges,
        ownerFinanceCost: m.ownerFinanceCost, distributions: m.distributions, relatedRentShare: m.relatedRentShare,
        leakagePer100: m.leakagePer100, weeklyFee: { ...m.weeklyFee },
      },
    })),
    marketPercentile: { adjustedMargin: p.marketPercentile.adjustedMargin, operatingMargin: p.marketPercentile.operatingMargin },
  }
}

export function profitCapView(s: CapSimulation): ProfitCapSimulation {
  return {
    measure: s.measure,
    capPct: s.capPct,
    providers: s.providers.map((o) => ({
      providerId: o.providerId, name: o.name, periodEnd: o.periodEnd, revenue: o.revenue,
      measureValue: o.measureValue, profit: o.profit, allowed: o.allowed, excess: o.excess,
    })),
    totals: { ...s.totals },
  }
}
