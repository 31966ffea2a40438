// Prometheus metrics at GET /metrics, behind their own bearer token (METRICS_TOKEN); without one
// configured the endpoint answers 404, so nothing is exposed by default.
import { createHash, timingSafeEqual } from 'node:crypto'
import fp from 'fastify-plugin'
import type { onResponseHookHandler } from 'fastify'
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import { countOpenFlags } from '../db/queries/flags.js'
import { pendingDeliveryCount } from '../db/queries/webhooks.js'
import { Problem } from '../problems.js'

declare module 'fastify' {
  interface FastifyInstance { metrics: { returnsFiled: Counter } }
}

// Digests have one length whatever was sent, so the comparison is constant-time and cannot throw.
const digest = (s: string) => createHash('sha256').update(s).digest()
const sameToken = (given: string, expected: string) => timingSafeEqual(digest(given), digest(expected))

export default fp<{ token?: string }>(async (app, opts) => {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  const duration = new Histogram({
    name: 'http_request_duration_seconds', help: 'Request duration by route',
    labelNames: ['method', 'route', 'status'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers: [registry],
  })
  const returnsFiled = new Counter({ name: 'returns_filed_total', help: 'Return versions accepted (filings and amendments)', registers: [registry] })
  new Gauge({
    name: 'flags_open', help: 'Open register entries by severity', labelNames: ['severity'], registers: [registry],
    async collect() {
      const rows = await countOpenFlags(app.db)
      this.reset()
      for (const r of rows) this.set({ severity: r.severity }, r.n)
    },
  })
  new Gauge({
    name: 'webhook_outbox_backlog', help: 'Webhook deliveries waiting to be made', registers: [registry],
    async collect() {
      this.set(await pendingDeliveryCount(app.db))
    },
  })
  app.decorate('metrics', { returnsFiled })

  // Each route observes its own durations with its labels bound once (reading req.routeOptions
  // builds a new object on every request). Requests no route matched are not observed.
  app.addHook('onRoute', (route) => {
    if (route.url === '/metrics') return
    const method = Array.isArray(route.method) ? route.method.join(',') : route.method
    const observe: onResponseHookHandler = (_req, reply, done) => {
      duration.observe({ method, route: route.url, status: String(reply.statusCode) }, reply.elapsedTime / 1000)
      done()
    }
    route.onResponse = [...(Array.isArray(route.onResponse) ? route.onResponse : route.onResponse ? [route.onResponse] : []), observe]
  })

  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    if (!opts.token) throw new Problem('not-found', 'Metrics are not enabled: set METRICS_TOKEN')
    const given = req.headers.authorization?.replace(/^Bearer /, '') ?? ''
    if (!sameToken(given, opts.token)) {
      reply.header('www-authenticate', 'Bearer realm="metrics"')
      throw new Problem('unauthorized', 'The metrics token is required')
    }
    reply.type(registry.contentType)
    return registry.metrics()
  })
}, { name: 'metrics', dependencies: ['db'] })
