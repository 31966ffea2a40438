// Reading BODS 0.4 statements as an ownership graph (RULES.md, "Ownership filed as BODS 0.4").
//
// - Records: for a recordId stated more than once, the latest statement wins (statementDate, then
//   order in the file); `closed` ends the record from its statementDate. A closure dated after
//   `asOf` does not reach back: the record is read as it stood before it.
// - Interests in force at `asOf`: startDate ≤ asOf < endDate (either may be absent).
// - A relationship's direct (or unknown) interests make one interest of the graph: `shareholding`
//   its shares, `votingRights` its votes, a control type (CONTROL_TYPES) its control. Its indirect
//   interests make a second, `indirect` one, whose `through` lists the intermediaries named by its
//   `componentRecords`: the resolver gives the interested party the declared figure instead of the
//   chain's legs and treats the intermediaries as owned, so the chain is never counted twice.
// - A share is `exact`, else `minimum`, else `exclusiveMinimum`; a range is noted. A majority
//   known only as "more than 50%" (exclusiveMinimum ≥ 50) still controls.
// - Kinds: a person statement is `person`; `state`/`stateBody` are `public_body`; an `arrangement`
//   or `legalEntity` of subtype `trust` is `trust`; otherwise `company`, unless `entityType.details`
//   names one of our kinds ("private equity fund", "fund manager", "charity", …), which is how
//   graphToBods writes the kinds BODS has no type for.
// - Anonymous and unknown parties (and an interestedParty given only as an unspecified record) are
//   entities marked `unidentified`: what they hold stays unresolved.

import { checkOwnership, type OwnershipProblem } from './check.js'
import { validateBods } from './bods-schema.js'
import type { EntityKind, OwnershipEntity, OwnershipGraph, OwnershipInterest } from './types.js'

/** Interest types read as control of the subject. */
export const CONTROL_TYPES: readonly string[] = [
  'appointmentOfBoard', 'otherInfluenceOrControl', 'seniorManagingOfficial',
  'controlViaCompanyRulesOrArticles', 'controlByLegalFramework', 'trustee',
]

/** Jurisdiction of a party whose country is not given (ISO 3166-1 user-assigned code). */
export const UNKNOWN_JURISDICTION = 'ZZ'

const KINDS: readonly EntityKind[] = [
  'company', 'private_equity_fund', 'fund_manager', 'trust', 'person', 'public_body', 'charity', 'other',
]

/** How graphToBods names a kind in `entityType.details`; read back case- and spacing-insensitively. */
export const kindDetails = (kind: EntityKind) => kind.replace(/_/g, ' ')

interface Share { exact?: number; minimum?: number; exclusiveMinimum?: number; maximum?: number; exclusiveMaximum?: number }
interface BodsInterest { type?: string; directOrIndirect?: string; share?: Share; startDate?: string; endDate?: string }
interface Unspecified { reason?: string; description?: string }
interface Statement {
  statementDate?: string
  recordId?: string
  recordType?: string
  recordStatus?: string
  recordDetails?: Record<string, unknown>
}

/** Where in the file each part of the graph came from, to point problems at statements. */
interface Origin {
  entities: { statement: number; field: string }[]
  interests: { statement: number; shares?: number; votes?: number }[]
}

export interface BodsReading {
  graph: OwnershipGraph
  notes: string[]
}

export const bodsToGraph = (statements: unknown[], reportingRecordId: string, asOf: string): BodsReading => {
  const { graph, notes } = readBods(statements, reportingRecordId, asOf)
  return { graph, notes }
}

/**
 * Everything that refuses a BODS filing: the schema first; then, read at `asOf`, the graph's own
 * checks (undeclared parties, more than 100% into one entity, …) pointed back at the statements.
 */
export const checkBods = (statements: unknown[], reportingRecordId: string, asOf: string): OwnershipProblem[] => {
  const invalid = validateBods(statements)
  if (invalid.length) return invalid
  const { graph, origin } = readBods(statements, reportingRecordId, asOf)
  return checkOwnership(graph).map(p => ({ pointer: toStatement(p.pointer, origin), detail: p.detail }))
}

const toStatement = (pointer: string, origin: Origin): string => {
  const at = /^\/ownership\/(entities|interests)\/(\d+)(?:\/([^/]+))?/.exec(pointer)
  if (!at) return pointer // /ownership/reportingEntity
  const [, part, k, field] = at
  if (part === 'entities') {
    const o = origin.entities[Number(k)]
    return `/ownership/bods/${o.statement}${field === 'ref' && o.field === '' ? '/recordId' : o.field}`
  }
  const o = origin.interests[Number(k)]
  const base = `/ownership/bods/${o.statement}/recordDetails`
  switch (field) {
    case 'owner': return `${base}/interestedParty`
    case 'owned': return `${base}/subject`
    case 'through': return `${base}/componentRecords`
    case 'sharesPct': return o.shares === undefined ? base : `${base}/interests/${o.shares}/share`
    case 'votingPct': return o.votes === undefined ? base : `${base}/interests/${o.votes}/share`
    default: return `/ownership/bods/${o.statement}`
  }
}

const instant = (date: string | undefined) => {
  if (!date) return Number.NEGATIVE_INFINITY
  const t = Date.parse(date.length === 10 ? `${date}T00:00:00Z` : date)
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t
}

const asStatement = (s: unknown): Statement | undefined =>
  s !== null && typeof s === 'object' && !Array.isArray(s) ? (s as Statement) : undefined

const readBods = (statements: unknown[], reportingRecordId: string, asOf: string) => {
  const notes: string[] = []
  const origin: Origin = { entities: [], interests: [] }

  // the statement that stands for each record
  const stated = new Map<string, number[]>()
  statements.forEach((raw, k) => {
    const s = asStatement(raw)
    if (!s || typeof s.recordId !== 'string') return
    const list = stated.get(s.recordId)
    if (list) list.push(k)
    else stated.set(s.recordId, [k])
  })
  const standing = new Map<string, number>()
  const closed = new Set<string>()
  for (const [recordId, list] of stated) {
    const order = [...list].sort((a, b) =>
      instant(asStatement(statements[a])!.statementDate) - instant(asStatement(statements[b])!.statementDate) || a - b)
    const latest = order[order.length - 1]
    const s = asStatement(statements[latest])!
    if (s.recordStatus !== 'closed') { standing.set(recordId, latest); continue }
    const closedOn = (s.statementDate ?? '').slice(0, 10)
    const before = order.slice(0, -1).filter(k => asStatement(statements[k])!.recordStatus !== 'closed')
    if (closedOn <= asOf || before.length === 0) { closed.add(recordId); continue }
    standing.set(recordId, before[before.length - 1])
    notes.push(`Record ${recordId} was closed on ${closedOn}, after ${asOf}: it is read as it stood before.`)
  }
  const statementOf = (recordId: string) => {
    const k = standing.get(recordId)
    return k === undefined ? undefined : { k, s: asStatement(statements[k])! }
  }

  const entities: OwnershipEntity[] = []
  const interests: OwnershipInterest[] = []
  for (const [recordId, k] of standing) {
    const s = asStatement(statements[k])!
    const details = s.recordDetails ?? {}
    if (s.recordType === 'entity') entities.push(entityOf(recordId, details))
    else if (s.recordType === 'person') entities.push(personOf(recordId, details))
    else continue
    origin.entities.push({ statement: k, field: '' })
  }
  // entities in the order the file states them; unspecified parties follow, as their relationships come
  const entityOrder = origin.entities.map((o, i) => ({ o, i })).sort((a, b) => a.o.statement - b.o.statement).map(x => x.i)
  const sortedEntities = entityOrder.map(i => entities[i])
  origin.entities = entityOrder.map(i => origin.entities[i])

  const relationships = [...standing].filter(([, k]) => asStatement(statements[k])!.recordType === 'relationship').sort((a, b) => a[1] - b[1])
  for (const [recordId, k] of relationships) {
    const details = asStatement(statements[k])!.recordDetails ?? {}
    const subject = details.subject
    if (typeof subject !== 'string') {
      notes.push(`Relationship ${recordId} does not specify its subject: it was left out.`)
      continue
    }
    const all = Array.isArray(details.interests) ? (details.interests as BodsInterest[]) : []
    const inForce = all
      .map((i, n) => ({ i, n }))
      .filter(({ i }) => (!i.startDate || i.startDate <= asOf) && (!i.endDate || asOf < i.endDate))
    if (all.length && !inForce.length) continue // every interest began after asOf or had ended
    const ends = [details.interestedParty, subject].filter((r): r is string => typeof r === 'string' && closed.has(r))
    if (ends.length) {
      notes.push(`Relationship ${recordId} names the closed record ${ends.join(', ')}: it was left out.`)
      continue
    }
    let party = details.interestedParty
    if (typeof party !== 'string') {
      const reason = (party as Unspecified | undefined)?.reason ?? 'unknown'
      const ref = `${recordId}#interestedParty`
      sortedEntities.push({ ref, name: `Unspecified interested party (${reason})`, kind: 'other', jurisdiction: UNKNOWN_JURISDICTION, unidentified: 'unknown' })
      origin.entities.push({ statement: k, field: '/recordDetails/interestedParty' })
      party = ref
    }
    const label = `Relationship ${recordId} (${party} → ${subject})`
    const direct = inForce.filter(({ i }) => i.directOrIndirect !== 'indirect')
    const indirect = inForce.filter(({ i }) => i.directOrIndirect === 'indirect')
    if (direct.length || !indirect.length) {
      const { interest, shares, votes } = fold(party as string, subject, direct, label, notes)
      interests.push(interest)
      origin.interests.push({ statement: k, shares, votes })
    }
    if (indirect.length) {
      const { interest, shares, votes } = fold(party as string, subject, indirect, `${label}, indirect`, notes)
      interest.indirect = true
      interest.through = chainOf(party as string, subject, details.componentRecords, statementOf, `${label}`, notes)
      interests.push(interest)
      origin.interests.push({ statement: k, shares, votes })
    }
  }

  const graph: OwnershipGraph = { reportingEntity: reportingRecordId, entities: sortedEntities, interests }
  return { graph, notes, origin }
}

/** Folds one relationship's interests (all direct, or all indirect) into one interest of the graph. */
const fold = (owner: string, owned: string, list: { i: BodsInterest; n: number }[], label: string, notes: string[]) => {
  const interest: OwnershipInterest = { owner, owned }
  let shares: number | undefined
  let votes: number | undefined
  let majority = { shares: false, votes: false }
  for (const { i, n } of list) {
    const kind = i.type === 'shareholding' ? 'shares' : i.type === 'votingRights' ? 'votes' : undefined
    if (kind) {
      const read = readShare(i.share, `${label}: ${i.type}`, notes)
      if (read) {
        const field = kind === 'shares' ? 'sharesPct' : 'votingPct'
        const current = interest[field]
        if (current !== undefined) notes.push(`${label}: more than one ${i.type} in force; the largest is taken.`)
        if (current === undefined || read.pct > current) {
          interest[field] = read.pct
          if (kind === 'shares') shares = n
          else votes = n
          majority = { ...majority, [kind]: read.moreThanHalf }
        }
      }
    }
    if (i.type && CONTROL_TYPES.includes(i.type)) interest.control = true
    if (i.startDate && (!interest.since || i.startDate < interest.since)) interest.since = i.startDate
  }
  if (majority.votes || (interest.votingPct === undefined && majority.shares)) interest.control = true
  return { interest, shares, votes }
}

const readShare = (share: Share | undefined, label: string, notes: string[]) => {
  if (!share) return undefined
  if (typeof share.exact === 'number') return { pct: share.exact, moreThanHalf: false }
  const upper = typeof share.maximum === 'number' ? `≤ ${share.maximum}%` : typeof share.exclusiveMaximum === 'number' ? `< ${share.exclusiveMaximum}%` : ''
  if (typeof share.minimum === 'number') {
    notes.push(`${label} given as a range (≥ ${share.minimum}%${upper ? `, ${upper}` : ''}): read at its minimum, ${share.minimum}%.`)
    return { pct: share.minimum, moreThanHalf: share.minimum > 50 }
  }
  if (typeof share.exclusiveMinimum === 'number') {
    notes.push(`${label} given as a range (> ${share.exclusiveMinimum}%${upper ? `, ${upper}` : ''}): read at its lower bound, ${share.exclusiveMinimum}%.`)
    return { pct: share.exclusiveMinimum, moreThanHalf: share.exclusiveMinimum >= 50 }
  }
  if (upper) notes.push(`${label} given only as an upper bound (${upper}): its share is unknown.`)
  return undefined
}

/** The intermediaries of an indirect relationship, ordered from the interested party down. */
const chainOf = (
  party: string, subject: string, componentRecords: unknown,
  statementOf: (recordId: string) => { k: number; s: Statement } | undefined, label: string, notes: string[],
): string[] => {
  const components = Array.isArray(componentRecords) ? componentRecords.filter((r): r is string => typeof r === 'string') : []
  const seen: string[] = []
  const legs: [string, string][] = []
  const add = (ref: string) => { if (ref !== party && ref !== subject && !seen.includes(ref)) seen.push(ref) }
  for (const recordId of components) {
    const found = statementOf(recordId)
    if (!found) { notes.push(`${label}: component record ${recordId} is not stated (or is closed).`); continue }
    if (found.s.recordType !== 'relationship') { add(recordId); continue }
    const { interestedParty, subject: owned } = found.s.recordDetails ?? {}
    if (typeof interestedParty === 'string') add(interestedParty)
    if (typeof owned === 'string') add(owned)
    if (typeof interestedParty === 'string' && typeof owned === 'string') legs.push([interestedParty, owned])
  }
  // distance from the interested party along the chain's legs; unreached intermediaries go last
  const distance = new Map<string, number>([[party, 0]])
  for (let frontier = [party]; frontier.length;) {
    const next: string[] = []
    for (const [from, to] of legs) {
      if (frontier.includes(from) && !distance.has(to)) { distance.set(to, distance.get(from)! + 1); next.push(to) }
    }
    frontier = next
  }
  return seen
    .map((ref, i) => ({ ref, i, d: distance.get(ref) ?? Number.POSITIVE_INFINITY }))
    .sort((a, b) => a.d - b.d || a.i - b.i)
    .map(x => x.ref)
}

const kindFromDetails = (details: unknown): EntityKind | undefined => {
  if (typeof details !== 'string') return undefined
  const normal = details.trim().toLowerCase().replace(/[\s-]+/g, '_')
  return KINDS.find(k => k === normal)
}

const countryCode = (v: unknown): string | undefined => {
  const code = (v as { code?: unknown } | undefined)?.code
  return typeof code === 'string' && /^[A-Za-z]{2}/.test(code) ? code.slice(0, 2).toUpperCase() : undefined
}

const unnamed = (how: 'anonymous' | 'unknown', what: string, unspecified: Unspecified | undefined) =>
  `${how === 'anonymous' ? 'Anonymous' : 'Unknown'} ${what}${unspecified?.reason ? ` (${unspecified.reason})` : ''}`

interface Identifier { id?: string; scheme?: string; schemeName?: string }

const entityOf = (ref: string, d: Record<string, unknown>): OwnershipEntity => {
  const type = d.entityType as { type?: string; subtype?: string; details?: string } | undefined
  const unidentified = type?.type === 'anonymousEntity' ? 'anonymous' : type?.type === 'unknownEntity' ? 'unknown' : undefined
  const kind: EntityKind = kindFromDetails(type?.details)
    ?? (type?.type === 'state' || type?.type === 'stateBody' ? 'public_body'
      : type?.subtype === 'trust' ? 'trust'
        : type?.type === 'arrangement' || unidentified ? 'other'
          : 'company')
  const identifiers = Array.isArray(d.identifiers) ? (d.identifiers as Identifier[]) : []
  const companyNumber = (identifiers.find(i => i.scheme === 'GB-COH') ?? identifiers.find(i => /company register/i.test(i.schemeName ?? '')))?.id
  const addresses = Array.isArray(d.addresses) ? (d.addresses as { country?: unknown }[]) : []
  const unspecified = d.unspecifiedEntityDetails as Unspecified | undefined
  return {
    ref,
    name: typeof d.name === 'string' ? d.name : unspecified?.description ?? (unidentified ? unnamed(unidentified, 'entity', unspecified) : ref),
    kind,
    jurisdiction: countryCode(d.jurisdiction) ?? addresses.map(a => countryCode(a.country)).find(Boolean) ?? UNKNOWN_JURISDICTION,
    ...(companyNumber ? { companyNumber } : {}),
    ...(unidentified ? { unidentified } : {}),
  }
}

const personOf = (ref: string, d: Record<string, unknown>): OwnershipEntity => {
  const unidentified = d.personType === 'anonymousPerson' ? 'anonymous' : d.personType === 'unknownPerson' ? 'unknown' : undefined
  const names = Array.isArray(d.names) ? (d.names as { type?: string; fullName?: string }[]) : []
  const name = (names.find(n => n.type === 'legal') ?? names[0])?.fullName
  const unspecified = d.unspecifiedPersonDetails as Unspecified | undefined
  const firstCountry = (list: unknown) => (Array.isArray(list) ? list.map(countryCode).find(Boolean) : undefined)
  const addresses = Array.isArray(d.addresses) ? (d.addresses as { country?: unknown }[]) : []
  return {
    ref,
    name: name ?? unspecified?.description ?? (unidentified ? unnamed(unidentified, 'person', unspecified) : ref),
    kind: 'person',
    jurisdiction: firstCountry(d.nationalities) ?? firstCountry(d.taxResidencies)
      ?? addresses.map(a => countryCode(a.country)).find(Boolean) ?? UNKNOWN_JURISDICTION,
    ...(unidentified ? { unidentified } : {}),
  }
}
