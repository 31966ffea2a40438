// Annual returns of any size for tests and benchmarks (tests read them through test/fixtures):
// valid under the schema and under validateReturn (today 2026-11-23, councils = COUNCIL_CODES),
// deterministic for a given seed.
import type {
  Accounts, AnnualReturn, Covenant, Facility, FacilityKind, Placement, Setting, SettingKind,
} from '../domain/annual-return.js'
import type { OwnershipEntity, OwnershipGraph, OwnershipInterest } from '../domain/ownership/types.js'
import { graphToBods } from '../domain/ownership/bods.js'
import { addCalendarMonths } from '../domain/calendar.js'
import { Rng } from './prng.js'
import { referenceCouncils } from '../reference/councils.js'

/** The 153 English councils with children's services, in the order of src/reference/councils.csv. */
export const COUNCIL_CODES: readonly string[] = referenceCouncils().map(c => c.laCode)

/** The date the fixtures are valid against (periodEnd not in the future). */
export const FIXTURE_TODAY = '2026-11-23'

export interface ReturnOptions {
  periodStart?: string
  periodEnd?: string
  /** varies names, figures and URNs, never the shape */
  seed?: number
  /** councils the group works with; placements take the first 60 (or all, if fewer) */
  laCodes?: readonly string[]
}

// ---- dates (UTC, whole days) ----

const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`)
const toIso = (d: Date) => d.toISOString().slice(0, 10)
const addDays = (iso: string, days: number) => {
  const d = toDate(iso)
  d.setUTCDate(d.getUTCDate() + days)
  return toIso(d)
}
const addMonths = addCalendarMonths

/** A twelve-month period unless both ends are given; defaults to the year to 31 March 2026. */
const periodOf = (opts: ReturnOptions) => {
  if (opts.periodStart && opts.periodEnd) return { periodStart: opts.periodStart, periodEnd: opts.periodEnd }
  if (opts.periodStart) return { periodStart: opts.periodStart, periodEnd: addDays(addMonths(opts.periodStart, 12), -1) }
  const periodEnd = opts.periodEnd ?? '2026-03-31'
  return { periodStart: addDays(addMonths(periodEnd, -12), 1), periodEnd }
}

// ---- determinism ----

const randomFrom = (seed: number) => {
  const rng = new Rng(seed * 0x9e3779b1)
  return () => rng.next()
}
const pick = <T>(items: readonly T[], n: number) => items[((n % items.length) + items.length) % items.length]
const thousands = (pounds: number) => Math.round(pounds / 1000) * 1000

const BRANDS = ['Brightwater', 'Hollybank', 'Meadowvale', 'Larkspur', 'Foxglove', 'Harefield', 'Kingfisher', 'Oakwell']
const FUND_HOUSES = ['Harbourside', 'Castlegate', 'Northgate', 'Tidewater']
const HOME_NAMES = ['Oak Lodge', 'Willow House', 'The Beeches', 'Rowan Cottage', 'Cedar View', 'Ashdown House',
  'Holly Grange', 'Birch Cottage', 'Elm Bank', 'Hazel House', 'Laurel Lodge', 'Maple Court', 'Primrose Cottage',
  'Sycamore House', 'Thornfield', 'Yew Tree Farm', 'Juniper House', 'Chestnut Lodge', 'Heather View', 'Alder House']
const PEOPLE = ['Sarah Whitfield', 'James Okafor', 'Priya Raman', 'David Hughes', 'Emma Clarke', 'Tom Lindqvist',
  'Aisha Bello', 'Gareth Powell', 'Helen Marsh', 'Matthew Doyle', 'Ruth Adeyemi', 'Chris Nolan', 'Joanna Pike',
  'Kieran Walsh', 'Laura Benn', 'Nikhil Shah']
const REGIONS = ['North West', 'North East', 'Yorkshire', 'East Midlands', 'West Midlands', 'East of England',
  'London', 'South East', 'South West', 'Cumbria', 'Lancashire', 'Kent', 'Devon', 'Norfolk', 'Essex', 'Durham']

/** Covenants as tested at the period end: leverage ≤ 6.5x, interest cover ≥ 2.0x, liquidity ≥ £5m. */
const covenantsAt = (testDate: string, random: () => number): Covenant[] => [
  { metric: 'leverage', kind: 'max', limit: 6.5, actual: Math.round((4.6 + random() * 1.2) * 100) / 100, testDate },
  { metric: 'interest_cover', kind: 'min', limit: 2, actual: Math.round((2.3 + random() * 0.8) * 100) / 100, testDate },
  { metric: 'liquidity', kind: 'min', limit: 5_000_000, actual: thousands(9_000_000 + random() * 8_000_000), testDate },
]

interface FacilityPlan {
  lender: string
  kind: FacilityKind
  shareholderLoan: boolean
  committed: number
  /** drawn as a share of committed (above 1 for PIK roll-up) */
  drawnShare: number
  years: number
  rate: number
  pik?: boolean
}

const facilityPlans = (brand: string, fund: string): FacilityPlan[] => [
  { lender: 'Kestrel Credit Partners LLP', kind: 'unitranche', shareholderLoan: false, committed: 80e6, drawnShare: 1, years: 5, rate: 9.25 },
  { lender: 'Northern Shires Bank plc', kind: 'revolving_credit', shareholderLoan: false, committed: 15e6, drawnShare: 0.4, years: 4, rate: 7.5 },
  { lender: 'Kestrel Credit Partners LLP', kind: 'term_loan', shareholderLoan: false, committed: 20e6, drawnShare: 0.6, years: 5, rate: 9.5 },
  { lender: `${fund} Capital Partners IV LP`, kind: 'loan_notes', shareholderLoan: true, committed: 110e6, drawnShare: 1.28, years: 8, rate: 12, pik: true },
  { lender: `${brand} Management Nominees Limited`, kind: 'loan_notes', shareholderLoan: true, committed: 8e6, drawnShare: 1.28, years: 8, rate: 12, pik: true },
  { lender: `${fund} Capital IV Co-Invest LP`, kind: 'loan_notes', shareholderLoan: true, committed: 12e6, drawnShare: 1.28, years: 8, rate: 12, pik: true },
  { lender: 'Pennine Residential Property Fund', kind: 'lease', shareholderLoan: false, committed: 14e6, drawnShare: 1, years: 22, rate: 6.1 },
  { lender: 'Civic Homes REIT plc', kind: 'lease', shareholderLoan: false, committed: 11e6, drawnShare: 1, years: 18, rate: 5.8 },
  { lender: 'Greenacre Social Property LP', kind: 'lease', shareholderLoan: false, committed: 9e6, drawnShare: 1, years: 20, rate: 6.4 },
  { lender: 'Albion Care Estates Limited', kind: 'lease', shareholderLoan: false, committed: 6e6, drawnShare: 1, years: 15, rate: 6.9 },
  { lender: 'St Aldhelm Property Trust', kind: 'lease', shareholderLoan: false, committed: 4.5e6, drawnShare: 1, years: 12, rate: 7.2 },
  { lender: 'Wessex Healthcare Property Limited', kind: 'lease', shareholderLoan: false, committed: 3.8e6, drawnShare: 1, years: 10, rate: 7 },
  { lender: 'Riverside Income Property Fund', kind: 'lease', shareholderLoan: false, committed: 7.2e6, drawnShare: 1, years: 25, rate: 5.5 },
  { lender: 'Fleetline Vehicle Leasing Limited', kind: 'lease', shareholderLoan: false, committed: 1.6e6, drawnShare: 1, years: 3, rate: 8.4 },
  { lender: 'Lombardy Asset Finance Limited', kind: 'other', shareholderLoan: false, committed: 2.4e6, drawnShare: 0.75, years: 4, rate: 8.9 },
  { lender: 'Northern Shires Bank plc', kind: 'revolving_credit', shareholderLoan: false, committed: 2e6, drawnShare: 0, years: 1, rate: 8 },
  { lender: 'Meridian Debt Fund II SCSp', kind: 'term_loan', shareholderLoan: false, committed: 10e6, drawnShare: 0.8, years: 6, rate: 10.75 },
  { lender: 'Holders of the 7.25% Senior Secured Notes', kind: 'bond', shareholderLoan: false, committed: 12e6, drawnShare: 1, years: 5, rate: 7.25 },
  { lender: 'Mercia Business Bank plc', kind: 'term_loan', shareholderLoan: false, committed: 3e6, drawnShare: 0.5, years: 2, rate: 7.9 },
  { lender: 'Kestrel Credit Partners LLP', kind: 'revolving_credit', shareholderLoan: false, committed: 10e6, drawnShare: 0.25, years: 5, rate: 8.25 },
]

const facilityFrom = (plan: FacilityPlan, scale: number, periodEnd: string, random: () => number): Facility => {
  const committed = thousands(plan.committed * scale)
  const facility: Facility = {
    lender: plan.lender,
    kind: plan.kind,
    shareholderLoan: plan.shareholderLoan,
    committed,
    drawn: thousands(committed * plan.drawnShare),
    maturityDate: addMonths(periodEnd, Math.round(plan.years * 12)),
    interestRatePct: plan.rate,
    covenants: covenantsAt(periodEnd, random),
  }
  if (plan.pik) facility.pik = true
  return facility
}

/** Accounts that balance and whose borrowings agree with the facilities (CMP-INCONSISTENT stays quiet). */
const accountsFor = (facilities: Facility[], scale: number, random: () => number): Accounts => {
  const revenue = thousands((140e6 + random() * 10e6) * scale)
  const ebitda = thousands(revenue * (0.14 + random() * 0.03))
  const depreciationAmortisation = thousands(revenue * 0.04)
  const borrowings = facilities.filter(f => f.kind !== 'lease').reduce((sum, f) => sum + f.drawn, 0)
  const leases = facilities.filter(f => f.kind === 'lease').reduce((sum, f) => sum + f.drawn, 0)
  const cash = thousands((8e6 + random() * 4e6) * scale)
  const receivables = thousands(revenue * 0.11)
  const tradeCreditors = thousands(revenue * 0.13)
  const totalAssets = thousands(cash + receivables + 240e6 * scale) // goodwill and property dominate
  const totalLiabilities = borrowings + leases + tradeCreditors + thousands(4e6 * scale)
  const totalEquity = totalAssets - totalLiabilities // negative: the investor loan notes sit in debt
  return {
    revenue,
    ebitda,
    operatingProfit: ebitda - depreciationAmortisation,
    depreciationAmortisation,
    cashInterestPayable: thousands(ebitda * 0.45),
    cash,
    currentAssets: cash + receivables,
    totalAssets,
    currentLiabilities: tradeCreditors + facilities.filter(f => f.kind === 'revolving_credit').reduce((s, f) => s + f.drawn, 0),
    totalLiabilities,
    totalEquity,
    retainedEarnings: totalEquity - 1_000_000, // £1m called-up share capital
    reportedBorrowings: borrowings,
    goingConcernMaterialUncertainty: false,
    auditOpinion: 'unqualified',
  }
}

const companyNumber = (random: () => number) => String(10_000_000 + Math.floor(random() * 4_000_000)).padStart(8, '0')

/**
 * A private-equity chain of 60 entities and 60 interests: the reporting OpCo ← MidCo ← BidCo ←
 * Jersey TopCo ← Luxembourg HoldCo ← two Cayman funds ← Guernsey GP ← the manager LLP and its
 * partners; beside the fund, a co-invest LP, a pension fund and management (through a nominee
 * company and an employee benefit trust) hold TopCo; below OpCo, 28 subsidiaries.
 */
const privateEquityOwnership = (brand: string, fund: string, acquired: string, random: () => number): OwnershipGraph => {
  const entities: OwnershipEntity[] = []
  const interests: OwnershipInterest[] = []
  const entity = (ref: string, name: string, kind: OwnershipEntity['kind'], jurisdiction: string, extra: Partial<OwnershipEntity> = {}) =>
    entities.push({ ref, name, kind, jurisdiction, ...extra })
  const holds = (owner: string, owned: string, pct: number, extra: Partial<OwnershipInterest> = {}) =>
    interests.push({ owner, owned, sharesPct: pct, votingPct: pct, control: pct > 50, since: acquired, ...extra })
  const uk = () => ({ companyNumber: companyNumber(random), since: acquired })

  entity('opco', `${brand} Children's Services Limited`, 'company', 'GB', { companyNumber: companyNumber(random) })
  entity('midco', `${brand} MidCo Limited`, 'company', 'GB', uk())
  entity('bidco', `${brand} BidCo Limited`, 'company', 'GB', uk())
  entity('topco', `${brand} TopCo Limited`, 'company', 'JE', { companyNumber: String(130_000 + Math.floor(random() * 9_000)), since: acquired })
  entity('luxco', `${brand} Holdings S.à r.l.`, 'company', 'LU', { companyNumber: `B${250_000 + Math.floor(random() * 9_000)}`, since: acquired })
  entity('fund', `${fund} Capital Partners IV LP`, 'private_equity_fund', 'KY')
  entity('fund-parallel', `${fund} Capital Partners IV (Parallel) LP`, 'private_equity_fund', 'KY')
  entity('gp', `${fund} Capital IV GP Limited`, 'fund_manager', 'GG')
  entity('manager', `${fund} Capital LLP`, 'fund_manager', 'GB', { companyNumber: `OC${300_000 + Math.floor(random() * 9_000)}` })
  entity('coinvest', `${fund} Capital IV Co-Invest LP`, 'private_equity_fund', 'JE')
  entity('pension', 'Greater Pennine Pension Fund', 'public_body', 'GB')
  entity('mgmt-nominees', `${brand} Management Nominees Limited`, 'company', 'GB', uk())
  entity('ebt', `${brand} Employee Benefit Trust`, 'trust', 'JE')

  holds('midco', 'opco', 100)
  holds('bidco', 'midco', 100)
  holds('topco', 'bidco', 100)
  holds('luxco', 'topco', 72)
  holds('coinvest', 'topco', 10)
  holds('pension', 'topco', 8)
  holds('mgmt-nominees', 'topco', 10)
  holds('fund', 'luxco', 80)
  holds('fund-parallel', 'luxco', 20)
  // a general partner controls its fund without owning it; the LPs behind the funds are not disclosed
  interests.push({ owner: 'gp', owned: 'fund', control: true, since: '2018-01-15' })
  interests.push({ owner: 'gp', owned: 'fund-parallel', control: true, since: '2018-01-15' })
  holds('manager', 'gp', 100, { since: '2017-11-01' })

  for (let i = 0; i < 4; i++) {
    entity(`partner-${i + 1}`, pick(PEOPLE, i + 12), 'person', 'GB')
    holds(`partner-${i + 1}`, 'manager', 25, { since: '2012-05-01', control: false })
  }
  for (let i = 0; i < 10; i++) {
    entity(`manager-${i + 1}`, pick(PEOPLE, i), 'person', 'GB')
    holds(`manager-${i + 1}`, 'mgmt-nominees', 8)
  }
  holds('ebt', 'mgmt-nominees', 20)
  const coInvestors: [string, OwnershipEntity['kind'], string][] = [
    ['Atlantic Teachers Retirement System', 'public_body', 'US'],
    ['Wyvern Family Office Limited', 'company', 'GB'],
    ['Meridian Re Holdings Ltd', 'company', 'BM'],
    ['Solent Capital Trust', 'trust', 'VG'],
    ['Castletown Holdings Limited', 'company', 'IM'],
  ]
  coInvestors.forEach(([name, kind, jurisdiction], i) => {
    entity(`coinvestor-${i + 1}`, name, kind, jurisdiction)
    holds(`coinvestor-${i + 1}`, 'coinvest', 20, { control: false })
  })

  entity('property', `${brand} Property Holdings Limited`, 'company', 'GB', uk())
  entity('fostering', `${brand} Fostering Limited`, 'company', 'GB', uk())
  holds('opco', 'property', 100)
  holds('opco', 'fostering', 100)
  for (let i = 0; i < 6; i++) {
    entity(`propco-${i + 1}`, `${brand} Properties (${pick(REGIONS, i)}) Limited`, 'company', 'GB', uk())
    holds('property', `propco-${i + 1}`, 100)
  }
  for (let i = 0; i < 4; i++) {
    entity(`agency-${i + 1}`, `${brand} Foster Care (${pick(REGIONS, i + 6)}) Limited`, 'company', 'GB', uk())
    holds('fostering', `agency-${i + 1}`, 100)
  }
  for (let i = 0; i < 16; i++) {
    entity(`homes-${i + 1}`, `${brand} Homes (${pick(REGIONS, i)}) Limited`, 'company', 'GB', uk())
    holds('opco', `homes-${i + 1}`, 100)
  }
  return { reportingEntity: 'opco', entities, interests }
}

/** Ofsted-style URNs, SC + 6 digits, distinct for i < 900 000 (4327 is prime to 900 000). */
const urnOf = (seed: number, i: number) => `SC${100_000 + ((seed * 7919 + i * 4327) % 900_000)}`

const settingsFor = (brand: string, seed: number, count: number, laCodes: readonly string[], random: () => number): Setting[] =>
  Array.from({ length: count }, (_, i) => {
    const kind: SettingKind = i % 25 === 0 ? 'fostering_agency' : i % 30 === 7 ? 'residential_family_centre' : 'childrens_home'
    const places = kind === 'fostering_agency' ? 40 + Math.floor(random() * 80)
      : kind === 'residential_family_centre' ? 4 + Math.floor(random() * 4)
        : 1 + Math.floor(random() * 5)
    const name = kind === 'fostering_agency' ? `${brand} Foster Care ${pick(REGIONS, i)}` : `${pick(HOME_NAMES, i)} ${Math.floor(i / HOME_NAMES.length) + 1}`
    return { urn: urnOf(seed, i), name, kind, places, laCode: pick(laCodes, i) }
  })

const placementsFor = (laCodes: readonly string[], count: number, random: () => number): Placement[] =>
  laCodes.slice(0, count).map(laCode => ({ laCode, children: 1 + Math.floor(random() * 12) }))

/** Councils to work with: the given ones, else every council from a seed-chosen start. */
const councilsOf = (opts: ReturnOptions, seed: number) => {
  if (opts.laCodes) return opts.laCodes
  const start = (seed * 37) % COUNCIL_CODES.length
  return [...COUNCIL_CODES.slice(start), ...COUNCIL_CODES.slice(0, start)]
}

/**
 * A full return of the benchmark's size: 20 facilities with 3 covenants each (unitranche, RCFs,
 * PIK shareholder loan notes, leases, a bond), 60 entities and 60 interests, 150 settings,
 * 60 placements.
 */
export const fullReturn = (opts: ReturnOptions = {}): AnnualReturn => {
  const seed = opts.seed ?? 1
  const random = randomFrom(seed)
  const { periodStart, periodEnd } = periodOf(opts)
  const brand = pick(BRANDS, seed)
  const fund = pick(FUND_HOUSES, seed)
  const scale = 0.8 + random() * 0.4
  const councils = councilsOf(opts, seed)
  const facilities = facilityPlans(brand, fund).map(plan => facilityFrom(plan, scale, periodEnd, random))
  return {
    periodStart,
    periodEnd,
    accounts: accountsFor(facilities, scale, random),
    facilities,
    ownership: privateEquityOwnership(brand, fund, addMonths(periodStart, -40), random),
    settings: settingsFor(brand, seed, 150, councils.slice(0, 60), random),
    placements: placementsFor(councils, 60, random),
  }
}

/** A minimal valid return: a founder-owned group with three facilities, two homes, two councils. */
export const smallReturn = (opts: ReturnOptions = {}): AnnualReturn => {
  const seed = opts.seed ?? 1
  const random = randomFrom(seed)
  const { periodStart, periodEnd } = periodOf(opts)
  const brand = pick(BRANDS, seed + 3)
  const councils = councilsOf(opts, seed)
  const facilities: Facility[] = [
    { lender: 'Mercia Business Bank plc', kind: 'revolving_credit', shareholderLoan: false, committed: 1_500_000, drawn: 400_000,
      maturityDate: addMonths(periodEnd, 30), interestRatePct: 7.25, covenants: covenantsAt(periodEnd, random).slice(0, 2) },
    { lender: 'Mercia Business Bank plc', kind: 'term_loan', shareholderLoan: false, committed: 3_000_000, drawn: 2_250_000,
      maturityDate: addMonths(periodEnd, 42), interestRatePct: 7.75, covenants: [] },
    { lender: 'Albion Care Estates Limited', kind: 'lease', shareholderLoan: false, committed: 850_000, drawn: 850_000,
      maturityDate: addMonths(periodEnd, 120), covenants: [] },
  ]
  const borrowings = 400_000 + 2_250_000
  const totalAssets = 9_800_000
  const totalLiabilities = borrowings + 850_000 + 1_900_000
  return {
    periodStart,
    periodEnd,
    accounts: {
      revenue: 8_600_000,
      ebitda: 1_150_000,
      operatingProfit: 930_000,
      depreciationAmortisation: 220_000,
      cashInterestPayable: 205_000,
      cash: 640_000,
      currentAssets: 1_580_000,
      totalAssets,
      currentLiabilities: 1_400_000,
      totalLiabilities,
      totalEquity: totalAssets - totalLiabilities,
      retainedEarnings: totalAssets - totalLiabilities - 100,
      reportedBorrowings: borrowings,
      goingConcernMaterialUncertainty: false,
      auditOpinion: 'unqualified',
    },
    facilities,
    ownership: {
      reportingEntity: 'opco',
      entities: [
        { ref: 'opco', name: `${brand} Care Limited`, kind: 'company', jurisdiction: 'GB', companyNumber: companyNumber(random) },
        { ref: 'holdco', name: `${brand} Group Holdings Limited`, kind: 'company', jurisdiction: 'GB', companyNumber: companyNumber(random) },
        { ref: 'founder', name: pick(PEOPLE, seed), kind: 'person', jurisdiction: 'GB' },
      ],
      interests: [
        { owner: 'holdco', owned: 'opco', sharesPct: 100, votingPct: 100, control: true, since: '2011-09-01' },
        { owner: 'founder', owned: 'holdco', sharesPct: 100, votingPct: 100, control: true, since: '2011-09-01' },
      ],
    },
    settings: [
      { urn: urnOf(seed, 0), name: pick(HOME_NAMES, seed), kind: 'childrens_home', places: 4, laCode: councils[0] },
      { urn: urnOf(seed, 1), name: pick(HOME_NAMES, seed + 1), kind: 'childrens_home', places: 3, laCode: councils[1] },
    ],
    placements: placementsFor(councils, 2, random),
  }
}

/** The same return with its (native) ownership filed as BODS 0.4 statements instead. */
export const asBods = (annualReturn: AnnualReturn): AnnualReturn => {
  const graph = annualReturn.ownership as OwnershipGraph
  return {
    ...annualReturn,
    ownership: {
      reportingEntity: graph.reportingEntity,
      bods: graphToBods(graph, {
        publicationDate: annualReturn.periodEnd, publisherName: graph.entities[0].name, idSeed: `fixture-${annualReturn.periodEnd}`,
      }),
    },
  }
}
