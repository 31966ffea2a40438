// npm run bench: every case measured in one run beside a baseline measured in the same run,
// printed as a table of ratios and written to bench/results.json. On PostgreSQL when
// DATABASE_URL is set (a fresh database is created and dropped), else on on-disk PGlite.
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { randomBytes } from 'node:crypto'
import Fastify from 'fastify'
import postgres from 'postgres'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { buildApp, type App } from '../src/app.js'
import { loadConfig, type Config } from '../src/config.js'
import { createProvider } from '../src/db/queries/providers.js'
import { systemActor } from '../src/domain/actor.js'
import { fullReturn } from '../test/fixtures/returns.js'
import { ownershipCases } from './bench/ownership.js'
import { ixbrlCases } from './bench/ixbrl.js'

const run = promisify(execFile)
export interface BenchResult { name: string; value: number; unit: string; baseline: number; ratio: number; goal: string; met: boolean }
const results: BenchResult[] = []
const record = (r: BenchResult) => { results.push(r); console.log(`  ${r.name}: ${fmt(r.value)} ${r.unit} (baseline ${fmt(r.baseline)}, ratio ${r.ratio.toFixed(2)}, goal ${r.goal}: ${r.met ? 'met' : 'NOT met'})`) }
const fmt = (n: number) => (Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-GB') : n.toFixed(2))

const CONNECTIONS = 16
const DURATION = Number(process.env.BENCH_DURATION ?? 10)

async function load(plan: object) {
  const dir = mkdtempSync(join(tmpdir(), 'po-bench-'))
  const file = join(dir, 'plan.json')
  writeFileSync(file, JSON.stringify(plan))
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/bench/load.ts', file], { maxBuffer: 1 << 26 })
  return JSON.parse(stdout.trim().split('\n').pop()!) as { rps: number; p50: number; p99: number; ok2xx: number; non2xx: number; duration: number; requests: number }
}

async function benchDatabase(): Promise<{ config: Partial<Config>; drop: () => Promise<void> }> {
  const admin = process.env.DATABASE_URL
  if (!admin) {
    const dataDir = mkdtempSync(join(tmpdir(), 'po-bench-pglite-'))
    return { config: { databaseUrl: undefined, dataDir }, drop: async () => {} }
  }
  const name = `po_bench_${randomBytes(4).toString('hex')}`
  const sql = postgres(admin, { max: 1, onnotice: () => {} })
  await sql.unsafe(`create database ${name}`)
  await sql.end()
  const url = new URL(admin); url.pathname = `/${name}`
  return {
    config: { databaseUrl: url.href },
    drop: async () => { const s = postgres(admin, { max: 1, onnotice: () => {} }); await s.unsafe(`drop database if exists ${name} with (force)`); await s.end() },
  }
}

async function keys() {
  const { publicKey, privateKey } = await generateKeyPair('ES256')
  const dir = mkdtempSync(join(tmpdir(), 'po-bench-keys-'))
  const file = join(dir, 'jwks.json')
  writeFileSync(file, JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'bench', alg: 'ES256' }] }))
  const sign = (claims: Record<string, unknown>) => new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'bench' })
    .setIssuer('bench').setAudience('provider-oversight').setExpirationTime('2h').sign(privateKey)
  return { jwksUrl: pathToFileURL(file).href, sign }
}

async function ceiling() {
  const app = Fastify({ logger: false })
  const body = { providerId: '00000000-0000-4000-8000-000000000000', rating: 'amber', designated: true, openFlags: ['FIN-LEVERAGE'] }
  app.get('/static', async () => body)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const port = (app.server.address() as { port: number }).port
  const r = await load({ url: `http://127.0.0.1:${port}/static`, connections: CONNECTIONS, duration: DURATION })
  await app.close()
  return r
}

async function returnSubmission(app: App, sign: (c: Record<string, unknown>) => Promise<string>, ceilingRps: number) {
  const providers = Number(process.env.BENCH_PROVIDERS ?? 5000)
  const body = JSON.stringify(fullReturn())
  const requests = []
  for (let i = 0; i < providers; i++) {
    const p = await createProvider(app.db, systemActor, { name: `Bench group ${i}`, companyNumber: String(40_000_000 + i), kind: 'private' }, new Date())
    const token = await sign({ role: 'provider', providerId: p.id, sub: `bench-${i}` })
    requests.push({ path: `/v1/providers/${p.id}/returns`, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } })
  }
  await app.listen({ port: 0, host: '127.0.0.1' })
  const port = (app.server.address() as { port: number }).port
  const r = await load({ url: `http://127.0.0.1:${port}`, method: 'POST', connections: CONNECTIONS, duration: DURATION, body, requests })
  const perSecond = r.ok2xx / r.duration
  record({
    name: 'return submission and assessment (full return: 20 facilities x 3 covenants, 60 entities, 150 settings, 60 placements)',
    value: perSecond, unit: 'returns/s', baseline: ceilingRps, ratio: perSecond / ceilingRps, goal: '>= 200 returns/s', met: perSecond >= 200,
  })
  if (r.ok2xx < r.requests) console.log(`    (${r.requests - r.ok2xx} responses were not 2xx: providers ran out or errors)`)
}

async function main() {
  const driver = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'
  console.log(`provider-oversight bench on ${driver}; ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB; node ${process.version}`)
  console.log(`load: autocannon in a separate process, ${CONNECTIONS} connections, ${DURATION} s per case`)
  const only = process.argv.slice(2)
  const want = (name: string) => only.length === 0 || only.includes(name)

  if (want('ownership')) for (const r of ownershipCases()) record(r)
  if (want('ixbrl')) for (const r of await ixbrlCases()) record(r)

  if (want('http')) {
    const floorCeiling = await ceiling()
    console.log(`  baseline: bare Fastify static JSON: ${fmt(floorCeiling.rps)} req/s, p50 ${floorCeiling.p50} ms, p99 ${floorCeiling.p99} ms`)
    const db = await benchDatabase()
    const k = await keys()
    const app = await buildApp({
      config: { ...loadConfig({}), ...db.config, jwksUrl: k.jwksUrl, jwtIssuer: 'bench', seed: 'none', logLevel: 'silent', rateLimitMax: 1e9 },
      logger: false,
    })
    try {
      await returnSubmission(app, k.sign, floorCeiling.rps)
    } finally {
      await app.close()
      await db.drop()
    }
  }

  mkdirSync('bench', { recursive: true })
  writeFileSync('bench/results.json', JSON.stringify(results, null, 2) + '\n')
  console.log('\n| case | value | unit | baseline | ratio | goal | met |\n|---|---|---|---|---|---|---|')
  for (const r of results) console.log(`| ${r.name} | ${fmt(r.value)} | ${r.unit} | ${fmt(r.baseline)} | ${r.ratio.toFixed(2)} | ${r.goal} | ${r.met ? 'yes' : 'no'} |`)
  console.log('\nwrote bench/results.json')
}

await main()
