// Configuration from the environment, validated once at start (API.md, "Configuration").
import { availableParallelism } from 'node:os'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import envSchema from 'env-schema'
import { Type, type Static } from 'typebox'

const LogLevel = Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)))

const ConfigSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://[^\\s]+$' })),
  DATA_DIR: Type.String({ minLength: 1, default: './.data' }),
  JWKS_URL: Type.Optional(Type.String({ pattern: '^(https://[^\\s]+|file:///[^\\s]+)$' })),
  JWT_ISSUER: Type.String({ minLength: 1, default: 'provider-oversight-dev' }),
  JWT_AUDIENCE: Type.String({ minLength: 1, default: 'provider-oversight' }),
  SEED: Type.Union([Type.Literal('demo'), Type.Literal('none')], { default: 'demo' }),
  LOG_LEVEL: Type.Union(LogLevel.anyOf, { default: 'info' }),
  WEBHOOK_ALLOW_HTTP_LOOPBACK: Type.Boolean({ default: false }),
  BODY_LIMIT: Type.Integer({ minimum: 1024, default: 10 * 1024 * 1024 }),
  RATE_LIMIT_MAX: Type.Integer({ minimum: 1, default: 600 }),
  METRICS_TOKEN: Type.Optional(Type.String({ minLength: 16 })),
  MAX_EVENT_LOOP_DELAY_MS: Type.Integer({ minimum: 0, default: 1000 }),
  ASSESSOR_THREADS: Type.Integer({ minimum: 0, maximum: 64, default: availableParallelism() }),
  // GOV.UK Notify: a key is `<name>-<service id>-<secret>`, the two ids uuids
  NOTIFY_API_KEY: Type.Optional(Type.String({ pattern: '^.*[0-9a-fA-F-]{36}-[0-9a-fA-F-]{36}$' })),
  NOTIFY_TEMPLATE_ID: Type.Optional(Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' })),
  NOTIFY_BASE_URL: Type.Optional(Type.String({ pattern: '^https?://[^\\s]+$' })),
  NODE_ENV: Type.Optional(Type.String()),
  // The console's sign-in (CONSOLE.md): an OpenID Connect provider, or none for the development one.
  OIDC_ISSUER: Type.Optional(Type.String({ pattern: '^(https://[^\\s]+|http://(127\\.0\\.0\\.1|localhost|\\[::1\\])(:\\d+)?(/[^\\s]*)?)$' })),
  OIDC_CLIENT_ID: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  OIDC_CLIENT_SECRET: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
  // 32 random bytes, base64: the key the console's session cookie is encrypted with.
  SESSION_KEY: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9+/]{43}=$' })),
  CONSOLE_URL: Type.Optional(Type.String({ pattern: '^https?://[^\\s/?#]+/?$' })),
})

export type RawConfig = Static<typeof ConfigSchema>

export interface Config {
  port: number
  host: string
  databaseUrl?: string
  dataDir: string
  jwksUrl: string
  jwtIssuer: string
  jwtAudience: string
  seed: 'demo' | 'none'
  logLevel: string
  webhookAllowHttpLoopback: boolean
  bodyLimit: number
  rateLimitMax: number
  /** Bearer token for GET /metrics; unset disables the endpoint */
  metricsToken?: string
  /** Shed load (503) when the event loop lags more than this; 0 turns it off */
  maxEventLoopDelayMs: number
  /** Worker threads a reassessment assesses on; 0 assesses on the main thread */
  assessorThreads: number
  /** GOV.UK Notify, for notices by email: nothing is sent without both the key and the template */
  notify: { apiKey?: string; templateId?: string; baseUrl?: string }
  /** NODE_ENV=production: no development identity provider, no generated session key */
  production: boolean
  /** The console's OpenID Connect provider; unset: the development identity provider in the service */
  oidc?: { issuer: string; clientId: string; clientSecret: string }
  /** The key that encrypts the console's session cookie (32 bytes); unset: one made per start (development only) */
  sessionKey?: Buffer
  /** The console's public address (`https://host`), for the sign-in redirect and the Secure cookie; unset: each request's own */
  consoleUrl?: string
}

/** The dev key set written by `npm run keys`. */
export const devKeysDir = () => resolve(process.cwd(), '.keys')
export const devJwksUrl = () => pathToFileURL(resolve(devKeysDir(), 'jwks.json')).href

export class ConfigError extends Error {}

/** Reads and validates the environment; throws ConfigError with one clear line. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  let raw: RawConfig
  try {
    // Empty strings mean "unset", as a shell's `FOO=` does.
    const data = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''))
    raw = envSchema<RawConfig>({ schema: ConfigSchema as object, data, env: false, dotenv: false })
  } catch (err) {
    throw new ConfigError(`invalid configuration: ${(err as Error).message}`)
  }
  const production = raw.NODE_ENV === 'production'
  const oidcSet = [raw.OIDC_ISSUER, raw.OIDC_CLIENT_ID, raw.OIDC_CLIENT_SECRET].filter((v) => v !== undefined).length
  if (oidcSet > 0 && oidcSet < 3) {
    throw new ConfigError('invalid configuration: OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET go together: set all three, or none for the development identity provider')
  }
  if (production && !raw.OIDC_ISSUER) {
    throw new ConfigError('invalid configuration: OIDC_ISSUER (with OIDC_CLIENT_ID and OIDC_CLIENT_SECRET) is required when NODE_ENV=production: the development identity provider never runs in production')
  }
  if (production && !raw.SESSION_KEY) {
    throw new ConfigError('invalid configuration: SESSION_KEY (32 random bytes, base64: `openssl rand -base64 32`) is required when NODE_ENV=production')
  }
  return {
    port: raw.PORT,
    host: raw.HOST,
    databaseUrl: raw.DATABASE_URL,
    dataDir: raw.DATA_DIR,
    jwksUrl: raw.JWKS_URL ?? devJwksUrl(),
    jwtIssuer: raw.JWT_ISSUER,
    jwtAudience: raw.JWT_AUDIENCE,
    seed: raw.SEED,
    logLevel: raw.LOG_LEVEL,
    webhookAllowHttpLoopback: raw.WEBHOOK_ALLOW_HTTP_LOOPBACK,
    bodyLimit: raw.BODY_LIMIT,
    rateLimitMax: raw.RATE_LIMIT_MAX,
    metricsToken: raw.METRICS_TOKEN,
    maxEventLoopDelayMs: raw.MAX_EVENT_LOOP_DELAY_MS,
    assessorThreads: raw.ASSESSOR_THREADS,
    notify: { apiKey: raw.NOTIFY_API_KEY, templateId: raw.NOTIFY_TEMPLATE_ID, baseUrl: raw.NOTIFY_BASE_URL },
    production,
    oidc: raw.OIDC_ISSUER ? { issuer: raw.OIDC_ISSUER, clientId: raw.OIDC_CLIENT_ID!, clientSecret: raw.OIDC_CLIENT_SECRET! } : undefined,
    sessionKey: raw.SESSION_KEY ? Buffer.from(raw.SESSION_KEY, 'base64') : undefined,
    consoleUrl: raw.CONSOLE_URL?.replace(/\/$/, ''),
  }
}
