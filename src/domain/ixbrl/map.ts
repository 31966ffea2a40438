// From what an iXBRL document says to the accounts section of a return: the current period, in whole
// pounds, each figure with the concept, context and column (consolidated or the entity's own) it came from.
import type { IxbrlContext, IxbrlDocument, NumericFact, Period, QName } from './document.js'
import { IxbrlError } from './ixbrl.errors.js'
import {
  ACCOUNTS_SCOPE, FIELD_RULES, GROUP_COMPANY, ISO4217, NET_ASSETS, NO_PROFIT_AND_LOSS, REPORT, taxonomyOf,
  type AccountsField, type Component, type FieldRule, type Named, type Tagging,
} from './taxonomy.js'

export type { AccountsField } from './taxonomy.js'

/**
 * Whose figures a fact gives: `group`, the consolidated column (FRC `GroupCompanyDataDimension =
 * Consolidated`, or an IFRS group's default); `entity`, the reporting company's own, undimensioned.
 */
export type Column = 'group' | 'entity'

export interface AccountsFact {
  field: AccountsField
  /** the concept as written in the document; null when the figure is derived */
  concept: string | null
  contextRef: string | null
  /** YYYY-MM-DD for a balance, YYYY-MM-DD/YYYY-MM-DD for a period */
  period: string
  /** whole pounds */
  value: number
  /** which column the figure was read from: decided per field, the consolidated one where the filing has it */
  scope: Column
  /** the concepts a derived figure adds up */
  derivedFrom?: string[]
  /** the facts a derived figure adds up; a subtracted one has a negative value */
  components?: { concept: string; contextRef: string; value: number }[]
  /** how a figure was worked out, where the filing's own tags do not say it directly */
  note?: string
}

/** The accounts fields read, in whole pounds. */
export type ReadAccounts = Partial<Record<AccountsField, number>>

export interface AccountsExtraction {
  accounts: ReadAccounts
  facts: AccountsFact[]
  /** fields the document has no figure for in the current period */
  missing: AccountsField[]
  /** why each missing field is missing */
  missingReasons: Partial<Record<AccountsField, string>>
  periodStart?: string
  periodEnd?: string
  companyNumber?: string
  /** `group`: some figure was read from the consolidated column; `entity`: every figure is the entity's own */
  scope: Column
}

export const ACCOUNTS_FIELDS: readonly AccountsField[] = FIELD_RULES.map(r => r.field)

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/
const COMPANIES_HOUSE = 'http://www.companieshouse.gov.uk'

/** Half away from zero, and never -0: money in the return is whole pounds. */
const pounds = (value: number) => Math.sign(value) * Math.round(Math.abs(value)) + 0
const money = (value: number) => `${value < 0 ? '−' : ''}£${Math.abs(value).toLocaleString('en-GB')}`

const periodText = (p: Period) => p.kind === 'instant' ? p.date : p.kind === 'duration' ? `${p.start}/${p.end}` : 'forever'
const key = (n: Named) => `${n.taxonomy} ${n.local}`
const memberKey = (m: { dimension: Named; member: Named }) => `${key(m.dimension)}=${key(m.member)}`

const KNOWN_CONCEPTS = new Set([
  ...FIELD_RULES.flatMap(rule => [...rule.tagged, ...(rule.derived ?? []).flat().flatMap(c => c.taggings)]),
  ...NET_ASSETS,
].map(t => key(t.concept)))

const isPounds = (doc: IxbrlDocument, f: NumericFact) => {
  const unit = doc.units.get(f.unitRef)
  return unit !== undefined && unit.divideBy.length === 0 && unit.measures.length === 1 &&
    unit.measures[0].namespace === ISO4217 && unit.measures[0].local === 'GBP'
}

/** How the mapping sees a context: which column it belongs to (none: a breakdown, or IFRS's separate column), and its other members. */
interface ContextView { context: IxbrlContext; column: Column | null; members: Set<string> }

/** A figure found for a field: its value, where it came from, and the facts it adds up (with their signs). */
interface Reading { value: number; fact: AccountsFact; parts: { fact: NumericFact; value: number }[] }

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

  // The column is decided per field, not per document: a single company's filing may carry one stray
  // consolidated context, and a group's filing may tag some figures only in the company's own column.
  // FRC: Consolidated is the group; undimensioned figures (or another GroupCompanyDataDimension member)
  // are the reporting company's own. IFRS: the default is the group in a filing that uses the
  // consolidated/separate axis at all, and SeparateMember is the parent's column, never read.
  const ifrsGroup = [...doc.contexts.values()].some(c => c.dimensions.some(m => is(GROUP_COMPANY.ifrs.dimension, m.dimension)))
  const views = new Map<string, ContextView>()
  for (const context of doc.contexts.values()) {
    let column: Column | null | undefined
    let breakdown = context.typedDimensions.length > 0
    const members = new Set<string>()
    for (const m of context.dimensions) {
      if (is(GROUP_COMPANY.frc.dimension, m.dimension)) {
        if (column !== undefined) breakdown = true
        column = is(GROUP_COMPANY.frc.group, m.member) ? 'group' : 'entity'
      } else if (is(GROUP_COMPANY.ifrs.dimension, m.dimension)) {
        if (column !== undefined) breakdown = true
        column = is(GROUP_COMPANY.ifrs.group, m.member) ? 'group' : null
      } else {
        const dimension = named(m.dimension)
        const member = named(m.member)
        members.add(dimension && member ? memberKey({ dimension, member }) : `? ${m.dimension.local}`)
      }
    }
    views.set(context.id, {
      context,
      column: breakdown ? null : column !== undefined ? column : ifrsGroup ? 'group' : 'entity',
      members,
    })
  }

  // Tens of thousands of facts name a few hundred concepts, each one object (the reader's): each is
  // named once, not once a fact.
  const keys = new Map<QName, string | null>()
  const conceptKey = (q: QName) => {
    let k = keys.get(q)
    if (k === undefined) {
      const n = named(q)
      keys.set(q, k = n ? key(n) : null)
    }
    return k
  }
  const viewOf = (f: NumericFact) => views.get(f.contextRef) as ContextView

  // Each fact of a concept the return reads, with its context's view, looked up once: the search
  // for a field goes through thousands of them.
  const byConcept = new Map<string, { fact: NumericFact; view: ContextView }[]>()
  for (const fact of doc.numericFacts) {
    const k = conceptKey(fact.concept)
    if (k === null || !KNOWN_CONCEPTS.has(k)) continue
    const list = byConcept.get(k)
    const entry = { fact, view: viewOf(fact) }
    if (list) list.push(entry)
    else byConcept.set(k, [entry])
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

  // Only the contexts the return's concepts use decide the period; a context is looked at once.
  const used = new Set<IxbrlContext>()
  for (const list of byConcept.values()) for (const { view } of list) used.add(view.context)
  const { periodStart, periodEnd, current } = choosePeriod(doc, used, is)
  const isCurrent = (kind: FieldRule['period'], p: Period) => kind === 'instant'
    ? p.kind === 'instant' && p.date === periodEnd
    : p.kind === 'duration' && current !== undefined && p.start === current.start && p.end === current.end

  /** The first fact, in document order, that states this tagging for the current period in this column. */
  const find = (kind: FieldRule['period'], column: Column, t: Tagging): NumericFact | undefined => {
    const wanted = t.members.map(memberKey)
    return byConcept.get(key(t.concept))?.find(({ fact: f, view }) =>
      f.value !== null && view.column === column && isPounds(doc, f) && isCurrent(kind, view.context.period) &&
        view.members.size === wanted.length && wanted.every(m => view.members.has(m)))?.fact
  }
  const amount = (magnitude: boolean, f: NumericFact) => {
    const value = pounds(f.value as number)
    return magnitude ? Math.abs(value) : value
  }
  const stated = (rule: FieldRule, column: Column, f: NumericFact): Reading => {
    const value = amount(rule.magnitude, f)
    return {
      value, parts: [{ fact: f, value }],
      fact: { field: rule.field, concept: f.name, contextRef: f.contextRef, period: periodText(viewOf(f).context.period), value, scope: column },
    }
  }
  const derivedFrom = (rule: FieldRule, column: Column, parts: { fact: NumericFact; value: number }[], note?: string): Reading => {
    // each part in whole pounds, so the total is the sum of what the regulator is shown
    const components = parts.map(p => ({ concept: p.fact.name, contextRef: p.fact.contextRef, value: p.value }))
    const value = components.reduce((sum, p) => sum + p.value, 0) + 0
    return {
      value, parts,
      fact: {
        field: rule.field, concept: null, contextRef: null, period: periodText(viewOf(parts[0].fact).context.period), value, scope: column,
        derivedFrom: components.map(p => p.concept), components, ...(note ? { note } : {}),
      },
    }
  }
  /** The first fact of a concept for the current period in this column, under any further members. */
  const findInParts = (kind: FieldRule['period'], column: Column, t: Tagging): NumericFact | undefined =>
    byConcept.get(key(t.concept))?.find(({ fact: f, view }) =>
      f.value !== null && view.column === column && isPounds(doc, f) && isCurrent(kind, view.context.period))?.fact
  const derivations = (rule: FieldRule, column: Column) =>
    firstOf(rule.derived ?? [], components => derive(components, t => find(rule.period, column, t), t => findInParts(rule.period, column, t)))
  /** why a field could not be derived, when a part of it is tagged only in parts */
  const incomplete = new Map<AccountsField, string>()
  /** A field in one column: a concept that states it, else the sum of its parts. */
  const readIn = (rule: FieldRule, column: Column): Reading | undefined => {
    const fact = firstOf(rule.tagged, t => find(rule.period, column, t))
    if (fact) return stated(rule, column, fact)
    const derivation = derivations(rule, column)
    if (derivation && 'incomplete' in derivation) {
      if (!incomplete.has(rule.field)) incomplete.set(rule.field, derivation.incomplete)
      return undefined
    }
    return derivation && derivedFrom(rule, column, derivation.parts.map(({ fact, component }) => {
      const value = amount(rule.magnitude && !component.signed, fact)
      return { fact, value: component.subtract ? -value : value }
    }))
  }

  // The consolidated column first, wherever the filing has the field there; then the entity's own.
  const COLUMNS: readonly Column[] = ['group', 'entity']
  const rules = new Map(FIELD_RULES.map(r => [r.field, r]))
  const rule = (field: AccountsField) => rules.get(field) as FieldRule
  const found = new Map<AccountsField, Reading>()
  for (const r of FIELD_RULES) {
    if (r.field === 'totalLiabilities') continue
    const reading = firstOf(COLUMNS, column => readIn(r, column))
    if (reading) found.set(r.field, reading)
  }

  // Total liabilities: tagged, or what the balance sheet identity leaves between total assets and net
  // assets when the filing states both, so assets − liabilities = equity whatever lines the creditors,
  // provisions, accruals and pension headings are tagged under. The sum of those lines says the same in
  // a consistent filing, and is then what the figure shows it is made of.
  const liabilities = firstOf(COLUMNS, (column): { reading: Reading; equitySignLost?: NumericFact } | undefined => {
    const tagged = firstOf(rule('totalLiabilities').tagged, t => find('instant', column, t))
    if (tagged) return { reading: stated(rule('totalLiabilities'), column, tagged) }
    const lines = derivations(rule('totalLiabilities'), column)
    const sum = lines && 'parts' in lines
      ? derivedFrom(rule('totalLiabilities'), column, lines.parts.map(({ fact }) => ({ fact, value: amount(true, fact) })))
      : undefined
    const assets = readIn(rule('totalAssets'), column)
    const netFact = firstOf(NET_ASSETS, t => find('instant', column, t))
    if (!assets || !netFact) return sum && { reading: sum }
    const net = amount(false, netFact)
    const identity = assets.value - net
    if (sum && sum.value === identity) return { reading: sum }
    if (sum && net !== 0 && assets.value - sum.value === -net) {
      // the filing's own figures give net liabilities where it tags net assets without sign="-"
      return { reading: sum, equitySignLost: netFact }
    }
    if (identity < 0) return sum && { reading: sum }
    const parts = [...assets.parts, { fact: netFact, value: -net }]
    return {
      reading: derivedFrom(rule('totalLiabilities'), column, parts,
        `total assets ${money(assets.value)} less net assets ${money(net)}` +
        (sum ? `; the liability lines tagged add up to ${money(sum.value)}` : '; no liability line is tagged')),
    }
  })
  if (liabilities) found.set('totalLiabilities', liabilities.reading)
  const equity = found.get('totalEquity')
  const lost = liabilities?.equitySignLost
  if (equity && lost && equity.fact.scope === liabilities.reading.fact.scope && equity.value === amount(false, lost)) {
    const value = -equity.value
    found.set('totalEquity', {
      ...equity, value,
      fact: {
        ...equity.fact, value,
        note: `tagged as ${money(equity.value)} without sign="-", but the filing's own figures give net liabilities: ` +
          `total assets ${money(found.get('totalAssets')?.value ?? 0)} less liabilities ${money(liabilities.reading.value)}`,
      },
    })
  }

  // A filing that delivers no profit and loss account has no figure for its fields: they are missing, and
  // say why, never zero (a dash in an undelivered statement is not a result), nor a charge from the notes.
  const statementLines = new Set(NO_PROFIT_AND_LOSS.statementLines.map(key))
  const anyStatementLine = doc.numericFacts.some(f => {
    const concept = conceptKey(f.concept)
    const view = viewOf(f)
    return concept !== null && statementLines.has(concept) && view !== undefined && isCurrent('duration', view.context.period)
  })
  const noProfitAndLoss = profitAndLossAbsence(doc, is, views) ??
    (anyStatementLine ? undefined : 'no profit and loss account is tagged: no turnover, operating profit or profit before tax for the period')
  const accounts: ReadAccounts = {}
  const facts: AccountsFact[] = []
  const missing: AccountsField[] = []
  const missingReasons: Partial<Record<AccountsField, string>> = {}
  for (const r of FIELD_RULES) {
    const reading = found.get(r.field)
    if (reading && !(r.profitAndLoss && noProfitAndLoss)) {
      accounts[r.field] = reading.value
      facts.push(reading.fact)
      continue
    }
    missing.push(r.field)
    missingReasons[r.field] = r.profitAndLoss && noProfitAndLoss ? noProfitAndLoss : incomplete.get(r.field) ??
      `no figure is tagged for the ${r.period === 'instant' ? `balance sheet date ${periodEnd ?? ''}` : 'current period'}`.trim()
  }

  return {
    accounts, facts, missing, missingReasons, periodStart, periodEnd,
    companyNumber: companyNumber(doc, is),
    scope: facts.some(f => f.scope === 'group') ? 'group' : 'entity',
  }
}

const firstOf = <T, R>(items: readonly T[], pick: (item: T) => R | undefined): R | undefined => {
  for (const item of items) {
    const found = pick(item)
    if (found !== undefined) return found
  }
  return undefined
}

/** The parts of a derived field found, or why there are none to add. */
type Derivation = { parts: { fact: NumericFact; component: Component }[] } | { incomplete: string } | undefined

/**
 * The facts that add up to a derived field: undefined when a required one, or every one, is not there;
 * incomplete when a part that must be whole is tagged only in parts.
 */
const derive = (components: Component[], find: (t: Tagging) => NumericFact | undefined, inParts: (t: Tagging) => NumericFact | undefined): Derivation => {
  const parts: { fact: NumericFact; component: Component }[] = []
  for (const component of components) {
    const fact = firstOf(component.taggings, find)
    if (fact) { parts.push({ fact, component }); continue }
    if (component.required) return undefined
    const partial = component.whole ? firstOf(component.taggings, inParts) : undefined
    if (partial) return { incomplete: `${partial.name} is tagged only in parts (by class or ownership), with no total to add` }
  }
  return parts.length > 0 ? { parts } : undefined
}

type Is = (want: Named, q: QName) => boolean

/**
 * Why the filing has no profit and loss account, if it says so: micro-entity accounts (FRS 105) and
 * filleted accounts deliver none; a single company's filing marks the latter by taking the exemption
 * from publishing its own profit and loss account. A group's parent takes the same exemption under
 * s408 because the consolidated one is published, so the flag says nothing of a filing that presents
 * group accounts (any consolidated context, or ScopeAccounts = consolidated group accounts).
 */
const profitAndLossAbsence = (doc: IxbrlDocument, is: Is, views: ReadonlyMap<string, ContextView>) => {
  const members = (f: { contextRef: string }) => views.get(f.contextRef)?.context.dimensions ?? []
  const micro = doc.textFacts.some(f => members(f).some(m =>
    is(NO_PROFIT_AND_LOSS.accountingStandards, m.dimension) && is(NO_PROFIT_AND_LOSS.microEntities, m.member)))
  if (micro) return 'micro-entity accounts (FRS 105): no profit and loss account is delivered'
  const inGroupColumn = (f: { contextRef: string }) => members(f).some(m =>
    (is(GROUP_COMPANY.frc.dimension, m.dimension) && is(GROUP_COMPANY.frc.group, m.member)) ||
    (is(ACCOUNTS_SCOPE.dimension, m.dimension) && is(ACCOUNTS_SCOPE.group, m.member)))
  const presentsGroup = doc.numericFacts.some(inGroupColumn) || doc.textFacts.some(inGroupColumn)
  const filleted = !presentsGroup && doc.textFacts.some(f => is(NO_PROFIT_AND_LOSS.notPublished, f.concept) && f.value.trim().toLowerCase() === 'true')
  if (filleted) return 'filleted accounts: the company has not delivered its profit and loss account'
  return undefined
}

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

/**
 * Companies House numbers are eight characters: filers often drop the leading zeros ("390616" for
 * 00390616), and the register's prefixes (SC, NI, OC…) come before six digits.
 */
const registered = (text: string) => {
  const number = text.replace(/\s+/g, '').toUpperCase()
  if (/^\d{1,7}$/.test(number)) return number.padStart(8, '0')
  const prefixed = /^([A-Z]{2})(\d{1,5})$/.exec(number)
  return prefixed ? prefixed[1] + prefixed[2].padStart(6, '0') : number
}

const companyNumber = (doc: IxbrlDocument, is: Is) => {
  const stated = doc.textFacts.find(f => is(REPORT.companyNumber, f.concept) && f.value.trim())
  if (stated) return registered(stated.value)
  const context = [...doc.contexts.values()].find(c => c.entity.scheme.replace(/\/+$/, '') === COMPANIES_HOUSE)
  return context?.entity.identifier ? registered(context.entity.identifier) : undefined
}
