// The spreadsheet template's layout (CONSOLE.md, "The spreadsheet template"), generated from the
// return's TypeBox contract so the workbook cannot drift from the JSON it stands for: the `Return`
// sheet lists periodStart, periodEnd, ownership.reportingEntity and every accounts field as
// field/value rows; each array of the return is a sheet whose row 1 holds its field names.
import { Type, type TSchema } from 'typebox'
import {
  Accounts, AccountsSource, AnnualReturnBody, Covenant, Facility, NativeOwnership, OwnershipEntity, OwnershipInterest,
  Placement, Setting,
} from '../../schema/annual-return.js'
import { IsoDate, Money, NonNegativeMoney } from '../../schema/common.js'

/** How a cell's value becomes JSON. */
export type ValueKind =
  | 'text' // a string
  | 'enum' // one of `allowed`
  | 'boolean' // TRUE or FALSE
  | 'date' // YYYY-MM-DD
  | 'money' // whole pounds
  | 'count' // a whole number
  | 'percent' // 0 to 100
  | 'number' // any number (a covenant's ratio or pounds)

export interface Field {
  /** as written in the workbook: `drawn`, `payments.rent`, `accounts.revenue` */
  name: string
  /** the JSON path below the item (or below the body, on the Return sheet) */
  path: readonly string[]
  kind: ValueKind
  required: boolean
  /** what the finance team reads: the contract's description, with the unit */
  description: string
  allowed?: readonly string[]
  minimum?: number
  maximum?: number
  /** the longest text the contract takes */
  maxLength?: number
}

export interface TableSheet {
  name: string
  /** where in the return the array of rows goes (`*`: in the facility the row names) */
  path: readonly string[]
  /** columns in the contract's order (the `facility` link column first where there is one) */
  fields: readonly Field[]
  /** the part may be left out of a return (ruleset 2027.1's optional parts) */
  optional: boolean
  /** the most items the contract takes */
  maxItems: number
  /** objects within an item that the contract requires, made even when none of their fields is filled */
  objects: readonly (readonly string[])[]
}

/** The column that numbers facilities, and that ties each covenant to its facility. */
export const FACILITY_COLUMN = 'facility'

/** The sheet each part of the return is laid out on, in the order the workbook has them. */
export const SHEET = {
  return: 'Return',
  facilities: 'Facilities',
  covenants: 'Covenants',
  entities: 'Entities',
  interests: 'Interests',
  settings: 'Settings',
  placements: 'Placements',
  services: 'Services',
  relatedParties: 'Related parties',
} as const

// ---- ruleset 2027.1's optional parts (RULES.md, "New optional parts of a return") ----
// Until the contract in schema/annual-return.ts carries them, the template lays them out from the
// spec; once it does, its own definitions are read instead and these fall away unused.

const pounds = (description: string) => Type.With(NonNegativeMoney, { description })
const PENDING_ACCOUNTS: Record<string, TSchema> = {
  profitBeforeTax: Type.Optional(Type.With(Money, { description: 'Profit before tax (negative for a loss)' })),
  directorsRemuneration: Type.Optional(pounds("Directors' remuneration charged in the period")),
  rentPayable: Type.Optional(pounds('Every rent and lease charge in the profit and loss account, related parties included')),
}
const PendingService = Type.Object({
  kind: Type.Enum(['childrens_homes', 'fostering', 'other'], { description: 'The service line; at most one line per kind' }),
  revenue: pounds("The service line's revenue in the period"),
  childWeeks: Type.Number({ minimum: 0, description: 'Weeks of placement delivered in the period (children x weeks)' }),
}, { additionalProperties: false })
const PendingRelatedParty = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200, description: 'Who was paid' }),
  relationship: Type.Enum(['owner', 'owner_affiliate', 'director', 'other'], { description: 'owner, an owner\'s other company (owner_affiliate), a director, or other' }),
  ref: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'ref of the entity on the Entities sheet, when it is one' })),
  payments: Type.Object({
    rent: Type.Optional(pounds('Rent paid to them in the period')),
    managementFees: Type.Optional(pounds('Management and monitoring fees')),
    interest: Type.Optional(pounds('Shareholder-loan and loan-note interest, paid or rolled up')),
    dividends: Type.Optional(pounds('Dividends')),
    other: Type.Optional(pounds('Anything else paid to them')),
  }, { additionalProperties: false }),
}, { additionalProperties: false })

// ---- reading the contract ----

interface ObjectSchema { properties: Record<string, Schema>; required?: string[] }
interface Schema {
  type?: string; title?: string; description?: string; format?: string; enum?: string[]
  minimum?: number; maximum?: number; exclusiveMinimum?: number; maxLength?: number
  properties?: Record<string, Schema>; required?: string[]; items?: Schema; maxItems?: number
}

const asSchema = (s: unknown) => s as Schema
const bodyProperty = (name: string): Schema | undefined => asSchema(AnnualReturnBody).properties?.[name]

const MONEY_TITLES = new Set(['Money', 'NonNegativeMoney'])

const kindOf = (s: Schema): ValueKind => {
  if (s.enum) return 'enum'
  if (s.type === 'boolean') return 'boolean'
  if (s.type === 'string') return s.format === 'date' ? 'date' : 'text'
  if (s.type === 'integer') return s.title && MONEY_TITLES.has(s.title) ? 'money' : 'count'
  if (s.type === 'number') return s.title === 'Pct' ? 'percent' : 'number'
  throw new Error(`the template has no cell for a ${s.type ?? 'schema without a type'}`)
}

const UNIT: Record<ValueKind, string> = {
  text: 'Text.',
  enum: 'One of the listed values.',
  boolean: 'TRUE or FALSE.',
  date: 'A date (a spreadsheet date, or text as YYYY-MM-DD).',
  money: 'Whole pounds, no pence.',
  count: 'A whole number.',
  percent: 'A percentage as a number: 9.25 for 9.25%.',
  number: 'A number.',
}

/** What a field means where the contract only says what shape it has. */
const MEANING: Record<string, string> = {
  maturityDate: 'When the facility falls due for repayment',
  metric: 'What the covenant tests',
  testDate: 'When the covenant was last tested',
  since: 'Since when (optional)',
  auditOpinion: "The auditor's opinion on the accounts",
}
const GENERIC = new Set([asSchema(IsoDate).description])

const describe = (name: string, s: Schema, kind: ValueKind) => {
  const meaning = s.description && !GENERIC.has(s.description) ? s.description : MEANING[name]
  return [meaning?.replace(/\.?$/, '.'), UNIT[kind]].filter(Boolean).join(' ')
}

/** The object's fields as columns; a nested object (payments) is flattened as `payments.<field>`. */
function fieldsOf(object: unknown, prefix: readonly string[] = [], skip: readonly string[] = [], parentRequired = true): Field[] {
  const o = object as ObjectSchema
  const required = new Set(o.required ?? [])
  const fields: Field[] = []
  for (const [name, s] of Object.entries(o.properties)) {
    if (skip.includes(name)) continue
    const path = [...prefix, name]
    if (s.type === 'object' && s.properties) {
      fields.push(...fieldsOf(s, path, [], parentRequired && required.has(name)))
      continue
    }
    const kind = kindOf(s)
    fields.push({
      name: path.join('.'), path, kind, required: parentRequired && required.has(name),
      description: describe(name, s, kind),
      ...(s.enum ? { allowed: s.enum } : {}),
      ...(s.minimum !== undefined ? { minimum: s.minimum } : s.exclusiveMinimum !== undefined ? { minimum: s.exclusiveMinimum } : {}),
      ...(s.maximum !== undefined ? { maximum: s.maximum } : {}),
      ...(s.maxLength !== undefined ? { maxLength: s.maxLength } : {}),
    })
  }
  return fields
}

/** The accounts as the contract has them, then any of 2027.1's fields it does not have yet. */
const accountsSchema = () => {
  const a = asSchema(Accounts)
  const missing = Object.entries(PENDING_ACCOUNTS).filter(([name]) => !a.properties?.[name])
  return { ...a, properties: { ...a.properties, ...Object.fromEntries(missing) } }
}

/** The item's required objects (a related party's `payments`), as paths. */
const requiredObjects = (object: unknown): string[][] => {
  const o = object as ObjectSchema
  return Object.entries(o.properties)
    .filter(([name, s]) => s.type === 'object' && (o.required ?? []).includes(name))
    .map(([name]) => [name])
}

const facilityNumber: Field = {
  name: FACILITY_COLUMN, path: [], kind: 'count', required: false, minimum: 1,
  description: 'The facility\'s number, 1, 2, ...: covenants name it. Left empty, it is the facility\'s position on this sheet.',
}
const covenantFacility: Field = {
  ...facilityNumber, required: true,
  description: 'The number of the facility (column facility on the Facilities sheet) this covenant belongs to.',
}

const table = (name: string, path: string[], item: unknown, maxItems: number,
  opts: { optional?: boolean; lead?: Field; skip?: string[] } = {}): TableSheet => ({
  name, path, optional: opts.optional ?? false, maxItems, objects: requiredObjects(item),
  fields: [...(opts.lead ? [opts.lead] : []), ...fieldsOf(item, [], opts.skip)],
})

/** An optional part's items as the contract has them, else as the spec has them. */
const itemsOf = (name: string, fallback: unknown) => {
  const s = bodyProperty(name)
  return { items: s?.items ?? asSchema(fallback), maxItems: s?.maxItems ?? 1000 }
}

function buildLayout() {
  const body = asSchema(AnnualReturnBody)
  const ownership = asSchema(NativeOwnership)
  const returnFields: Field[] = [
    ...fieldsOf({ properties: { periodStart: body.properties!.periodStart, periodEnd: body.properties!.periodEnd }, required: body.required }),
    ...fieldsOf({ properties: { reportingEntity: ownership.properties!.reportingEntity }, required: ['reportingEntity'] }, ['ownership']),
    ...fieldsOf(accountsSchema(), ['accounts']),
    ...fieldsOf(AccountsSource, ['accountsSource'], [], false).map((f) => ({
      ...f, description: 'Only when the accounts above were read from iXBRL accounts already uploaded: that document\'s SHA-256.',
    })),
  ]
  const services = itemsOf('services', PendingService)
  const relatedParties = itemsOf('relatedParties', PendingRelatedParty)
  const facilities = bodyProperty('facilities')!
  const most = (s: Schema | undefined) => s!.maxItems!
  const tables: TableSheet[] = [
    table(SHEET.facilities, ['facilities'], Facility, most(facilities), { lead: facilityNumber, skip: ['covenants'] }),
    table(SHEET.covenants, ['facilities', '*', 'covenants'], Covenant,
      most(facilities) * most(asSchema(Facility).properties!.covenants), { lead: covenantFacility }),
    table(SHEET.entities, ['ownership', 'entities'], OwnershipEntity, most(ownership.properties!.entities)),
    table(SHEET.interests, ['ownership', 'interests'], OwnershipInterest, most(ownership.properties!.interests)),
    table(SHEET.settings, ['settings'], Setting, most(bodyProperty('settings'))),
    table(SHEET.placements, ['placements'], Placement, most(bodyProperty('placements'))),
    table(SHEET.services, ['services'], services.items, services.maxItems, { optional: true }),
    table(SHEET.relatedParties, ['relatedParties'], relatedParties.items, relatedParties.maxItems, { optional: true }),
  ]
  return { returnFields, tables }
}

const built = buildLayout()

/** The Return sheet's rows, in order: column A holds `name`, column B the value. */
export const RETURN_FIELDS: readonly Field[] = built.returnFields

/** The table sheets, in the workbook's order. */
export const TABLE_SHEETS: readonly TableSheet[] = built.tables

export const tableSheet = (name: string) => TABLE_SHEETS.find((t) => t.name === name)!
