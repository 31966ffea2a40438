// Request validation: bodies are validated strictly (no coercion, unknown fields refused, every
// error at once); query strings, params and headers are coerced, since they arrive as text.
import fp from 'fastify-plugin'
import { Readable } from 'node:stream'
import { Ajv } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { nestedTooDeep, unkeepableText } from '../domain/text.js'
import { Problem, validationProblem } from '../problems.js'

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
  return ajv
}

export default fp(async (app) => {
  const body = makeAjv(false)
  const other = makeAjv(true)
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? body : other).compile(schema))
  // Before any schema: text the database or the audit chain could not keep is refused, by pointer.
  app.addHook('preValidation', async (req) => {
    const query = unkeepableText(req.query)
    if (query.length) throw new Problem('invalid-parameters', 'A query parameter contains a NUL character or an unpaired surrogate', { errors: query.map((e) => ({ ...e, in: 'querystring' })) })
    const params = unkeepableText(req.params)
    if (params.length) throw new Problem('invalid-parameters', 'A path parameter contains a NUL character or an unpaired surrogate', { errors: params.map((e) => ({ ...e, in: 'params' })) })
    // A body handed on as a stream (the Ofsted register's CSV) is its route's to read and check.
    if (req.body && typeof req.body === 'object' && !(req.body instanceof Readable)) {
      const deep = nestedTooDeep(req.body)
      if (deep !== undefined) throw validationProblem([{ pointer: deep, detail: 'nests more than 64 levels deep' }])
      const problems = unkeepableText(req.body)
      if (problems.length) throw validationProblem(problems)
    }
  })
}, { name: 'validation' })
