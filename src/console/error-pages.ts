// Errors as pages in the service's design: 403, 404, 400, 500 and 503, never a stack trace or the
// text of an internal error (the API's problem+json rules, for people). Unknown paths a browser
// asks for get the 404 page too (the root not-found handler hands them over; API paths keep their
// problem+json).
import fp from 'fastify-plugin'
import { fastifyCookie } from '@fastify/cookie'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Problem } from '../problems.js'
import { toProblem } from '../plugins/errors.js'
import { newNonce, pageHeaders } from './security.js'
import { cookieNameFor, type SignedIn } from './session.js'

type Kind = 'not-found' | 'forbidden' | 'csrf' | 'bad-request' | 'unavailable' | 'internal'

const HEADINGS: Record<Kind, string> = {
  'not-found': 'Page not found',
  forbidden: 'You do not have access to this page',
  csrf: 'The form could not be sent',
  'bad-request': 'There is a problem with this request',
  unavailable: 'Sorry, the service is unavailable',
  internal: 'Sorry, there is a problem with the service',
}

/** What page an error is, and its status. Only our own words reach the page. */
export function pageFor(err: FastifyError & { validationContext?: string }, req: FastifyRequest): { kind: Kind; status: number; log: boolean } {
  if (err instanceof Problem) {
    if (err.status === 404) return { kind: 'not-found', status: 404, log: false }
    if (err.status === 403) return { kind: 'forbidden', status: 403, log: false }
    if (err.status === 503) return { kind: 'unavailable', status: 503, log: true }
    if (err.status < 500) return { kind: 'bad-request', status: err.status, log: false }
    return { kind: 'internal', status: 500, log: true }
  }
  if (err.code === 'FST_CSRF_INVALID_TOKEN' || err.code === 'FST_CSRF_MISSING_SECRET') return { kind: 'csrf', status: 403, log: false }
  // A path parameter that cannot name anything names no page.
  if (err.validation) return err.validationContext === 'params' ? { kind: 'not-found', status: 404, log: false } : { kind: 'bad-request', status: 400, log: false }
  // The API's reading of a driver error: the database cannot be reached is a 503.
  if (toProblem(err, req).body.status === 503) return { kind: 'unavailable', status: 503, log: true }
  const status = err.statusCode ?? 500
  if (status === 404) return { kind: 'not-found', status, log: false }
  if (status === 403) return { kind: 'forbidden', status, log: false }
  if (status >= 400 && status < 500) return { kind: 'bad-request', status, log: false }
  if (status === 503) return { kind: 'unavailable', status, log: true }
  return { kind: 'internal', status: 500, log: true }
}

async function render(app: FastifyInstance, https: boolean, req: FastifyRequest, reply: FastifyReply, kind: Kind, status: number, user?: SignedIn) {
  reply.locals ??= {}
  if (!reply.locals.cspNonce) {
    reply.locals.cspNonce = newNonce()
    reply.headers(pageHeaders(reply.locals.cspNonce as string, https))
  }
  if (user) reply.locals.user = user
  try {
    const html = await app.view('pages/error.njk', { ...reply.locals, kind, heading: HEADINGS[kind], reference: req.id })
    return reply.code(status).type('text/html; charset=utf-8').send(html)
  } catch (err) {
    req.log.error({ err }, 'the error page could not be rendered')
    return reply.code(status).type('text/plain; charset=utf-8').send(`${HEADINGS[kind]} (reference ${req.id})`)
  }
}

/** The console's error handler: every error a page meets becomes one of its pages. */
export default fp<{ https: boolean }>(async (app, opts) => {
  app.setErrorHandler(async (err: FastifyError, req, reply) => {
    const { kind, status, log } = pageFor(err, req)
    if (log) req.log.error({ err }, 'console request failed')
    if (status === 503) reply.header('retry-after', '5')
    return render(app, opts.https, req, reply, kind, status)
  })
}, { name: 'console-error-pages', dependencies: ['console-view'] })

/** An unknown path outside the API: the 404 page, with its header if someone is signed in. */
export const unknownPaths = fp<{ https: boolean }>(async (app, opts) => {
  const cookieName = cookieNameFor(opts.https)
  app.setPageNotFoundHandler(async (req, reply) => {
    const cookie = req.headers.cookie ? fastifyCookie.parse(req.headers.cookie)[cookieName] : undefined
    const user = cookie ? app.decodeSecureSession(cookie, req.log)?.get('user') : undefined
    return render(app, opts.https, req, reply, 'not-found', 404, user)
  })
}, { name: 'console-unknown-paths', dependencies: ['console-session'] })
