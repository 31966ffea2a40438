// Protection at the edge: security headers, shedding load when the event loop saturates (503
// problem), and a request id and actor on every log line.
import fp from 'fastify-plugin'
import helmet from 'helmet'
import underPressure from '@fastify/under-pressure'
import type { IncomingMessage, ServerResponse } from 'node:http'

/**
 * The headers helmet sets, worked out once. @fastify/helmet rebuilds helmet's middleware on every
 * request (a large share of the stability route's CPU); ours never vary per request, so helmet runs once
 * against a recording response and each reply gets the recorded headers.
 */
export function securityHeaders(options: Parameters<typeof helmet>[0]): Record<string, string> {
  const headers: Record<string, string> = {}
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => { headers[name.toLowerCase()] = String(value) },
    removeHeader: (name: string) => { delete headers[name.toLowerCase()] },
    getHeader: (name: string) => headers[name.toLowerCase()],
  }
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => { if (err) throw err })
  return headers
}

export default fp<{ maxEventLoopDelay?: number; sampleInterval?: number }>(async (app, opts) => {
  const headers = securityHeaders({
    // The docs UI needs its own inline bootstrap; the API itself returns JSON only.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
      },
    },
    // Headers that only ever guarded old browsers rendering documents (IE8 downloads, Flash
    // policies, DNS prefetch, origin-keyed agent clusters, the retired XSS auditor) are left off:
    // clients of this API are systems reading JSON (OWASP REST Security Cheat Sheet's set remains).
    originAgentCluster: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
  })
  // under-pressure measures the event loop; the shedding is done here, in the hook every request
  // runs anyway (its own hook reads req.routeOptions, which builds an object per request).
  const maxEventLoopDelay = opts.maxEventLoopDelay ?? 1000 // 0: off
  await app.register(underPressure, { exposeStatusRoute: false, sampleInterval: opts.sampleInterval })
  const problem = JSON.stringify({
    type: 'urn:provider-oversight:problem:service-unavailable', title: 'Service unavailable', status: 503,
    detail: 'The service is overloaded (its event loop is saturated); retry shortly',
  })

  // Set first thing, so that refusals (401, 404, 429, 503) carry them too.
  app.addHook('onRequest', (req, reply, done) => {
    reply.headers(headers)
    reply.header('x-request-id', req.id)
    // Infinity: no sample at all in the last interval, the loop was blocked throughout.
    if (maxEventLoopDelay > 0 && app.memoryUsage().eventLoopDelay > maxEventLoopDelay) {
      reply.code(503).header('retry-after', '5').type('application/problem+json').send(problem)
      return
    }
    done()
  })

  // Who acted, on every line logged after authentication.
  app.addHook('preHandler', (req, _reply, done) => {
    if (req.actor) req.log = req.log.child({ actor: { sub: req.actor.sub, role: req.actor.role } })
    done()
  })
}, { name: 'protection' })
