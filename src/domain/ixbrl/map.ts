// From what an iXBRL document says to the accounts section of a return: the current period, the
// group's figures, in whole pounds, each with the concept and context it came from.
import type { Accounts } from '../annual-return.js'
import type { IxbrlContext, IxbrlDocument, NumericFact, Period, QName } from './document.js'
import { IxbrlError } from './ixbrl.errors.js'
import {
  FIELD_RULES, GROUP_COMPANY, ISO4217, REPORT, taxonomyOf,
  type AccountsField, type Component, type FieldRule, type Named, type Tagging,
} from './taxonomy.js'

export type { AccountsField } from './taxonomy.js'

export interface AccountsFact {
  field: AccountsField
  /** the concept as written in the document; null when the figure is derived */
  concept: string | null
  contextRef: string | null
  /** YYYY-MM-DD for a balance, YYYY-MM-DD/YYYY-MM-DD for a period */
  period: string
  /** whole pounds */
  value: number
  /** the concepts a derived figure adds up */
  derivedFrom?: string[]
  components?: { concept: string; contextRef: string; value: number }[]
}

export interface AccountsExtraction {
  accounts: Partial<Accounts>
  facts: AccountsFact[]
  /** fields the document has no figure for in the current period */
  missing: AccountsField[]
  periodStart?: string
  periodEnd?: string
  companyNumber?: string
  /** `group`: the consolidated column was read; `entity`: the document reports one entity */
  scope: 'group' | 'entity'
}

export const ACCOUNTS_FIELDS: readonly AccountsField[] = FIELD_RULES.map(r => r.field)

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/
const COMPANIES_HOUSE = 'http://www.companieshouse.gov.uk'

/** Half away from zero, and never -0: money in the return is whole pounds. */
const pounds = (value: number) => Math.sign(value) * Math.round(Math.abs(value)) + 0

const periodText = (p: Period) => p.kind === 'instant' ? p.date : p.kind === 'duration' ? `${p.start}/${p.end}` : 'forever'
const key = (n: Named) => `${n.taxonomy} ${n.local}`
const memberKey = (m: { dimension: Named; member: Named }) => `${key(m.dimension)}=${key(m.member)}`

const KNOWN_CONCEPTS = new Set(FIELD_RULES.flatMap(rule => [
  ...rule.tagged,
  ...(rule.derived ?? []).flat().flatMap(c => c.taggings),
]).map(t => key(t.concept)))

const isPounds = (doc: IxbrlDocument, f: NumericFact) => {
  const unit = doc.units.get(f.unitRef)
  return unit !== undefined && unit.divideBy.length === 0 && unit.measures.length === 1 &&
    unit.measures[0].namespace === ISO4217 && unit.measures[0].local === 'GBP'
}

/** How the mapping sees a context: whose figures it holds, and its other dimension members. */
interface ContextView { context: IxbrlContext; scope: 'group' | 'company' | 'default' | 'breakdown'; members: Set<string> }

/**
 * Map a read document to the return's accounts fields.
 * Throws IxbrlError when no figure uses a concept the return reads.
 */
export const mapAccounts = (doc: IxbrlDocument): AccountsExtraction => {
  const taxonomies = new Map<string, ReturnType<typeof taxonomyOf>>()
  const named = (q: QName): Named | undefined => {
    if (!taxonomies.has(q.namespace)) taxonomies.set(q.namespace, taxonomyOf(q.namespace))
    const taxonomy = taxonomies.get(q.namespace)
    return taxonomy && { taxonomy, local: q.local }
  }
  const is = (want: Named, q: QName) => {
    const n = named(q)
    return n !== undefined && n.taxonomy === want.taxonomy && n.local === want.local
  }

  // A document that states Consolidated anywhere has group columns, and its undimensioned FRC figures
  // are the parent company's own: only the consolidated ones describe the group. IFRS's default is the group.
  let frcGroup = false
  let ifrsGroup = false
  const views = new Map<string, ContextView>()
  for (const context of doc.contexts.values()) {
    let scope: ContextView['scope'] = context.typedDimensions.length > 0 ? 'breakdown' : 'default'
    const members = new Set<string>()
    for (const m of context.dimensions) {
      const dimension = named(m.dimension)
      const member = named(m.member)
      const frc = is(GROUP_COMPANY.frc.dimension, m.dimension)
      const ifrs = is(GROUP_COMPANY.ifrs.dimension, m.dimension)
      if (!frc && !ifrs) members.add(dimension && member ? memberKey({ dimension, member }) : `? ${m.dimension.local}`)
      else if (scope === 'default') {
        scope = is(GROUP_COMPANY.frc.group, m.member) || is(GROUP_COMPANY.ifrs.group, m.member) ? 'group' : 'company'
        frcGroup ||= frc && scope === 'group'
        ifrsGroup ||= ifrs
      } else scope = 'breakdown'
    }
    views.set(context.id, { context, scope, members })
  }

  const byConcept = new Map<string, NumericFact[]>()
  for (const fact of doc.numericFacts) {
    const concept = named(fact.concept)
    if (!concept || !KNOWN_CONCEPTS.has(key(concept))) continue
    const list = byConcept.get(key(concept))
    if (list) list.push(fact)
    else byConcept.set(key(concept), [fact])
  }
  if (byConcept.size === 0) {
    throw new IxbrlError('no recognised concepts: the document tags no FRS 102 or IFRS figure the return reads', {
      missing: [...ACCOUNTS_FIELDS],
      problems: [{
        detail: `none of its ${doc.numericFacts.length} numeric facts uses an FRC core (FRS 102) or IFRS concept ` +
          `for ${ACCOUNTS_FIELDS.join(', ')}`,
      }],
    })
  }

  const viewOf = (f: NumericFact) => views.get(f.contextRef) as ContextView
  const inScope = (v: ContextView) => frcGroup ? v.scope === 'group' : v.scope === 'default' || v.scope === 'group'

  // Only the contexts the return's concepts use decide the period; a context is looked at once.
  const used = new Set<IxbrlContext>()
  for (const list of byConcept.values()) for (const f of list) used.add(viewOf(f).context)
  const { periodStart, periodEnd, current } = choosePeriod(doc, used, is)
  const isCurrent = (rule: FieldRule, p: Period) => rule.period === 'instant'
    ? p.kind === 'instant' && p.date === periodEnd
    : p.kind === 'duration' && current !== undefined && p.start === current.start && p.end === current.end

  /** The first fact, in document order, that states this tagging for the current period. */
  const find = (rule: FieldRule, t: Tagging): NumericFact | undefined => {
    const wanted = t.members.map(memberKey)
    return byConcept.get(key(t.concept))?.find(f => {
      const view = viewOf(f)
      return f.value !== null && isPounds(doc, f) && inScope(view) && isCurrent(rule, view.context.period) &&
        view.members.size === wanted.length && wanted.every(m => view.members.has(m))
    })
  }
  const amount = (rule: FieldRule, f: NumericFact) => {
    const value = pounds(f.value as number)
    return rule.magnitude ? Math.abs(value) : value
  }

  const accounts: Partial<Accounts> = {}
  const facts: AccountsFact[] = []
  const missing: AccountsField[] = []
  for (const rule of FIELD_RULES) {
    const stated = firstOf(rule.tagged, t => find(rule, t))
    if (stated) {
      const value = amount(rule, stated)
      accounts[rule.field] = value
      facts.push({ field: rule.field, concept: stated.name, contextRef: stated.contextRef, period: periodText(viewOf(stated).context.period), value })
      continue
    }
    const derived = firstOf(rule.derived ?? [], components => derive(components, t => find(rule, t)))
    if (derived) {
      // each part in whole pounds, so the total is the sum of what the regulator is shown
      const parts = derived.map(f => ({ concept: f.name, contextRef: f.contextRef, value: amount(rule, f) }))
      const value = parts.reduce((sum, p) => sum + p.value, 0)
      accounts[rule.field] = value
      facts.push({
        field: rule.field, concept: null, contextRef: null, period: periodText(viewOf(derived[0]).context.period), value,
        derivedFrom: parts.map(p => p.concept), components: parts,
      })
      continue
    }
    missing.push(rule.field)
  }

  return {
    accounts, facts, missing, periodStart, periodEnd,
    companyNumber: companyNumber(doc, is),
    scope: frcGroup || ifrsGroup ? 'group' : 'entity',
  }
}

const firstOf = <T, R>(items: readonly T[], pick: (item: T) => R | undefined): R | undefined => {
  for (const item of items) {
    const found = pick(item)
    if (found !== undefined) return found
  }
  return undefined
}

/** The facts that add up to a derived field, or undefined when a required one is not there. */
const derive = (components: Component[], find: (t: Tagging) => NumericFact | undefined) => {
  const found: NumericFact[] = []
  for (const component of components) {
    const fact = firstOf(component.taggings, find)
    if (fact) found.push(fact)
    else if (component.required) return undefined
  }
  return found.length > 0 ? found : undefined
}

type Is = (want: Named, q: QName) => boolean

/** A report fact from the FRC business taxonomy, when it is a date. */
const reportDate = (doc: IxbrlDocument, concept: Named, is: Is) =>
  doc.textFacts.find(f => is(concept, f.concept) && ISO_DATE.test(f.value))?.value

/**
 * The current period: the report's own dates when it states them, otherwise the latest period the
 * figures are given for. Of the durations ending then, the one starting at the stated start, or the
 * longest (the year, not a quarter within it).
 */
const choosePeriod = (doc: IxbrlDocument, used: Iterable<IxbrlContext>, is: Is) => {
  const statedStart = reportDate(doc, REPORT.periodStart, is)
  const statedEnd = reportDate(doc, REPORT.periodEnd, is)
  const durations: { start: string; end: string }[] = []
  const instants: string[] = []
  for (const { period } of used) {
    if (period.kind === 'duration') durations.push(period)
    else if (period.kind === 'instant') instants.push(period.date)
  }
  const latest = (dates: string[]) => dates.reduce<string | undefined>((a, b) => (a === undefined || b > a ? b : a), undefined)
  const periodEnd = statedEnd ?? latest(durations.map(d => d.end)) ?? latest(instants)
  const current = durations
    .filter(d => d.end === periodEnd)
    .sort((a, b) => Number(b.start === statedStart) - Number(a.start === statedStart) || a.start.localeCompare(b.start))[0]
  return { periodStart: statedStart ?? current?.start, periodEnd, current }
}

const companyNumber = (doc: IxbrlDocument, is: Is) => {
  const stated = doc.textFacts.find(f => is(REPORT.companyNumber, f.concept) && f.value.trim())
  if (stated) return stated.value.replace(/\s+/g, '')
  const context = [...doc.contexts.values()].find(c => c.entity.scheme.replace(/\/+$/, '') === COMPANIES_HOUSE)
  return context?.entity.identifier || undefined
}
