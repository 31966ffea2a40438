// Request validation: bodies are validated strictly (no coercion, unknown fields refused, every
// error at once, up to a budget); query strings, params and headers are coerced, since they arrive
// as text.
import fp from 'fastify-plugin'
import { Readable } from 'node:stream'
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { nestedTooDeep, unkeepableText } from '../domain/text.js'
import { budgetSpent, errorBudgetKeyword, PROBLEMS_CHECKED, withErrorBudget } from '../domain/problem-budget.js'
import { Problem, validationProblem, type FieldProblem } from '../problems.js'
import { ajvErrorsToProblems } from '../../schema/common.js'
import { readingOf } from './json-body.js'

// ajv-formats ships CommonJS with a default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv

function makeAjv(coerce: boolean) {
  const ajv = new Ajv({
    allErrors: true,
    coerceTypes: coerce ? 'array' : false,
    removeAdditional: false,
    useDefaults: true,
    strict: false,
  })
  addFormats(ajv)
  ajv.addKeyword(errorBudgetKeyword)
  return ajv
}

// Error lists Ajv stopped collecting (more than PROBLEMS_CHECKED errors): the refusal says "more than".
const stoppedLists = new WeakSet<object>()

/** Whether validation stopped collecting these errors when its budget ran out. */
export const checkingStopped = (errors: unknown) => typeof errors === 'object' && errors !== null && stoppedLists.has(errors)

/** Ajv's validator for `schema`, stopping once more than PROBLEMS_CHECKED errors are found. */
function budgeted(ajv: Ajv, schema: object) {
  const validate = ajv.compile(withErrorBudget(schema, PROBLEMS_CHECKED))
  const checked = (data: unknown, dataCxt?: Parameters<ValidateFunction>[1]) => {
    try {
      const valid = validate(data, dataCxt)
      checked.errors = validate.errors
      return valid
    } catch (err) {
      const errors = budgetSpent(err)
      if (!errors) throw err
      stoppedLists.add(errors)
      checked.errors = errors
      return false
    }
  }
  checked.errors = null as ErrorObject[] | null | undefined
  // Fastify passes the parent (so that defaults can be set on the root) only to Ajv's own functions.
  checked.schemaEnv = validate.schemaEnv
  return checked
}

let strictAjv: Ajv | undefined

/**
 * A body read outside a route's own parsing (the console's uploads) checked as a route checks its
 * body: no text the record cannot keep, no deeper than 64 levels, then the schema with the same
 * strict Ajv and error budget. Its problems by pointer (empty when it passes); `stopped` when
 * checking stopped at the budget.
 */
export function bodyChecker(schema: object) {
  strictAjv ??= makeAjv(false)
  const validate = budgeted(strictAjv, schema)
  return (body: unknown): { problems: FieldProblem[]; stopped: boolean } => {
    const deep = nestedTooDeep(body)
    if (deep !== undefined) return { problems: [{ pointer: deep, detail: 'nests more than 64 levels deep' }], stopped: false }
    const text = unkeepableText(body)
    if (text.length) return { problems: text, stopped: false }
    if (validate(body)) return { problems: [], stopped: false }
    return { problems: ajvErrorsToProblems(validate.errors), stopped: checkingStopped(validate.errors) }
  }
}

export default fp(async (app) => {
  const body = makeAjv(false)
  const other = makeAjv(true)
  app.setValidatorCompiler(({ schema, httpPart }) => budgeted(httpPart === 'body' ? body : other, schema))
  // Before any schema: text the database or the audit chain could not keep is refused, by pointer.
  app.addHook('preValidation', async (req) => {
    const query = unkeepableText(req.query)
    if (query.length) throw new Problem('invalid-parameters', 'A query parameter contains a NUL character or an unpaired surrogate', { errors: query.map((e) => ({ ...e, in: 'querystring' })) })
    const params = unkeepableText(req.params)
    if (params.length) throw new Problem('invalid-parameters', 'A path parameter contains a NUL character or an unpaired surrogate', { errors: params.map((e) => ({ ...e, in: 'params' })) })
    // A body handed on as a stream (the Ofsted register's CSV) is its route's to read and check.
    if (req.body && typeof req.body === 'object' && !(req.body instanceof Readable)) {
      // A JSON body's depth was checked as it was read, and its text shows whether it can hold any
      // unkeepable text; a body from any other parser is walked.
      const reading = readingOf(req.body)
      if (!reading) {
        const deep = nestedTooDeep(req.body)
        if (deep !== undefined) throw validationProblem([{ pointer: deep, detail: 'nests more than 64 levels deep' }])
      }
      if (!reading || reading.suspectText) {
        const problems = unkeepableText(req.body)
        if (problems.length) throw validationProblem(problems)
      }
    }
  })
}, { name: 'validation' })
