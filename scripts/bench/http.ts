// The HTTP cases: the framework ceiling, the floor route, the stability read, the council's
// providers at 100 and 100,000 providers, and return submission. The servers run in this process,
// one under load at a time, while autocannon loads it from another.
import Fastify from 'fastify'
import { createLocalJWKSet, jwtVerify } from 'jose'
import { buildApp, type App } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { fullReturn } from '../../src/demo/returns.js'
import {
  alternate, benchDatabase, describeLoad, DURATION, fmt, load, portOf, ROUNDS, type BenchDatabase, type BenchKeys, type BenchResult, type LoadResult,
} from './harness.js'
import { providerId, seedCouncilMarket, seedFloorTable, uuidSql } from './market.js'

type Record_ = (r: BenchResult) => void

const STABILITY_BODY = { providerId: '00000000-0000-4000-8000-000000000000', name: 'Bench Care Group 12345 Ltd', rating: 'amber', designated: false, peBacked: true, noticeInForce: false, openFlags: ['FIN-LEVERAGE'], lastReturnPeriodEnd: '2026-03-31' }

/** Bare Fastify returning a static JSON object the size of a stability view: the framework ceiling. */
export async function ceiling(): Promise<LoadResult> {
  const app = Fastify({ logger: false })
  app.get('/static', async () => STABILITY_BODY)
  await app.listen({ port: 0, host: '127.0.0.1' })
  try {
    return await load({ url: `http://127.0.0.1:${portOf(app.server)}/static` })
  } finally {
    await app.close()
  }
}

async function appOn(db: BenchDatabase, keys: BenchKeys): Promise<App> {
  const app = await buildApp({
    config: { ...loadConfig({}), databaseUrl: undefined, dataDir: 'unused', jwksUrl: keys.jwksUrl, jwtIssuer: keys.issuer, jwtAudience: keys.audience, seed: 'none', logLevel: 'silent', rateLimitMax: 1e9 },
    database: db.opened,
    logger: false,
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  return app
}

/**
 * The floor route: bare Fastify, one jose verification of the same ES256 token against the same
 * kind of key set, one prepared primary-key SELECT of a precomputed stability view (postgres.js,
 * prepared by default; on PGlite the same query through PGlite).
 */
async function floorRoute(db: BenchDatabase, keys: BenchKeys) {
  const app = Fastify({ logger: false })
  const jwks = createLocalJWKSet(keys.jwks)
  const columns = `provider_id as "providerId", name, rating, designated, pe_backed as "peBacked",
    notice_in_force as "noticeInForce", open_flags as "openFlags", last_return_period_end as "lastReturnPeriodEnd"`
  const select = db.pg
    ? async (id: string) => (await db.pg!`select provider_id as "providerId", name, rating, designated, pe_backed as "peBacked",
        notice_in_force as "noticeInForce", open_flags as "openFlags", last_return_period_end as "lastReturnPeriodEnd"
        from bench_floor where provider_id = ${id}`)[0]
    : async (id: string) => (await db.pglite!.query(`select ${columns} from bench_floor where provider_id = $1`, [id])).rows[0]
  app.get<{ Params: { id: string } }>('/floor/:id', async (req, reply) => {
    const token = req.headers.authorization?.match(/^Bearer ([A-Za-z0-9\-_.]+)$/)?.[1]
    if (!token) return reply.code(401).send()
    await jwtVerify(token, jwks, { issuer: keys.issuer, audience: keys.audience, algorithms: ['ES256'], requiredClaims: ['iss', 'aud', 'exp'] })
    const row = await select(req.params.id)
    if (!row) return reply.code(404).send()
    return row
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  return app
}

/**
 * The council providers query at 100 and at 100,000 providers (both markets up at once, measured in
 * alternating rounds); then, on the large market, the floor route and the stability read.
 */
export async function councilAndStability(keys: BenchKeys, record: Record_, want: { council: boolean; stability: boolean }) {
  const queried = 'E09000007' // Camden
  const holders = 100
  const token = await keys.sign({ role: 'council', laCode: queried, sub: 'bench-council' })
  const headers = { authorization: `Bearer ${token}` }
  const councilPath = `/v1/councils/${queried}/providers`
  const opened: { db: BenchDatabase; app?: App }[] = []
  const open = async (label: string) => {
    const db = await benchDatabase(label)
    const entry: { db: BenchDatabase; app?: App } = { db }
    opened.push(entry)
    entry.app = await appOn(db, keys)
    return { db, app: entry.app, url: `http://127.0.0.1:${portOf(entry.app.server)}` }
  }
  try {
    const large = await open('council100k')
    const m = await large.db.seed((q) => seedCouncilMarket(q, { providers: 100_000, queried, holders }))
    const counts = [...m.holdersByCouncil.entries()].sort((a, b) => a[1] - b[1])
    console.log(`    (100,000 providers, 200,000 returns and their placements seeded in ${fmt(m.seedMs)} ms; `
      + `councils held by ${counts[0][1]} to ${counts.at(-1)![1]} providers, median ${counts[Math.floor(counts.length / 2)][1]}; ${queried} by exactly ${holders})`)

    if (want.council) {
      const small = await open('council100')
      const s = await small.db.seed((q) => seedCouncilMarket(q, { providers: 100, queried, holders }))
      console.log(`    (100 providers seeded in ${fmt(s.seedMs)} ms; all ${holders} hold ${queried}'s children)`)
      const [at100, at100k] = await alternate({ url: `${small.url}${councilPath}`, headers }, { url: `${large.url}${councilPath}`, headers })
      console.log(`    council providers, 100 providers: ${describeLoad(at100)}`)
      console.log(`    council providers, 100,000 providers: ${describeLoad(at100k)}`)
      record({
        name: `council providers query (${holders} providers hold the council's children), 100,000 providers in the database vs 100: p50`,
        value: at100k.p50, unit: 'ms p50', baseline: at100.p50, ratio: at100k.p50 / at100.p50, goal: '<= 1.3x p50 at 100', met: at100k.p50 <= 1.3 * at100.p50,
      })
      // For scale: a council the spread itself leaves with a few hundred providers.
      const [fewHundred, n] = counts.reduce((best, c) => (Math.abs(c[1] - 300) < Math.abs(best[1] - 300) ? c : best))
      const few = await load({ url: `${large.url}/v1/councils/${fewHundred}/providers`, headers: { authorization: `Bearer ${await keys.sign({ role: 'council', laCode: fewHundred, sub: 'bench-council-2' })}` } })
      console.log(`    (for scale, ${fewHundred}, held by ${n} providers in the large market: ${describeLoad(few)})`)
      await small.app.close()
    }

    if (want.stability) {
      await seedFloorTable(large.db.raw)
      // The same thousand providers, in the same order, for the floor and the service.
      const ids = Array.from({ length: 1000 }, (_, k) => providerId(1 + ((k * 7919) % 100_000)))
      const floorApp = await floorRoute(large.db, keys)
      try {
        const [floor, stability] = await alternate(
          { url: `http://127.0.0.1:${portOf(floorApp.server)}`, headers, requests: ids.map((id) => ({ path: `/floor/${id}` })) },
          { url: large.url, headers, requests: ids.map((id) => ({ path: `/v1/providers/${id}/stability` })) },
        )
        console.log(`  baseline: floor route (jose ES256 + one prepared primary-key SELECT): ${describeLoad(floor)}`)
        console.log(`    stability with JWT verification: ${describeLoad(stability)}`)
        record({
          name: 'stability query with JWT verification (council token), throughput vs the floor route',
          value: stability.rps, unit: 'req/s', baseline: floor.rps, ratio: stability.rps / floor.rps, goal: '>= 0.8x floor', met: stability.rps >= 0.8 * floor.rps,
        })
        record({
          name: 'stability query with JWT verification (council token), p99 vs the floor route',
          value: stability.p99, unit: 'ms p99', baseline: floor.p99, ratio: stability.p99 / floor.p99, goal: '<= 1.5x floor p99', met: stability.p99 <= 1.5 * floor.p99,
        })
      } finally { await floorApp.close() }
    }
  } finally {
    for (const { db, app } of opened.reverse()) {
      await app?.close().catch(() => {})
      await db.drop()
    }
  }
}

/** Return submission and assessment, end to end, beside the framework ceiling. */
export async function returnSubmission(keys: BenchKeys, record: Record_, ceilingRps: number) {
  const providers = Number(process.env.BENCH_PROVIDERS ?? 5000)
  const db = await benchDatabase('returns')
  try {
    const app = await appOn(db, keys)
    try {
      const rows = await db.raw<{ id: string }>(`insert into providers (id, name, company_number, kind, created_at)
        select ${uuidSql(`'bench-filer-' || i`)}, 'Bench group ' || i, (40000000 + i)::text, 'private', now()
        from generate_series(1, $1::int) as i returning id`, [providers])
      const body = JSON.stringify(fullReturn())
      const requests = await Promise.all(rows.map(async ({ id }, i) => ({
        path: `/v1/providers/${id}/returns`,
        headers: { authorization: `Bearer ${await keys.sign({ role: 'provider', providerId: id, sub: `bench-${i}` })}`, 'content-type': 'application/json' },
      })))
      const r = await load({ url: `http://127.0.0.1:${portOf(app.server)}`, method: 'POST', body, requests, duration: DURATION * ROUNDS })
      console.log(`    return submission: ${describeLoad(r)}`)
      record({
        name: 'return submission and assessment (full return: 20 facilities x 3 covenants, 60 entities, 150 settings, 60 placements)',
        value: r.rps, unit: 'returns/s', baseline: ceilingRps, ratio: r.rps / ceilingRps, goal: '>= 200 returns/s', met: r.rps >= 200,
      })
      const statuses = Object.entries(r.statuses).filter(([s]) => !s.startsWith('2'))
      if (statuses.length) console.log(`    (not 2xx: ${JSON.stringify(Object.fromEntries(statuses))}: providers ran out, or errors)`)
    } finally { await app.close() }
  } finally { await db.drop() }
}
