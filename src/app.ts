// The app factory: the server, the tests and the scripts all build the service through here.
import Fastify, { type FastifyPluginAsync, type FastifyServerOptions } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import rateLimit from '@fastify/rate-limit'
import { randomUUID } from 'node:crypto'
import { problemBody, slugForStatus } from './problems.js'
import { sendProblem } from './plugins/errors.js'
import { clientErrorHandler } from './plugins/client-errors.js'
import type { JWTVerifyGetKey } from 'jose'
import type { Config } from './config.js'
import type { OpenedDatabase } from './db/client.js'
import type { ServiceDeps } from './commands/deps.js'
import db from './plugins/db.js'
import assessorThreads from './plugins/assessor-threads.js'
import errors from './plugins/errors.js'
import validation from './plugins/validation.js'
import jsonBody from './plugins/json-body.js'
import auth from './plugins/auth.js'
import swagger from './plugins/swagger.js'
import idempotency from './plugins/idempotency.js'
import protection from './plugins/protection.js'
import metrics from './plugins/metrics.js'
import webhooks from './plugins/webhooks.js'
import wellKnown from './routes/well-known.js'
import reference from './plugins/reference.js'
import health from './routes/health.js'
import v1 from './routes/v1/index.js'
import webConsole from './console/index.js'

export const SMALL_BODY_LIMIT = 1024 * 1024

export interface BuildOptions {
  config: Config
  /** Inject a key set instead of reading JWKS_URL (tests of remote key sets). */
  keySet?: JWTVerifyGetKey
  /** Use an already opened database (scripts that also query it). */
  database?: OpenedDatabase
  logger?: FastifyServerOptions['logger']
  /** The clock, for tests of late filing and deadlines. */
  now?: () => Date
  /** How often the webhook worker polls (ms; 0 = only when `deliverDue()` is called): tests that drive delivery themselves. */
  webhookPollMs?: number
  /** More console pages (tests render the pictures on a page of their own). */
  consolePages?: FastifyPluginAsync
}

declare module 'fastify' {
  interface FastifyInstance {
    config: Config
    now: () => Date
    /** What a command is given for this request: the database, the clock's reading, the councils… */
    deps: () => ServiceDeps
  }
}

export async function buildApp(opts: BuildOptions) {
  const { config } = opts
  const app = Fastify({
    logger: opts.logger ?? {
      level: config.logLevel,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
    },
    // Small bodies everywhere; the routes that take returns and documents raise their own limit.
    bodyLimit: Math.min(config.bodyLimit, SMALL_BODY_LIMIT),
    requestTimeout: 60_000,
    genReqId: (req) => {
      const given = req.headers['x-request-id']
      return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID()
    },
    routerOptions: { ignoreTrailingSlash: true },
    return503OnClosing: true,
    // Opening on-disk PGlite and migrating can take a while on a busy machine.
    pluginTimeout: 120_000,
    ajv: { customOptions: { allErrors: true } },
    // The router's own refusals (a malformed URL, an over-long parameter) are problems too.
    frameworkErrors: (err, req, reply) => {
      // A fixed text: the URL itself may be huge or hostile, and the client already has it.
      const status = err.statusCode ?? 400
      const detail = status === 414 ? 'A path parameter is too long' : 'The request URL cannot be read'
      sendProblem(reply, problemBody(slugForStatus(status), detail, {}, status))
    },
    // And so are Node's own, before any route: oversized headers, malformed HTTP, timeouts.
    clientErrorHandler,
  }).withTypeProvider<TypeBoxTypeProvider>()

  // Bodies are JSON unless a route says otherwise (the iXBRL upload does): text/plain is a 415.
  app.removeContentTypeParser('text/plain')
  app.decorate('config', config)
  app.decorate('now', opts.now ?? (() => new Date()))
  app.decorate('deps', (): ServiceDeps => ({
    db: app.db, now: app.now(), councils: app.councilCodes,
    webhookAllowHttpLoopback: config.webhookAllowHttpLoopback, assessorThreads: app.assessorThreads,
    emailConfigured: Boolean(config.notify.apiKey && config.notify.templateId),
  }))

  await app.register(errors)
  await app.register(protection, { maxEventLoopDelay: config.maxEventLoopDelayMs })
  await app.register(jsonBody)
  await app.register(validation)
  await app.register(db, { databaseUrl: config.databaseUrl, dataDir: config.dataDir, opened: opts.database })
  await app.register(reference)
  await app.register(assessorThreads, { threads: config.assessorThreads })
  await app.register(auth, { jwksUrl: config.jwksUrl, issuer: config.jwtIssuer, audience: config.jwtAudience, keySet: opts.keySet })
  await app.register(swagger)
  await app.register(idempotency)
  await app.register(metrics, { token: config.metricsToken })
  await app.register(webhooks, { pollIntervalMs: opts.webhookPollMs })
  await app.register(rateLimit, {
    global: true,
    max: config.rateLimitMax,
    timeWindow: 60_000,
    hook: 'preHandler', // after authentication: limits are per token subject
    keyGenerator: (req) => (req.actor ? `${req.actor.role}:${req.actor.sub}` : req.ip),
    errorResponseBuilder: (_req, ctx) => {
      const detail = `Rate limit of ${ctx.max} requests per minute exceeded; retry after ${Math.ceil(ctx.ttl / 1000)} s`
      return Object.assign(new Error(detail), { statusCode: 429 })
    },
  })
  await app.register(health)
  await app.register(wellKnown)
  await app.register(v1, { prefix: '/v1' })
  await app.register(webConsole, { config, now: app.now, extraPages: opts.consolePages })
  return app
}

export type App = Awaited<ReturnType<typeof buildApp>>
