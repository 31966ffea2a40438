// The stability read beside its floor route: bare Fastify, one jose verification of the same
// ES256 token against the same kind of key set, and one prepared primary-key SELECT of the view
// precomputed in a table of its own: the least a verified read of one provider's standing can do.
import Fastify from 'fastify'
import { createLocalJWKSet, jwtVerify } from 'jose'
import { atLeast, atMost, benchCase } from '../case.js'
import { councilMarket } from '../fixtures.js'
import { alternate, bearer, describeLoad, portOf, roundsOf, type BenchDatabase, type BenchKeys } from '../harness.js'
import { providerId, seedFloorTable } from '../market.js'

const COLUMNS = `provider_id as "providerId", name, rating, designated, pe_backed as "peBacked",
  notice_in_force as "noticeInForce", open_flags as "openFlags", last_return_period_end as "lastReturnPeriodEnd"`

async function floorRoute(db: BenchDatabase, keys: BenchKeys) {
  const app = Fastify({ logger: false })
  const jwks = createLocalJWKSet(keys.jwks)
  const select = db.pg
    ? async (id: string) => (await db.pg!.unsafe(`select ${COLUMNS} from bench_floor where provider_id = $1`, [id], { prepare: true }))[0]
    : async (id: string) => (await db.pglite!.query(`select ${COLUMNS} from bench_floor where provider_id = $1`, [id])).rows[0]
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

export default benchCase({
  name: 'stability',
  http: true,
  measures: 'GET /v1/providers/{id}/stability (council token), 1,000 providers in turn, 100,000 in the database',
  baseline: 'the floor route: bare Fastify, one jose ES256 verification, one prepared primary-key SELECT of a precomputed view',
  goals: [atLeast(0.8, 'floor', 'throughput'), atMost(1.5, 'floor p99', 'p99')],
  uses: [councilMarket],
  async run({ keys, use, log }) {
    const large = await use(councilMarket)
    await seedFloorTable(large.db.raw)
    const headers = await bearer(keys, { role: 'council', laCode: large.market.queried, sub: 'bench-council' })
    // The same thousand providers, in the same order, for the floor and the service.
    const ids = Array.from({ length: 1000 }, (_, k) => providerId(1 + ((k * 7919) % large.market.providers)))
    const floorApp = await floorRoute(large.db, keys)
    try {
      const [floor, stability] = await alternate(
        { url: `http://127.0.0.1:${portOf(floorApp.server)}`, headers, requests: ids.map((id) => ({ path: `/floor/${id}` })) },
        { url: large.url, headers, requests: ids.map((id) => ({ path: `/v1/providers/${id}/stability` })) },
      )
      log(`floor route: ${describeLoad(floor)}`)
      log(`stability: ${describeLoad(stability)}`)
      return [
        {
          metric: 'throughput', value: { amount: stability.rps, unit: 'req/s' }, baseline: { amount: floor.rps, unit: 'req/s' },
          rounds: roundsOf(floor, stability, (r) => r.rps),
          note: `CPU in the server per request: ${stability.cpuMs.toFixed(3)} ms vs ${floor.cpuMs.toFixed(3)} ms`,
        },
        { metric: 'p99', value: { amount: stability.p99, unit: 'ms' }, baseline: { amount: floor.p99, unit: 'ms' }, rounds: roundsOf(floor, stability, (r) => r.p99) },
      ]
    } finally { await floorApp.close() }
  },
})
