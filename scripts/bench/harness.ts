// What every bench case shares: the load generator (a separate process) and in-process timing,
// each measuring a case and its baseline in alternating rounds; a fresh database per case or
// fixture (PostgreSQL when DATABASE_URL is set, else on-disk PGlite); the service on it; and ES256
// keys published as a file:// JWKS, as the service reads its keys.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { randomBytes } from 'node:crypto'
import postgres from 'postgres'
import { PGlite } from '@electric-sql/pglite'
import { exportJWK, generateKeyPair, SignJWT, type JSONWebKeySet } from 'jose'
import { buildApp, type App } from '../../src/app.js'
import { loadConfig, type Config } from '../../src/config.js'
import { openDatabase, usePglite, type OpenedDatabase } from '../../src/db/client.js'

export const fmt = (n: number) => (Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-GB') : n.toFixed(2))
export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

export const CONNECTIONS = 16
/** seconds per measured run */
export const DURATION = Number(process.env.BENCH_DURATION ?? 5)
/** seconds of load before a server's first measured run */
export const WARMUP = Number(process.env.BENCH_WARMUP ?? 2)
/**
 * A case and its baseline are measured in alternating rounds (baseline, case, baseline, case, …),
 * so that load from elsewhere on a shared machine falls on both alike; the ratio is the median of
 * the rounds' ratios (scripts/bench/case.ts). Five, so one round disturbed by a neighbour's burst
 * does not move it.
 */
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)

export interface LoadResult {
  rps: number; p50: number; p90: number; p99: number; ok2xx: number; non2xx: number; errors: number; timeouts: number
  duration: number; requests: number; statuses: Record<string, number>
  /** CPU time of this process (the server; with PGlite, the database too) per response, in ms */
  cpuMs: number
}

export interface LoadPlan {
  url: string
  method?: string
  headers?: Record<string, string>
  body?: string
  requests?: { path: string; headers?: Record<string, string>; body?: string }[]
  /** the prepared request to start from */
  offset?: number
  /** defaults: CONNECTIONS, DURATION, WARMUP */
  connections?: number
  duration?: number
  warmup?: number
}

const run = promisify(execFile)

async function loadOnce(plan: LoadPlan): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'po-bench-'))
  const file = join(dir, 'plan.json')
  writeFileSync(file, JSON.stringify({ connections: CONNECTIONS, duration: DURATION, ...plan, warmup: 0 }))
  try {
    const cpu = process.cpuUsage()
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/bench/load.ts', file], { maxBuffer: 1 << 26 })
    const used = process.cpuUsage(cpu)
    const r = JSON.parse(stdout.trim().split('\n').pop()!) as LoadResult
    return { ...r, cpuMs: (used.user + used.system) / 1000 / Math.max(1, r.requests) }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * Runs autocannon in its own process against a server this process is serving: a warm-up run
 * (discarded) unless `warmup` is 0, then the measured run. `nextOffset` is where a later run of
 * the same plan starts, past every prepared request this one may have sent (a filing is made once).
 */
export async function load(plan: LoadPlan): Promise<LoadResult & { nextOffset: number }> {
  const warmup = plan.warmup ?? WARMUP
  const margin = 2 * (plan.connections ?? CONNECTIONS) // requests in flight when a run stops
  let offset = plan.offset ?? 0
  if (warmup > 0) offset += (await loadOnce({ ...plan, offset, duration: warmup })).requests + margin
  const r = await loadOnce({ ...plan, offset })
  return { ...r, nextOffset: offset + r.requests + margin }
}

/** Median rps, p50 and p99 over rounds (each median on its own), with the rounds' figures for the log. */
export function medianLoad(runs: LoadResult[]): LoadResult & { rounds: string; runs: LoadResult[] } {
  const m = (f: (r: LoadResult) => number) => median(runs.map(f))
  return {
    ...runs[0], runs, rps: m((r) => r.rps), p50: m((r) => r.p50), p90: m((r) => r.p90), p99: m((r) => r.p99), cpuMs: m((r) => r.cpuMs),
    ok2xx: runs.reduce((s, r) => s + r.ok2xx, 0), non2xx: runs.reduce((s, r) => s + r.non2xx, 0),
    errors: runs.reduce((s, r) => s + r.errors, 0), timeouts: runs.reduce((s, r) => s + r.timeouts, 0),
    requests: runs.reduce((s, r) => s + r.requests, 0), duration: runs.reduce((s, r) => s + r.duration, 0),
    statuses: runs.reduce<Record<string, number>>((acc, r) => {
      for (const [k, v] of Object.entries(r.statuses)) acc[k] = (acc[k] ?? 0) + v
      return acc
    }, {}),
    rounds: runs.map((r) => `${fmt(r.rps)}/s p50 ${r.p50.toFixed(1)} p99 ${r.p99.toFixed(1)}`).join('; '),
  }
}

/**
 * Measures the baseline `a` and the case `b` under the same load in ROUNDS alternating rounds
 * (a b a b a b), so load from elsewhere on a shared host falls on both alike; the first round of
 * each warms its server up. Each side's prepared requests are used in turn across rounds, none
 * twice. `roundsOf` pairs them for a Comparison.
 */
export async function alternate(a: LoadPlan, b: LoadPlan) {
  const ra: LoadResult[] = []
  const rb: LoadResult[] = []
  let offsetA = a.offset ?? 0
  let offsetB = b.offset ?? 0
  for (let i = 0; i < ROUNDS; i++) {
    const x = await load({ ...a, offset: offsetA, warmup: i === 0 ? (a.warmup ?? WARMUP) : 0 })
    ra.push(x); offsetA = x.nextOffset
    const y = await load({ ...b, offset: offsetB, warmup: i === 0 ? (b.warmup ?? WARMUP) : 0 })
    rb.push(y); offsetB = y.nextOffset
  }
  return [medianLoad(ra), medianLoad(rb)] as const
}

/** One round of in-process work: wall time, and CPU time of this process (every thread), in ms. */
export interface Timing { wallMs: number; cpuMs: number }
/** Rounds of in-process work of the case beside its baseline's. */
export interface Timings { value: Timing[]; baseline: Timing[] }

/** Rounds of in-process work, `timeAlternating`'s default (BENCH_TIMED_ROUNDS). */
export const TIMED_ROUNDS = Number(process.env.BENCH_TIMED_ROUNDS ?? 5)

/**
 * Times the case's work and its baseline's in alternating rounds (baseline first), after one
 * untimed run of each (JIT, caches, connections); each timed run starts after a full collection
 * when the process runs with --expose-gc (`npm run bench` does), so neither pays for the other's
 * garbage.
 */
export async function timeAlternating(work: { value: () => unknown; baseline: () => unknown }, rounds = TIMED_ROUNDS): Promise<Timings> {
  const gc = (globalThis as { gc?: () => void }).gc
  const timed = async (fn: () => unknown): Promise<Timing> => {
    gc?.()
    const cpu = process.cpuUsage()
    const t = performance.now()
    await fn()
    const wallMs = performance.now() - t
    const used = process.cpuUsage(cpu)
    return { wallMs, cpuMs: (used.user + used.system) / 1000 }
  }
  await work.baseline()
  await work.value()
  const out: Timings = { value: [], baseline: [] }
  for (let i = 0; i < rounds; i++) {
    out.baseline.push(await timed(work.baseline))
    out.value.push(await timed(work.value))
  }
  return out
}

/**
 * Timings as a Comparison, by one clock. 'cpu' for single-threaded work in this process alone
 * (ownership, iXBRL): on a shared host the wall time of such work is mostly the time it waited for
 * a core, while its CPU time is the work. 'wall' for work spread over threads and processes
 * (reassessment: worker threads and the database), whose CPU this process cannot see whole.
 */
export function comparedTimes(t: Timings, clock: 'cpu' | 'wall', metric?: string) {
  const of = (xs: Timing[]) => xs.map((x) => (clock === 'cpu' ? x.cpuMs : x.wallMs))
  const list = (xs: Timing[]) => xs.map((x) => `${fmt(x.wallMs)}/${fmt(x.cpuMs)}`).join(', ')
  const unit = clock === 'cpu' ? 'ms CPU' : 'ms'
  const value = of(t.value)
  const baseline = of(t.baseline)
  return {
    metric,
    value: { amount: median(value), unit },
    baseline: { amount: median(baseline), unit },
    rounds: value.map((v, i) => ({ value: v, baseline: baseline[i] })),
    note: `rounds, wall/CPU ms: case ${list(t.value)}; baseline ${list(t.baseline)}`,
  }
}

/** The rounds of `alternate`'s two sides, paired, for one figure (rps, p50, p99). */
export const roundsOf = (baseline: { runs: LoadResult[] }, value: { runs: LoadResult[] }, figure: (r: LoadResult) => number) =>
  value.runs.map((r, i) => ({ value: figure(r), baseline: figure(baseline.runs[i]) }))

export const describeLoad = (r: LoadResult & { rounds?: string }) =>
  `${fmt(r.rps)} req/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, ${r.cpuMs.toFixed(3)} ms CPU in this process per request` +
  (r.rounds ? ` (medians of rounds: ${r.rounds})` : '') +
  (r.non2xx || r.errors || r.timeouts ? ` (non-2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts}: ${JSON.stringify(r.statuses)})` : '')

/** A raw query on the case's database, whichever driver (PGlite returns { rows }, postgres.js an array). */
export type RawQuery = <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>

export interface BenchDatabase {
  driver: 'PostgreSQL' | 'PGlite'
  /** the service's database handle (migrated), to pass to buildApp as `database` */
  opened: OpenedDatabase
  /** a second handle for the floor route and checks: a postgres.js pool, or the same PGlite */
  raw: RawQuery
  /**
   * One session for bulk seeding, with foreign-key triggers off (session_replication_role =
   * replica, as pg_restore loads): the seed writes its rows in an order that keeps every reference.
   */
  seed: <T>(fn: (q: RawQuery) => Promise<T>) => Promise<T>
  /** postgres.js only: the pool `raw` runs on (the floor route prepares its statement on it) */
  pg?: postgres.Sql
  pglite?: PGlite
  /** closes `raw` (the app closes `opened`) and drops the database */
  drop: () => Promise<void>
}

/** A fresh database of the case's own, migrated. */
export async function benchDatabase(label: string): Promise<BenchDatabase> {
  const admin = process.env.DATABASE_URL
  if (!admin) {
    const dataDir = mkdtempSync(join(tmpdir(), `po-bench-${label}-`))
    const pglite = await PGlite.create(dataDir)
    const opened = await usePglite(pglite)
    const raw: RawQuery = async <T>(text: string, params?: unknown[]) => (await pglite.query<T>(text, params)).rows
    const seed = async <T>(fn: (q: RawQuery) => Promise<T>) => {
      await raw('set session_replication_role = replica')
      try { return await fn(raw) } finally { await raw('reset session_replication_role') }
    }
    return {
      driver: 'PGlite', opened, raw, seed, pglite,
      drop: async () => { if (!pglite.closed) await pglite.close(); rmSync(dataDir, { recursive: true, force: true }) },
    }
  }
  const name = `po_bench_${label}_${randomBytes(4).toString('hex')}`
  const adminSql = postgres(admin, { max: 1, onnotice: () => {} })
  await adminSql.unsafe(`create database ${name}`)
  await adminSql.end()
  const url = new URL(admin); url.pathname = `/${name}`
  const opened = await openDatabase({ databaseUrl: url.href, dataDir: 'unused' })
  const pg = postgres(url.href, { max: 10, onnotice: () => {} })
  const raw: RawQuery = async <T>(text: string, params?: unknown[]) => [...await pg.unsafe(text, params as never[])] as T[]
  const seed = async <T>(fn: (q: RawQuery) => Promise<T>) => {
    const one = postgres(url.href, { max: 1, onnotice: () => {}, connection: { session_replication_role: 'replica' } })
    try { return await fn(async <R>(text: string, params?: unknown[]) => [...await one.unsafe(text, params as never[])] as R[]) } finally { await one.end() }
  }
  return {
    driver: 'PostgreSQL', opened, raw, seed, pg,
    drop: async () => {
      await pg.end({ timeout: 5 })
      const s = postgres(admin, { max: 1, onnotice: () => {} })
      await s.unsafe(`drop database if exists ${name} with (force)`)
      await s.end()
    },
  }
}

export interface BenchKeys {
  jwksUrl: string
  jwks: JSONWebKeySet
  issuer: string
  audience: string
  sign: (claims: Record<string, unknown>) => Promise<string>
}

/** One ES256 key pair (the service's algorithm), published as a file:// JWKS. */
export async function benchKeys(): Promise<BenchKeys> {
  const { publicKey, privateKey } = await generateKeyPair('ES256')
  const dir = mkdtempSync(join(tmpdir(), 'po-bench-keys-'))
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, 'jwks.json')
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'bench', alg: 'ES256', use: 'sig' }] }
  writeFileSync(file, JSON.stringify(jwks))
  const issuer = 'bench'
  const audience = 'provider-oversight'
  const sign = (claims: Record<string, unknown>) => new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'bench' })
    .setIssuer(issuer).setAudience(audience).setIssuedAt().setExpirationTime('2h').sign(privateKey)
  return { jwksUrl: pathToFileURL(file).href, jwks, issuer, audience, sign }
}

export const portOf = (server: { address: () => unknown }) => (server.address() as { port: number }).port

/** The service on the case's database (buildApp, as `npm start` builds it), listening on a free port. */
export async function serve(db: BenchDatabase, keys: BenchKeys, config: Partial<Config> = {}): Promise<{ app: App; url: string }> {
  const app = await buildApp({
    config: {
      ...loadConfig({}), databaseUrl: undefined, dataDir: 'unused', jwksUrl: keys.jwksUrl, jwtIssuer: keys.issuer, jwtAudience: keys.audience,
      seed: 'none', logLevel: 'silent', rateLimitMax: 1e9, ...config,
    },
    database: db.opened,
    logger: false,
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  return { app, url: `http://127.0.0.1:${portOf(app.server)}` }
}

/** A bearer header for the claims. */
export const bearer = async (keys: BenchKeys, claims: Record<string, unknown>) => ({ authorization: `Bearer ${await keys.sign(claims)}` })
