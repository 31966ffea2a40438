// Filing a full return beside the floor route, which durably stores the same return and does
// nothing else: bare Fastify, the body parsed as JSON (a filing must know it is JSON) and its text
// kept, one prepared INSERT of it as jsonb in a transaction, on the same database, under the same
// load (16 connections, each request for the next provider). Commit waits for the WAL to reach
// disk in both (synchronous_commit as the server has it), so the floor pays what durability costs
// and the ratio is what validating, assessing and writing the return's parts and register cost
// on top.
import Fastify from 'fastify'
import { fullReturn } from '../../../src/demo/returns.js'
import { atLeast, benchCase } from '../case.js'
import { alternate, benchDatabase, describeLoad, portOf, roundsOf, serve, type BenchDatabase, type BenchKeys } from '../harness.js'
import { uuidSql } from '../market.js'

async function floorRoute(db: BenchDatabase) {
  await db.raw(`create table bench_filing_floor (
    id bigint generated always as identity primary key, provider_id uuid not null, body jsonb not null)`)
  const text = 'insert into bench_filing_floor (provider_id, body) values ($1, $2::jsonb) returning id'
  const insert = db.pg
    ? async (providerId: string, body: string) => (await db.pg!.begin((tx) => tx.unsafe(text, [providerId, body], { prepare: true })))[0]
    : async (providerId: string, body: string) => (await db.pglite!.transaction((tx) => tx.query(text, [providerId, body]))).rows[0]
  const app = Fastify({ logger: false })
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    try {
      JSON.parse(body as string)
      done(null, body)
    } catch (err) {
      done(Object.assign(err as Error, { statusCode: 400 }), undefined)
    }
  })
  app.post<{ Params: { id: string }; Body: string }>('/v1/providers/:id/returns', async (req, reply) => {
    const row = await insert(req.params.id, req.body)
    return reply.code(201).send({ id: (row as { id: unknown }).id })
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  return app
}

/**
 * `n` new provider groups on the case's database, and for each a prepared request (path, token,
 * content type) filing for it: a load run takes them in turn, so no group files twice.
 */
export async function filers(db: BenchDatabase, keys: BenchKeys, n: number, contentType = 'application/json') {
  const rows = await db.raw<{ id: string }>(`insert into providers (id, name, company_number, kind, created_at)
    select ${uuidSql(`'bench-filer-' || i`)}, 'Bench group ' || i, (40000000 + i)::text, 'private', now()
    from generate_series(1, $1::int) as i returning id`, [n])
  return Promise.all(rows.map(async ({ id }, i) => ({
    path: `/v1/providers/${id}/returns`,
    headers: { authorization: `Bearer ${await keys.sign({ role: 'provider', providerId: id, sub: `bench-${i}` })}`, 'content-type': contentType },
  })))
}

export default benchCase({
  name: 'filing',
  aliases: ['submission'],
  http: true,
  measures: 'POST /v1/providers/{id}/returns, a full return (20 facilities x 3 covenants, 60 entities, 150 settings, 60 placements), a new provider per request (BENCH_PROVIDERS of them): throughput',
  baseline: 'the floor route: bare Fastify, JSON parse, one prepared INSERT of the body as jsonb in a transaction, same database and load',
  goals: [atLeast(0.4, 'floor')],
  async run({ keys, log }) {
    const providers = Number(process.env.BENCH_PROVIDERS ?? 10_000)
    const db = await benchDatabase('filing')
    try {
      const service = await serve(db, keys)
      try {
        const body = JSON.stringify(fullReturn())
        const requests = await filers(db, keys, providers)
        const floorApp = await floorRoute(db)
        try {
          const plan = { method: 'POST', body, requests }
          const [floor, filing] = await alternate(
            { ...plan, url: `http://127.0.0.1:${portOf(floorApp.server)}` },
            { ...plan, url: service.url },
          )
          log(`${(body.length / 1024).toFixed(1)} KiB per return; ${providers.toLocaleString('en-GB')} providers to file for`)
          log(`floor route: ${describeLoad(floor)}`)
          log(`filing: ${describeLoad(filing)}`)
          const refused = Object.entries(filing.statuses).filter(([s]) => !s.startsWith('2'))
          if (refused.length) log(`NOT 2xx: ${JSON.stringify(Object.fromEntries(refused))} (providers ran out? raise BENCH_PROVIDERS)`)
          return [{
            value: { amount: filing.rps, unit: 'returns/s' },
            baseline: { amount: floor.rps, unit: 'returns/s' },
            rounds: roundsOf(floor, filing, (r) => r.rps),
            note: `CPU in the server per request: ${filing.cpuMs.toFixed(2)} ms vs ${floor.cpuMs.toFixed(2)} ms`,
          }]
        } finally { await floorApp.close() }
      } finally { await service.app.close() }
    } finally { await db.drop() }
  },
})
