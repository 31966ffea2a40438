// Validation against the official BODS 0.4 JSON schema (copied unchanged into ./bods-0.4/).
// The schemas name each other by bare URNs (`urn:entity`), which Ajv's URI library refuses; they
// are mapped to URLs in memory, in `$id` and `$ref` alike, when the schema is compiled.

import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import components from './bods-0.4/components.json' with { type: 'json' }
import entityRecord from './bods-0.4/entity-record.json' with { type: 'json' }
import personRecord from './bods-0.4/person-record.json' with { type: 'json' }
import relationshipRecord from './bods-0.4/relationship-record.json' with { type: 'json' }
import statement from './bods-0.4/statement.json' with { type: 'json' }
import type { OwnershipProblem } from './check.js'
import { budgetSpent, errorBudgetKeyword, PROBLEMS_CHECKED, withErrorBudget } from '../problem-budget.js'

// ajv-formats ships CommonJS with a default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020

const SCHEMA_BASE = 'https://bods.invalid/0.4/'
export const BODS_STATEMENTS_SCHEMA_ID = `${SCHEMA_BASE}statement`

const urnToUrl = (v: string) => (v.startsWith('urn:') ? SCHEMA_BASE + v.slice('urn:'.length) : v)

const withUrls = (node: unknown): unknown => {
  if (Array.isArray(node)) return node.map(withUrls)
  if (node === null || typeof node !== 'object') return node
  return Object.fromEntries(Object.entries(node).map(([key, value]) =>
    [key, (key === '$id' || key === '$ref') && typeof value === 'string' ? urnToUrl(value) : withUrls(value)]))
}

/** The BODS 0.4 schemas with URL identifiers, for any validator that needs them (tests use them too). */
export const bodsSchemas = (): Record<string, unknown>[] =>
  [components, entityRecord, personRecord, relationshipRecord, statement].map(s => withUrls(s) as Record<string, unknown>)

// Several raw errors (one per branch of a combinator) can make one problem.
const RAW_ERROR_BUDGET = 5 * PROBLEMS_CHECKED

let compiled: ValidateFunction | undefined
const validator = (): ValidateFunction => {
  if (compiled) return compiled
  // not strict: the schema carries its own annotation keywords (codelist, propertyOrder, version)
  const ajv = new Ajv2020({ allErrors: true, strict: false })
  addFormats(ajv)
  // Every error of 20,000 bad statements would take seconds: Ajv stops after a budget of raw errors.
  ajv.addKeyword(errorBudgetKeyword)
  for (const schema of bodsSchemas()) ajv.addSchema(withErrorBudget(schema, RAW_ERROR_BUDGET))
  compiled = ajv.getSchema(BODS_STATEMENTS_SCHEMA_ID)!
  return compiled
}

/**
 * Checks statements against the official BODS 0.4 schema. Each problem names the statement and
 * the field at fault, as a pointer into the request body: `/ownership/bods/4/recordDetails/…`.
 */
export const validateBods = (statements: unknown[]): OwnershipProblem[] => {
  const validate = validator()
  try {
    if (validate(statements)) return []
    return describe(validate.errors ?? [])
  } catch (err) {
    const found = budgetSpent(err)
    if (!found) throw err
    return [...describe(found), { pointer: POINTER_BASE, detail: `checking stopped after ${RAW_ERROR_BUDGET} schema errors: the statements have more problems than are listed` }]
  }
}


const POINTER_BASE = '/ownership/bods'

const describe = (errors: ErrorObject[]): OwnershipProblem[] => {
  // A failed anyOf/oneOf comes after one error per branch. Where a branch failed deeper down, that
  // deeper error says more than the summary; otherwise the branches' messages make the summary.
  const branches = combinatorBranches(errors)
  const problems: OwnershipProblem[] = []
  const seen = new Set<string>()
  const add = (pointer: string, detail: string) => {
    const key = `${pointer}\u0000${detail}`
    if (seen.has(key)) return
    seen.add(key)
    problems.push({ pointer, detail })
  }
  errors.forEach((e, k) => {
    if (e.keyword === 'if') return // its `then` branch's own errors are reported
    const owner = branches.ownerOf[k]
    if (owner >= 0 && e.instancePath === errors[owner].instancePath) return
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf') {
      const mine = branches.of.get(k) ?? []
      if (mine.some(b => errors[b].instancePath !== e.instancePath)) return
      const messages = [...new Set(mine.map(b => message(errors[b])))]
      add(POINTER_BASE + e.instancePath, messages.length ? messages.join(' or ') : message(e))
      return
    }
    if (e.keyword === 'required') {
      add(`${POINTER_BASE}${e.instancePath}/${escape(String(e.params.missingProperty))}`, 'is required')
      return
    }
    add(POINTER_BASE + e.instancePath, message(e))
  })
  return problems
}

/**
 * Ajv reports a failed combinator right after its branches' errors; a branch reached through a
 * `$ref` carries the referenced schema's path, so errors are attributed by position: the run of
 * errors just before the combinator, inside its instance, belongs to it (innermost first).
 */
const combinatorBranches = (errors: ErrorObject[]) => {
  const ownerOf = errors.map(() => -1)
  const of = new Map<number, number[]>()
  errors.forEach((c, k) => {
    if (c.keyword !== 'anyOf' && c.keyword !== 'oneOf') return
    const mine: number[] = []
    for (let j = k - 1; j >= 0 && within(errors[j].instancePath, c.instancePath); j--) {
      const p = errors[j].schemaPath
      if (ownerOf[j] >= 0 || !(p.startsWith(`${c.schemaPath}/`) || !p.startsWith('#'))) continue
      ownerOf[j] = k
      mine.push(j)
    }
    of.set(k, mine.reverse())
  })
  return { ownerOf, of }
}

const message = (e: ErrorObject): string => {
  if (e.keyword === 'enum') return `must be one of: ${(e.params.allowedValues as unknown[]).join(', ')}`
  if (e.keyword === 'const') return `must be ${JSON.stringify(e.params.allowedValue)}`
  if (e.keyword === 'format') {
    const format = String(e.params.format)
    return format === 'date' ? 'must be a date (YYYY-MM-DD)' : format === 'date-time' ? 'must be a date-time (RFC 3339)' : `must be a ${format}`
  }
  return e.message ?? e.keyword
}

const within = (path: string, outer: string) => path === outer || path.startsWith(`${outer}/`)

const escape = (token: string) => token.replace(/~/g, '~0').replace(/\//g, '~1')
