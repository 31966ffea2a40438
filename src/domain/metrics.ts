// The metrics of one annual return, exactly as RULES.md defines them. Amounts are whole GBP.
// A metric the table leaves undefined is null (JSON-safe), never NaN or Infinity.
import type { Accounts, AnnualReturn, Covenant, Facility, Placement } from './annual-return.js'
import { covenantHeadroom } from './covenants.js'
import { addCalendarMonths } from './calendar.js'

export { addCalendarMonths }

/** What the previous period's return contributes: its `ebitda` metric and filed operating profit. */
export interface PreviousReturn {
  ebitda?: number | null
  operatingProfit: number
}

export interface MetricsInput {
  annualReturn: AnnualReturn
  /** the latest version of the provider's previous period's return, if any */
  previous?: PreviousReturn | null
  /** laCode → the council's children looked after (null when unknown) */
  councils: Record<string, number | null>
}

export interface CovenantHeadroom {
  /** index into the return's facilities */
  facility: number
  /** index into that facility's covenants */
  covenant: number
  lender: string
  metric: Covenant['metric']
  kind: Covenant['kind']
  limit: number
  actual: number
  testDate: string
  headroom: number | null
}

export interface Metrics {
  ebitda: number
  thirdPartyDebt: number
  shareholderDebt: number
  seniorNetDebt: number
  leverage: number | null
  interestCover: number | null
  covenantHeadroom: CovenantHeadroom[]
  maturingWithin12m: number | null
  maturingWithin24m: number | null
  liquidityMonths: number | null
  netAssets: number
  headroomMin: number | null
  zScore: number | null
  ebitdaChange: number | null
  childrenPlaced: number
  councilsServed: number
  maxCouncilDependence: number | null
  places: number
}

// ---- calendar -------------------------------------------------------------------------------

/**
 * The calendar date (UTC) of an ISO timestamp or date. Deadlines run to the end of their day, so
 * the date is what is compared with them.
 */
export const calendarDate = (isoTimestamp: string) =>
  // a date, or a UTC timestamp, begins with its date; any other offset is converted
  /^\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z)?$/.test(isoTimestamp) ? isoTimestamp.slice(0, 10) : new Date(isoTimestamp).toISOString().slice(0, 10)

// ---- pieces the rules also quote ------------------------------------------------------------

/** What a previous period's accounts contribute to this period's metrics. */
export const previousReturnOf = (accounts: Accounts | null): PreviousReturn | null =>
  accounts ? { ebitda: ebitdaOf(accounts), operatingProfit: accounts.operatingProfit } : null

/** EBITDA as filed; else operating profit + depreciation and amortisation (none filed: 0). */
export const ebitdaOf = (a: Pick<Accounts, 'ebitda' | 'operatingProfit' | 'depreciationAmortisation'>) =>
  a.ebitda ?? a.operatingProfit + (a.depreciationAmortisation ?? 0)

/** Owed to banks and bondholders: not a shareholder loan, and not a lease. */
export const isThirdPartyDebt = (f: Facility) => !f.shareholderLoan && f.kind !== 'lease'

const divide = (numerator: number, denominator: number) => {
  const q = numerator / denominator
  return Number.isFinite(q) ? q : null
}

export interface AltmanZ { x1: number; x2: number; x3: number; x4: number; zScore: number }

/** Altman Z'' for private non-manufacturers; undefined without total assets or liabilities. */
export const altmanZ = (a: Accounts): AltmanZ | null => {
  if (a.totalAssets <= 0 || a.totalLiabilities <= 0) return null
  const x1 = (a.currentAssets - a.currentLiabilities) / a.totalAssets
  const x2 = a.retainedEarnings / a.totalAssets
  const x3 = a.operatingProfit / a.totalAssets
  const x4 = (a.totalAssets - a.totalLiabilities) / a.totalLiabilities
  const zScore = 6.56 * x1 + 3.26 * x2 + 6.72 * x3 + 1.05 * x4
  return Number.isFinite(zScore) ? { x1, x2, x3, x4, zScore } : null
}

export interface CouncilDependence {
  laCode: string
  children: number
  childrenLookedAfter: number
  share: number
}

/**
 * Per council whose children-looked-after figure is known and above 0 (0 is unusable), the share
 * of its children this provider holds; placements for the same council are added together.
 * Ordered by laCode.
 */
export const councilDependence = (
  placements: Placement[], councils: Record<string, number | null>,
): CouncilDependence[] => {
  const children = new Map<string, number>()
  for (const p of placements) children.set(p.laCode, (children.get(p.laCode) ?? 0) + p.children)
  return [...children.keys()].sort().flatMap(laCode => {
    const lookedAfter = Object.hasOwn(councils, laCode) ? councils[laCode] : null
    if (typeof lookedAfter !== 'number' || !(lookedAfter > 0)) return []
    const held = children.get(laCode)!
    return [{ laCode, children: held, childrenLookedAfter: lookedAfter, share: held / lookedAfter }]
  })
}

/** Share of third-party debt (by drawn) maturing on or before `byDate`; undefined without any. */
export const maturingShare = (facilities: Facility[], byDate: string) => {
  const thirdParty = facilities.filter(isThirdPartyDebt)
  const total = thirdParty.reduce((sum, f) => sum + f.drawn, 0)
  if (total <= 0) return null
  const maturing = thirdParty.filter(f => f.maturityDate.slice(0, 10) <= byDate)
    .reduce((sum, f) => sum + f.drawn, 0)
  return maturing / total
}

/** Cash plus undrawn commitments of every facility not owed to a shareholder. */
export const availableLiquidity = (a: Accounts, facilities: Facility[]) =>
  a.cash + facilities.filter(f => !f.shareholderLoan)
    .reduce((sum, f) => sum + Math.max(f.committed - f.drawn, 0), 0)

// ---- the table ------------------------------------------------------------------------------

export const computeMetrics = ({ annualReturn, previous, councils }: MetricsInput): Metrics => {
  const a = annualReturn.accounts
  const facilities = annualReturn.facilities
  const ebitda = ebitdaOf(a)
  const thirdPartyDebt = facilities.filter(isThirdPartyDebt).reduce((sum, f) => sum + f.drawn, 0)
  const shareholderDebt = facilities.filter(f => f.shareholderLoan).reduce((sum, f) => sum + f.drawn, 0)
  const seniorNetDebt = thirdPartyDebt - a.cash

  const headrooms: CovenantHeadroom[] = facilities.flatMap((f, facility) =>
    f.covenants.map((c, covenant) => ({
      facility, covenant, lender: f.lender, metric: c.metric, kind: c.kind,
      limit: c.limit, actual: c.actual, testDate: c.testDate, headroom: covenantHeadroom(c),
    })))
  const tested = headrooms.flatMap(h => (h.headroom === null ? [] : [h.headroom]))

  const previousEbitda = previous?.ebitda ?? null
  const dependence = councilDependence(annualReturn.placements, councils)

  return {
    ebitda,
    thirdPartyDebt,
    shareholderDebt,
    seniorNetDebt,
    leverage: ebitda > 0 ? divide(seniorNetDebt, ebitda) : null,
    interestCover: a.cashInterestPayable > 0 ? divide(ebitda, a.cashInterestPayable) : null,
    covenantHeadroom: headrooms,
    maturingWithin12m: maturingShare(facilities, addCalendarMonths(annualReturn.periodEnd, 12)),
    maturingWithin24m: maturingShare(facilities, addCalendarMonths(annualReturn.periodEnd, 24)),
    liquidityMonths: a.revenue > ebitda
      ? divide(availableLiquidity(a, facilities), (a.revenue - ebitda) / 12) : null,
    netAssets: a.totalAssets - a.totalLiabilities,
    headroomMin: tested.length > 0 ? Math.min(...tested) : null,
    zScore: altmanZ(a)?.zScore ?? null,
    ebitdaChange: previousEbitda !== null && previousEbitda !== 0
      ? divide(ebitda - previousEbitda, Math.abs(previousEbitda)) : null,
    childrenPlaced: annualReturn.placements.reduce((sum, p) => sum + p.children, 0),
    councilsServed: new Set(annualReturn.placements.map(p => p.laCode)).size,
    maxCouncilDependence: dependence.length > 0 ? Math.max(...dependence.map(d => d.share)) : null,
    places: annualReturn.settings.reduce((sum, s) => sum + s.places, 0),
  }
}
