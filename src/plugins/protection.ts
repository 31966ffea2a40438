// Protection at the edge: security headers, shedding load when the event loop saturates (503
// problem), and a request id and actor on every log line.
import fp from 'fastify-plugin'
import helmet from '@fastify/helmet'
import underPressure from '@fastify/under-pressure'

export default fp<{ maxEventLoopDelay?: number }>(async (app, opts) => {
  await app.register(helmet, {
    // The docs UI needs its own inline bootstrap; the API itself returns JSON only.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
      },
    },
  })
  await app.register(underPressure, {
    maxEventLoopDelay: opts.maxEventLoopDelay ?? 1000, // 0: off
    retryAfter: 5,
    exposeStatusRoute: false,
    pressureHandler: (_req, reply, type, value) => {
      reply.header('retry-after', '5').code(503).type('application/problem+json').send({
        type: 'urn:provider-oversight:problem:service-unavailable', title: 'Service unavailable', status: 503,
        detail: `The service is overloaded (${type}${value ? `: ${Math.round(Number(value))}` : ''}); retry shortly`,
      })
    },
  })
  // Who acted, on every line logged after authentication.
  app.addHook('preHandler', async (req) => {
    if (req.actor) req.log = req.log.child({ actor: { sub: req.actor.sub, role: req.actor.role } })
  })
}, { name: 'protection' })
