// How much a refusal lists, and when checking stops. Every problem with a body is reported by
// pointer, but a hostile body can have hundreds of thousands: listing them all made a 20 MB
// answer after seconds of work. A refusal lists the first PROBLEMS_LISTED and says how many more
// were found; the checks themselves stop once more than PROBLEMS_CHECKED are found.
import { Name, _, type ErrorObject, type KeywordCxt, type KeywordDefinition } from 'ajv'

export const PROBLEMS_LISTED = 100
export const PROBLEMS_CHECKED = 1_000

/** The first `limit` problems, and one more when there are more (enough to say "more than"). */
export function firstProblems<T>(problems: Iterable<T>, limit: number): T[] {
  const out: T[] = []
  for (const p of problems) {
    out.push(p)
    if (out.length > limit) break
  }
  return out
}

// ---- Ajv with allErrors stops after a budget of errors ----------------------------------------
// Ajv has no such option: with allErrors it reports every error of every item of every array. This
// keyword, put on every subschema, is compiled into the generated validator as a check of its own
// error count (the `errors` and `vErrors` locals Ajv's own keywords use), throwing the errors so far
// once the budget is spent, so that a body of 100,000 bad items costs what its first few do.

export const ERROR_BUDGET_KEYWORD = 'x-errorBudget'

interface BudgetSpent { errorBudgetSpent: true; errors: ErrorObject[] }

const ERRORS = new Name('errors')
const V_ERRORS = new Name('vErrors')

export const errorBudgetKeyword: KeywordDefinition = {
  keyword: ERROR_BUDGET_KEYWORD,
  schemaType: 'number',
  code(cxt: KeywordCxt) {
    const budget = Number(cxt.schema)
    cxt.gen.if(_`${ERRORS} > ${budget}`, () => cxt.gen.throw(_`{ errorBudgetSpent: true, errors: ${V_ERRORS} }`))
  },
}

// Keywords whose value is a subschema, a list of them, or a map of them (draft-07 and 2020-12).
const ONE = ['items', 'additionalItems', 'additionalProperties', 'contains', 'propertyNames', 'not', 'if', 'then', 'else', 'unevaluatedItems', 'unevaluatedProperties']
const LIST = ['items', 'prefixItems', 'allOf', 'anyOf', 'oneOf']
const MAP = ['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas']

/** A copy of `schema` with the budget check on every subschema (the original, used for OpenAPI, is untouched). */
export function withErrorBudget<S>(schema: S, budget: number): S {
  const visit = (node: unknown): unknown => {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return node
    const copy: Record<string, unknown> = { ...(node as Record<string, unknown>) }
    for (const k of ONE) if (copy[k] !== null && typeof copy[k] === 'object' && !Array.isArray(copy[k])) copy[k] = visit(copy[k])
    for (const k of LIST) if (Array.isArray(copy[k])) copy[k] = (copy[k] as unknown[]).map(visit)
    for (const k of MAP) {
      if (copy[k] !== null && typeof copy[k] === 'object') {
        copy[k] = Object.fromEntries(Object.entries(copy[k] as Record<string, unknown>).map(([name, sub]) => [name, visit(sub)]))
      }
    }
    copy[ERROR_BUDGET_KEYWORD] = budget
    return copy
  }
  return visit(schema) as S
}

/** The errors found before the budget ran out, when `err` is that (else undefined: rethrow it). */
export function budgetSpent(err: unknown): ErrorObject[] | undefined {
  return err !== null && typeof err === 'object' && (err as BudgetSpent).errorBudgetSpent === true ? (err as BudgetSpent).errors ?? [] : undefined
}
