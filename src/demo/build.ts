// Builders that turn a group's archetype (targets: leverage, interest cover, covenant headroom, Z'',
// footprint…) into the figures of an annual return, so the figures a return carries are the ones
// that make its intended flags fire (RULES.md, ruleset 2026.1). Pure and deterministic.
import type {
  Accounts, AnnualReturn, AuditOpinion, Covenant, Facility, FacilityKind, Placement, RelatedParty,
  RelatedPartyRelationship, ServiceLine, Setting, SettingKind,
} from '../domain/annual-return.js'
import type { OwnershipEntity, OwnershipGraph, OwnershipInterest } from '../domain/ownership/types.js'
import { DEMO_COUNCILS, councilByCode, type DemoCouncil, type DemoRegion } from './councils.js'
import type { Rng } from './prng.js'
import { addCalendarMonths } from '../domain/calendar.js'

// ---------------------------------------------------------------------------------------------
// Dates

const DAY_MS = 86_400_000
const msOf = (iso: string) => Date.parse(`${iso}T00:00:00Z`)

/** Same day of the month `months` later, clamped to the month's last day. */
export const addMonths = addCalendarMonths

/** An ISO timestamp `days` after a date, at a working-hours time drawn from the group's stream. */
export function timestampAfter(iso: string, days: number, rng: Rng): string {
  const minutes = rng.int(8 * 60 + 30, 17 * 60 + 45)
  const ms = msOf(iso) + days * DAY_MS + minutes * 60_000 + rng.int(0, 59) * 1000
  return new Date(ms).toISOString()
}

// ---------------------------------------------------------------------------------------------
// Money

/** £m → whole pounds, rounded to the nearest £1,000 as accounts usually are. */
export const gbp = (millions: number): number => Math.round(millions * 1000) * 1000
const round2 = (x: number) => Math.round(x * 100) / 100

// ---------------------------------------------------------------------------------------------
// Accounts and facilities

/** One period's financial archetype. Money in £m; ratios as RULES.md defines them. */
export interface FinYear {
  revenue: number
  /** EBITDA / revenue (may be negative) */
  margin: number
  /** depreciation and amortisation / revenue (default 0.03) */
  daPct?: number
  /** file `ebitda` (default), or leave it to be derived from operating profit + D&A */
  fileEbitda?: boolean
  /** target senior net debt / EBITDA; with `thirdPartyDebt` absent and this absent, no bank debt */
  leverage?: number
  /** third-party debt in £m, when it is not set by a leverage target (e.g. EBITDA ≤ 0) */
  thirdPartyDebt?: number
  /** target EBITDA / cash interest payable */
  interestCover?: number
  /** cash interest as a rate on third-party debt, when no interest-cover target is set */
  interestRatePct?: number
  /** cash at the period end, in months of (revenue − EBITDA) */
  cashMonths: number
  /** revolving credit facility, £m */
  rcf?: { committed: number; drawn: number }
  /** maturity of the senior facility (absolute date; default: the group's) */
  maturity?: string
  rcfMaturity?: string
  /** headroom on a max-leverage covenant (none: no leverage covenant) */
  leverageHeadroom?: number
  /** headroom on a min-interest-cover covenant (none: no such covenant) */
  coverHeadroom?: number
  /** the leverage covenant's filed actual, when the lenders' definition differs from ours */
  covenantLeverage?: number
  /** shareholder loan notes (PIK), £m */
  shareholderLoans?: number
  /** lease liabilities, £m */
  leases?: number
  /** liabilities other than debt and leases, as a share of revenue (default 0.12) */
  otherLiabilities?: number
  /** net assets / total liabilities (X4 of the Z'' score); negative: net liabilities */
  netAssetsRatio: number
  /**
   * Altman Z'' the balance sheet is built to (retained earnings are solved for it). Without it,
   * retained earnings are `retainedShare` of net assets (default 0.85: profits kept), or, with net
   * liabilities, net assets less share capital of 5% of total assets.
   */
  z?: number
  retainedShare?: number
  goingConcern?: boolean
  opinion?: AuditOpinion
}

export interface Lenders {
  senior: string
  seniorKind?: FacilityKind
  rcf?: string
  /** who holds the shareholder loan notes */
  shareholder?: string
}

export interface Period { start: string; end: string }

export interface FinOut { accounts: Accounts; facilities: Facility[] }

export function buildFinancials(fin: FinYear, period: Period, lenders: Lenders, groupMaturity: string): FinOut {
  const R = gbp(fin.revenue)
  const E = Math.round(R * fin.margin / 1000) * 1000
  const DA = gbp(fin.revenue * (fin.daPct ?? 0.03))
  const OP = E - DA
  const monthlyCosts = (R - E) / 12
  const cash = Math.round(fin.cashMonths * monthlyCosts / 1000) * 1000
  const rcfCommitted = fin.rcf ? gbp(fin.rcf.committed) : 0
  const rcfDrawn = fin.rcf ? gbp(fin.rcf.drawn) : 0

  let tpd = 0
  if (fin.thirdPartyDebt !== undefined) tpd = gbp(fin.thirdPartyDebt)
  else if (fin.leverage !== undefined) tpd = Math.round(fin.leverage * E / 1000) * 1000 + cash
  if (tpd > 0 && tpd <= rcfDrawn) throw new Error('demo: the senior facility must carry some of the debt')

  let interest = 0
  if (tpd > 0) {
    if (fin.interestCover !== undefined) interest = Math.round(E / fin.interestCover / 1000) * 1000
    else interest = Math.round(tpd * (fin.interestRatePct ?? 8) / 100 / 1000) * 1000
  }
  const ratePct = tpd > 0 ? round2(interest / tpd * 100) : undefined

  const facilities: Facility[] = []
  const maturity = fin.maturity ?? groupMaturity
  if (tpd > 0) {
    const covenants: Covenant[] = []
    if (fin.leverageHeadroom !== undefined) {
      const actual = fin.covenantLeverage ?? round2((tpd - cash) / E)
      covenants.push({ metric: 'leverage', kind: 'max', limit: round2(actual / (1 - fin.leverageHeadroom)), actual, testDate: period.end })
    }
    if (fin.coverHeadroom !== undefined) {
      const actual = round2(E / interest)
      covenants.push({ metric: 'interest_cover', kind: 'min', limit: round2(actual / (1 + fin.coverHeadroom)), actual, testDate: period.end })
    }
    const senior = tpd - rcfDrawn
    facilities.push({
      lender: lenders.senior, kind: lenders.seniorKind ?? 'term_loan', shareholderLoan: false,
      committed: senior, drawn: senior, maturityDate: maturity, interestRatePct: ratePct, covenants,
    })
  }
  if (fin.rcf) {
    facilities.push({
      lender: lenders.rcf ?? lenders.senior, kind: 'revolving_credit', shareholderLoan: false,
      committed: rcfCommitted, drawn: rcfDrawn, maturityDate: fin.rcfMaturity ?? maturity,
      ...(ratePct !== undefined ? { interestRatePct: ratePct } : {}), covenants: [],
    })
  }
  const shl = gbp(fin.shareholderLoans ?? 0)
  if (shl > 0) {
    facilities.push({
      lender: lenders.shareholder ?? 'Shareholders', kind: 'loan_notes', shareholderLoan: true,
      committed: shl, drawn: shl, maturityDate: '2033-12-31', interestRatePct: 10, pik: true, covenants: [],
    })
  }
  const leases = gbp(fin.leases ?? 0)
  if (leases > 0) {
    facilities.push({
      lender: 'Property leases (IFRS 16)', kind: 'lease', shareholderLoan: false,
      committed: leases, drawn: leases, maturityDate: addMonths(period.end, 120), covenants: [],
    })
  }

  const other = gbp(fin.revenue * (fin.otherLiabilities ?? 0.12))
  const totalLiabilities = tpd + shl + leases + other
  const netAssets = Math.round(totalLiabilities * fin.netAssetsRatio / 1000) * 1000
  const totalAssets = totalLiabilities + netAssets
  const currentAssets = cash + gbp(fin.revenue * 0.09)
  if (totalAssets - currentAssets < 0.03 * R) {
    throw new Error(`demo: balance sheet leaves no fixed assets (${totalAssets} total, ${currentAssets} current)`)
  }
  const within12 = addMonths(period.end, 12)
  const maturing = facilities
    .filter((f) => f.kind !== 'lease' && !f.shareholderLoan && f.maturityDate <= within12)
    .reduce((s, f) => s + f.drawn, 0)
  const currentLiabilities = Math.round(other * 0.75 / 1000) * 1000 + maturing + Math.round(leases * 0.12 / 1000) * 1000
  const x1 = (currentAssets - currentLiabilities) / totalAssets
  const x3 = OP / totalAssets
  const x4 = netAssets / totalLiabilities
  const retainedEarnings = fin.z !== undefined
    ? Math.round(totalAssets * (fin.z - 6.56 * x1 - 6.72 * x3 - 1.05 * x4) / 3.26 / 1000) * 1000
    : netAssets > 0
      ? Math.round(netAssets * (fin.retainedShare ?? 0.85) / 1000) * 1000
      : netAssets - Math.round(totalAssets * 0.05 / 1000) * 1000

  const borrowings = facilities.filter((f) => f.kind !== 'lease').reduce((s, f) => s + f.drawn, 0)
  const fileEbitda = fin.fileEbitda ?? true
  const accounts: Accounts = {
    revenue: R,
    ...(fileEbitda ? { ebitda: E } : {}),
    operatingProfit: OP,
    depreciationAmortisation: DA,
    cashInterestPayable: interest,
    cash,
    currentAssets,
    totalAssets,
    currentLiabilities,
    totalLiabilities,
    totalEquity: netAssets,
    retainedEarnings,
    ...(borrowings > 0 ? { reportedBorrowings: borrowings } : {}),
    goingConcernMaterialUncertainty: fin.goingConcern ?? false,
    auditOpinion: fin.opinion ?? 'unqualified',
  }
  return { accounts, facilities }
}

// ---------------------------------------------------------------------------------------------
// Ownership

export interface Party { name: string; kind: OwnershipEntity['kind']; jurisdiction: string; companyNumber?: string }

/** Builds a graph entity by entity; refs are short and stable. */
export class GraphBuilder {
  readonly entities: OwnershipEntity[] = []
  readonly interests: OwnershipInterest[] = []
  constructor(readonly reportingEntity: string) {}

  entity(ref: string, p: Party): this {
    this.entities.push({ ref, name: p.name, kind: p.kind, jurisdiction: p.jurisdiction, ...(p.companyNumber ? { companyNumber: p.companyNumber } : {}) })
    return this
  }

  owns(owner: string, owned: string, i: Omit<OwnershipInterest, 'owner' | 'owned'>): this {
    this.interests.push({ owner, owned, ...i })
    return this
  }

  graph(): OwnershipGraph {
    return { reportingEntity: this.reportingEntity, entities: this.entities, interests: this.interests }
  }
}

export interface Holder extends Party { pct: number; votingPct?: number; since?: string }

export interface PeStructure {
  /** holding companies from just above the reporting entity up to the top company, each owning 100% of the one below */
  chain: Party[]
  fund: Holder
  gp: Party
  coInvestors?: Holder[]
  management?: Holder[]
  /** when the chain was put in place (the buy-out) */
  since: string
}

/** UK OpCo ← UK MidCo ← offshore TopCo ← fund (+ co-investors, management); the GP controls the fund. */
export function peOwnership(opco: Party, s: PeStructure): OwnershipGraph {
  const g = new GraphBuilder('opco').entity('opco', opco)
  let below = 'opco'
  s.chain.forEach((p, i) => {
    const ref = i === s.chain.length - 1 ? 'topco' : `holdco${i + 1}`
    g.entity(ref, p).owns(ref, below, { sharesPct: 100, since: s.since })
    below = ref
  })
  const holders = (h: Holder, ref: string) => {
    g.entity(ref, h).owns(ref, below, {
      sharesPct: h.pct, ...(h.votingPct !== undefined ? { votingPct: h.votingPct } : {}), since: h.since ?? s.since,
    })
  }
  holders(s.fund, 'fund')
  g.entity('gp', s.gp).owns('gp', 'fund', { control: true, since: s.fund.since ?? s.since })
  s.coInvestors?.forEach((h, i) => holders(h, `coinvestor${i + 1}`))
  s.management?.forEach((h, i) => holders(h, `management${i + 1}`))
  return g.graph()
}

/** OpCo ← (optional UK HoldCo) ← its owners (people, a family trust, councils…). */
export function ownedBy(opco: Party, owners: Holder[], holdco?: Party, since?: string): OwnershipGraph {
  const g = new GraphBuilder('opco').entity('opco', opco)
  let top = 'opco'
  if (holdco) {
    g.entity('holdco', holdco).owns('holdco', 'opco', { sharesPct: 100, ...(since ? { since } : {}) })
    top = 'holdco'
  }
  owners.forEach((h, i) => {
    const ref = `owner${i + 1}`
    g.entity(ref, h).owns(ref, top, {
      sharesPct: h.pct, ...(h.votingPct !== undefined ? { votingPct: h.votingPct } : {}), ...(h.since ?? since ? { since: h.since ?? since } : {}),
    })
  })
  return g.graph()
}

/** A charity filing for itself: one entity, owned by no one, its own ultimate controller. */
export function selfOwned(charity: Party): OwnershipGraph {
  return new GraphBuilder('charity').entity('charity', charity).graph()
}

// ---------------------------------------------------------------------------------------------
// Settings and placements

export interface Footprint {
  /** children's homes in the previous and the latest period (the latest period's list extends the previous one) */
  homes: [number, number]
  /** fostering agencies' places in the latest period (the previous period had ~92% of them) */
  fostering?: number[]
  /** other settings (secure, residential family centres) */
  extra?: { kind: SettingKind; name: string; places: number }[]
  /** where its settings are and, unless national, its children come from */
  regions: DemoRegion[]
  /** councils its children come from: previous, latest */
  councils: [number, number]
  /** children / places, previous and latest */
  occupancy: [number, number]
  /** councils place with it from every region */
  national?: boolean
  /** a council that depends on it: this many of its children (previous, latest) */
  focus?: { laCode: string; children: [number, number] }
}

export interface FootprintOut { settings: [Setting[], Setting[]]; placements: [Placement[], Placement[]] }

const HOME_WORDS_A = [
  'Oak', 'Ash', 'Beech', 'Rowan', 'Hazel', 'Elm', 'Birch', 'Holly', 'Maple', 'Alder', 'Heather', 'Bramble',
  'Meadow', 'Brook', 'Orchard', 'Hill', 'Fern', 'Linden', 'Laurel', 'Juniper', 'Clover', 'Briar', 'Poplar', 'Cedar',
  'Kestrel', 'Wren', 'Lark', 'Swallow', 'Robin', 'Heron', 'Moor', 'Dale', 'Vale', 'Ridge', 'Stone', 'Mill',
]
const HOME_WORDS_B = [
  'House', 'Lodge', 'View', 'Cottage', 'Grange', 'Court', 'Place', 'Barn', 'Farmhouse', 'Gardens', 'Rise', 'End',
]
const REGION_NAMES: Record<DemoRegion, string> = {
  NE: 'North East', NW: 'North West', YH: 'Yorkshire', EM: 'East Midlands', WM: 'West Midlands',
  EE: 'East of England', LN: 'London', SE: 'South East', SW: 'South West',
}

/** Ofsted-style URNs, unique across the whole market (SC + 6 digits, drawn from SC9xxxxx). */
export class UrnRegistry {
  private readonly used = new Set<string>()
  draw(rng: Rng): string {
    for (;;) {
      const urn = `SC${rng.int(900000, 999999)}`
      if (!this.used.has(urn)) { this.used.add(urn); return urn }
    }
  }
}

/** Children placed per council across the whole market, so no council is over-drawn. */
export class CouncilLoad {
  readonly placed = new Map<string, number>()
  /** children this council may still place with the market: well below its children looked after */
  room(c: DemoCouncil): number { return Math.floor(0.4 * c.childrenLookedAfter) - (this.placed.get(c.laCode) ?? 0) }
  add(laCode: string, n: number) { this.placed.set(laCode, (this.placed.get(laCode) ?? 0) + n) }
}

const placesOfHome = (rng: Rng) => rng.weighted([2, 3, 4, 5, 6], (p) => ({ 2: 10, 3: 25, 4: 35, 5: 20, 6: 10 })[p] ?? 0)

/** The councils a group draws children from and where its settings are. */
function candidates(f: Footprint, all: boolean): DemoCouncil[] {
  return DEMO_COUNCILS.filter((c) => c.childrenLookedAfter >= 100 && (all || f.regions.includes(c.region)))
}

function sampleCouncils(pool: DemoCouncil[], n: number, rng: Rng): DemoCouncil[] {
  if (n > pool.length) throw new Error(`demo: ${n} councils wanted, ${pool.length} available`)
  const left = [...pool]
  const out: DemoCouncil[] = []
  while (out.length < n) {
    const c = rng.weighted(left, (x) => x.childrenLookedAfter)
    out.push(c)
    left.splice(left.indexOf(c), 1)
  }
  return out
}

/** Spread `total` children over councils in proportion to (jittered) size, at least one each, within caps. */
function allocate(total: number, councils: DemoCouncil[], caps: number[], rng: Rng): number[] {
  const w = councils.map((c) => c.childrenLookedAfter * (0.5 + rng.next()))
  const sw = w.reduce((s, x) => s + x, 0)
  const out = councils.map(() => 1)
  let left = total - councils.length
  if (left < 0) throw new Error('demo: fewer children than councils')
  for (let i = 0; i < councils.length; i++) {
    const add = Math.min(Math.floor(left * w[i] / sw), caps[i] - out[i])
    out[i] += Math.max(0, add)
  }
  left = total - out.reduce((s, x) => s + x, 0)
  const order = councils.map((_, i) => i).sort((a, b) => w[b] - w[a])
  while (left > 0) {
    let moved = false
    for (const i of order) {
      if (left === 0) break
      if (out[i] < caps[i]) { out[i]++; left--; moved = true }
    }
    if (!moved) throw new Error(`demo: ${left} children could not be placed within the councils' caps`)
  }
  return out
}

export function buildFootprint(groupName: string, f: Footprint, rng: Rng, urns: UrnRegistry, load: CouncilLoad): FootprintOut {
  // Settings: one list, the previous period holding a prefix of it.
  const homePool = candidates(f, false)
  const nHomes = Math.max(f.homes[0], f.homes[1])
  const homes: Setting[] = []
  for (let i = 0; i < nHomes; i++) {
    const at = rng.weighted(homePool, (c) => c.childrenLookedAfter)
    homes.push({
      urn: urns.draw(rng), name: `${rng.pick(HOME_WORDS_A)} ${rng.pick(HOME_WORDS_B)}`,
      kind: 'childrens_home', places: placesOfHome(rng), laCode: at.laCode,
    })
  }
  const agencies: Setting[] = (f.fostering ?? []).map((places, i) => {
    const region = f.regions[i % f.regions.length]
    const at = rng.weighted(homePool.filter((c) => c.region === region), (c) => c.childrenLookedAfter)
    return { urn: urns.draw(rng), name: `${groupName} Fostering (${REGION_NAMES[region]})`, kind: 'fostering_agency', places, laCode: at.laCode }
  })
  const extras: Setting[] = (f.extra ?? []).map((x) => {
    const at = rng.weighted(homePool, (c) => c.childrenLookedAfter)
    return { urn: urns.draw(rng), name: x.name, kind: x.kind, places: x.places, laCode: at.laCode }
  })
  const settingsOf = (y: 0 | 1): Setting[] => [
    ...homes.slice(0, f.homes[y]),
    ...agencies.map((a) => (y === 1 ? a : { ...a, places: Math.round(a.places * 0.92) })),
    ...extras,
  ]
  const settings: [Setting[], Setting[]] = [settingsOf(0), settingsOf(1)]
  const places = settings.map((s) => s.reduce((n, x) => n + x.places, 0))
  const children = [0, 1].map((y) => Math.round(places[y] * f.occupancy[y]))

  // Placements: the latest period's councils; the previous period drew from the first of them.
  const focus = f.focus ? councilByCode.get(f.focus.laCode) : undefined
  if (f.focus && !focus) throw new Error(`demo: unknown council ${f.focus.laCode}`)
  const pool = candidates(f, f.national ?? false).filter((c) => c !== focus && load.room(c) > 2)
  const n = Math.max(f.councils[0], f.councils[1]) - (focus ? 1 : 0)
  const chosen = sampleCouncils(pool, n, rng)
  const placements: [Placement[], Placement[]] = [[], []]
  const used = new Map<string, number>()
  for (const y of [1, 0] as const) {
    const k = f.councils[y] - (focus ? 1 : 0)
    const list = chosen.slice(0, k)
    // A group that is not meant to be difficult to replace holds under 8% of any council's children.
    const caps = list.map((c) => Math.max(1, Math.min(Math.floor(0.08 * c.childrenLookedAfter), load.room(c))))
    const total = children[y] - (f.focus ? f.focus.children[y] : 0)
    const counts = allocate(total, list, caps, rng)
    const lines: Placement[] = list.map((c, i) => ({ laCode: c.laCode, children: counts[i] }))
    if (focus && f.focus) lines.unshift({ laCode: focus.laCode, children: f.focus.children[y] })
    lines.sort((a, b) => a.laCode.localeCompare(b.laCode))
    placements[y] = lines
    for (const l of lines) used.set(l.laCode, Math.max(used.get(l.laCode) ?? 0, l.children))
  }
  for (const [laCode, nChildren] of used) load.add(laCode, nChildren)
  return { settings, placements }
}

// ---------------------------------------------------------------------------------------------
// Profit and extraction (ruleset 2027.1's parts of a return)

/** A related party and what it takes, as shares of the period's figures (so both periods follow). */
export interface RelatedPartySpec {
  name: string
  relationship: RelatedPartyRelationship
  /** the entity of the ownership section it is */
  ref?: string
  /** share of the rent payable it receives (it owns the homes) */
  rentShare?: number
  /** management or monitoring fees, share of revenue */
  feesPct?: number
  /** other charges above operating profit, share of revenue */
  otherPct?: number
  /** dividends, share of revenue */
  dividendsPct?: number
  /** share of the shareholder loan notes' interest it is owed (1: it holds all the notes) */
  loanInterestShare?: number
}

/** What a group files of ruleset 2027.1's parts; any part left out is not filed. */
export interface ProfitSpec {
  /** the services section, at these fees a placement week (£): children's homes and fostering */
  services?: { homes?: number; fostering?: number }
  /** profit before tax, rent payable and directors' remuneration: rent and directors' pay as shares of revenue */
  accounts?: { rentPct: number; directorsPct: number }
  /** the relatedParties section (an empty list declares none) */
  relatedParties?: RelatedPartySpec[]
}

const DAYS = (p: Period) => (msOf(p.end) - msOf(p.start)) / DAY_MS + 1
const thousands = (pounds: number) => Math.round(pounds / 1000) * 1000

/** Interest on the shareholder loan notes for the period (rolled up at their rate), whole £1,000s. */
export const shareholderLoanInterest = (facilities: Facility[], period: Period) =>
  thousands(facilities.filter((f) => f.shareholderLoan)
    .reduce((sum, f) => sum + f.drawn * (f.interestRatePct ?? 0) / 100, 0) * DAYS(period) / 365)

/**
 * Service lines from the settings and the children placed: children are shared across kinds by
 * places; a line's weeks are its children × the weeks of the period. Fostering is priced first, then
 * children's homes, each within what revenue is left; what remains is the `other` line (education,
 * secure and family-centre places: placement weeks only for the settings it has), unless it is
 * under 5% of revenue and the group has no other settings: then the main line's fee takes it up.
 */
function serviceLines(fees: NonNullable<ProfitSpec['services']>, period: Period, revenue: number, settings: Setting[], placements: Placement[]): ServiceLine[] {
  const weeks = DAYS(period) / 7
  const children = placements.reduce((n, p) => n + p.children, 0)
  const places = settings.reduce((n, s) => n + s.places, 0)
  const childWeeksOf = (test: (s: Setting) => boolean) =>
    places === 0 ? 0 : Math.round(children * settings.filter(test).reduce((n, s) => n + s.places, 0) / places * weeks)
  const fosteringWeeks = childWeeksOf((s) => s.kind === 'fostering_agency')
  const homesWeeks = childWeeksOf((s) => s.kind === 'childrens_home')
  const otherWeeks = childWeeksOf((s) => s.kind !== 'fostering_agency' && s.kind !== 'childrens_home')
  let fostering = Math.min(thousands(fosteringWeeks * (fees.fostering ?? 0)), revenue)
  let homes = Math.min(thousands(homesWeeks * (fees.homes ?? 0)), revenue - fostering)
  let other = revenue - fostering - homes
  if (other < 0.05 * revenue && otherWeeks === 0) {
    if (homesWeeks > 0) homes += other
    else fostering += other
    other = 0
  }
  return [
    ...(homesWeeks > 0 ? [{ kind: 'childrens_homes' as const, revenue: homes, childWeeks: homesWeeks }] : []),
    ...(fosteringWeeks > 0 ? [{ kind: 'fostering' as const, revenue: fostering, childWeeks: fosteringWeeks }] : []),
    ...(other > 0 ? [{ kind: 'other' as const, revenue: other, childWeeks: otherWeeks }] : []),
  ]
}

export function profitParts(spec: ProfitSpec, period: Period, fin: FinOut, settings: Setting[], placements: Placement[]) {
  const a = fin.accounts
  const share = (pct: number | undefined) => thousands(a.revenue * (pct ?? 0))
  const rentPayable = spec.accounts ? share(spec.accounts.rentPct) : 0
  const loanInterest = shareholderLoanInterest(fin.facilities, period)
  const accounts: Partial<Accounts> = spec.accounts ? {
    // the notes' interest is charged in the profit and loss account though rolled up, not paid
    profitBeforeTax: a.operatingProfit - a.cashInterestPayable - loanInterest,
    directorsRemuneration: share(spec.accounts.directorsPct),
    rentPayable,
  } : {}
  const relatedParties: RelatedParty[] | undefined = spec.relatedParties?.map((r) => {
    const payments = {
      rent: thousands(rentPayable * (r.rentShare ?? 0)),
      managementFees: share(r.feesPct),
      interest: thousands(loanInterest * (r.loanInterestShare ?? 0)),
      dividends: share(r.dividendsPct),
      other: share(r.otherPct),
    }
    return {
      name: r.name, relationship: r.relationship, ...(r.ref ? { ref: r.ref } : {}),
      payments: Object.fromEntries(Object.entries(payments).filter(([, v]) => v > 0)),
    }
  })
  return {
    accounts,
    ...(spec.services ? { services: serviceLines(spec.services, period, a.revenue, settings, placements) } : {}),
    ...(relatedParties ? { relatedParties } : {}),
  }
}

// ---------------------------------------------------------------------------------------------
// The return

export function annualReturn(
  period: Period, fin: FinOut, ownership: OwnershipGraph, settings: Setting[], placements: Placement[], profit?: ProfitSpec,
): AnnualReturn {
  const parts = profit ? profitParts(profit, period, fin, settings, placements) : undefined
  return {
    periodStart: period.start,
    periodEnd: period.end,
    accounts: { ...fin.accounts, ...parts?.accounts },
    facilities: fin.facilities,
    ownership,
    settings,
    placements,
    ...(parts?.services ? { services: parts.services } : {}),
    ...(parts?.relatedParties ? { relatedParties: parts.relatedParties } : {}),
  }
}
