// The demo market: 33 fictional provider groups with two years of annual returns each, tuned so
// that the rulesets (../shared/RULES.md) show the whole range on the register, and (ruleset 2027.1)
// profit measured every way with the money that leaves through owners (see PROFIT below). Every name,
// company number (8 digits from 2xxxxxxx, or SC9/NI9 + 5 digits: ranges Companies House had not
// issued by 2025) and Ofsted URN (SC9xxxxx) is invented. Councils, their codes and children-looked-after
// figures are real (./councils.ts). Pure and deterministic: the same seed gives the same market.
//
// Intended outcome of each group's LATEST return (latest version of its latest period; previous =
// latest version of the previous period) under ruleset 2027.1, in force on a new database, red and
// amber flags only; info flags in the last column. Under 2026.1 and 2026.2 the same without the
// PRF flags (saltmarsh is then green).
// DTR = CONT-DIFFICULT-TO-REPLACE (info), PE = OWN-PE-BACKED (info), OFF = OWN-OFFSHORE, HOLD =
// OWN-HOLD-PERIOD. "v1→v2" marks amended filings.
//
// | key          | kind  | ownership                                  | rating | red / amber flags                                                         | info            |
// |--------------|-------|--------------------------------------------|--------|---------------------------------------------------------------------------|-----------------|
// | harbourline  | PE    | JE topco, fund 71 + co-inv 16 + mgmt 13     | red    | SYS-CONTINUITY r, FIN-LEVERAGE r (8.6x), FIN-INTEREST-COVER a, FIN-COVENANT a, FIN-NET-LIABILITIES a, FIN-ZSCORE a, PRF-EXTRACTION a (latest v1→v2: EBITDA restated down) | PE OFF HOLD DTR |
// | northstar    | PE    | LU topco, fund 78 + two managers            | red    | SYS-CONTINUITY r, FIN-LEVERAGE a (6.7x), FIN-INTEREST-COVER a (1.8x), PRF-EXTRACTION a | PE OFF DTR (prev v1→v2→v3) |
// | meridian     | PE    | GG topco, fund 64 + family office 24 + EBT  | red    | SYS-CONTINUITY r, FIN-REFINANCING r (matures in 9 months), FIN-GOING-CONCERN r, FIN-ZSCORE a, PRF-EXTRACTION a | PE OFF HOLD DTR |
// | oakridge     | PE    | LU topco, Cayman fund 85 + mgmt 15          | red    | SYS-CONTINUITY r, FIN-LEVERAGE r (EBITDA < 0), FIN-INTEREST-COVER r, FIN-COVENANT r, FIN-GOING-CONCERN r, FIN-LIQUIDITY r, FIN-NET-LIABILITIES a, FIN-ZSCORE a, FIN-DETERIORATION a, PRF-EXTRACTION a | PE OFF HOLD DTR |
// | cedarbrook   | PE    | JE topco; fund 24% shares but 55% votes     | amber  | SYS-CONTINUITY a, FIN-LEVERAGE a (6.4x)                                     | PE OFF DTR      |
// | brightpath   | PE    | 3-deep chain to JE topco, co-inv, MIP       | amber  | SYS-CONTINUITY a, FIN-REFINANCING a (matures in 20 months)                  | PE OFF DTR (24 councils) |
// | tynevale     | PE    | GG topco, fund 80 + manager 20              | amber  | SYS-CONTINUITY a, FIN-ZSCORE a                                              | PE OFF DTR (12% of Middlesbrough's children) |
// | foxglove     | PE    | JE topco, fund 82 + mgmt 18                 | amber  | SYS-CONTINUITY a, FIN-COVENANT a (7% headroom), PRF-EXTRACTION a          | PE OFF HOLD DTR (324 places) |
// | willowmere   | PE    | LU topco, fund 90 + mgmt 10, since 2018     | green  | —                                                                         | PE OFF HOLD DTR |
// | evergreen    | PE    | LU topco, fund 92 + mgmt 8 (fostering)      | green  | —                                                                         | PE OFF DTR      |
// | fernhill     | PE    | UK only, fund 75 + manager 25               | red    | FIN-LEVERAGE r (9.1x), FIN-INTEREST-COVER a, FIN-NET-LIABILITIES a, FIN-ZSCORE a, PRF-EXTRACTION a (not DTR: no SYS) | PE  |
// | kestrel      | PE    | cross-holding owned into by the fund        | amber  | FIN-LIQUIDITY a (15-month previous period)                                | PE              |
// | lumen        | PE    | fund 60 beside founder 40                   | green  | —                                                                         | PE              |
// | saltmarsh    | PE    | JE topco, fund 55 + IoM family office 30    | amber  | PRF-EXTRACTION a (7.7% of revenue; green under 2026.x)                    | PE OFF          |
// | greystone    | priv  | 40% BVI company, 22% founder, 38% undeclared | amber | OWN-OPACITY a (resolvedPct 62), PRF-EXTRACTION a                          | OFF             |
// | ashdown      | priv  | founder via holdco                          | red    | CMP-LATE r (filed 9.7 months after period end)                            |                 |
// | pennine      | priv  | family trust 75 + founder 25                | amber  | CMP-LATE a (filed 7.2 months after period end)                            |                 |
// | cobalt       | priv  | two founders via holdco, bank debt          | amber  | FIN-INTEREST-COVER a (1.75x)                                              |                 |
// | beaconhill   | priv  | founder via holdco                          | red    | FIN-GOING-CONCERN r (qualified, material uncertainty)                     |                 |
// | quayside     | priv  | two founders 50/50 via holdco, director loans | amber | FIN-NET-LIABILITIES a                                                     |                 |
// | elmfield     | priv  | founders 70/30 via holdco                   | green  | —                                                                         |                 |
// | thornbury    | priv  | family settlement (trust)                   | green  | — (latest v1→v2: v1 did not balance, CMP-INCONSISTENT on v1 only)          |                 |
// | larkspur     | priv  | founder (Scottish company, SC number)       | green  | —                                                                         |                 |
// | marlowe      | priv  | siblings 50/50 (NI company)                 | green  | —                                                                         |                 |
// | silverbirch  | priv  | family trust                                | green  | —                                                                         |                 |
// | redwood      | priv  | founder                                     | green  | —                                                                         |                 |
// | hopelane     | vol   | charity filing for itself                   | green  | — (prev v1→v2: a council's placement line added)                          | DTR (national)  |
// | staidans     | vol   | charity                                     | green  | —                                                                         |                 |
// | brackenwood  | vol   | charity, small mortgage                     | green  | —                                                                         |                 |
// | oasis        | vol   | charity                                     | amber  | FIN-DETERIORATION a (deficits two years running)                          |                 |
// | brindle      | LA    | Lancashire County Council 100%              | green  | —                                                                         |                 |
// | riverside    | LA    | Wigan Council 100%                          | amber  | FIN-DETERIORATION a (EBITDA −33%)                                         |                 |
// | kingsgate    | LA    | Greenwich 50 / Lewisham 50                  | green  | — (latest v1→v2: a home's places corrected)                               |                 |
//
// Totals: 7 red (4 SYS-CONTINUITY), 12 amber (4 SYS-CONTINUITY), 14 green (under 2026.x: 11 amber, 15 green).
import type { AnnualReturn } from '../domain/annual-return.js'
import type { OwnershipGraph } from '../domain/ownership/types.js'
import {
  CouncilLoad, GraphBuilder, UrnRegistry, annualReturn, buildFinancials, buildFootprint, ownedBy,
  peOwnership, selfOwned, timestampAfter, type FinYear, type Footprint, type Lenders, type Party, type Period,
  type ProfitSpec, type RelatedPartySpec,
} from './build.js'
import { Rng, seedOf } from './prng.js'

export interface DemoProvider {
  key: string
  name: string
  companyNumber: string
  kind: 'private' | 'voluntary' | 'local_authority'
  designated?: { reason: string }
}

export interface DemoFiling {
  providerKey: string
  /** the return as first filed */
  body: AnnualReturn
  /** ISO timestamp */
  submittedAt: string
  /** later versions of the same period, oldest first; the last one is in force */
  amendments: { body: AnnualReturn; submittedAt: string }[]
}

export interface DemoMarket { providers: DemoProvider[]; filings: DemoFiling[] }

/** What each group's latest return is built to show under ruleset 2027.1 (red and amber flags only). */
export interface DemoIntent { rating: 'red' | 'amber' | 'green'; flags: string[]; difficultToReplace: boolean; peBacked: boolean }

export const DEMO_SEED = 20261123

// ---------------------------------------------------------------------------------------------
// Periods

const FY25: Period = { start: '2024-04-01', end: '2025-03-31' }
const FY26: Period = { start: '2025-04-01', end: '2026-03-31' }
const CY24: Period = { start: '2024-01-01', end: '2024-12-31' }
const CY25: Period = { start: '2025-01-01', end: '2025-12-31' }
const AUG24: Period = { start: '2023-09-01', end: '2024-08-31' }
const AUG25: Period = { start: '2024-09-01', end: '2025-08-31' }
const SEP24: Period = { start: '2023-10-01', end: '2024-09-30' }
const SEP25: Period = { start: '2024-10-01', end: '2025-09-30' }
/** a 15-month period: Kestrel moved its year end from December to March */
const LONG25: Period = { start: '2024-01-01', end: '2025-03-31' }

// ---------------------------------------------------------------------------------------------
// Archetypes

type Version = { patch: (b: AnnualReturn) => void; daysAfterFiling: number }

interface GroupSpec {
  key: string
  name: string
  companyNumber: string
  kind: DemoProvider['kind']
  designated?: string
  intent: DemoIntent
  periods: [Period, Period]
  /** days after each period end that the first version was filed */
  filedAfter: [number, number]
  ownership: OwnershipGraph
  footprint: Footprint
  lenders?: Lenders
  /** the senior facility's maturity */
  maturity?: string
  fin: [FinYear, FinYear]
  /**
   * Earlier versions of a period's return, oldest first: each is the final return with a patch
   * (the figure as first filed); the final return is filed `finalAfter` days after the first.
   */
  drafts?: { period: 0 | 1; earlier: Version[]; finalAfter: number }[]
}

const co = (name: string, jurisdiction = 'GB', companyNumber?: string): Party =>
  ({ name, kind: 'company', jurisdiction, ...(companyNumber ? { companyNumber } : {}) })
const person = (name: string) => ({ name, kind: 'person' as const, jurisdiction: 'GB' })
const fund = (name: string, jurisdiction: string) => ({ name, kind: 'private_equity_fund' as const, jurisdiction })
const gp = (name: string, jurisdiction: string): Party => ({ name, kind: 'fund_manager', jurisdiction })

/** Restates EBITDA (and so operating profit, retained earnings and net assets) by `delta` pounds. */
function restate(b: AnnualReturn, delta: number) {
  const a = b.accounts
  if (a.ebitda !== undefined) a.ebitda += delta
  a.operatingProfit += delta
  if (a.profitBeforeTax !== undefined) a.profitBeforeTax += delta
  a.retainedEarnings += delta
  a.currentAssets += delta
  a.totalAssets += delta
  a.totalEquity += delta
}

const intent = (rating: DemoIntent['rating'], flags: string[], difficultToReplace: boolean, peBacked: boolean): DemoIntent =>
  ({ rating, flags, difficultToReplace, peBacked })

const GROUPS: GroupSpec[] = [
  // ---------------------------------------------------------------- PE-backed, difficult to replace
  {
    key: 'harbourline', name: 'Harbourline Care Group Ltd', companyNumber: '21048736', kind: 'private',
    designated: 'Over 550 children placed by more than 50 councils; highly leveraged',
    intent: intent('red', ['SYS-CONTINUITY', 'FIN-LEVERAGE', 'FIN-INTEREST-COVER', 'FIN-COVENANT', 'FIN-NET-LIABILITIES', 'FIN-ZSCORE', 'PRF-EXTRACTION'], true, true),
    periods: [FY25, FY26], filedAfter: [151, 140],
    ownership: peOwnership(co('Harbourline Care Group Ltd', 'GB', '21048736'), {
      chain: [co('Harbourline Midco Ltd', 'GB', '21048741'), co('Harbourline Topco Ltd', 'JE')],
      fund: { ...fund('Lyndhurst Capital Partners IV LP', 'JE'), pct: 71 },
      gp: gp('Lyndhurst Capital GP IV Ltd', 'JE'),
      coInvestors: [{ name: 'Northern Provinces Pension Plan', kind: 'other', jurisdiction: 'CA', pct: 16 }],
      management: [{ ...co('Harbourline Management Ltd', 'GB', '21048759'), pct: 13 }],
      since: '2019-11-15',
    }),
    footprint: { homes: [104, 112], fostering: [170, 120], regions: ['NW', 'WM', 'YH', 'EM'], councils: [52, 56], occupancy: [0.84, 0.82] },
    lenders: { senior: 'Albion Square Private Credit LLP', seniorKind: 'unitranche', rcf: 'Caledon Mercantile Bank plc', shareholder: 'Lyndhurst Capital Partners IV LP' },
    maturity: '2029-11-15',
    fin: [
      { revenue: 296, margin: 0.165, leverage: 7.2, interestCover: 1.9, cashMonths: 1.8, rcf: { committed: 50, drawn: 8 }, leverageHeadroom: 0.14, shareholderLoans: 148, leases: 55, netAssetsRatio: -0.03 },
      { revenue: 318, margin: 0.142, leverage: 8.6, interestCover: 1.55, cashMonths: 1.6, rcf: { committed: 50, drawn: 12 }, leverageHeadroom: 0.06, shareholderLoans: 165, leases: 60, netAssetsRatio: -0.08 },
    ],
    // The first filing carried management-account EBITDA; the audited figure was £2.2m lower.
    drafts: [{ period: 1, earlier: [{ patch: (b) => restate(b, 2_200_000), daysAfterFiling: 0 }], finalAfter: 30 }],
  },
  {
    key: 'northstar', name: "Northstar Children's Services Ltd", companyNumber: '22310457', kind: 'private',
    designated: 'About 380 children placed by 40 councils across London and the South East',
    intent: intent('red', ['SYS-CONTINUITY', 'FIN-LEVERAGE', 'FIN-INTEREST-COVER', 'PRF-EXTRACTION'], true, true),
    periods: [CY24, CY25], filedAfter: [120, 139],
    ownership: peOwnership(co("Northstar Children's Services Ltd", 'GB', '22310457'), {
      chain: [co('Northstar Bidco Ltd', 'GB', '22310462'), co('Northstar Holdings S.à r.l.', 'LU')],
      fund: { ...fund('Aldgate Square Partners III SCSp', 'LU'), pct: 78 },
      gp: gp('Aldgate Square GP S.à r.l.', 'LU'),
      management: [{ ...person('Catherine Ambrose'), pct: 12 }, { ...person('Daniel Okafor'), pct: 10 }],
      since: '2022-06-30',
    }),
    footprint: { homes: [64, 70], fostering: [150], regions: ['SE', 'LN', 'EE'], councils: [36, 40], occupancy: [0.86, 0.85] },
    lenders: { senior: 'Thamesgate Direct Lending Fund II', seniorKind: 'unitranche', rcf: 'Caledon Mercantile Bank plc', shareholder: 'Aldgate Square Partners III SCSp' },
    maturity: '2029-07-31',
    fin: [
      { revenue: 195, margin: 0.195, leverage: 6.2, interestCover: 2.1, cashMonths: 1.6, rcf: { committed: 35, drawn: 0 }, leverageHeadroom: 0.22, coverHeadroom: 0.25, shareholderLoans: 81, leases: 35, netAssetsRatio: 0.17, z: 1.35 },
      { revenue: 212, margin: 0.19, leverage: 6.7, interestCover: 1.8, cashMonths: 1.5, rcf: { committed: 35, drawn: 5 }, leverageHeadroom: 0.18, coverHeadroom: 0.2, shareholderLoans: 90, leases: 38, netAssetsRatio: 0.15, z: 1.3 },
    ],
    // 2024: first filed with EBITDA before audit adjustments and borrowings net of the loan notes;
    // the borrowings were corrected, then the audited EBITDA (£0.9m lower) filed.
    drafts: [{
      period: 0,
      earlier: [
        { patch: (b) => { restate(b, 900_000); b.accounts.reportedBorrowings = (b.accounts.reportedBorrowings ?? 0) - 81_000_000 }, daysAfterFiling: 0 },
        { patch: (b) => restate(b, 900_000), daysAfterFiling: 20 },
      ],
      finalAfter: 55,
    }],
  },
  {
    key: 'meridian', name: 'Meridian Family Care Group Ltd', companyNumber: '23587120', kind: 'private',
    designated: 'Largest independent fostering group in the scheme: over 600 children, 70 councils',
    intent: intent('red', ['SYS-CONTINUITY', 'FIN-REFINANCING', 'FIN-GOING-CONCERN', 'FIN-ZSCORE', 'PRF-EXTRACTION'], true, true),
    periods: [FY25, FY26], filedAfter: [160, 158],
    ownership: peOwnership(co('Meridian Family Care Group Ltd', 'GB', '23587120'), {
      chain: [co('Meridian Family Care Holdings Ltd', 'GB', '23587138'), co('Meridian Topco Ltd', 'GG')],
      fund: { ...fund('Saltire Bridge Capital Fund II LP', 'GG'), pct: 64 },
      gp: gp('Saltire Bridge Capital (GP) Ltd', 'GG'),
      coInvestors: [{ ...co('Fenwick Family Office Ltd', 'JE'), pct: 24 }],
      management: [{ name: 'Meridian Employee Benefit Trust', kind: 'trust', jurisdiction: 'GB', pct: 12 }],
      since: '2020-09-30',
    }),
    footprint: { homes: [10, 12], fostering: [200, 170, 150, 130, 110], regions: ['NW', 'YH', 'WM', 'SW', 'SE'], national: true, councils: [66, 72], occupancy: [0.8, 0.8] },
    lenders: { senior: 'Severn Point Capital Partners LLP', seniorKind: 'unitranche', rcf: 'Severn Point Capital Partners LLP', shareholder: 'Saltire Bridge Capital Fund II LP' },
    // The unitranche falls due nine months after the latest period end and has not been refinanced.
    maturity: '2026-12-31',
    fin: [
      { revenue: 47, margin: 0.17, leverage: 5.2, interestCover: 2.5, cashMonths: 1.9, rcf: { committed: 5, drawn: 0 }, leverageHeadroom: 0.2, shareholderLoans: 18, leases: 3.7, netAssetsRatio: 0.08 },
      { revenue: 50, margin: 0.16, leverage: 5.6, interestCover: 2.3, cashMonths: 1.8, rcf: { committed: 5, drawn: 0 }, leverageHeadroom: 0.15, shareholderLoans: 20, leases: 4, netAssetsRatio: 0.05, goingConcern: true },
    ],
  },
  {
    key: 'oakridge', name: 'Oakridge Specialist Care Ltd', companyNumber: '24106393', kind: 'private',
    designated: 'About 90 specialist homes in the Midlands and North West; EBITDA has collapsed',
    intent: intent('red', ['SYS-CONTINUITY', 'FIN-LEVERAGE', 'FIN-INTEREST-COVER', 'FIN-COVENANT', 'FIN-GOING-CONCERN', 'FIN-LIQUIDITY', 'FIN-NET-LIABILITIES', 'FIN-ZSCORE', 'FIN-DETERIORATION', 'PRF-EXTRACTION'], true, true),
    periods: [FY25, FY26], filedAfter: [166, 170],
    ownership: peOwnership(co('Oakridge Specialist Care Ltd', 'GB', '24106393'), {
      chain: [co('Oakridge Bidco Ltd', 'GB', '24106407'), co('Oakridge Holdings S.à r.l.', 'LU')],
      fund: { ...fund('Cormorant Growth Partners LP', 'KY'), pct: 85 },
      gp: gp('Cormorant Capital Management Ltd', 'KY'),
      management: [{ ...co('Oakridge Management Holdings Ltd', 'GB', '24106415'), pct: 15 }],
      since: '2021-02-26',
    }),
    footprint: { homes: [90, 88], regions: ['WM', 'EM', 'NW'], councils: [31, 28], occupancy: [0.82, 0.72] },
    lenders: { senior: 'Whitecliff Credit Opportunities Fund', seniorKind: 'term_loan', rcf: 'Caledon Mercantile Bank plc', shareholder: 'Cormorant Growth Partners LP' },
    maturity: '2028-09-30',
    fin: [
      { revenue: 131, margin: 0.085, leverage: 9.5, interestCover: 1.2, cashMonths: 1.2, rcf: { committed: 20, drawn: 14 }, leverageHeadroom: 0.03, shareholderLoans: 63, leases: 38, netAssetsRatio: -0.1, z: 0.2 },
      // Agency staff costs and empty beds: EBITDA negative. The lenders' covenant EBITDA (with
      // add-backs) still gives 14.2x against a 6.45x limit.
      { revenue: 124, margin: -0.012, thirdPartyDebt: 118, interestRatePct: 9.5, cashMonths: 0.6, rcf: { committed: 20, drawn: 20 }, leverageHeadroom: -1.2, covenantLeverage: 14.2, shareholderLoans: 70, leases: 40, netAssetsRatio: -0.25, z: -1.5, goingConcern: true },
    ],
  },
  {
    key: 'cedarbrook', name: 'Cedarbrook Care Holdings Ltd', companyNumber: '25230861', kind: 'private',
    designated: 'Over 300 children and 350 places across the South West and South East',
    intent: intent('amber', ['SYS-CONTINUITY', 'FIN-LEVERAGE'], true, true),
    periods: [FY25, FY26], filedAfter: [140, 152],
    // The fund holds 24% of the shares but 55% of the votes: it controls with under 25% economic interest.
    ownership: peOwnership(co('Cedarbrook Care Holdings Ltd', 'GB', '25230861'), {
      chain: [co('Cedarbrook Midco Ltd', 'GB', '25230879'), co('Cedarbrook Topco Ltd', 'JE')],
      fund: { ...fund('Pembroke Vale Capital Partners II LP', 'GB'), pct: 24, votingPct: 55 },
      gp: gp('Pembroke Vale Capital LLP', 'GB'),
      coInvestors: [{ name: 'Tamarind Pension Trustees Ltd', kind: 'trust', jurisdiction: 'GB', pct: 46, votingPct: 30 }],
      management: [{ ...person('Jonathan Reeve'), pct: 30, votingPct: 15 }],
      since: '2023-05-31',
    }),
    footprint: { homes: [58, 62], fostering: [110], regions: ['SW', 'SE'], councils: [30, 33], occupancy: [0.85, 0.86] },
    lenders: { senior: 'Albion Square Private Credit LLP', seniorKind: 'unitranche', rcf: 'Westbury & Hale Bank plc' },
    maturity: '2029-05-31',
    fin: [
      { revenue: 150, margin: 0.205, leverage: 6.1, interestCover: 2.6, cashMonths: 2, rcf: { committed: 25, drawn: 0 }, leverageHeadroom: 0.22, coverHeadroom: 0.3, leases: 23, netAssetsRatio: 0.38, z: 1.6 },
      { revenue: 165, margin: 0.2, leverage: 6.4, interestCover: 2.4, cashMonths: 2, rcf: { committed: 25, drawn: 0 }, leverageHeadroom: 0.2, coverHeadroom: 0.3, leases: 25, netAssetsRatio: 0.35, z: 1.6 },
    ],
  },
  {
    key: 'brightpath', name: "Brightpath Children's Services Ltd", companyNumber: '26019384', kind: 'private',
    designated: 'Placements from 24 councils across the North',
    intent: intent('amber', ['SYS-CONTINUITY', 'FIN-REFINANCING'], true, true),
    periods: [FY25, FY26], filedAfter: [122, 131],
    ownership: peOwnership(co("Brightpath Children's Services Ltd", 'GB', '26019384'), {
      chain: [co('Brightpath Bidco Ltd', 'GB', '26019392'), co('Brightpath Midco Ltd', 'GB', '26019405'), co('Brightpath Topco Ltd', 'JE')],
      fund: { ...fund('Calder Ridge Equity Fund I LP', 'JE'), pct: 68 },
      gp: gp('Calder Ridge Capital (Jersey) Ltd', 'JE'),
      coInvestors: [{ ...fund('Harrowgate Co-Investment LP', 'JE'), pct: 20 }],
      management: [{ ...co('Brightpath MIP Ltd', 'GB', '26019413'), pct: 12 }],
      since: '2022-01-31',
    }),
    footprint: { homes: [37, 40], regions: ['NE', 'YH', 'NW'], councils: [22, 24], occupancy: [0.84, 0.84] },
    lenders: { senior: 'Northgate Direct Lending LLP', seniorKind: 'term_loan', rcf: 'Northgate Direct Lending LLP', shareholder: 'Calder Ridge Equity Fund I LP' },
    // Term loan and revolver fall due 20 months after the latest period end.
    maturity: '2027-11-30',
    fin: [
      { revenue: 71, margin: 0.205, leverage: 5.0, interestCover: 2.7, cashMonths: 2.3, rcf: { committed: 8, drawn: 0 }, leverageHeadroom: 0.27, shareholderLoans: 27, leases: 9, netAssetsRatio: 0.22, z: 1.5 },
      { revenue: 78, margin: 0.21, leverage: 5.2, interestCover: 2.5, cashMonths: 2.2, rcf: { committed: 8, drawn: 0 }, leverageHeadroom: 0.25, shareholderLoans: 30, leases: 10, netAssetsRatio: 0.2, z: 1.5 },
    ],
  },
  {
    key: 'tynevale', name: 'Tynevale Care Ltd', companyNumber: '26644170', kind: 'private',
    designated: "Holds about 12% of Middlesbrough's looked-after children",
    intent: intent('amber', ['SYS-CONTINUITY', 'FIN-ZSCORE'], true, true),
    periods: [CY24, CY25], filedAfter: [117, 125],
    ownership: peOwnership(co('Tynevale Care Ltd', 'GB', '26644170'), {
      chain: [co('Tynevale Holdings Ltd', 'GB', '26644188'), co('Tynevale Topco Ltd', 'GG')],
      fund: { ...fund('Wansbeck Equity Partners II LP', 'GG'), pct: 80 },
      gp: gp('Wansbeck Equity (GP) Ltd', 'GG'),
      management: [{ ...person('Gillian Armstrong'), pct: 20 }],
      since: '2021-08-31',
    }),
    footprint: { homes: [22, 24], regions: ['NE'], councils: [8, 9], occupancy: [0.86, 0.86], focus: { laCode: 'E06000002', children: [52, 62] } },
    lenders: { senior: 'Tyne & Wear Capital Partners LLP', rcf: 'Tyne & Wear Capital Partners LLP', shareholder: 'Wansbeck Equity Partners II LP' },
    maturity: '2029-08-31',
    fin: [
      { revenue: 31, margin: 0.21, leverage: 4.6, interestCover: 2.8, cashMonths: 2.6, rcf: { committed: 4, drawn: 0 }, leverageHeadroom: 0.27, shareholderLoans: 12.5, leases: 5.5, netAssetsRatio: 0.07, z: 1.2 },
      { revenue: 34, margin: 0.2, leverage: 4.8, interestCover: 2.6, cashMonths: 2.5, rcf: { committed: 4, drawn: 0 }, leverageHeadroom: 0.25, shareholderLoans: 14, leases: 6, netAssetsRatio: 0.05, z: 0.85 },
    ],
  },
  {
    key: 'foxglove', name: 'Foxglove Care Group Ltd', companyNumber: '27318052', kind: 'private',
    designated: 'Over 300 registered places across the Midlands and East of England',
    intent: intent('amber', ['SYS-CONTINUITY', 'FIN-COVENANT', 'PRF-EXTRACTION'], true, true),
    periods: [CY24, CY25], filedAfter: [131, 146],
    ownership: peOwnership(co('Foxglove Care Group Ltd', 'GB', '27318052'), {
      chain: [co('Foxglove Bidco Ltd', 'GB', '27318061'), co('Foxglove Topco Ltd', 'JE')],
      fund: { ...fund('Marrick Capital Partners V LP', 'GB'), pct: 82 },
      gp: gp('Marrick Capital LLP', 'GB'),
      management: [{ ...co('Foxglove Management Ltd', 'GB', '27318079'), pct: 18 }],
      since: '2020-03-31',
    }),
    footprint: { homes: [74, 80], regions: ['WM', 'EM', 'EE'], councils: [17, 19], occupancy: [0.8, 0.78] },
    lenders: { senior: 'Albion Square Private Credit LLP', seniorKind: 'unitranche', rcf: 'Westbury & Hale Bank plc', shareholder: 'Marrick Capital Partners V LP' },
    maturity: '2029-03-31',
    fin: [
      { revenue: 131, margin: 0.2, leverage: 5.2, interestCover: 2.4, cashMonths: 2.3, rcf: { committed: 20, drawn: 0 }, leverageHeadroom: 0.16, coverHeadroom: 0.28, shareholderLoans: 108, leases: 28, netAssetsRatio: 0.18 },
      // The leverage covenant was reset tight at the 2025 refinancing: 7% headroom.
      { revenue: 142, margin: 0.2, leverage: 5.4, interestCover: 2.3, cashMonths: 2.2, rcf: { committed: 20, drawn: 0 }, leverageHeadroom: 0.07, coverHeadroom: 0.25, shareholderLoans: 120, leases: 30, netAssetsRatio: 0.16 },
    ],
  },
  {
    key: 'willowmere', name: 'Willowmere Care Group Ltd', companyNumber: '20471935', kind: 'private',
    designated: 'About 350 children placed by 38 councils in the South',
    intent: intent('green', [], true, true),
    periods: [FY25, FY26], filedAfter: [109, 118],
    ownership: peOwnership(co('Willowmere Care Group Ltd', 'GB', '20471935'), {
      chain: [co('Willowmere Holdings Ltd', 'GB', '20471943'), co('Willowmere Investments S.à r.l.', 'LU')],
      fund: { ...fund('Thornhaven Capital Partners VI SCSp', 'LU'), pct: 90 },
      gp: gp('Thornhaven Capital Management S.à r.l.', 'LU'),
      management: [{ name: 'Willowmere Management LP', kind: 'other', jurisdiction: 'GB', pct: 10 }],
      since: '2018-06-29',
    }),
    footprint: { homes: [66, 68], fostering: [140], regions: ['SE', 'SW', 'LN'], councils: [36, 38], occupancy: [0.85, 0.86] },
    lenders: { senior: 'Caledon Mercantile Bank plc', seniorKind: 'term_loan', rcf: 'Caledon Mercantile Bank plc' },
    maturity: '2029-09-30',
    fin: [
      { revenue: 220, margin: 0.18, leverage: 4.6, interestCover: 3.0, cashMonths: 2, rcf: { committed: 40, drawn: 0 }, leverageHeadroom: 0.28, coverHeadroom: 0.4, leases: 28, netAssetsRatio: 0.38, z: 1.65 },
      { revenue: 236, margin: 0.185, leverage: 4.3, interestCover: 3.2, cashMonths: 2, rcf: { committed: 40, drawn: 0 }, leverageHeadroom: 0.3, coverHeadroom: 0.4, leases: 30, netAssetsRatio: 0.4, z: 1.7 },
    ],
  },
  {
    key: 'evergreen', name: 'Evergreen Fostering Network Ltd', companyNumber: '28802614', kind: 'private',
    designated: 'About 300 fostered children placed by 31 councils',
    intent: intent('green', [], true, true),
    periods: [FY25, FY26], filedAfter: [125, 133],
    ownership: peOwnership(co('Evergreen Fostering Network Ltd', 'GB', '28802614'), {
      chain: [co('Evergreen Fostering Holdings Ltd', 'GB', '28802622'), co('Evergreen Topco S.à r.l.', 'LU')],
      fund: { ...fund('Kingfisher Social Infrastructure SCSp', 'LU'), pct: 92 },
      gp: gp('Kingfisher Social Infrastructure GP S.à r.l.', 'LU'),
      management: [{ ...person('Hannah Lindqvist'), pct: 8 }],
      since: '2024-02-29',
    }),
    footprint: { homes: [0, 0], fostering: [140, 120, 100], regions: ['SE', 'EE', 'LN', 'EM'], councils: [28, 31], occupancy: [0.82, 0.82] },
    lenders: { senior: 'Thamesgate Direct Lending Fund II', seniorKind: 'unitranche', rcf: 'Thamesgate Direct Lending Fund II', shareholder: 'Kingfisher Social Infrastructure SCSp' },
    maturity: '2030-02-28',
    fin: [
      { revenue: 17, margin: 0.165, leverage: 4.0, interestCover: 3.0, cashMonths: 2.6, rcf: { committed: 2.5, drawn: 0 }, leverageHeadroom: 0.3, shareholderLoans: 7, leases: 0.85, netAssetsRatio: 0.3, z: 1.8 },
      { revenue: 18.5, margin: 0.17, leverage: 3.8, interestCover: 3.1, cashMonths: 2.5, rcf: { committed: 2.5, drawn: 0 }, leverageHeadroom: 0.3, shareholderLoans: 7.5, leases: 0.9, netAssetsRatio: 0.3, z: 1.8 },
    ],
  },
  // ---------------------------------------------------------------- PE-backed, not difficult to replace
  {
    key: 'fernhill', name: 'Fernhill Education & Care Ltd', companyNumber: '29150348', kind: 'private',
    intent: intent('red', ['FIN-LEVERAGE', 'FIN-INTEREST-COVER', 'FIN-NET-LIABILITIES', 'FIN-ZSCORE', 'PRF-EXTRACTION'], false, true),
    periods: [FY25, FY26], filedAfter: [144, 149],
    ownership: peOwnership(co('Fernhill Education & Care Ltd', 'GB', '29150348'), {
      chain: [co('Fernhill Topco Ltd', 'GB', '29150356')],
      fund: { ...fund('Birchwood Mid-Market Fund III LP', 'GB'), pct: 75 },
      gp: gp('Birchwood Capital LLP', 'GB'),
      management: [{ ...person('Alastair Finch'), pct: 25 }],
      since: '2022-10-31',
    }),
    footprint: { homes: [24, 26], regions: ['WM', 'EM'], councils: [13, 14], occupancy: [0.86, 0.84] },
    lenders: { senior: 'Whitecliff Credit Opportunities Fund', rcf: 'Whitecliff Credit Opportunities Fund', shareholder: 'Birchwood Mid-Market Fund III LP' },
    maturity: '2028-10-31',
    fin: [
      { revenue: 39, margin: 0.18, leverage: 8.4, interestCover: 1.6, cashMonths: 1.9, rcf: { committed: 5, drawn: 0 }, leverageHeadroom: 0.15, shareholderLoans: 22, leases: 7.5, netAssetsRatio: -0.08 },
      { revenue: 42, margin: 0.17, leverage: 9.1, interestCover: 1.45, cashMonths: 1.8, rcf: { committed: 5, drawn: 1 }, leverageHeadroom: 0.12, shareholderLoans: 25, leases: 8, netAssetsRatio: -0.12 },
    ],
  },
  {
    key: 'kestrel', name: 'Kestrel Care Holdings Ltd', companyNumber: '20893517', kind: 'private',
    intent: intent('amber', ['FIN-LIQUIDITY'], false, true),
    periods: [LONG25, FY26], filedAfter: [150, 141],
    ownership: kestrelOwnership(),
    footprint: { homes: [28, 30], regions: ['NW', 'YH'], councils: [14, 15], occupancy: [0.85, 0.85] },
    lenders: { senior: 'Pennant Bank plc', rcf: 'Pennant Bank plc', shareholder: 'Ravensworth Capital Fund II LP' },
    maturity: '2029-06-30',
    fin: [
      { revenue: 55, margin: 0.18, leverage: 4.6, interestCover: 2.6, cashMonths: 3, rcf: { committed: 4, drawn: 0 }, leverageHeadroom: 0.22, shareholderLoans: 9, leases: 6.5, netAssetsRatio: 0.17, z: 1.45 },
      { revenue: 48, margin: 0.18, leverage: 4.9, interestCover: 2.4, cashMonths: 1.9, rcf: { committed: 4, drawn: 2.5 }, leverageHeadroom: 0.2, shareholderLoans: 10, leases: 7, netAssetsRatio: 0.15, z: 1.4 },
    ],
  },
  {
    key: 'lumen', name: 'Lumen Therapeutic Care Ltd', companyNumber: '21766208', kind: 'private',
    intent: intent('green', [], false, true),
    periods: [CY24, CY25], filedAfter: [97, 104],
    ownership: peOwnership(co('Lumen Therapeutic Care Ltd', 'GB', '21766208'), {
      chain: [co('Lumen Holdco Ltd', 'GB', '21766216')],
      fund: { ...fund('Greenacre Impact Fund LP', 'GB'), pct: 60 },
      gp: gp('Greenacre Impact Partners LLP', 'GB'),
      management: [{ ...person('Dr Miriam Osei'), pct: 40 }],
      since: '2023-03-31',
    }),
    footprint: { homes: [11, 12], regions: ['EE', 'EM'], councils: [8, 9], occupancy: [0.8, 0.83] },
    lenders: { senior: 'Pennant Bank plc', shareholder: 'Greenacre Impact Fund LP' },
    maturity: '2029-12-31',
    fin: [
      { revenue: 15.5, margin: 0.185, leverage: 3.4, interestCover: 3.2, cashMonths: 3.6, leverageHeadroom: 0.3, shareholderLoans: 3.6, leases: 2.3, netAssetsRatio: 0.45, z: 2.0 },
      { revenue: 17, margin: 0.19, leverage: 3.2, interestCover: 3.4, cashMonths: 3.5, leverageHeadroom: 0.3, shareholderLoans: 4, leases: 2.5, netAssetsRatio: 0.5, z: 2.1 },
    ],
  },
  {
    key: 'saltmarsh', name: 'Saltmarsh Care Group Ltd', companyNumber: '22905741', kind: 'private',
    // green under 2026.x; 7.7% of revenue to its owners' companies makes it amber under 2027.1
    intent: intent('amber', ['PRF-EXTRACTION'], false, true),
    periods: [SEP24, SEP25], filedAfter: [136, 143],
    ownership: peOwnership(co('Saltmarsh Care Group Ltd', 'GB', '22905741'), {
      chain: [co('Saltmarsh Midco Ltd', 'GB', '22905759'), co('Saltmarsh Topco Ltd', 'JE')],
      fund: { ...fund('Halcyon Peak Partners I LP', 'JE'), pct: 55 },
      gp: gp('Halcyon Peak GP Ltd', 'JE'),
      coInvestors: [{ ...co('Ballasalla Family Holdings Ltd', 'IM'), pct: 30 }],
      management: [{ ...co('Saltmarsh Management Ltd', 'GB', '22905767'), pct: 15 }],
      since: '2023-09-29',
    }),
    footprint: { homes: [26, 28], fostering: [60], regions: ['EE', 'SE'], councils: [15, 17], occupancy: [0.84, 0.85] },
    lenders: { senior: 'Westbury & Hale Bank plc', rcf: 'Westbury & Hale Bank plc', shareholder: 'Halcyon Peak Partners I LP' },
    maturity: '2029-03-31',
    fin: [
      { revenue: 56, margin: 0.195, leverage: 4.7, interestCover: 2.7, cashMonths: 2.6, rcf: { committed: 6, drawn: 0 }, leverageHeadroom: 0.22, coverHeadroom: 0.3, shareholderLoans: 16.5, leases: 8.5, netAssetsRatio: 0.24, z: 1.45 },
      { revenue: 61, margin: 0.2, leverage: 4.5, interestCover: 2.8, cashMonths: 2.5, rcf: { committed: 6, drawn: 0 }, leverageHeadroom: 0.25, coverHeadroom: 0.3, shareholderLoans: 18, leases: 9, netAssetsRatio: 0.25, z: 1.5 },
    ],
  },
  // ---------------------------------------------------------------- other private
  {
    key: 'greystone', name: 'Greystone Residential Care Ltd', companyNumber: '23471096', kind: 'private',
    intent: intent('amber', ['OWN-OPACITY', 'PRF-EXTRACTION'], false, false),
    periods: [FY25, FY26], filedAfter: [128, 137],
    ownership: greystoneOwnership(),
    footprint: { homes: [19, 20], regions: ['NW', 'WM'], councils: [10, 11], occupancy: [0.85, 0.85] },
    lenders: { senior: 'Pennant Bank plc' },
    maturity: '2030-06-30',
    fin: [
      { revenue: 25, margin: 0.21, leverage: 2.3, interestCover: 5.2, cashMonths: 3.3, leverageHeadroom: 0.33, leases: 3.8, netAssetsRatio: 0.55 },
      { revenue: 27, margin: 0.22, leverage: 2.1, interestCover: 5.5, cashMonths: 3.2, leverageHeadroom: 0.35, leases: 4, netAssetsRatio: 0.6 },
    ],
  },
  {
    key: 'ashdown', name: 'Ashdown House Care Ltd', companyNumber: '24390512', kind: 'private',
    intent: intent('red', ['CMP-LATE'], false, false),
    // 2025's return came in on 22 October 2026: more than nine months late.
    periods: [CY24, CY25], filedAfter: [141, 295],
    ownership: ownedBy(co('Ashdown House Care Ltd', 'GB', '24390512'), [{ ...person('Sandra Whitlock'), pct: 100 }], co('Ashdown Care Holdings Ltd', 'GB', '24390520'), '2011-04-01'),
    footprint: { homes: [8, 9], regions: ['SE'], councils: [6, 7], occupancy: [0.85, 0.8] },
    lenders: { senior: 'Pennant Bank plc' },
    maturity: '2031-04-30',
    fin: [
      { revenue: 9.6, margin: 0.17, leverage: 1.4, interestRatePct: 7.5, cashMonths: 3.5, leases: 0.8, netAssetsRatio: 0.75 },
      { revenue: 10.5, margin: 0.16, leverage: 1.2, interestRatePct: 7.5, cashMonths: 3.4, leases: 0.9, netAssetsRatio: 0.8 },
    ],
  },
  {
    key: 'pennine', name: 'Pennine Fostering Services Ltd', companyNumber: '25847263', kind: 'private',
    intent: intent('amber', ['CMP-LATE'], false, false),
    // The 2025/26 return came in on 6 November 2026: between six and nine months late.
    periods: [FY25, FY26], filedAfter: [156, 220],
    ownership: ownedBy(co('Pennine Fostering Services Ltd', 'GB', '25847263'), [
      { name: 'The Hargreaves Family Trust', kind: 'trust', jurisdiction: 'GB', pct: 75 }, { ...person('Ian Hargreaves'), pct: 25 },
    ], undefined, '2009-07-01'),
    footprint: { homes: [0, 0], fostering: [95], regions: ['YH'], councils: [7, 8], occupancy: [0.78, 0.8] },
    fin: [
      { revenue: 4.3, margin: 0.11, cashMonths: 3.8, leases: 0.3, netAssetsRatio: 1.4 },
      { revenue: 4.6, margin: 0.12, cashMonths: 3.5, leases: 0.3, netAssetsRatio: 1.5 },
    ],
  },
  {
    key: 'cobalt', name: 'Cobalt Care Solutions Ltd', companyNumber: '26170839', kind: 'private',
    intent: intent('amber', ['FIN-INTEREST-COVER'], false, false),
    periods: [FY25, FY26], filedAfter: [118, 126],
    ownership: ownedBy(co('Cobalt Care Solutions Ltd', 'GB', '26170839'), [{ ...person('Marcus Delaney'), pct: 60 }, { ...person('Aisha Rahman'), pct: 40 }], co('Cobalt Care Group Ltd', 'GB', '26170847'), '2016-02-01'),
    footprint: { homes: [15, 17], regions: ['EM', 'YH'], councils: [9, 10], occupancy: [0.84, 0.84] },
    lenders: { senior: 'Westbury & Hale Bank plc', rcf: 'Westbury & Hale Bank plc' },
    maturity: '2029-01-31',
    fin: [
      { revenue: 18.5, margin: 0.17, leverage: 4.9, interestCover: 2.1, cashMonths: 2.6, rcf: { committed: 2, drawn: 0 }, leverageHeadroom: 0.18, coverHeadroom: 0.22, leases: 2.8, netAssetsRatio: 0.22, z: 1.5 },
      { revenue: 21, margin: 0.16, leverage: 5.2, interestCover: 1.75, cashMonths: 2.4, rcf: { committed: 2, drawn: 0 }, leverageHeadroom: 0.15, coverHeadroom: 0.17, leases: 3, netAssetsRatio: 0.2, z: 1.5 },
    ],
  },
  {
    key: 'beaconhill', name: 'Beacon Hill Care Ltd', companyNumber: '27002461', kind: 'private',
    intent: intent('red', ['FIN-GOING-CONCERN'], false, false),
    periods: [FY25, FY26], filedAfter: [161, 168],
    ownership: ownedBy(co('Beacon Hill Care Ltd', 'GB', '27002461'), [{ ...person('Graham Pickering'), pct: 100 }], co('Beacon Hill Holdings Ltd', 'GB', '27002470'), '2013-09-01'),
    footprint: { homes: [12, 11], regions: ['YH'], councils: [8, 7], occupancy: [0.8, 0.72] },
    lenders: { senior: 'Pennant Bank plc' },
    maturity: '2029-12-31',
    fin: [
      { revenue: 13.5, margin: 0.07, leverage: 3.2, interestCover: 2.8, cashMonths: 3.4, leases: 1.5, netAssetsRatio: 0.15 },
      // The auditor qualified the opinion (records of agency staff costs) and reported a material uncertainty.
      { revenue: 13, margin: 0.06, leverage: 3.5, interestCover: 2.4, cashMonths: 3.2, leases: 1.5, netAssetsRatio: 0.1, goingConcern: true, opinion: 'qualified' },
    ],
  },
  {
    key: 'quayside', name: 'Quayside Care Ltd', companyNumber: '27745195', kind: 'private',
    intent: intent('amber', ['FIN-NET-LIABILITIES'], false, false),
    periods: [FY25, FY26], filedAfter: [133, 140],
    ownership: ownedBy(co('Quayside Care Ltd', 'GB', '27745195'), [{ ...person('Owen Pritchard'), pct: 50 }, { ...person('Lucy Pritchard'), pct: 50 }], co('Quayside Care Holdings Ltd', 'GB', '27745203'), '2017-05-15'),
    footprint: { homes: [10, 11], regions: ['NE', 'YH'], councils: [6, 7], occupancy: [0.82, 0.83] },
    lenders: { senior: 'Tyne & Wear Capital Partners LLP', shareholder: 'Owen and Lucy Pritchard (directors)' },
    maturity: '2030-05-31',
    fin: [
      { revenue: 11.2, margin: 0.135, leverage: 1.1, interestRatePct: 8, cashMonths: 3.5, shareholderLoans: 3.9, leases: 1.2, netAssetsRatio: 0.03 },
      { revenue: 12, margin: 0.13, leverage: 1.0, interestRatePct: 8, cashMonths: 3.4, shareholderLoans: 4.2, leases: 1.3, netAssetsRatio: -0.06 },
    ],
  },
  {
    key: 'elmfield', name: 'Elmfield Care Ltd', companyNumber: '28264037', kind: 'private',
    intent: intent('green', [], false, false),
    periods: [CY24, CY25], filedAfter: [112, 120],
    ownership: ownedBy(co('Elmfield Care Ltd', 'GB', '28264037'), [{ ...person('Rajesh Khanna'), pct: 70 }, { ...person('Priya Khanna'), pct: 30 }], co('Elmfield Group Holdings Ltd', 'GB', '28264045'), '2012-03-01'),
    footprint: { homes: [13, 14], regions: ['WM'], councils: [8, 8], occupancy: [0.86, 0.85] },
    lenders: { senior: 'Pennant Bank plc' },
    maturity: '2029-04-30',
    fin: [
      { revenue: 14.8, margin: 0.2, leverage: 1.7, interestCover: 5.6, cashMonths: 3.3, leverageHeadroom: 0.45, leases: 1.9, netAssetsRatio: 0.85 },
      { revenue: 16, margin: 0.2, leverage: 1.5, interestCover: 6, cashMonths: 3.2, leverageHeadroom: 0.45, leases: 2, netAssetsRatio: 0.9 },
    ],
  },
  {
    key: 'thornbury', name: 'Thornbury Homes Ltd', companyNumber: '28637520', kind: 'private',
    intent: intent('green', [], false, false),
    periods: [FY25, FY26], filedAfter: [99, 107],
    ownership: ownedBy(co('Thornbury Homes Ltd', 'GB', '28637520'), [{ name: 'The Thornbury Family Settlement', kind: 'trust', jurisdiction: 'GB', pct: 100 }], undefined, '2008-10-01'),
    footprint: { homes: [10, 11], regions: ['SW', 'WM'], councils: [7, 7], occupancy: [0.85, 0.84] },
    fin: [
      { revenue: 11, margin: 0.175, cashMonths: 3.7, leases: 1.4, netAssetsRatio: 1.15 },
      { revenue: 12, margin: 0.18, cashMonths: 3.6, leases: 1.5, netAssetsRatio: 1.2 },
    ],
    // First filed with total equity keyed £250,000 short, so the balance sheet did not balance.
    drafts: [{ period: 1, earlier: [{ patch: (b) => { b.accounts.totalEquity -= 250_000 }, daysAfterFiling: 0 }], finalAfter: 9 }],
  },
  {
    key: 'larkspur', name: "Larkspur Children's Homes Ltd", companyNumber: 'SC904417', kind: 'private',
    intent: intent('green', [], false, false),
    periods: [CY24, CY25], filedAfter: [120, 116],
    ownership: ownedBy(co("Larkspur Children's Homes Ltd", 'GB', 'SC904417'), [{ ...person('Fiona McAllister'), pct: 100 }], undefined, '2014-06-01'),
    footprint: { homes: [7, 8], regions: ['NE', 'NW'], councils: [5, 6], occupancy: [0.84, 0.84] },
    lenders: { senior: 'Caledon Mercantile Bank plc' },
    maturity: '2030-12-31',
    fin: [
      { revenue: 7.6, margin: 0.165, leverage: 1.2, interestRatePct: 7, cashMonths: 3.4, leases: 0.7, netAssetsRatio: 0.85 },
      { revenue: 8.4, margin: 0.17, leverage: 1.0, interestRatePct: 7, cashMonths: 3.3, leases: 0.8, netAssetsRatio: 0.9 },
    ],
  },
  {
    key: 'marlowe', name: 'Marlowe Fostering Ltd', companyNumber: 'NI907733', kind: 'private',
    intent: intent('green', [], false, false),
    periods: [CY24, CY25], filedAfter: [138, 131],
    ownership: ownedBy(co('Marlowe Fostering Ltd', 'GB', 'NI907733'), [{ ...person('Siobhan Marlowe'), pct: 50 }, { ...person('Conor Marlowe'), pct: 50 }], undefined, '2015-01-12'),
    footprint: { homes: [0, 0], fostering: [110], regions: ['NW', 'WM'], councils: [9, 10], occupancy: [0.8, 0.8] },
    fin: [
      { revenue: 6.3, margin: 0.135, cashMonths: 3.9, leases: 0.4, netAssetsRatio: 1.3 },
      { revenue: 6.8, margin: 0.14, cashMonths: 3.8, leases: 0.4, netAssetsRatio: 1.4 },
    ],
  },
  {
    key: 'silverbirch', name: 'Silverbirch Homes Ltd', companyNumber: '29581302', kind: 'private',
    intent: intent('green', [], false, false),
    periods: [CY24, CY25], filedAfter: [127, 133],
    ownership: ownedBy(co('Silverbirch Homes Ltd', 'GB', '29581302'), [{ name: 'Silverbirch Family Trust', kind: 'trust', jurisdiction: 'GB', pct: 100 }], co('Silverbirch Holdings Ltd', 'GB', '29581310'), '2010-11-30'),
    footprint: { homes: [9, 10], regions: ['EE'], councils: [6, 6], occupancy: [0.83, 0.85] },
    lenders: { senior: 'Westbury & Hale Bank plc' },
    maturity: '2031-06-30',
    fin: [
      { revenue: 10.2, margin: 0.185, leverage: 0.9, interestRatePct: 7, cashMonths: 4, leases: 1.1, netAssetsRatio: 1.05 },
      { revenue: 11, margin: 0.19, leverage: 0.8, interestRatePct: 7, cashMonths: 4, leases: 1.2, netAssetsRatio: 1.1 },
    ],
  },
  {
    key: 'redwood', name: 'Redwood Therapeutic Communities Ltd', companyNumber: '20218649', kind: 'private',
    intent: intent('green', [], false, false),
    periods: [FY25, FY26], filedAfter: [90, 96],
    ownership: ownedBy(co('Redwood Therapeutic Communities Ltd', 'GB', '20218649'), [{ ...person('Dr Edward Vance'), pct: 100 }], undefined, '2006-09-01'),
    footprint: { homes: [6, 7], regions: ['SE'], councils: [5, 6], occupancy: [0.85, 0.86] },
    fin: [
      { revenue: 8.3, margin: 0.2, cashMonths: 4.6, leases: 0.9, netAssetsRatio: 1.7 },
      { revenue: 9, margin: 0.21, cashMonths: 4.5, leases: 1, netAssetsRatio: 1.8 },
    ],
  },
  // ---------------------------------------------------------------- voluntary
  {
    key: 'hopelane', name: "Hope Lane Children's Trust", companyNumber: '20655381', kind: 'voluntary',
    designated: 'National fostering charity: about 360 children placed by 48 councils',
    intent: intent('green', [], true, false),
    periods: [AUG24, AUG25], filedAfter: [146, 152],
    ownership: selfOwned({ name: "Hope Lane Children's Trust", kind: 'charity', jurisdiction: 'GB', companyNumber: '20655381' }),
    footprint: { homes: [14, 14], fostering: [150, 130, 110], regions: ['NW', 'WM', 'SW', 'LN'], national: true, councils: [44, 48], occupancy: [0.8, 0.8] },
    fin: [
      { revenue: 35.5, margin: 0.04, daPct: 0.02, fileEbitda: false, cashMonths: 4.6, leases: 1.4, otherLiabilities: 0.1, netAssetsRatio: 2.9 },
      { revenue: 38, margin: 0.045, daPct: 0.02, fileEbitda: false, cashMonths: 4.5, leases: 1.5, otherLiabilities: 0.1, netAssetsRatio: 3.0 },
    ],
    // 2023/24 was first filed without one council's placement line.
    drafts: [{ period: 0, earlier: [{ patch: (b) => { b.placements.pop() }, daysAfterFiling: 0 }], finalAfter: 14 }],
  },
  {
    key: 'staidans', name: "St Aidan's Children's Society", companyNumber: '21309764', kind: 'voluntary',
    intent: intent('green', [], false, false),
    periods: [AUG24, AUG25], filedAfter: [158, 149],
    ownership: selfOwned({ name: "St Aidan's Children's Society", kind: 'charity', jurisdiction: 'GB', companyNumber: '21309764' }),
    footprint: { homes: [5, 6], regions: ['NE'], councils: [4, 5], occupancy: [0.8, 0.82] },
    fin: [
      { revenue: 3.9, margin: 0.045, daPct: 0.02, fileEbitda: false, cashMonths: 5, leases: 0.2, otherLiabilities: 0.1, netAssetsRatio: 3.4 },
      { revenue: 4.2, margin: 0.05, daPct: 0.02, fileEbitda: false, cashMonths: 5, leases: 0.2, otherLiabilities: 0.1, netAssetsRatio: 3.5 },
    ],
  },
  {
    key: 'brackenwood', name: 'Brackenwood Trust', companyNumber: '22478106', kind: 'voluntary',
    intent: intent('green', [], false, false),
    periods: [AUG24, AUG25], filedAfter: [139, 144],
    ownership: selfOwned({ name: 'Brackenwood Trust', kind: 'charity', jurisdiction: 'GB', companyNumber: '22478106' }),
    footprint: {
      homes: [9, 10], extra: [{ kind: 'residential_family_centre', name: 'Brackenwood Family Assessment Centre', places: 8 }],
      regions: ['SW'], councils: [6, 7], occupancy: [0.8, 0.82],
    },
    lenders: { senior: 'Cornerstone Social Lending Ltd' },
    maturity: '2034-08-31',
    fin: [
      { revenue: 7.7, margin: 0.055, daPct: 0.025, fileEbitda: false, thirdPartyDebt: 1.3, interestRatePct: 6, cashMonths: 5, leases: 0.3, otherLiabilities: 0.1, netAssetsRatio: 2.4 },
      { revenue: 8.2, margin: 0.06, daPct: 0.025, fileEbitda: false, thirdPartyDebt: 1.2, interestRatePct: 6, cashMonths: 5, leases: 0.3, otherLiabilities: 0.1, netAssetsRatio: 2.5 },
    ],
  },
  {
    key: 'oasis', name: 'Oasis Family Placement', companyNumber: '23014582', kind: 'voluntary',
    intent: intent('amber', ['FIN-DETERIORATION'], false, false),
    periods: [FY25, FY26], filedAfter: [150, 155],
    ownership: selfOwned({ name: 'Oasis Family Placement', kind: 'charity', jurisdiction: 'GB', companyNumber: '23014582' }),
    footprint: { homes: [0, 0], fostering: [70], regions: ['LN', 'SE'], councils: [8, 9], occupancy: [0.8, 0.78] },
    // Deficits two years running, funded from reserves.
    fin: [
      { revenue: 3.7, margin: -0.005, daPct: 0.01, fileEbitda: false, cashMonths: 4.5, leases: 0.1, otherLiabilities: 0.1, netAssetsRatio: 3.2 },
      { revenue: 3.6, margin: -0.01, daPct: 0.01, fileEbitda: false, cashMonths: 4, leases: 0.1, otherLiabilities: 0.1, netAssetsRatio: 3.0 },
    ],
  },
  // ---------------------------------------------------------------- local-authority trading companies
  {
    key: 'brindle', name: "Brindle Children's Services Ltd", companyNumber: '24755960', kind: 'local_authority',
    intent: intent('green', [], false, false),
    periods: [FY25, FY26], filedAfter: [113, 121],
    ownership: ownedBy(co("Brindle Children's Services Ltd", 'GB', '24755960'), [{ name: 'Lancashire County Council', kind: 'public_body', jurisdiction: 'GB', pct: 100 }], undefined, '2019-04-01'),
    footprint: {
      homes: [14, 15], extra: [{ kind: 'secure', name: 'Brindle Secure Children\'s Home', places: 12 }],
      regions: ['NW'], councils: [6, 7], occupancy: [0.85, 0.85], focus: { laCode: 'E10000017', children: [40, 44] },
    },
    fin: [
      { revenue: 17.5, margin: 0.045, daPct: 0.025, fileEbitda: false, cashMonths: 3.6, leases: 0.5, netAssetsRatio: 2.0 },
      { revenue: 19, margin: 0.05, daPct: 0.025, fileEbitda: false, cashMonths: 3.5, leases: 0.5, netAssetsRatio: 2.1 },
    ],
  },
  {
    key: 'riverside', name: 'Riverside Homes for Children Ltd', companyNumber: '25602784', kind: 'local_authority',
    intent: intent('amber', ['FIN-DETERIORATION'], false, false),
    periods: [FY25, FY26], filedAfter: [106, 112],
    ownership: ownedBy(co('Riverside Homes for Children Ltd', 'GB', '25602784'), [{ name: 'Wigan Council', kind: 'public_body', jurisdiction: 'GB', pct: 100 }], undefined, '2020-04-01'),
    footprint: { homes: [10, 10], regions: ['NW'], councils: [4, 5], occupancy: [0.85, 0.84], focus: { laCode: 'E08000010', children: [24, 26] } },
    // Agency staffing cut EBITDA by a third (£660,000 → £438,000).
    fin: [
      { revenue: 12, margin: 0.055, daPct: 0.02, cashMonths: 3.8, leases: 0.4, netAssetsRatio: 2.0 },
      { revenue: 12.5, margin: 0.035, daPct: 0.02, cashMonths: 3.5, leases: 0.4, netAssetsRatio: 2.0 },
    ],
  },
  {
    key: 'kingsgate', name: 'Kingsgate Care Partnership Ltd', companyNumber: '26381957', kind: 'local_authority',
    intent: intent('green', [], false, false),
    periods: [FY25, FY26], filedAfter: [101, 110],
    ownership: ownedBy(co('Kingsgate Care Partnership Ltd', 'GB', '26381957'), [
      { name: 'Royal Borough of Greenwich', kind: 'public_body', jurisdiction: 'GB', pct: 50 },
      { name: 'London Borough of Lewisham', kind: 'public_body', jurisdiction: 'GB', pct: 50 },
    ], undefined, '2021-04-01'),
    footprint: { homes: [8, 9], regions: ['LN'], councils: [5, 6], occupancy: [0.84, 0.85] },
    fin: [
      { revenue: 9.1, margin: 0.055, daPct: 0.02, cashMonths: 4.1, leases: 0.6, netAssetsRatio: 1.8 },
      { revenue: 9.8, margin: 0.06, daPct: 0.02, cashMonths: 4, leases: 0.6, netAssetsRatio: 1.9 },
    ],
    // First filed with one home's registered places mis-keyed (corrected by the amendment).
    drafts: [{ period: 1, earlier: [{ patch: (b) => { b.settings[0] = { ...b.settings[0], places: b.settings[0].places === 5 ? 6 : 5 } }, daysAfterFiling: 0 }], finalAfter: 23 }],
  },
]

// ---------------------------------------------------------------------------------------------
// Profit and extraction (ruleset 2027.1's parts of a return), both periods alike
//
// Weekly fees: children's homes £6,000–£9,000 a placement week (more for specialist homes),
// independent fostering £1,050–£1,200; what revenue the two lines leave is the `other` line
// (schools and other services, placement weeks only for secure and family-centre places). Margins:
// the largest homes groups make 16–20% operating margins, 20–23% with the rent and fees their
// owners' companies charge added back (the CMA's 22.6%). Extraction: the funds' loan notes roll up
// 10% interest; several funds own the homes through a property company that charges the group rent
// (relatedRentShare 52–85%); fund managers charge monitoring fees; founders take dividends or own
// the houses. Intended outcome, latest period:
//
// | key         | extraction | adjusted margin | PRF flags                          | how                                     |
// |-------------|------------|-----------------|------------------------------------|-----------------------------------------|
// | harbourline | 12.0%      | 18.0%           | EXTRACTION a, RELATED-PROPERTY     | propco rent, £16.5m loan-note interest  |
// | northstar   | 10.8%      | 22.6%           | EXTRACTION a, MARGIN, RELATED-PROP | propco rent, loan notes, fees           |
// | meridian    | 5.5%       | 14.5%           | EXTRACTION a                       | loan notes, fees (fostering)            |
// | oakridge    | 15.6%      | 5.8%            | EXTRACTION a, RELATED-PROPERTY     | propco rent while EBITDA collapses      |
// | cedarbrook  | —          | —               | —                                  | no relatedParties section filed         |
// | foxglove    | 14.6%      | 23.1%           | EXTRACTION a, MARGIN, RELATED-PROP | £12m loan-note interest, propco rent    |
// | willowmere  | 4.6%       | 20.1%           | MARGIN, RELATED-PROPERTY           | just under the extraction line: green   |
// | fernhill    | 11.4%      | 19.4%           | EXTRACTION a, RELATED-PROPERTY     | loan notes, propco rent                 |
// | saltmarsh   | 7.7%       | 21.8%           | EXTRACTION a, MARGIN, RELATED-PROP | green under 2026.x, amber under 2027.1  |
// | greystone   | 8.0%       | 27.0%           | EXTRACTION a, MARGIN, RELATED-PROP | the BVI owner owns the homes            |
// | silverbirch | 4.8%       | 20.8%           | MARGIN, RELATED-PROPERTY           | the family trust's company owns homes   |
// | redwood     | 4.2%       | 22.2%           | MARGIN, RELATED-PROPERTY           | the founder owns the houses             |
// | ashdown, staidans, kingsgate: none of the new parts filed (every new metric but the margins undefined);
// | kestrel: no profit before tax, rent or directors' pay filed (leakage undefined).
// Every other group files all three parts and stays under every PRF line.

const fund_ = (name: string, share = 1): RelatedPartySpec => ({ name, relationship: 'owner', ref: 'fund', loanInterestShare: share })
const manager = (name: string, feesPct: number): RelatedPartySpec => ({ name, relationship: 'owner_affiliate', ref: 'gp', feesPct })
const propco = (name: string, rentShare: number): RelatedPartySpec => ({ name, relationship: 'owner_affiliate', rentShare })
const owner = (name: string, ref: string, over: Partial<RelatedPartySpec>): RelatedPartySpec => ({ name, relationship: 'owner', ref, ...over })
const homesAnd = (homes: number, fostering = 1100) => ({ homes, fostering })

const PROFIT: Record<string, ProfitSpec> = {
  harbourline: {
    services: homesAnd(8500), accounts: { rentPct: 0.09, directorsPct: 0.004 },
    relatedParties: [fund_('Lyndhurst Capital Partners IV LP'), manager('Lyndhurst Capital GP IV Ltd', 0.005), propco('Lyndhurst Care Property Holdings Ltd', 0.7)],
  },
  northstar: {
    services: homesAnd(8000, 1150), accounts: { rentPct: 0.08, directorsPct: 0.005 },
    relatedParties: [fund_('Aldgate Square Partners III SCSp'), manager('Aldgate Square GP S.à r.l.', 0.006), propco('Aldgate Square Property Partners LLP', 0.75)],
  },
  meridian: {
    services: { homes: 6500, fostering: 1150 }, accounts: { rentPct: 0.03, directorsPct: 0.008 },
    relatedParties: [fund_('Saltire Bridge Capital Fund II LP'), manager('Saltire Bridge Capital (GP) Ltd', 0.015)],
  },
  oakridge: {
    services: { homes: 9000 }, accounts: { rentPct: 0.11, directorsPct: 0.005 },
    relatedParties: [fund_('Cormorant Growth Partners LP'), manager('Cormorant Capital Management Ltd', 0.006), propco('Cormorant Property Co Ltd', 0.85)],
  },
  // the fund files no related-party schedule: extraction and the adjusted margin are not measurable
  cedarbrook: { services: homesAnd(7500), accounts: { rentPct: 0.07, directorsPct: 0.005 } },
  brightpath: {
    services: { homes: 8000 }, accounts: { rentPct: 0.08, directorsPct: 0.006 },
    relatedParties: [fund_('Calder Ridge Equity Fund I LP'), manager('Calder Ridge Capital (Jersey) Ltd', 0.005)],
  },
  tynevale: {
    services: { homes: 7000 }, accounts: { rentPct: 0.08, directorsPct: 0.008 },
    relatedParties: [fund_('Wansbeck Equity Partners II LP'), manager('Wansbeck Equity (GP) Ltd', 0.006)],
  },
  foxglove: {
    services: { homes: 8500 }, accounts: { rentPct: 0.09, directorsPct: 0.005 },
    relatedParties: [fund_('Marrick Capital Partners V LP'), manager('Marrick Capital LLP', 0.007), propco('Marrick Real Estate Fund I LP', 0.6)],
  },
  willowmere: {
    services: homesAnd(8500), accounts: { rentPct: 0.08, directorsPct: 0.004 },
    relatedParties: [manager('Thornhaven Capital Management S.à r.l.', 0.004), propco('Thornhaven Real Estate S.à r.l.', 0.52)],
  },
  evergreen: {
    services: { fostering: 1100 }, accounts: { rentPct: 0.03, directorsPct: 0.01 },
    relatedParties: [fund_('Kingfisher Social Infrastructure SCSp'), manager('Kingfisher Social Infrastructure GP S.à r.l.', 0.003)],
  },
  fernhill: {
    services: { homes: 7500 }, accounts: { rentPct: 0.08, directorsPct: 0.006 },
    relatedParties: [fund_('Birchwood Mid-Market Fund III LP'), manager('Birchwood Capital LLP', 0.006), propco('Birchwood Property Ltd', 0.6)],
  },
  // no profit before tax, rent or directors' pay filed: leakage is not measurable
  kestrel: {
    services: { homes: 7500 },
    relatedParties: [fund_('Ravensworth Capital Fund II LP'), manager('Ravensworth Capital LLP', 0.004)],
  },
  lumen: { services: { homes: 7000 }, accounts: { rentPct: 0.07, directorsPct: 0.01 }, relatedParties: [fund_('Greenacre Impact Fund LP')] },
  saltmarsh: {
    services: homesAnd(8000), accounts: { rentPct: 0.07, directorsPct: 0.006 },
    relatedParties: [fund_('Halcyon Peak Partners I LP'), manager('Halcyon Peak GP Ltd', 0.009), propco('Halcyon Peak Property Ltd', 0.55)],
  },
  greystone: {
    services: { homes: 7000 }, accounts: { rentPct: 0.07, directorsPct: 0.01 },
    relatedParties: [owner('Castlegate Investments Ltd', 'castlegate', { rentShare: 1, feesPct: 0.01 })],
  },
  pennine: {
    services: { fostering: 1150 }, accounts: { rentPct: 0.03, directorsPct: 0.02 },
    relatedParties: [owner('The Hargreaves Family Trust', 'owner1', { dividendsPct: 0.02 })],
  },
  cobalt: {
    services: { homes: 6500 }, accounts: { rentPct: 0.07, directorsPct: 0.015 },
    relatedParties: [owner('Marcus Delaney', 'owner1', { dividendsPct: 0.008 }), owner('Aisha Rahman', 'owner2', { dividendsPct: 0.006 })],
  },
  beaconhill: {
    services: { homes: 6500 }, accounts: { rentPct: 0.08, directorsPct: 0.02 },
    relatedParties: [owner('Graham Pickering', 'owner1', { rentShare: 0.4 })],
  },
  quayside: {
    services: { homes: 6500 }, accounts: { rentPct: 0.07, directorsPct: 0.03 },
    relatedParties: [
      { name: 'Owen Pritchard', relationship: 'director', ref: 'owner1', loanInterestShare: 0.5 },
      { name: 'Lucy Pritchard', relationship: 'director', ref: 'owner2', loanInterestShare: 0.5 },
    ],
  },
  elmfield: {
    services: { homes: 6500 }, accounts: { rentPct: 0.07, directorsPct: 0.02 },
    relatedParties: [owner('Rajesh Khanna', 'owner1', { dividendsPct: 0.014 }), owner('Priya Khanna', 'owner2', { dividendsPct: 0.006 })],
  },
  thornbury: {
    services: { homes: 6000 }, accounts: { rentPct: 0.06, directorsPct: 0.02 },
    relatedParties: [owner('The Thornbury Family Settlement', 'owner1', { dividendsPct: 0.02 })],
  },
  larkspur: {
    services: { homes: 6000 }, accounts: { rentPct: 0.07, directorsPct: 0.03 },
    relatedParties: [owner('Fiona McAllister', 'owner1', { dividendsPct: 0.03 })],
  },
  marlowe: {
    services: { fostering: 1200 }, accounts: { rentPct: 0.03, directorsPct: 0.04 },
    relatedParties: [owner('Siobhan Marlowe', 'owner1', { dividendsPct: 0.01 }), owner('Conor Marlowe', 'owner2', { dividendsPct: 0.01 })],
  },
  silverbirch: {
    services: { homes: 6500 }, accounts: { rentPct: 0.08, directorsPct: 0.02 },
    relatedParties: [{ name: 'Silverbirch Estates Ltd', relationship: 'owner_affiliate', rentShare: 0.6 }],
  },
  redwood: {
    services: { homes: 8000 }, accounts: { rentPct: 0.06, directorsPct: 0.03 },
    relatedParties: [owner('Dr Edward Vance', 'owner1', { rentShare: 0.7 })],
  },
  hopelane: { services: homesAnd(7000, 1050), accounts: { rentPct: 0.04, directorsPct: 0.004 }, relatedParties: [] },
  brackenwood: { services: { homes: 5000 }, accounts: { rentPct: 0.03, directorsPct: 0 }, relatedParties: [] },
  oasis: { services: { fostering: 1100 }, accounts: { rentPct: 0.03, directorsPct: 0 }, relatedParties: [] },
  brindle: { services: { homes: 5500 }, accounts: { rentPct: 0.02, directorsPct: 0.01 }, relatedParties: [] },
  riverside: {
    services: { homes: 6500 }, accounts: { rentPct: 0.02, directorsPct: 0.01 },
    relatedParties: [{ name: 'Wigan Council', relationship: 'owner', ref: 'owner1', otherPct: 0.012 }],
  },
}

// ---------------------------------------------------------------------------------------------
// Hand-built structures

/**
 * Kestrel: the fund owns 70% of Kestrel Group Holdings; Kestrel Partners owns the other 30% and is
 * itself 40% owned by Kestrel Group Holdings (a cross-holding) and 60% by two managers. The fund,
 * a root, owns into the cycle, so it resolves fully: fund 0.7/0.88 = 79.5%, managers 11.9% and 8.5%.
 */
function kestrelOwnership(): OwnershipGraph {
  const since = '2022-12-16'
  return new GraphBuilder('opco')
    .entity('opco', co('Kestrel Care Holdings Ltd', 'GB', '20893517'))
    .entity('groupholdings', co('Kestrel Group Holdings Ltd', 'GB', '20893525'))
    .entity('partners', co('Kestrel Partners Ltd', 'GB', '20893533'))
    .entity('fund', fund('Ravensworth Capital Fund II LP', 'GB'))
    .entity('gp', gp('Ravensworth Capital LLP', 'GB'))
    .entity('manager1', person('Ruth Calloway'))
    .entity('manager2', person('Tom Hendry'))
    .owns('groupholdings', 'opco', { sharesPct: 100, since })
    .owns('fund', 'groupholdings', { sharesPct: 70, since })
    .owns('partners', 'groupholdings', { sharesPct: 30, since })
    .owns('groupholdings', 'partners', { sharesPct: 40, since })
    .owns('manager1', 'partners', { sharesPct: 35, since })
    .owns('manager2', 'partners', { sharesPct: 25, since })
    .owns('gp', 'fund', { control: true, since })
    .graph()
}

/**
 * Greystone: the holding company is 40% owned by a BVI company and 22% by the founder; the holders
 * of the other 38% are not declared. resolvedPct = 62 (< 75): OWN-OPACITY.
 */
function greystoneOwnership(): OwnershipGraph {
  const since = '2017-08-01'
  return new GraphBuilder('opco')
    .entity('opco', co('Greystone Residential Care Ltd', 'GB', '23471096'))
    .entity('holdco', co('Greystone Holdings Ltd', 'GB', '23471104'))
    .entity('castlegate', co('Castlegate Investments Ltd', 'VG'))
    .entity('founder', person('Peter Greaves'))
    .owns('holdco', 'opco', { sharesPct: 100, since })
    .owns('castlegate', 'holdco', { sharesPct: 40, since })
    .owns('founder', 'holdco', { sharesPct: 22, since })
    .graph()
}

// ---------------------------------------------------------------------------------------------
// The market

const clone = <T>(x: T): T => structuredClone(x)

function buildGroup(g: GroupSpec, urns: UrnRegistry, load: CouncilLoad): DemoFiling[] {
  const rng = new Rng(seedOf(g.key, DEMO_SEED))
  const foot = buildFootprint(g.name.replace(/ (Ltd|Group Ltd)$/, ''), g.footprint, rng, urns, load)
  const lenders: Lenders = g.lenders ?? { senior: 'Pennant Bank plc' }
  const maturity = g.maturity ?? '2030-03-31'
  return ([0, 1] as const).map((y) => {
    const period = g.periods[y]
    let fin: ReturnType<typeof buildFinancials>
    try {
      fin = buildFinancials(g.fin[y], period, lenders, maturity)
    } catch (e) {
      throw new Error(`${g.key} ${period.end}: ${(e as Error).message}`)
    }
    const final = annualReturn(period, fin, clone(g.ownership), foot.settings[y], foot.placements[y], PROFIT[g.key])
    const filedAt = timestampAfter(period.end, g.filedAfter[y], rng)
    const drafts = g.drafts?.find((d) => d.period === y)
    if (!drafts) return { providerKey: g.key, body: final, submittedAt: filedAt, amendments: [] }
    const versions = drafts.earlier.map((v) => {
      const body = clone(final)
      v.patch(body)
      return { body, submittedAt: timestampAfter(period.end, g.filedAfter[y] + v.daysAfterFiling, rng) }
    })
    versions[0].submittedAt = filedAt
    versions.push({ body: final, submittedAt: timestampAfter(period.end, g.filedAfter[y] + drafts.finalAfter, rng) })
    const [first, ...amendments] = versions
    return { providerKey: g.key, body: first.body, submittedAt: first.submittedAt, amendments }
  })
}

let cached: DemoMarket | undefined

/** The demo market: providers, and two periods' returns (with amendments) for each. Deterministic. */
export function demoMarket(): DemoMarket {
  if (!cached) {
    const urns = new UrnRegistry()
    const load = new CouncilLoad()
    const providers: DemoProvider[] = GROUPS.map((g) => ({
      key: g.key, name: g.name, companyNumber: g.companyNumber, kind: g.kind,
      ...(g.designated ? { designated: { reason: g.designated } } : {}),
    }))
    const filings = GROUPS.flatMap((g) => buildGroup(g, urns, load))
    cached = { providers, filings }
  }
  return structuredClone(cached)
}

/** What each group's latest return is built to show under ruleset 2027.1, by provider key. */
export function demoIntents(): Record<string, DemoIntent> {
  return Object.fromEntries(GROUPS.map((g) => [g.key, structuredClone(g.intent)]))
}
