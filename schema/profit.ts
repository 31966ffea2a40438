// Profit and extraction (API.md, "Added in the second version"): a group's profitability across its
// periods, and a profit cap simulated over the market. Shape only; the figures are
// src/domain/profit.ts and src/domain/profitability.ts.
import { Type, type Static } from 'typebox'
import { IsoDate, Money, NonNegativeMoney, Uuid } from './common.js'

const Ratio = (description: string) => Type.Union([Type.Number(), Type.Null()], { description })
const Pounds = (description: string) => Type.With(Money, { description })
const NullablePounds = (description: string) => Type.Union([Money, Type.Null()], { description })
const Percentile = (description: string) => Type.Union([Type.Number({ minimum: 0, maximum: 100 }), Type.Null()], { description })

export const WeeklyFee = Type.Object({
  childrens_homes: Type.Optional(Ratio("Children's homes: revenue per child-week, £ (null when no child-weeks)")),
  fostering: Type.Optional(Ratio('Fostering: revenue per child-week, £ (null when no child-weeks)')),
  other: Type.Optional(Ratio('Other services: revenue per child-week, £ (null when no child-weeks)')),
}, { title: 'WeeklyFee', description: 'Per service line filed: its revenue / childWeeks', additionalProperties: false })

export const PeriodProfit = Type.Object({
  operatingMargin: Ratio('Operating profit / revenue'),
  ebitdaMargin: Ratio('EBITDA / revenue'),
  adjustedMargin: Ratio('Operating profit with related-party rent, fees and other charges added back, / revenue; null without a relatedParties section'),
  extractionRate: Ratio('Value extracted / revenue; null without a relatedParties section'),
  valueExtracted: Pounds('Related-party charges + owner finance cost + distributions'),
  relatedPartyCharges: Pounds('Rent, management fees and other charges paid to related parties'),
  ownerFinanceCost: Pounds('Shareholder-loan and loan-note interest paid to related parties, paid or rolled up'),
  distributions: Pounds('Dividends paid to related parties'),
  relatedRentShare: Ratio('Related-party rent / rent payable; null when no rent payable is filed'),
  leakagePer100: Ratio("CHPI's leakage per £100 of revenue; null unless profit before tax, rent payable and directors' remuneration are filed"),
  weeklyFee: WeeklyFee,
}, { title: 'PeriodProfit', description: 'RULES.md, ruleset 2027.1: unrounded; null where undefined', additionalProperties: false })

export const Profitability = Type.Object({
  providerId: Uuid,
  periods: Type.Array(Type.Object({
    periodEnd: IsoDate,
    returnId: Uuid,
    metrics: PeriodProfit,
  }, { additionalProperties: false }), { description: 'The latest version of each period, oldest first' }),
  marketPercentile: Type.Object({
    adjustedMargin: Percentile("The latest period's adjusted margin among every other provider's latest: the share of them lower, a tie counting half, × 100; null when not measurable"),
    operatingMargin: Percentile("The latest period's operating margin ranked the same way"),
  }, { additionalProperties: false }),
}, { title: 'Profitability', additionalProperties: false })
export type Profitability = Static<typeof Profitability>

export const CapMeasure = Type.Enum(['operatingMargin', 'ebitdaMargin', 'adjustedMargin'], { title: 'CapMeasure' })

export const ProfitCapScenario = Type.Object({
  measure: CapMeasure,
  capPct: Type.Number({ minimum: 0, maximum: 100, description: 'The cap, percent of revenue (read to a millionth of a percent)' }),
}, { title: 'ProfitCapScenario', additionalProperties: false })
export type ProfitCapScenario = Static<typeof ProfitCapScenario>

export const ProfitCapOutcome = Type.Object({
  providerId: Uuid,
  name: Type.String(),
  periodEnd: IsoDate,
  revenue: NonNegativeMoney,
  measureValue: Ratio('The measure of its latest return, unrounded; null when undefined (not measurable)'),
  profit: NullablePounds("The measure's numerator: operating profit, EBITDA or adjusted operating profit"),
  allowed: NullablePounds('capPct / 100 × revenue, rounded down to whole pounds'),
  excess: NullablePounds('max(0, profit − allowed)'),
}, { title: 'ProfitCapOutcome', additionalProperties: false })

export const ProfitCapSimulation = Type.Object({
  measure: CapMeasure,
  capPct: Type.Number({ minimum: 0, maximum: 100 }),
  providers: Type.Array(ProfitCapOutcome, { description: 'By excess, largest first (not measurable last), then name' }),
  totals: Type.Object({
    measured: Type.Integer({ minimum: 0 }),
    over: Type.Integer({ minimum: 0, description: 'Measured providers with an excess above 0' }),
    notMeasurable: Type.Integer({ minimum: 0 }),
    excess: Type.Integer({ minimum: 0, description: 'Σ excess, whole pounds' }),
    revenueShareOver: Ratio('Revenue of the providers over the cap / revenue of the providers measured; null when none is measured'),
  }, { additionalProperties: false }),
}, { title: 'ProfitCapSimulation', description: 'Nothing is stored', additionalProperties: false })
export type ProfitCapSimulation = Static<typeof ProfitCapSimulation>
