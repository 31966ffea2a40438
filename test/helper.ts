// Tests build the real app on a real database of their own: in-memory PGlite, or, when
// DATABASE_URL is set, a fresh PostgreSQL database created for the test and dropped after it.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { randomBytes, randomUUID } from 'node:crypto'
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload, type CryptoKey } from 'jose'
import postgres from 'postgres'
import { buildApp, type App, type BuildOptions } from '../src/app.js'
import { loadConfig, type Config } from '../src/config.js'
import { usePglite } from '../src/db/client.js'
import { PGlite } from '@electric-sql/pglite'

type Tap = { teardown: (fn: () => unknown) => void }

export const ISSUER = 'provider-oversight-test'
export const AUDIENCE = 'provider-oversight'

let keys: Promise<{ privateKey: CryptoKey; kid: string; jwksUrl: string }> | undefined
/** One ES256 key pair per test process, published as a file:// JWKS as in production. */
export function testKeys() {
  keys ??= (async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256')
    const kid = 'test-' + randomBytes(4).toString('hex')
    const dir = mkdtempSync(join(tmpdir(), 'po-keys-'))
    const file = join(dir, 'jwks.json')
    writeFileSync(file, JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }] }))
    return { privateKey, kid, jwksUrl: pathToFileURL(file).href }
  })()
  return keys
}

export type TokenSpec =
  | { role: 'regulator'; sub?: string }
  | { role: 'provider'; providerId: string; sub?: string }
  | { role: 'council'; laCode: string; sub?: string }

export async function tokenFor(spec: TokenSpec, overrides: { payload?: JWTPayload; expiresIn?: string } = {}) {
  const { privateKey, kid } = await testKeys()
  return new SignJWT({ ...spec, sub: spec.sub ?? `test-${spec.role}`, ...overrides.payload })
    .setProtectedHeader({ alg: 'ES256', kid })
    .setIssuer((overrides.payload?.iss as string) ?? ISSUER).setAudience((overrides.payload?.aud as string) ?? AUDIENCE).setIssuedAt()
    .setExpirationTime(overrides.expiresIn ?? '10m')
    .sign(privateKey)
}

export const bearer = async (spec: TokenSpec) => ({ authorization: `Bearer ${await tokenFor(spec)}` })

export const usingPostgres = () => Boolean(process.env.DATABASE_URL)

/** A database of the test's own: a PostgreSQL database created now, or a PGlite directory. */
export async function testDatabase(t: Tap): Promise<{ databaseUrl?: string; dataDir: string }> {
  const admin = process.env.DATABASE_URL
  if (!admin) return { dataDir: 'memory://' }
  const name = `po_test_${randomBytes(6).toString('hex')}`
  const sql = postgres(admin, { max: 1, onnotice: () => {} })
  await sql.unsafe(`create database ${name}`)
  await sql.end()
  t.teardown(async () => {
    const s = postgres(admin, { max: 1, onnotice: () => {} })
    await s.unsafe(`drop database if exists ${name} with (force)`)
    await s.end()
  })
  const url = new URL(admin)
  url.pathname = `/${name}`
  return { databaseUrl: url.href, dataDir: 'memory://' }
}

export async function testConfig(t: Tap, overrides: Partial<Config> = {}): Promise<Config> {
  const { jwksUrl } = await testKeys()
  const db = await testDatabase(t)
  return {
    ...loadConfig({}),
    ...db,
    jwksUrl, jwtIssuer: ISSUER, jwtAudience: AUDIENCE,
    seed: 'none', logLevel: 'silent', rateLimitMax: 100_000,
    // Tests share two cores with PGlite's synchronous WASM: load shedding would make them flaky.
    maxEventLoopDelayMs: 0,
    ...overrides,
  }
}

let template: Promise<PGlite> | undefined
/** A PGlite of the test's own: a clone of one migrated template per process (cloning is much faster than migrating a new one). */
async function pgliteDatabase() {
  template ??= (async () => {
    const pg = await PGlite.create('memory://')
    await usePglite(pg)
    return pg
  })()
  return usePglite(await (await template).clone() as PGlite)
}

/** The real app on a database of the test's own; closed when the test ends. */
export async function build(t: Tap, opts: { config?: Partial<Config> } & Omit<Partial<BuildOptions>, 'config'> = {}): Promise<App> {
  const config = await testConfig(t, opts.config)
  const database = opts.database ?? (config.databaseUrl || config.dataDir !== 'memory://' ? undefined : await pgliteDatabase())
  const app = await buildApp({ logger: false, ...opts, database, config })
  t.teardown(() => app.close())
  return app
}

/** Registers a provider group through the API, as a regulator would. */
export async function seedProvider(app: App, input: Partial<{ name: string; companyNumber: string; kind: string }> = {}) {
  const res = await app.inject({
    method: 'POST', url: '/v1/providers', headers: await bearer({ role: 'regulator' }),
    payload: {
      name: input.name ?? `Group ${randomUUID().slice(0, 8)}`,
      companyNumber: input.companyNumber ?? String(10_000_000 + Math.floor(Math.random() * 89_999_999)),
      kind: input.kind ?? 'private',
    },
  })
  if (res.statusCode !== 201) throw new Error(`seedProvider: ${res.statusCode} ${res.body}`)
  return res.json() as { id: string; name: string; companyNumber: string }
}

export const isProblem = (res: { headers: Record<string, unknown> }) =>
  String(res.headers['content-type']).startsWith('application/problem+json')
