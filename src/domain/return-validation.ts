// What makes a structurally valid annual return acceptable: dates that fit together, facilities
// within their limits, ownership that adds up, settings and placements in known councils, service
// lines within the revenue, related parties that are declared entities.
// Every problem is reported at once, each with a JSON pointer into the filed body, up to a limit:
// the checks are generators, so that collecting stops at the limit.
import type { AnnualReturn, Facility, Placement, RelatedParty, ServiceLine, Setting } from './annual-return.js'
import { checkOwnership } from './ownership/check.js'
import { checkBods } from './ownership/bods.js'
import { addCalendarMonths } from './calendar.js'
import { firstProblems } from './problem-budget.js'

export { addCalendarMonths }

export interface ReturnProblem { pointer: string; detail: string }

export interface ReturnValidationContext {
  /** the server's date, YYYY-MM-DD: never the client's clock */
  today: string
  /** laCodes of the councils with children's services */
  councils: ReadonlySet<string>
}

/** Shortest and longest accounting period accepted, in calendar months (Companies Act: up to 18). */
export const PERIOD_MONTHS_MIN = 6
export const PERIOD_MONTHS_MAX = 18

/** Ofsted URN: SC + 6 digits (social care), or the older 6–7 digit form. */
const OFSTED_URN = /^(SC\d{6}|\d{6,7})$/

const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`)
const toIso = (d: Date) => d.toISOString().slice(0, 10)

const dayBefore = (iso: string) => {
  const d = toDate(iso)
  d.setUTCDate(d.getUTCDate() - 1)
  return toIso(d)
}

/**
 * The last periodEnd that makes a period of `months` from periodStart: a 12-month period from
 * 2025-04-01 ends on 2026-03-31. A period is accepted when its end lies between the 6-month and
 * the 18-month end, inclusive.
 */
export const periodEndAfterMonths = (periodStart: string, months: number) =>
  dayBefore(addCalendarMonths(periodStart, months))

const periodProblems = (r: AnnualReturn, today: string): ReturnProblem[] => {
  const problems: ReturnProblem[] = []
  if (r.periodEnd <= r.periodStart) {
    problems.push({ pointer: '/periodEnd', detail: `periodEnd ${r.periodEnd} must be after periodStart ${r.periodStart}` })
  } else {
    const earliest = periodEndAfterMonths(r.periodStart, PERIOD_MONTHS_MIN)
    const latest = periodEndAfterMonths(r.periodStart, PERIOD_MONTHS_MAX)
    if (r.periodEnd < earliest) {
      problems.push({ pointer: '/periodEnd', detail: `the period ${r.periodStart} to ${r.periodEnd} is shorter than ${PERIOD_MONTHS_MIN} months (periodEnd must be on or after ${earliest})` })
    } else if (r.periodEnd > latest) {
      problems.push({ pointer: '/periodEnd', detail: `the period ${r.periodStart} to ${r.periodEnd} is longer than ${PERIOD_MONTHS_MAX} months (periodEnd must be on or before ${latest})` })
    }
  }
  if (r.periodEnd > today) {
    problems.push({ pointer: '/periodEnd', detail: `periodEnd ${r.periodEnd} is in the future (today is ${today})` })
  }
  return problems
}

function* facilityProblems(f: Facility, i: number, r: AnnualReturn): Generator<ReturnProblem> {
  // a revolver cannot be drawn beyond its limit; term debt and loan notes can exceed the original
  // commitment once PIK interest rolls up
  if (f.kind === 'revolving_credit' && f.drawn > f.committed) {
    yield { pointer: `/facilities/${i}/drawn`, detail: `drawn ${f.drawn} exceeds committed ${f.committed} on a revolving credit facility` }
  }
  for (const [j, c] of f.covenants.entries()) {
    if (c.testDate < r.periodStart || c.testDate > r.periodEnd) {
      yield { pointer: `/facilities/${i}/covenants/${j}/testDate`, detail: `testDate ${c.testDate} is outside the period ${r.periodStart} to ${r.periodEnd}` }
    }
  }
}

/** Native graphs are checked as filed; BODS statements against the schema, then read as in force at the period end. */
const ownershipProblems = (r: AnnualReturn): ReturnProblem[] =>
  'bods' in r.ownership
    ? checkBods(r.ownership.bods, r.ownership.reportingEntity, r.periodEnd)
    : checkOwnership(r.ownership)

const unknownCouncil = (pointer: string, laCode: string, councils: ReadonlySet<string>): ReturnProblem[] =>
  councils.has(laCode) ? [] : [{ pointer, detail: `laCode ${laCode} is not a council with children's services` }]

function* settingProblems(settings: Setting[], councils: ReadonlySet<string>): Generator<ReturnProblem> {
  const firstByUrn = new Map<string, number>()
  for (const [i, s] of settings.entries()) {
    if (!OFSTED_URN.test(s.urn)) {
      yield { pointer: `/settings/${i}/urn`, detail: `urn ${s.urn} is not an Ofsted URN (SC followed by 6 digits, or 6 to 7 digits)` }
    }
    const first = firstByUrn.get(s.urn)
    if (first === undefined) firstByUrn.set(s.urn, i)
    else yield { pointer: `/settings/${i}/urn`, detail: `urn ${s.urn} is already given at /settings/${first}/urn` }
    yield* unknownCouncil(`/settings/${i}/laCode`, s.laCode, councils)
  }
}

function* placementProblems(placements: Placement[], councils: ReadonlySet<string>): Generator<ReturnProblem> {
  const firstByCouncil = new Map<string, number>()
  for (const [i, p] of placements.entries()) {
    yield* unknownCouncil(`/placements/${i}/laCode`, p.laCode, councils)
    const first = firstByCouncil.get(p.laCode)
    if (first === undefined) firstByCouncil.set(p.laCode, i)
    else yield { pointer: `/placements/${i}/laCode`, detail: `${p.laCode} already has a placement line at /placements/${first}; give one line per council` }
  }
}

/** At most one line per kind, and together no more revenue than the accounts' (RULES.md, 2027.1). */
const serviceProblems = (services: ServiceLine[], revenue: number): ReturnProblem[] => {
  const problems: ReturnProblem[] = []
  const firstByKind = new Map<string, number>()
  services.forEach((line, i) => {
    const first = firstByKind.get(line.kind)
    if (first === undefined) firstByKind.set(line.kind, i)
    else problems.push({ pointer: `/services/${i}/kind`, detail: `${line.kind} already has a service line at /services/${first}; give one line per kind` })
  })
  const total = services.reduce((sum, line) => sum + line.revenue, 0)
  if (total > revenue) {
    problems.push({ pointer: '/services', detail: `the service lines' revenue adds up to ${total}, more than accounts.revenue ${revenue}` })
  }
  return problems
}

/**
 * The entities a related party's `ref` may name: a native section's refs; with BODS statements,
 * the recordIds of its entity and person records (BODS names a party by its recordId, as the
 * section's reportingEntity does).
 */
const declaredRefs = (ownership: AnnualReturn['ownership']): { refs: Set<string>; what: string } => {
  if (!('bods' in ownership)) {
    return { refs: new Set(ownership.entities.map(e => e.ref)), what: 'no entity of /ownership/entities' }
  }
  const refs = new Set<string>()
  for (const statement of ownership.bods) {
    if (typeof statement !== 'object' || statement === null) continue
    const { recordId, recordType } = statement as { recordId?: unknown; recordType?: unknown }
    if (typeof recordId === 'string' && (recordType === 'entity' || recordType === 'person')) refs.add(recordId)
  }
  return { refs, what: 'no entity or person record of /ownership/bods' }
}

const relatedPartyProblems = (parties: RelatedParty[], ownership: AnnualReturn['ownership']): ReturnProblem[] => {
  if (!parties.some(p => p.ref !== undefined)) return []
  const { refs, what } = declaredRefs(ownership)
  return parties.flatMap((p, i) => p.ref === undefined || refs.has(p.ref) ? []
    : [{ pointer: `/relatedParties/${i}/ref`, detail: `ref ${p.ref} names ${what}` }])
}

function* returnProblems(r: AnnualReturn, ctx: ReturnValidationContext): Generator<ReturnProblem> {
  yield* periodProblems(r, ctx.today)
  for (const [i, f] of r.facilities.entries()) yield* facilityProblems(f, i, r)
  yield* ownershipProblems(r)
  yield* settingProblems(r.settings, ctx.councils)
  yield* placementProblems(r.placements, ctx.councils)
  yield* serviceProblems(r.services ?? [], r.accounts.revenue)
  yield* relatedPartyProblems(r.relatedParties ?? [], r.ownership)
}

/**
 * Every reason to refuse a structurally valid return, in the body's order; empty when it is
 * acceptable. With a `limit`, checking stops after it: the first `limit`, and one more if there are more.
 */
export const validateReturn = (annualReturn: AnnualReturn, ctx: ReturnValidationContext, limit = Infinity): ReturnProblem[] =>
  firstProblems(returnProblems(annualReturn, ctx), limit)
