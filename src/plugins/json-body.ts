// Reading JSON bodies: the text is weighed in one linear pass (src/domain/json-text.ts) before
// JSON.parse builds anything, so that a body nesting thousands deep, or made of a million tiny
// objects, is refused in milliseconds instead of holding the event loop for seconds. What passes
// is parsed by Fastify's own parser (prototype-poisoning checks included).
import fp from 'fastify-plugin'
import { JSON_TEXT_LIMITS, readJsonText } from '../domain/json-text.js'
import { validationProblem } from '../problems.js'

// What the reading found of each body parsed here: validation need not walk them again for depth,
// nor for a NUL or an unpaired surrogate when the text had no escape that could decode to one.
const readBodies = new WeakMap<object, { suspectText: boolean }>()

/** What the reading of this body's text found, when it was parsed here (else undefined). */
export const readingOf = (body: unknown) => (typeof body === 'object' && body !== null ? readBodies.get(body) : undefined)

export default fp(async (app) => {
  const parse = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = body as string // parseAs: 'string'
    const reading = readJsonText(text, JSON_TEXT_LIMITS)
    // 422 with the pointer, as the schema's own limits are: the text is JSON as far as it was read,
    // and what it holds goes beyond what the service accepts (it always did, after a full parse).
    if (!reading.ok) return done(validationProblem([{ pointer: reading.pointer, detail: reading.detail }]), undefined)
    parse(req, text, (err: Error | null, value?: unknown) => {
      if (!err && typeof value === 'object' && value !== null) readBodies.set(value, { suspectText: reading.suspectText })
      done(err, value)
    })
  })
}, { name: 'json-body' })
