// Shapes shared by every resource: money, dates, codes, problems, paging.
// Shape only; what the figures mean is decided in src/domain.
import { Type, type Static, type TSchema } from 'typebox'

/** Money is whole pounds; ±10^13 is far beyond any group yet stays exact as a double and a bigint column. */
export const MONEY_LIMIT = 10_000_000_000_000

/** Whole pounds that may be negative (a loss, negative equity). */
export const Money = Type.Integer({
  title: 'Money',
  description: 'Whole pounds sterling; may be negative',
  minimum: -MONEY_LIMIT,
  maximum: MONEY_LIMIT,
})
export type Money = Static<typeof Money>

/** Whole pounds that cannot be negative (a facility limit, an asset total). */
export const NonNegativeMoney = Type.Integer({
  title: 'NonNegativeMoney',
  description: 'Whole pounds sterling, zero or more',
  minimum: 0,
  maximum: MONEY_LIMIT,
})

/** A percentage, 0 to 100 inclusive. */
export const Pct = Type.Number({ title: 'Pct', description: 'A percentage, 0 to 100', minimum: 0, maximum: 100 })
export type Pct = Static<typeof Pct>

/** A calendar date, YYYY-MM-DD (ajv-formats checks that the day exists). */
export const IsoDate = Type.String({ title: 'IsoDate', description: 'A calendar date, YYYY-MM-DD', format: 'date' })
export type IsoDate = Static<typeof IsoDate>

/** ONS GSS code of an upper-tier council: unitary (E06), metropolitan (E08), London (E09), county (E10). */
export const LaCode = Type.String({
  title: 'LaCode',
  description: "ONS GSS code of a council with children's services, e.g. E09000007",
  pattern: '^E(06|08|09|10)\\d{6}$',
  examples: ['E09000007'],
})
export type LaCode = Static<typeof LaCode>

// A bare RFC 4122 uuid: ajv's `uuid` format also takes `urn:uuid:…`, which PostgreSQL does not.
export const Uuid = Type.String({ title: 'Uuid', format: 'uuid', pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' })
export type Uuid = Static<typeof Uuid>

/** One bad field: where it is (RFC 6901 pointer into the request body) and what is wrong with it. */
export const FieldProblem = Type.Object({
  pointer: Type.String({ description: 'JSON pointer into the request body, e.g. /facilities/2/drawn' }),
  detail: Type.String(),
}, { title: 'FieldProblem', additionalProperties: false })
export type FieldProblem = Static<typeof FieldProblem>

/** RFC 9457 problem details; `errors` lists every bad field of a rejected body at once. */
export const Problem = Type.Object({
  type: Type.String({ description: 'A stable URI for this kind of problem' }),
  title: Type.String(),
  status: Type.Integer({ minimum: 100, maximum: 599 }),
  detail: Type.Optional(Type.String()),
  instance: Type.Optional(Type.String()),
  errors: Type.Optional(Type.Array(FieldProblem)),
  moreErrors: Type.Optional(Type.Integer({ description: 'How many more problems were found than the 100 `errors` lists' })),
}, { title: 'Problem', description: 'RFC 9457 problem details (application/problem+json)', additionalProperties: false })
export type Problem = Static<typeof Problem>

export const PAGE_LIMIT_DEFAULT = 50
export const PAGE_LIMIT_MAX = 200

/** Cursor paging query: the cursor is opaque, taken from the previous page's `nextCursor`. */
export const PageQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: PAGE_LIMIT_MAX, default: PAGE_LIMIT_DEFAULT })),
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: 'nextCursor of the previous page' })),
}, { title: 'PageQuery', additionalProperties: false })
export type PageQuery = Static<typeof PageQuery>

/** A page of `item`; `nextCursor` is null on the last page. */
export const Page = <Item extends TSchema>(item: Item, title: string) => Type.Object({
  items: Type.Array(item),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
}, { title, additionalProperties: false })

/** The part of an Ajv (or Fastify validation) error that a problem needs. */
export interface SchemaError {
  keyword: string
  instancePath: string
  schemaPath?: string
  params: Record<string, unknown>
  message?: string
}

const escapePointerToken = (token: string) => token.replace(/~/g, '~0').replace(/\//g, '~1')

const FORMAT_DETAIL: Record<string, string> = {
  date: 'must be a date (YYYY-MM-DD)',
  uuid: 'must be a UUID',
}

const fieldProblem = (e: SchemaError): FieldProblem => {
  const p = e.params
  switch (e.keyword) {
    case 'required':
      return { pointer: `${e.instancePath}/${escapePointerToken(String(p.missingProperty))}`, detail: 'is required' }
    case 'additionalProperties':
      return { pointer: `${e.instancePath}/${escapePointerToken(String(p.additionalProperty))}`, detail: 'is not a known field' }
    case 'enum':
      return { pointer: e.instancePath, detail: `must be one of: ${(p.allowedValues as unknown[]).join(', ')}` }
    case 'format':
      return { pointer: e.instancePath, detail: FORMAT_DETAIL[String(p.format)] ?? `must be a ${String(p.format)}` }
    default:
      return { pointer: e.instancePath, detail: e.message ?? `fails ${e.keyword}` }
  }
}

/**
 * Ajv errors as field problems: the pointer names the field itself (a missing or unknown
 * property included). Summaries of a conditional (`if`) are dropped, since the branch that
 * applied reports the real errors; duplicates are dropped too.
 */
export const ajvErrorsToProblems = (errors: readonly SchemaError[] | null | undefined): FieldProblem[] => {
  const all = [...(errors ?? [])]
  // A failed anyOf (e.g. "integer or null") reports every branch: say it once, with the most
  // specific reason a branch of the right type gave ("must be >= 0"), else the types allowed.
  const unions = all.filter((e) => e.keyword === 'anyOf' && e.schemaPath)
  const inUnion = (e: SchemaError) => unions.find((u) => e !== u && e.schemaPath?.startsWith(`${u.schemaPath}/`) && e.instancePath === u.instancePath)
  const seen = new Set<string>()
  const problems: FieldProblem[] = []
  const push = (problem: FieldProblem) => {
    const key = `${problem.pointer}\u0000${problem.detail}`
    if (seen.has(key)) return
    seen.add(key)
    problems.push(problem)
  }
  for (const e of all) {
    if (e.keyword === 'if' || inUnion(e)) continue
    if (e.keyword === 'anyOf' && e.schemaPath) {
      const branches = all.filter((b) => inUnion(b) === e)
      const specific = branches.find((b) => b.keyword !== 'type' && b.keyword !== 'const' && b.keyword !== 'enum')
      const types = branches.filter((b) => b.keyword === 'type').map((b) => String(b.params.type))
      push(specific ? fieldProblem(specific) : { pointer: e.instancePath, detail: types.length ? `must be ${types.join(' or ')}` : 'matches none of the allowed forms' })
      continue
    }
    push(fieldProblem(e))
  }
  return problems
}
