// Every error leaves as RFC 9457 problem+json with a stable type; never a stack or SQL text.
import fp from 'fastify-plugin'
import FindMyWay from 'find-my-way'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { listedProblems, Problem, problemBody, slugForStatus, type ProblemBody, type ProblemSlug } from '../problems.js'
import { checkingStopped } from './validation.js'
import { ajvErrorsToProblems } from '../../schema/common.js'
import { isUnavailable, isUniqueViolation } from '../db/errors.js'
import { withWorkbookCells } from './workbook-body.js'

const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const

/** The API's paths; everything else at the site root is the console's (CONSOLE.md). */
export const isApiPath = (path: string) => /^\/(v1|health|docs|openapi\.json|\.well-known|metrics)(\/|$|\?)/.test(path)

/** A browser asking for a page (not a client of the API): it gets the console's page, not JSON. */
const wantsPage = (req: FastifyRequest) =>
  (req.method === 'GET' || req.method === 'HEAD') && !isApiPath(req.url) && /\btext\/html\b/.test(req.headers.accept ?? '')

declare module 'fastify' {
  interface FastifyInstance {
    /** The console answers unknown paths a browser asks for with its own page (set once). */
    setPageNotFoundHandler: (handler: (req: FastifyRequest, reply: FastifyReply) => unknown) => void
  }
}

export function sendProblem(reply: FastifyReply, body: ProblemBody) {
  if (body.status === 401 && !reply.hasHeader('www-authenticate')) reply.header('www-authenticate', 'Bearer')
  return reply.code(body.status).type('application/problem+json').send(body)
}

export function toProblem(err: FastifyError & { validationContext?: string }, req: FastifyRequest): { body: ProblemBody; log: boolean } {
  if (err instanceof Problem) return { body: problemBody(err.slug, err.message, err.extensions), log: false }
  if (err.validation) {
    const errors = ajvErrorsToProblems(err.validation)
    const stopped = checkingStopped(err.validation)
    if (err.validationContext === 'body') {
      const { detail, ...members } = listedProblems(errors, { stopped })
      return { body: problemBody('validation-failed', detail, members), log: false }
    }
    const { detail, ...members } = listedProblems(errors.map((e) => ({ ...e, in: err.validationContext })), { stopped, detail: `invalid ${err.validationContext ?? 'request'}`, what: `the ${err.validationContext ?? 'request'}` })
    return { body: problemBody('invalid-parameters', detail, members), log: false }
  }
  if (isUnavailable(err)) {
    return { body: problemBody('service-unavailable', 'The database is unavailable; nothing was written. Retry later.'), log: true }
  }
  if (isUniqueViolation(err)) {
    return { body: problemBody('conflict', 'The request conflicts with the current state of the resource'), log: true }
  }
  const status = err.statusCode ?? 500
  if (status >= 400 && status < 500) {
    const slug: ProblemSlug = err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? 'malformed-request' : slugForStatus(status)
    // Fastify's own client-error messages are safe to echo (no internals in them).
    return { body: problemBody(slug, err.message, {}, status), log: false }
  }
  void req
  return { body: problemBody('internal', 'An unexpected error occurred; it has been logged.'), log: true }
}

export default fp(async (app) => {
  // Which methods each path allows, to tell 405 from 404.
  const allowed = FindMyWay({ ignoreTrailingSlash: true })
  const methodsByPath = new Map<string, Set<string>>()
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    const set = methodsByPath.get(route.url) ?? new Set<string>()
    for (const m of methods) set.add(m)
    if (!methodsByPath.has(route.url)) {
      methodsByPath.set(route.url, set)
      allowed.on('GET', route.url, () => {}, { url: route.url })
    }
  })

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const { body, log } = toProblem(err, req)
    if (body.status === 503 && !reply.hasHeader('retry-after')) reply.header('retry-after', '5')
    if (log) req.log.error({ err }, 'request failed')
    // a return uploaded as a workbook: each problem names its cell beside its pointer
    return sendProblem(reply, { ...withWorkbookCells(req.body, body), instance: req.url.split('?')[0] })
  })

  let pageNotFound: ((req: FastifyRequest, reply: FastifyReply) => unknown) | undefined
  app.decorate('setPageNotFoundHandler', (handler: (req: FastifyRequest, reply: FastifyReply) => unknown) => {
    if (pageNotFound) throw new Error('the page not-found handler is already set')
    pageNotFound = handler
  })

  app.setNotFoundHandler((req, reply) => {
    if (pageNotFound && wantsPage(req)) return pageNotFound(req, reply)
    const path = req.url.split('?')[0]
    const match = allowed.find('GET', path)
    // A route that exists for this method and still finds nothing (a static file that is not
    // there) is a 404; only a path that lacks the method is a 405.
    if (match && !methodsByPath.get((match.store as { url: string }).url)?.has(req.method)) {
      const url = (match.store as { url: string }).url
      const methods = [...(methodsByPath.get(url) ?? [])].filter((m) => (HTTP_METHODS as readonly string[]).includes(m))
      reply.header('allow', methods.join(', '))
      return sendProblem(reply, problemBody('method-not-allowed', `${req.method} is not allowed on ${path}; allowed: ${methods.join(', ')}`, {}, 405))
    }
    return sendProblem(reply, problemBody('not-found', `No route ${req.method} ${path}`))
  })
}, { name: 'errors' })
