// The HTTP cases: the framework ceiling, the floor route, the stability read, the council's
// providers at 100 and 100,000 providers, and return submission. Each server runs alone in this
// process while autocannon loads it from another.
import Fastify from 'fastify'
import { createLocalJWKSet, jwtVerify } from 'jose'
import { buildApp, type App } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { fullReturn } from '../../test/fixtures/returns.js'
import {
  benchDatabase, describeLoad, fmt, load, portOf, type BenchDatabase, type BenchKeys, type BenchResult, type LoadResult,
} from './harness.js'
import { providerId, seedCouncilMarket, seedFloorTable } from './market.js'

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

/** The council providers query at 100 and at 100,000 providers; then, on the large market, the floor and the stability read. */
export async function councilAndStability(keys: BenchKeys, record: Record_, want: { council: boolean; stability: boolean }) {
  const queried = 'E09000007' // Camden
  const holders = 100
  const token = await keys.sign({ role: 'council', laCode: queried, sub: 'bench-council' })
  const headers = { authorization: `Bearer ${token}` }
  const councilPath = `/v1/councils/${queried}/providers`

  let small: LoadResult | undefined
  if (want.council) {
    const db = await benchDatabase('council100')
    try {
      const app = await appOn(db, keys)
      try {
        const m = await db.seed((q) => seedCouncilMarket(q, { providers: 100, queried, holders }))
        console.log(`    (100 providers seeded in ${fmt(m.seedMs)} ms; ${m.holders} hold ${queried}'s children)`)
        small = await load({ url: `http://127.0.0.1:${portOf(app.server)}${councilPath}`, headers })
        console.log(`    council providers, 100 providers: ${describeLoad(small)}`)
      } finally { await app.close() }
    } finally { await db.drop() }
  }

  const db = await benchDatabase('council100k')
  try {
    const app = await appOn(db, keys)
    try {
      const m = await db.seed((q) => seedCouncilMarket(q, { providers: 100_000, queried, holders }))
      const counts = [...m.holdersByCouncil.entries()].sort((a, b) => a[1] - b[1])
      const medianCount = counts[Math.floor(counts.length / 2)][1]
      console.log(`    (100,000 providers, 200,000 returns seeded in ${fmt(m.seedMs)} ms; councils held by ${counts[0][1]} to ${counts.at(-1)![1]} providers, median ${medianCount}; ${queried} by exactly ${holders})`)
      const url = `http://127.0.0.1:${portOf(app.server)}`
      if (want.council && small) {
        const large = await load({ url: `${url}${councilPath}`, headers })
        console.log(`    council providers, 100,000 providers: ${describeLoad(large)}`)
        record({
          name: `council providers query (${holders} providers hold the council's children), 100,000 providers in the database vs 100: p50`,
          value: large.p50, unit: 'ms p50', baseline: small.p50, ratio: large.p50 / small.p50, goal: '<= 1.3x p50 at 100', met: large.p50 <= 1.3 * small.p50,
        })
        // A council that the spread itself leaves with a few hundred providers: how the answer's size costs.
        const [fewHundred, n] = counts.reduce((best, c) => (Math.abs(c[1] - 300) < Math.abs(best[1] - 300) ? c : best))
        const tokenFew = await keys.sign({ role: 'council', laCode: fewHundred, sub: 'bench-council-2' })
        const few = await load({ url: `${url}/v1/councils/${fewHundred}/providers`, headers: { authorization: `Bearer ${tokenFew}` } })
        console.log(`    (for scale: ${fewHundred}, held by ${n} providers in the same market: ${describeLoad(few)})`)
      }
      if (want.stability) {
        await seedFloorTable(db.raw)
        // The same thousand providers, in the same order, for the floor and the service.
        const ids = Array.from({ length: 1000 }, (_, k) => providerId(1 + ((k * 7919) % 100_000)))
        const floorApp = await floorRoute(db, keys)
        let floor: LoadResult
        try {
          floor = await load({ url: `http://127.0.0.1:${portOf(floorApp.server)}`, headers, requests: ids.map((id) => ({ path: `/floor/${id}` })) })
        } finally { await floorApp.close() }
        console.log(`  baseline: floor route (jose ES256 + one prepared primary-key SELECT): ${describeLoad(floor)}`)
        const stability = await load({ url, headers, requests: ids.map((id) => ({ path: `/v1/providers/${id}/stability` })) })
        console.log(`    stability with JWT verification: ${describeLoad(stability)}`)
        record({
          name: 'stability query with JWT verification (council token), throughput vs the floor route',
          value: stability.rps, unit: 'req/s', baseline: floor.rps, ratio: stability.rps / floor.rps, goal: '>= 0.8x floor', met: stability.rps >= 0.8 * floor.rps,
        })
        record({
          name: 'stability query with JWT verification (council token), p99 vs the floor route',
          value: stability.p99, unit: 'ms p99', baseline: floor.p99, ratio: stability.p99 / floor.p99, goal: '<= 1.5x floor p99', met: stability.p99 <= 1.5 * floor.p99,
        })
      }
    } finally { await app.close() }
  } finally { await db.drop() }
}

/** Return submission and assessment, end to end, beside the framework ceiling. */
export async function returnSubmission(keys: BenchKeys, record: Record_, ceilingRps: number) {
  const providers = Number(process.env.BENCH_PROVIDERS ?? 5000)
  const db = await benchDatabase('returns')
  try {
    const app = await appOn(db, keys)
    try {
      const rows = await db.raw<{ id: string }>(`insert into providers (id, name, company_number, kind, created_at)
        select md5('bench-filer-' || i)::uuid, 'Bench group ' || i, (40000000 + i)::text, 'private', now()
        from generate_series(1, $1::int) as i returning id`, [providers])
      const body = JSON.stringify(fullReturn())
      const requests = await Promise.all(rows.map(async ({ id }, i) => ({
        path: `/v1/providers/${id}/returns`,
        headers: { authorization: `Bearer ${await keys.sign({ role: 'provider', providerId: id, sub: `bench-${i}` })}`, 'content-type': 'application/json' },
      })))
      const r = await load({ url: `http://127.0.0.1:${portOf(app.server)}`, method: 'POST', body, requests })
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
