// The demo's Ofsted register: a CSV in the shape Ofsted publishes its children's social care
// settings (one row per setting, the columns of its provider-level data, children's homes' names
// REDACTED), covering every setting the demo market's returns list, so that the quality rules of
// ruleset 2027.2 show: Oakridge's failing homes (red), Cobalt's two inadequate ones (amber), an
// Ashdown home whose registration has ended and a Greystone home Ofsted does not know (unregistered,
// amber). The rest draw Outstanding, Good, Requires improvement or none from a seeded stream, never
// Inadequate, so no other group crosses a line. Pure and deterministic.
import { stringify } from 'csv-stringify/sync'
import type { Setting, SettingKind } from '../domain/annual-return.js'
import { councilByCode } from './councils.js'
import { DEMO_SEED, demoMarket, type DemoMarket } from './market.js'
import { Rng, seedOf } from './prng.js'

/** The columns of Ofsted's provider-level file, in its order (the register reads eight of them). */
export const OFSTED_CSV_COLUMNS = [
  'Web link', 'URN', 'Provision type', 'Registration date', 'Registration status', 'Setting name', 'Address 1', 'Town',
  'Postcode', 'Ofsted region', 'Local authority', 'Sector', 'Places', 'Organisation which owns the provider',
  'Inspection event type', 'Inspection date', 'Overall experiences and progress of children and young people',
  'How well children and young people are helped and protected', 'The effectiveness of leaders and managers',
  'Publication date',
] as const
export type OfstedCsvRow = Partial<Record<typeof OFSTED_CSV_COLUMNS[number], string>>

/** Rows as Ofsted writes them: every column, quoted where needed, CRLF line ends. */
export const ofstedCsv = (rows: readonly OfstedCsvRow[]) =>
  stringify(rows.map((r) => OFSTED_CSV_COLUMNS.map((c) => r[c] ?? '')), {
    header: true, columns: [...OFSTED_CSV_COLUMNS], record_delimiter: 'windows',
  })

export const PROVISION_TYPES: Readonly<Record<SettingKind, string>> = {
  childrens_home: "Children's home",
  fostering_agency: 'Independent fostering agency',
  secure: "Secure children's home",
  residential_family_centre: 'Residential family centre',
  other: 'Residential special school',
}

const SECTORS = { private: 'Private', voluntary: 'Voluntary', local_authority: 'Local authority' } as const

/** What the demo register is built to show, by provider key (and the settings concerned). */
export interface DemoOfstedOutcome {
  /** QUA-INADEQUATE red: settings judged Inadequate hold at least a quarter of the group's places */
  inadequateRed: { providerKey: string; urns: string[] }
  /** QUA-INADEQUATE amber: at least a tenth, under a quarter */
  inadequateAmber: { providerKey: string; urns: string[] }
  /** QUA-UNREGISTERED: a home whose registration has ended (status Resigned) */
  closed: { providerKey: string; urn: string }
  /** QUA-UNREGISTERED: a home whose URN the register lacks */
  unknown: { providerKey: string; urn: string }
}

const ddmmyyyy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10)
const between = (rng: Rng, from: string, to: string) => isoDay(rng.int(Date.parse(from) / 86_400_000, Date.parse(to) / 86_400_000) * 86_400_000)

interface Built { csv: string; outcome: DemoOfstedOutcome }
let cached: Built | undefined

/** The latest return's settings of each group (latest version of its latest period). */
function latestSettings(market: DemoMarket): Map<string, Setting[]> {
  const latest = new Map<string, { periodEnd: string; settings: Setting[] }>()
  for (const f of market.filings) {
    const body = (f.amendments.at(-1) ?? f).body
    const held = latest.get(f.providerKey)
    if (!held || held.periodEnd < body.periodEnd) latest.set(f.providerKey, { periodEnd: body.periodEnd, settings: body.settings })
  }
  return new Map([...latest].map(([k, v]) => [k, v.settings]))
}

/** Homes, in filed order, until their places reach `share` of the group's places. */
function homesUpTo(settings: Setting[], share: number): string[] {
  const total = settings.reduce((n, s) => n + s.places, 0)
  const picked: string[] = []
  let places = 0
  for (const s of settings) {
    if (places >= share * total) break
    if (s.kind !== 'childrens_home') continue
    picked.push(s.urn)
    places += s.places
  }
  return picked
}

function build(): Built {
  const market = demoMarket()
  const latest = latestSettings(market)
  const group = (key: string) => {
    const s = latest.get(key)
    if (!s) throw new Error(`demo register: no group ${key}`)
    return s
  }
  const homeOf = (key: string, index: number) => group(key).filter((s) => s.kind === 'childrens_home')[index].urn
  const outcome: DemoOfstedOutcome = {
    inadequateRed: { providerKey: 'oakridge', urns: homesUpTo(group('oakridge'), 0.27) },
    inadequateAmber: { providerKey: 'cobalt', urns: homesUpTo(group('cobalt'), 0.12) },
    closed: { providerKey: 'ashdown', urn: homeOf('ashdown', 2) },
    unknown: { providerKey: 'greystone', urn: homeOf('greystone', 4) },
  }
  const inadequate = new Set([...outcome.inadequateRed.urns, ...outcome.inadequateAmber.urns])

  // Every setting any return lists (earlier periods and versions too), once, first as filed.
  const providers = new Map(market.providers.map((p) => [p.key, p]))
  const settings = new Map<string, { setting: Setting; providerKey: string }>()
  for (const f of market.filings) {
    for (const body of [f.body, ...f.amendments.map((a) => a.body)]) {
      for (const s of body.settings) if (!settings.has(s.urn)) settings.set(s.urn, { setting: s, providerKey: f.providerKey })
    }
  }

  const rows: OfstedCsvRow[] = []
  for (const [urn, { setting: s, providerKey }] of [...settings].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (urn === outcome.unknown.urn) continue
    const rng = new Rng(seedOf(`ofsted:${urn}`, DEMO_SEED))
    const provider = providers.get(providerKey)!
    const council = councilByCode.get(s.laCode)
    const registered = between(rng, '2008-01-01', '2023-12-31')
    const draw = rng.next()
    const judgement = inadequate.has(urn) ? 'Inadequate'
      : draw < 0.2 ? 'Outstanding' : draw < 0.8 ? 'Good' : draw < 0.95 ? 'Requires improvement to be good' : ''
    const inspected = judgement === '' ? '' : between(rng, '2023-04-01', '2026-10-31')
    const secondary = () => (judgement === 'Inadequate' ? 'Inadequate' : judgement === '' ? '' : rng.pick(['Good', 'Good', 'Requires improvement to be good', judgement]))
    const redacted = s.kind === 'childrens_home' || s.kind === 'secure'
    rows.push({
      'Web link': `https://reports.ofsted.gov.uk/provider/2/${urn}`,
      URN: urn,
      'Provision type': PROVISION_TYPES[s.kind],
      'Registration date': ddmmyyyy(registered),
      'Registration status': urn === outcome.closed.urn ? 'Resigned' : 'Active',
      'Setting name': redacted ? 'REDACTED' : s.name,
      'Address 1': redacted ? 'REDACTED' : `${rng.int(1, 200)} ${rng.pick(['High Street', 'Station Road', 'Church Lane', 'Park Avenue'])}`,
      Town: redacted ? 'REDACTED' : council?.name ?? '',
      Postcode: redacted ? 'REDACTED' : '',
      'Ofsted region': '',
      'Local authority': council?.name ?? '',
      Sector: SECTORS[provider.kind],
      // Ofsted registers places for homes and centres; agencies have none
      Places: s.kind === 'fostering_agency' ? '' : String(s.places),
      'Organisation which owns the provider': provider.name,
      'Inspection event type': judgement === '' ? '' : 'Full inspection',
      'Inspection date': inspected === '' ? '' : ddmmyyyy(inspected),
      'Overall experiences and progress of children and young people': judgement === '' ? 'Not yet inspected' : judgement,
      'How well children and young people are helped and protected': secondary(),
      'The effectiveness of leaders and managers': secondary(),
      'Publication date': inspected === '' ? '' : ddmmyyyy(isoDay(Date.parse(inspected) + 21 * 86_400_000)),
    })
  }
  return { csv: ofstedCsv(rows), outcome }
}

/** The demo register as Ofsted's CSV (text/csv for PUT /v1/reference/ofsted-settings). */
export function demoOfstedRegister(): string {
  cached ??= build()
  return cached.csv
}

/** What the demo register is built to show. */
export function demoOfstedOutcome(): DemoOfstedOutcome {
  cached ??= build()
  return structuredClone(cached.outcome)
}
