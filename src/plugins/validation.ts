// Request validation: bodies are validated strictly (no coercion, unknown fields refused, every
// error at once); query strings, params and headers are coerced, since they arrive as text.
import fp from 'fastify-plugin'
import { Ajv } from 'ajv'
import addFormatsModule from 'ajv-formats'

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
}, { name: 'validation' })
