// Loading Ofsted's register, 30,000 settings, through the route (token, streamed parse, every row
// checked, the load and its settings written in one transaction), beside the floor: the same CSV
// split by bare csv-parse, in the same run. Goal: at most 3x the floor. Measured in alternating
// rounds (floor, load, floor, load…) and compared by medians; both take the file in 64 KiB chunks,
// as a socket delivers it. On PostgreSQL when DATABASE_URL is set, else on-disk PGlite.
//
// Not yet in scripts/bench.ts: run alone with `npx tsx scripts/bench/ofsted.ts` (BENCH_ROUNDS,
// BENCH_SETTINGS change the rounds and the register's size).
import { Readable } from 'node:stream'
import { pathToFileURL } from 'node:url'
import { parse } from 'csv-parse'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { ofstedRegisterCsv } from '../../test/fixtures/ofsted.js'
import { benchDatabase, benchKeys, fmt, median, type BenchKeys, type BenchResult } from './harness.js'

const CHUNK = 64 * 1024
const chunksOf = (file: Buffer) => Array.from({ length: Math.ceil(file.length / CHUNK) }, (_, i) => file.subarray(i * CHUNK, (i + 1) * CHUNK))

/** The floor: every record of the file split by csv-parse, nothing else. */
async function bareParse(file: Buffer) {
  let records = 0
  for await (const _record of Readable.from(chunksOf(file)).pipe(parse({ relax_column_count: true }))) records++
  return records
}

export async function ofstedRegisterCases(keys: BenchKeys): Promise<BenchResult[]> {
  const settings = Number(process.env.BENCH_SETTINGS ?? 30_000)
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5)
  const file = Buffer.from(ofstedRegisterCsv(settings))
  const db = await benchDatabase('ofsted')
  try {
    const app = await buildApp({
      config: { ...loadConfig({}), databaseUrl: undefined, dataDir: 'unused', jwksUrl: keys.jwksUrl, jwtIssuer: keys.issuer, seed: 'none', logLevel: 'silent',
        // back-to-back loads: on PGlite a load holds the event loop, and shedding would answer the next with 503
        maxEventLoopDelayMs: 0 },
      database: db.opened, logger: false,
    })
    try {
      const headers = { authorization: `Bearer ${await keys.sign({ role: 'regulator', sub: 'bench' })}`, 'content-type': 'text/csv' }
      const load = async () => {
        const res = await app.inject({ method: 'PUT', url: '/v1/reference/ofsted-settings', headers, payload: Readable.from(chunksOf(file)) })
        if (res.statusCode !== 200 || res.json().settings !== settings) throw new Error(`load answered ${res.statusCode}: ${res.body.slice(0, 300)}`)
        return res.json().loadId as number
      }
      // one of each first: compiled code and a warm database
      if (await bareParse(file) !== settings + 1) throw new Error('the floor did not read every row')
      await load()

      const floor: number[] = []
      const loads: number[] = []
      for (let i = 0; i < rounds; i++) {
        let t = performance.now()
        await bareParse(file)
        floor.push(performance.now() - t)
        t = performance.now()
        await load()
        loads.push(performance.now() - t)
      }
      const value = median(loads)
      const baseline = median(floor)
      console.log(`    (${fmt(settings)} settings, ${fmt(file.length / 1024)} KiB on ${db.driver}; rounds: load ${loads.map(fmt).join(', ')} ms; bare parse ${floor.map(fmt).join(', ')} ms)`)
      return [{
        name: `ofsted register load, ${fmt(settings)} settings`, value, unit: 'ms', baseline, ratio: value / baseline,
        goal: '<= 3x bare csv-parse', met: value / baseline <= 3,
      }]
    } finally {
      await app.close()
    }
  } finally {
    await db.drop()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [r] = await ofstedRegisterCases(await benchKeys())
  console.log(`${r.name}: ${fmt(r.value)} ms through the route, ${fmt(r.baseline)} ms bare csv-parse, ratio ${r.ratio.toFixed(2)} (goal ${r.goal}: ${r.met ? 'met' : 'NOT met'})`)
}
