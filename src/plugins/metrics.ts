// Prometheus metrics at GET /metrics, behind their own bearer token (METRICS_TOKEN); without one
// configured the endpoint answers 404, so nothing is exposed by default.
import { createHash, timingSafeEqual } from 'node:crypto'
import fp from 'fastify-plugin'
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import { sql } from 'drizzle-orm'
import { rowsOf } from '../db/client.js'
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
      const rows = rowsOf<{ severity: string; n: number }>(await app.db.execute(sql`select severity, count(*)::int as n from flags where status in ('open','under_review','escalated') group by severity`))
      this.reset()
      for (const r of rows) this.set({ severity: r.severity }, r.n)
    },
  })
  new Gauge({
    name: 'webhook_outbox_backlog', help: 'Webhook deliveries waiting to be made', registers: [registry],
    async collect() {
      const [r] = rowsOf<{ n: number }>(await app.db.execute(sql`select count(*)::int as n from webhook_deliveries where status = 'pending'`))
      this.set(r?.n ?? 0)
    },
  })
  app.decorate('metrics', { returnsFiled })

  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url
    if (!route || route === '/metrics') return
    duration.observe({ method: req.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000)
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
