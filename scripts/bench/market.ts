// Synthetic markets for the bench, seeded in BULK with SQL (a few statements per thousand rows),
// never through the API: 100,000 providers would take hours at the filing route's pace.
//
// - councilMarket: providers with two years of returns and their placements, spread as a market
//   spreads (most groups are small and local, a few national), an assessment per latest return
//   and open flags for the red and amber groups. The return bodies are stubs: the council and
//   stability routes never read them.
// - reassessmentMarket: groups with realistic mid-size returns (3–5 facilities, 5–10 ownership
//   entities, 10–20 settings, 5–15 placements), two periods each, some amended, every body valid
//   under validateReturn, written with their normalised parts as the filing route writes them.
import { createHash } from 'node:crypto'
import { DEMO_COUNCILS, type DemoCouncil, type DemoRegion } from '../../src/demo/councils.js'
import { Rng } from '../../src/demo/prng.js'
import { addMonths, buildFinancials, gbp, ownedBy, peOwnership, GraphBuilder, type FinYear, type Lenders, type Party } from '../../src/demo/build.js'
import type { AnnualReturn, Facility, Placement, RelatedParty, ServiceLine, Setting } from '../../src/domain/annual-return.js'
import type { OwnershipGraph } from '../../src/domain/ownership/types.js'
import { filedDocument, RETURN_PLACEMENTS_CTE, storedParts } from '../../src/db/queries/returns.js'
import type { RawQuery } from './harness.js'

const REGIONS: DemoRegion[] = ['NE', 'NW', 'YH', 'EM', 'WM', 'EE', 'LN', 'SE', 'SW']
const byRegion = new Map(REGIONS.map((r) => [r, DEMO_COUNCILS.filter((c) => c.region === r)]))
const regionWeight = (r: DemoRegion) => byRegion.get(r)!.reduce((s, c) => s + c.childrenLookedAfter, 0)

/** k distinct councils, mostly from the home region, weighted by children looked after. */
function councilsFor(rng: Rng, home: DemoRegion, k: number, exclude?: string): DemoCouncil[] {
  const chosen = new Map<string, DemoCouncil>()
  for (let guard = 0; chosen.size < k && guard < k * 20; guard++) {
    const pool = rng.next() < 0.8 ? byRegion.get(home)! : DEMO_COUNCILS
    const c = rng.weighted(pool, (x) => x.childrenLookedAfter)
    if (c.laCode !== exclude) chosen.set(c.laCode, c)
  }
  return [...chosen.values()]
}

const chunked = <T>(xs: T[], n: number) => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, (i + 1) * n))

// ---------------------------------------------------------------------------------------------
// The council market

export const providerId = (i: number) => uuidOf(`bench-provider-${i}`)
/** A deterministic uuid of the v4 shape (version 4, RFC 4122 variant) from md5, in SQL. */
export const uuidSql = (text: string) => `overlay(overlay(md5(${text}) placing '4' from 13) placing '8' from 17)::uuid`

/** The uuid `uuidSql` gives in SQL, so JS and SQL agree on ids without a round trip. */
export function uuidOf(text: string) {
  const md5 = createHash('md5').update(text).digest('hex')
  const h = `${md5.slice(0, 12)}4${md5.slice(13, 16)}8${md5.slice(17)}`
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

const OPEN_RULES = ['FIN-LEVERAGE', 'FIN-INTEREST-COVER', 'FIN-COVENANT', 'FIN-LIQUIDITY', 'FIN-ZSCORE', 'CMP-LATE', 'OWN-OPACITY', 'SYS-CONTINUITY']

export interface CouncilMarket {
  providers: number
  /** the council every one of the first `holders` providers places with, and no other does */
  queried: string
  holders: number
  /** providers holding each council's children (latest returns) */
  holdersByCouncil: Map<string, number>
  seedMs: number
}

/**
 * Seeds `providers` groups, each with a previous and a latest return (stub bodies), placements of
 * both, an assessment of the latest and open flags for the red and amber ones. The first `holders`
 * providers place with `queried` in both years; no other provider does.
 */
export async function seedCouncilMarket(raw: RawQuery, opts: { providers: number; queried: string; holders: number; flagsPerGroup?: number }): Promise<CouncilMarket> {
  const started = performance.now()
  const n = opts.providers
  const EMPTY_INPUTS = createHash('sha256').update('{}').digest('hex')
  const periods = `(values (1, date '2024-04-01', date '2025-03-31', timestamptz '2025-08-20T10:00:00Z'),
                          (2, date '2025-04-01', date '2026-03-31', timestamptz '2026-08-20T10:00:00Z')) as y(y, s, e, at)`
  await raw(`insert into providers (id, name, company_number, kind, designated, rating, pe_backed, latest_return_id, created_at)
    select ${uuidSql(`'bench-provider-' || i`)}, 'Bench Care Group ' || i || ' Ltd', (60000000 + i)::text,
           case when i % 11 = 0 then 'voluntary' when i % 37 = 0 then 'local_authority' else 'private' end,
           i % 97 = 0,
           case when i % 13 = 0 then 'red' when i % 4 = 0 then 'amber' else 'green' end,
           i % 3 = 0, ${uuidSql(`'bench-return-2-' || i`)}, timestamptz '2024-01-01' + i * interval '1 second'
    from generate_series(1, $1::int) as i`, [n])
  await raw(`insert into returns (id, provider_id, period_start, period_end, version, submitted_at, submitted_by, body_sha256, document, setting_urns)
    select ${uuidSql(`'bench-return-' || y || '-' || i`)}, ${uuidSql(`'bench-provider-' || i`)}, y.s, y.e, 1,
           y.at + (i % 86400) * interval '1 second', 'bench-seed', md5(i || '-' || y), b.body::text, '[]'::jsonb
    from generate_series(1, $1::int) as i, ${periods},
         lateral (select jsonb_build_object('periodStart', y.s, 'periodEnd', y.e, 'stub', true) as body) as b`, [n])
  await raw(`insert into assessment_inputs (sha256, inputs) values ('${EMPTY_INPUTS}', '{}'::jsonb)`)
  await raw(`insert into assessments (id, return_id, provider_id, ruleset_version, reason, assessed_at, output, inputs_sha256)
    select ${uuidSql(`'bench-assessment-' || i`)}, ${uuidSql(`'bench-return-2-' || i`)}, ${uuidSql(`'bench-provider-' || i`)},
           '2026.1', 'filing', timestamptz '2026-08-20T10:00:00Z', '{}', '${EMPTY_INPUTS}'
    from generate_series(1, $1::int) as i`, [n])
  // Red groups hold a red and an amber entry or two; amber groups one or two amber entries. With
  // `flagsPerGroup`, every group holds that many instead (a register page's market): one in five
  // red, the statuses spread over review and the closed ones, raised over two years.
  if (opts.flagsPerGroup) await raw(`insert into flags (id, provider_id, period_end, return_id, assessment_id, rule_id, severity, status, explanation, evidence, raised_at, updated_at)
    select ${uuidSql(`'bench-flag-' || i || '-' || k`)}, ${uuidSql(`'bench-provider-' || i`)}, date '2026-03-31',
           ${uuidSql(`'bench-return-2-' || i`)}, ${uuidSql(`'bench-assessment-' || i`)},
           (array[${OPEN_RULES.map((r) => `'${r}'`).join(',')}])[1 + (i + k) % ${OPEN_RULES.length}],
           case when (i + k) % 5 = 0 then 'red' else 'amber' end,
           (array['open', 'open', 'under_review', 'escalated', 'resolved', 'dismissed'])[1 + (i * 7 + k) % 6],
           'Bench entry ' || k || ' of group ' || i, jsonb_build_object('leverage', 4 + (i % 30) / 10.0),
           timestamptz '2024-12-01' + ((i * 7919 + k * 104729) % 63072000) * interval '1 second', timestamptz '2026-08-20T10:00:00Z'
    from generate_series(1, $1::int) as i, generate_series(1, $2::int) as k`, [n, opts.flagsPerGroup])
  else await raw(`insert into flags (id, provider_id, period_end, return_id, assessment_id, rule_id, severity, status, explanation, evidence, raised_at, updated_at)
    select ${uuidSql(`'bench-flag-' || i || '-' || k`)}, ${uuidSql(`'bench-provider-' || i`)}, date '2026-03-31',
           ${uuidSql(`'bench-return-2-' || i`)}, ${uuidSql(`'bench-assessment-' || i`)},
           (array[${OPEN_RULES.map((r) => `'${r}'`).join(',')}])[1 + (i + k * 3) % ${OPEN_RULES.length}],
           case when i % 13 = 0 and k = 1 then 'red' else 'amber' end,
           case when k = 3 then 'under_review' else 'open' end,
           'Bench entry', '{}'::jsonb, timestamptz '2026-08-20T10:00:00Z', timestamptz '2026-08-20T10:00:00Z'
    from generate_series(1, $1::int) as i, generate_series(1, 3) as k
    where (i % 13 = 0 and k <= 1 + i % 3) or (i % 13 <> 0 and i % 4 = 0 and k <= 1 + i % 2)`, [n])
  // The stability view each provider's row keeps, as the service's writes would have left it.
  await raw(`update providers p set last_return_period_end = date '2026-03-31',
      open_flags = coalesce((select array_agg(distinct f.rule_id order by f.rule_id) from flags f
                             where f.provider_id = p.id and f.status in ('open', 'under_review', 'escalated')), '{}')`)

  // Placements: most groups are small and local (1–3 councils), some regional (4–10), a few
  // national (15–40); the latest year's councils, and the previous year's mostly the same.
  const rng = new Rng(0x5eed)
  const holdersByCouncil = new Map<string, number>()
  let rows: [number, number, string, number][] = []
  const flush = async () => {
    if (!rows.length) return
    await raw(`insert into return_placements (return_id, la_code, children)
      select ${uuidSql(`'bench-return-' || (e->>1) || '-' || (e->>0)`)}, e->>2, (e->>3)::int
      from jsonb_array_elements($1::text::jsonb) as e`, [JSON.stringify(rows)])
    rows = []
  }
  for (let i = 1; i <= n; i++) {
    const home = rng.weighted(REGIONS, regionWeight)
    const size = rng.next()
    const k = size < 0.7 ? rng.int(1, 3) : size < 0.95 ? rng.int(4, 10) : rng.int(15, 40)
    const holds = i <= opts.holders
    const latest = councilsFor(rng, home, holds ? Math.max(1, k - 1) : k, opts.queried).map((c) => c.laCode)
    if (holds) latest.unshift(opts.queried)
    for (const la of latest) {
      rows.push([i, 2, la, rng.int(1, 8)])
      holdersByCouncil.set(la, (holdersByCouncil.get(la) ?? 0) + 1)
    }
    for (const la of latest) if (la === opts.queried || rng.next() < 0.85) rows.push([i, 1, la, rng.int(1, 8)])
    if (rows.length >= 20_000) await flush()
  }
  await flush()
  await raw('analyze')
  return { providers: n, queried: opts.queried, holders: opts.holders, holdersByCouncil, seedMs: performance.now() - started }
}

/**
 * The floor route's table: each provider's stability view precomputed, one row per provider
 * under its primary key (what the service's one-query stability read would have to return).
 */
export async function seedFloorTable(raw: RawQuery) {
  await raw(`create table bench_floor (
    provider_id uuid primary key, name text not null, rating text not null, designated boolean not null,
    pe_backed boolean, notice_in_force boolean not null, open_flags text[] not null, last_return_period_end text)`)
  await raw(`insert into bench_floor
    select p.id, p.name, p.rating, p.designated, p.pe_backed, false,
           coalesce((select array_agg(distinct f.rule_id order by f.rule_id) from flags f
                     where f.provider_id = p.id and f.status in ('open', 'under_review', 'escalated')), '{}'),
           r.period_end::text
    from providers p left join returns r on r.id = p.latest_return_id`)
  await raw('analyze bench_floor')
}

// ---------------------------------------------------------------------------------------------
// Mid-size returns for the reassessment market

const BRANDS = ['Brightwater', 'Hollybank', 'Meadowvale', 'Larkspur', 'Foxglove', 'Harefield', 'Kingfisher', 'Oakwell',
  'Ashcombe', 'Bramblewood', 'Cloverdale', 'Dunmore', 'Elderbank', 'Fairhaven', 'Glenroy', 'Heathfield']
const FUNDS = ['Harbourside', 'Castlegate', 'Northgate', 'Tidewater', 'Aldgate Square', 'Lyndhurst', 'Pennant', 'Riverbank']
const BANKS = ['Mercia Business Bank plc', 'Northern Shires Bank plc', 'Caledon Mercantile Bank plc', 'Kestrel Credit Partners LLP',
  'Thamesgate Direct Lending Fund II', 'Albion Square Private Credit LLP']
const PEOPLE = ['Sarah Whitfield', 'James Okafor', 'Priya Raman', 'David Hughes', 'Emma Clarke', 'Tom Lindqvist', 'Aisha Bello',
  'Gareth Powell', 'Helen Marsh', 'Matthew Doyle', 'Ruth Adeyemi', 'Chris Nolan']
const HOME_A = ['Oak', 'Ash', 'Beech', 'Rowan', 'Hazel', 'Elm', 'Birch', 'Holly', 'Maple', 'Alder', 'Heather', 'Meadow', 'Brook', 'Orchard']
const HOME_B = ['House', 'Lodge', 'View', 'Cottage', 'Grange', 'Court', 'Place', 'Barn']
const OFFSHORE = ['JE', 'GG', 'LU', 'KY', 'IM']

type GroupKind = 'pe' | 'private' | 'voluntary' | 'local_authority'

export interface MidSizeGroup {
  index: number
  id: string
  name: string
  companyNumber: string
  kind: 'private' | 'voluntary' | 'local_authority'
  /** oldest first: the previous period's return, the latest's first version, its amendment if any */
  versions: { id: string; body: AnnualReturn; version: number; supersedes: string | null; supersededBy: string | null; submittedAt: string }[]
}

const LATEST_PERIODS = [
  { start: '2025-04-01', end: '2026-03-31' }, { start: '2025-01-01', end: '2025-12-31' },
  { start: '2024-09-01', end: '2025-08-31' }, { start: '2025-07-01', end: '2026-06-30' },
]
const yearBefore = (p: { start: string; end: string }) => ({ start: addMonths(p.start, -12), end: addMonths(p.end, -12) })
const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)

function ownershipFor(kind: GroupKind, name: string, rng: Rng, i: number): OwnershipGraph {
  const cn = (k: number) => String(30_000_000 + i * 10 + k)
  const opco: Party = { name, kind: 'company', jurisdiction: 'GB', companyNumber: cn(0) }
  let graph: OwnershipGraph
  if (kind === 'pe') {
    const fund = rng.pick(FUNDS)
    const mgmt = rng.int(1, 2)
    const fundPct = rng.int(60, 90)
    const coPct = rng.next() < 0.5 ? rng.int(5, 100 - fundPct - mgmt) : 0
    const mgmtPct = 100 - fundPct - coPct
    graph = peOwnership(opco, {
      chain: [{ name: `${name.replace(/ Ltd$/, '')} Midco Ltd`, kind: 'company', jurisdiction: 'GB', companyNumber: cn(1) },
        { name: `${name.replace(/ Ltd$/, '')} Topco Ltd`, kind: 'company', jurisdiction: rng.pick(OFFSHORE) }],
      fund: { name: `${fund} Capital Partners ${rng.int(2, 6)} LP`, kind: 'private_equity_fund', jurisdiction: rng.pick(OFFSHORE), pct: fundPct },
      gp: { name: `${fund} Capital GP Ltd`, kind: 'fund_manager', jurisdiction: 'GG' },
      ...(coPct ? { coInvestors: [{ name: 'Northern Provinces Pension Plan', kind: 'other' as const, jurisdiction: 'CA', pct: coPct }] } : {}),
      management: Array.from({ length: mgmt }, (_, k) => ({ name: PEOPLE[(i + k) % PEOPLE.length], kind: 'person' as const, jurisdiction: 'GB', pct: mgmtPct / mgmt })),
      since: `20${rng.int(16, 23)}-0${rng.int(1, 9)}-15`,
    })
  } else if (kind === 'private') {
    const owners = rng.int(1, 3)
    const shares = owners === 1 ? [100] : owners === 2 ? [60, 40] : [50, 30, 20]
    graph = ownedBy(opco, shares.map((pct, k) => (k === 2 && rng.next() < 0.5
      ? { name: `${PEOPLE[(i + k) % PEOPLE.length]} Family Trust`, kind: 'trust' as const, jurisdiction: 'GB', pct }
      : { name: PEOPLE[(i + k) % PEOPLE.length], kind: 'person' as const, jurisdiction: 'GB', pct })),
    { name: `${name.replace(/ Ltd$/, '')} Holdings Ltd`, kind: 'company', jurisdiction: 'GB', companyNumber: cn(1) }, '2012-04-01')
  } else if (kind === 'voluntary') {
    // The charity runs its homes through a services company it owns outright.
    graph = ownedBy(opco, [{ name: `${name.replace(/ Services \d+ Ltd$/, '')} Charity`, kind: 'charity', jurisdiction: 'GB', pct: 100 }])
  } else {
    graph = ownedBy(opco, [{ name: `${rng.pick(DEMO_COUNCILS).name} Council`, kind: 'public_body', jurisdiction: 'GB', pct: 100 }])
  }
  // Subsidiaries below the reporting entity bring every group to 5–10 entities.
  const g = new GraphBuilder(graph.reportingEntity)
  g.entities.push(...graph.entities)
  g.interests.push(...graph.interests)
  const target = Math.max(5, Math.min(10, graph.entities.length + rng.int(1, 4)))
  for (let k = 1; graph.entities.length + k - 1 < target; k++) {
    g.entity(`sub${k}`, { name: `${name.replace(/ Ltd$/, '')} Homes ${k} Ltd`, kind: 'company', jurisdiction: 'GB', companyNumber: cn(1 + k) })
      .owns(graph.reportingEntity, `sub${k}`, { sharesPct: 100, votingPct: 100, control: true })
  }
  return g.graph()
}

function finYearFor(kind: GroupKind, rng: Rng, revenue: number): FinYear {
  const between = (lo: number, hi: number) => lo + rng.next() * (hi - lo)
  if (kind === 'pe') {
    return {
      revenue, margin: between(0.1, 0.22), leverage: between(3.5, 9), interestCover: between(1.3, 3.5), cashMonths: between(1.5, 4.5),
      ...(rng.next() < 0.7 ? { rcf: { committed: Math.round(revenue * 0.12), drawn: Math.round(revenue * 0.12 * between(0, 0.5)) } } : {}),
      leverageHeadroom: between(0.04, 0.35), ...(rng.next() < 0.5 ? { coverHeadroom: between(0.05, 0.4) } : {}),
      shareholderLoans: Math.round(revenue * between(0.2, 0.6)), leases: Math.round(revenue * between(0.1, 0.3)),
      netAssetsRatio: between(-0.12, 0.2), goingConcern: rng.next() < 0.02,
    }
  }
  const margin = rng.next() < 0.05 ? between(-0.03, 0.02) : between(0.05, 0.16)
  return {
    revenue, margin,
    ...(margin > 0.02 ? { leverage: between(0.3, 3), interestCover: between(2.5, 9) } : { thirdPartyDebt: revenue * 0.1, interestRatePct: 7 }),
    cashMonths: between(2, 6), leases: Math.round(revenue * between(0.05, 0.25)) || 1,
    ...(rng.next() < 0.4 ? { rcf: { committed: Math.max(1, Math.round(revenue * 0.08)), drawn: 0 } } : {}),
    ...(rng.next() < 0.5 ? { leverageHeadroom: between(0.1, 0.5) } : {}),
    netAssetsRatio: between(0.1, 0.6), goingConcern: rng.next() < 0.01,
  }
}

/** Adds facilities (asset finance, a property mortgage) until there are 3–5, keeping the balance sheet and borrowings consistent. */
function topUpFacilities(accounts: AnnualReturn['accounts'], facilities: Facility[], periodEnd: string, rng: Rng, want: number) {
  const extras: Omit<Facility, 'committed' | 'drawn'>[] = [
    { lender: 'Lombardy Asset Finance Limited', kind: 'other', shareholderLoan: false, maturityDate: addMonths(periodEnd, 36), interestRatePct: 8.5, covenants: [] },
    { lender: rng.pick(BANKS), kind: 'term_loan', shareholderLoan: false, maturityDate: addMonths(periodEnd, 84), interestRatePct: 6.9, covenants: [] },
    { lender: 'Fleetline Vehicle Leasing Limited', kind: 'other', shareholderLoan: false, maturityDate: addMonths(periodEnd, 30), interestRatePct: 9.1, covenants: [] },
  ]
  for (let k = 0; facilities.length < want && k < extras.length; k++) {
    const drawn = gbp(accounts.revenue / 1e6 * (0.005 + rng.next() * 0.02))
    facilities.push({ ...extras[k], committed: Math.round(drawn * 1.2 / 1000) * 1000, drawn })
    accounts.reportedBorrowings = (accounts.reportedBorrowings ?? 0) + drawn
    accounts.totalLiabilities += drawn
    accounts.totalAssets += drawn
  }
}

function footprintFor(rng: Rng, i: number, home: DemoRegion) {
  const nSettings = rng.int(10, 20)
  const pool = byRegion.get(home)!
  const settings: Setting[] = Array.from({ length: nSettings }, (_, k) => {
    const fostering = k === 0 && rng.next() < 0.3
    return {
      urn: `SC${String(100_000 + ((i * 20 + k) % 900_000)).padStart(6, '0')}`,
      name: fostering ? `Fostering Service ${k + 1}` : `${rng.pick(HOME_A)} ${rng.pick(HOME_B)} ${k + 1}`,
      kind: fostering ? 'fostering_agency' : 'childrens_home',
      places: fostering ? rng.int(20, 60) : rng.int(2, 6),
      laCode: rng.weighted(pool, (c) => c.childrenLookedAfter).laCode,
    }
  })
  const councils = councilsFor(rng, home, rng.int(5, 15))
  const placements: Placement[] = councils.map((c) => ({ laCode: c.laCode, children: rng.int(1, 12) }))
  return { settings, placements }
}

/**
 * Ruleset 2027.1's parts of a mid-size return, from a generator of their own (the rest of the group
 * stays as it was before they existed): service lines, the three new accounts figures, and what the
 * group paid its owners and their companies. PE-backed groups pay the fund loan-note interest and the
 * manager fees, half of them rent to a property company of the fund; founder-owned groups pay
 * dividends, two in five rent to the founder's property company; charities and councils' companies
 * declare nothing paid. One group in ten files no relatedParties section (adjusted margin undefined).
 */
function addProfitParts(body: AnnualReturn, kind: GroupKind, i: number, y: number) {
  const rng = new Rng(0x9f0f1 + i * 7919 + y)
  const a = body.accounts
  const rev = a.revenue
  const share = (lo: number, hi: number) => Math.round(rev * (lo + rng.next() * (hi - lo)))
  const fostering = kind === 'voluntary' ? 0.3 : rng.next() < 0.3 ? 0.15 : 0
  const homes = Math.floor(rev * (0.9 - fostering))
  const foster = Math.floor(rev * fostering)
  const services: ServiceLine[] = [{ kind: 'childrens_homes', revenue: homes, childWeeks: Math.round(homes / rng.int(5_500, 9_000)) }]
  if (foster > 0) services.push({ kind: 'fostering', revenue: foster, childWeeks: Math.round(foster / rng.int(1_000, 1_200)) })
  services.push({ kind: 'other', revenue: rev - homes - foster, childWeeks: 0 })
  a.rentPayable = share(0.05, 0.1)
  a.directorsRemuneration = share(0.004, 0.02)
  a.profitBeforeTax = a.operatingProfit - a.cashInterestPayable
  body.services = services
  if (i % 10 === 7) return
  const owners = body.ownership as OwnershipGraph
  const parties: RelatedParty[] = []
  if (kind === 'pe') {
    const fund = owners.entities.find((e) => e.kind === 'private_equity_fund')
    const gp = owners.entities.find((e) => e.kind === 'fund_manager')
    parties.push({ name: fund?.name ?? 'The fund', relationship: 'owner', ...(fund ? { ref: fund.ref } : {}), payments: { interest: share(0.01, 0.04) } })
    parties.push({ name: gp?.name ?? 'The manager', relationship: 'owner_affiliate', payments: { managementFees: share(0.004, 0.01) } })
    if (rng.next() < 0.5) parties.push({ name: `${fund?.name ?? 'The fund'} Property Ltd`, relationship: 'owner_affiliate', payments: { rent: Math.round(a.rentPayable * (0.5 + rng.next() * 0.4)) } })
  } else if (kind === 'private') {
    const founder = owners.entities.find((e) => e.kind === 'person')
    parties.push({ name: founder?.name ?? 'The founder', relationship: 'owner', ...(founder ? { ref: founder.ref } : {}), payments: { dividends: share(0.005, 0.03) } })
    if (rng.next() < 0.4) parties.push({ name: `${founder?.name ?? 'Founder'} Properties Ltd`, relationship: 'owner_affiliate', payments: { rent: Math.round(a.rentPayable * (0.4 + rng.next() * 0.6)) } })
  }
  body.relatedParties = parties
}

/** Group `i` (1-based) of the reassessment market: deterministic. */
export function midSizeGroup(i: number): MidSizeGroup {
  const rng = new Rng(0xbe7c4 + i * 7919)
  const r = rng.next()
  const kind: GroupKind = r < 0.45 ? 'pe' : r < 0.85 ? 'private' : r < 0.97 ? 'voluntary' : 'local_authority'
  const name = `${BRANDS[i % BRANDS.length]} ${kind === 'voluntary' ? 'Children\'s Services' : 'Care Group'} ${i} Ltd`
  const home = rng.weighted(REGIONS, regionWeight)
  const latestPeriod = LATEST_PERIODS[i % LATEST_PERIODS.length]
  const periods = [yearBefore(latestPeriod), latestPeriod]
  const ownership = ownershipFor(kind, name, rng, i)
  const lenders: Lenders = {
    senior: rng.pick(BANKS), seniorKind: kind === 'pe' ? 'unitranche' : 'term_loan', rcf: rng.pick(BANKS),
    shareholder: kind === 'pe' ? ownership.entities.find((e) => e.kind === 'private_equity_fund')?.name : undefined,
  }
  const revenue = kind === 'pe' ? 20 + rng.next() * 130 : 4 + rng.next() * 40
  const { settings, placements } = footprintFor(rng, i, home)
  const want = rng.int(3, 5)
  const bodies = periods.map((period, y) => {
    for (let attempt = 0; ; attempt++) {
      const fin = finYearFor(kind, rng, Math.round(revenue * (y === 0 ? 0.94 : 1) * 10) / 10)
      try {
        const out = buildFinancials(fin, period, lenders, addMonths(period.end, 12 * rng.int(2, 7) + 6))
        topUpFacilities(out.accounts, out.facilities, period.end, rng, want)
        return {
          periodStart: period.start, periodEnd: period.end, accounts: out.accounts, facilities: out.facilities, ownership,
          settings: y === 0 ? settings.slice(0, Math.max(10, settings.length - 2)) : settings,
          placements: y === 0 ? placements.map((p) => ({ ...p, children: Math.max(1, p.children - rng.int(0, 2)) })) : placements,
        } satisfies AnnualReturn
      } catch (err) {
        if (attempt > 20) throw err
      }
    }
  })
  bodies.forEach((body, y) => addProfitParts(body, kind, i, y))
  // Filed 2–6 months after the period end; one group in twelve files late (CMP-LATE), one in ten amends.
  const filedAfter = (y: number) => (i % 12 === 0 && y === 1 ? rng.int(215, 300) : rng.int(60, 180))
  const at = (iso: string, days: number) => `${addDays(iso, days)}T${String(9 + rng.int(0, 7)).padStart(2, '0')}:15:00.000Z`
  const versions: MidSizeGroup['versions'] = [
    { id: uuidOf(`bench-mid-return-${i}-0`), body: bodies[0], version: 1, supersedes: null, supersededBy: null, submittedAt: at(periods[0].end, filedAfter(0)) },
    { id: uuidOf(`bench-mid-return-${i}-1`), body: bodies[1], version: 1, supersedes: null, supersededBy: null, submittedAt: at(periods[1].end, filedAfter(1)) },
  ]
  if (i % 10 === 3) {
    const amended = structuredClone(bodies[1])
    amended.accounts.cash += 25_000
    amended.accounts.currentAssets += 25_000
    amended.accounts.totalAssets += 25_000
    amended.accounts.totalEquity += 25_000
    amended.accounts.retainedEarnings += 25_000
    const v2 = uuidOf(`bench-mid-return-${i}-2`)
    versions[1].supersededBy = v2
    versions.push({ id: v2, body: amended, version: 2, supersedes: versions[1].id, supersededBy: null, submittedAt: at(versions[1].submittedAt.slice(0, 10), 21) })
  }
  return {
    index: i, id: uuidOf(`bench-mid-provider-${i}`), name, companyNumber: String(70_000_000 + i),
    kind: kind === 'pe' ? 'private' : kind, versions,
  }
}

/** Writes the groups, every version with its document, parts and placements (as a filing does: `storedParts`), in bulk. */
export async function seedMidSizeMarket(raw: RawQuery, groups: MidSizeGroup[]) {
  for (const chunk of chunked(groups, 2000)) {
    await raw(`insert into providers (id, name, company_number, kind, created_at)
      select (e->>'id')::uuid, e->>'name', e->>'companyNumber', e->>'kind', timestamptz '2024-01-02T09:00:00Z'
      from jsonb_array_elements($1::text::jsonb) as e`,
    [JSON.stringify(chunk.map((g) => ({ id: g.id, name: g.name, companyNumber: g.companyNumber, kind: g.kind })))])
  }
  // Each document stored as filing stores it: its RFC 8785 text, which its bodySha256 hashes.
  const versions = groups.flatMap((g) => g.versions.map(({ body, ...v }) => {
    const document = filedDocument(body)
    return { ...v, providerId: g.id, periodStart: body.periodStart, periodEnd: body.periodEnd, bodySha256: document.sha256, document: document.text, parts: storedParts(body) }
  }))
  for (const chunk of chunked(versions, 500)) {
    await raw(`
      with x as (
        select (e->>'id')::uuid as id, (e->>'providerId')::uuid as provider_id, (e->>'version')::int as version,
               (e->>'supersedes')::uuid as supersedes, (e->>'supersededBy')::uuid as superseded_by,
               (e->>'submittedAt')::timestamptz as submitted_at, e->>'bodySha256' as body_sha256,
               (e->>'periodStart')::date as period_start, (e->>'periodEnd')::date as period_end, e->>'document' as document,
               (e->'parts'->>'accounts')::jsonb as accounts, (e->'parts'->>'settingUrns')::jsonb as setting_urns,
               (e->'parts'->>'services')::jsonb as services, (e->'parts'->>'relatedParties')::jsonb as related_parties,
               (e->'parts'->>'placements')::jsonb as placements
        from jsonb_array_elements($1::text::jsonb) as e
      ), r as (
        insert into returns (id, provider_id, period_start, period_end, version, supersedes, superseded_by, submitted_at, submitted_by, body_sha256, document,
                             accounts, setting_urns, services, related_parties)
        select id, provider_id, period_start, period_end, version, supersedes, superseded_by,
               submitted_at, 'bench-seed', body_sha256, document, accounts, setting_urns, services, related_parties from x
        returning id
      ), rp as (
        select x.id, x.placements from x join r using (id)
      ), ${RETURN_PLACEMENTS_CTE}
      select count(*)::int as n from r`, [JSON.stringify(chunk)])
  }
  // Each group points at its latest return: the newest unsuperseded version of its latest period.
  await raw(`update providers p set latest_return_id = l.id, last_return_period_end = l.period_end
    from (select distinct on (provider_id) provider_id, id, period_end from returns where superseded_by is null
          order by provider_id, period_end desc) as l
    where l.provider_id = p.id`)
  await raw('analyze')
  return { returns: versions.length }
}
