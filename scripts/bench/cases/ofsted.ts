// Loading Ofsted's register, 30,000 settings (BENCH_SETTINGS), through the route (token, the body
// streamed into csv-parse, every row checked as it is split, the load and its settings written in
// one transaction) beside the floor: the same CSV split into records by bare csv-parse, nothing
// else. No load can do less than split every record of the file. Both take the file in 64 KiB
// chunks, as a socket delivers it, in alternating rounds; wall time, as the load's writes run in
// the database (another process on PostgreSQL).
import { Readable } from 'node:stream'
import { parse } from 'csv-parse'
import { ofstedRegisterCsv } from '../../../src/demo/ofsted-synthetic.js'
import { atMost, benchCase } from '../case.js'
import { bearer, benchDatabase, comparedTimes, serve, timeAlternating } from '../harness.js'

const CHUNK = 64 * 1024
const chunksOf = (file: Buffer) => Array.from({ length: Math.ceil(file.length / CHUNK) }, (_, i) => file.subarray(i * CHUNK, (i + 1) * CHUNK))

/** The floor: every record of the file split by csv-parse, nothing else. */
async function bareParse(file: Buffer) {
  let records = 0
  for await (const _record of Readable.from(chunksOf(file)).pipe(parse({ relax_column_count: true }))) records++
  return records
}

export default benchCase({
  name: 'ofsted register load',
  measures: 'PUT /v1/reference/ofsted-settings, a 30,000-setting register as Ofsted publishes it (20 columns), streamed: parsed, every row checked, written as a numbered load',
  baseline: 'the same CSV split into records by bare csv-parse (the library the load is built on), same chunks',
  goals: [atMost(3, 'bare csv-parse')],
  async run({ keys, log }) {
    const settings = Number(process.env.BENCH_SETTINGS ?? 30_000)
    const file = Buffer.from(ofstedRegisterCsv(settings))
    const db = await benchDatabase('ofsted')
    try {
      // back-to-back loads: on PGlite a load holds the event loop, and shedding would answer the next with 503
      const { app } = await serve(db, keys, { maxEventLoopDelayMs: 0 })
      try {
        const headers = { ...await bearer(keys, { role: 'regulator', sub: 'bench' }), 'content-type': 'text/csv' }
        let loads = 0
        const t = await timeAlternating({
          baseline: async () => {
            if (await bareParse(file) !== settings + 1) throw new Error('the floor did not read every row')
          },
          value: async () => {
            const res = await app.inject({ method: 'PUT', url: '/v1/reference/ofsted-settings', headers, payload: Readable.from(chunksOf(file)) })
            if (res.statusCode !== 200 || res.json().settings !== settings) throw new Error(`load answered ${res.statusCode}: ${res.body.slice(0, 300)}`)
            loads = res.json().loadId
          },
        })
        log(`${settings.toLocaleString('en-GB')} settings, ${(file.length / 2 ** 20).toFixed(1)} MiB on ${db.driver}; ${loads} loads made`)
        return [comparedTimes(t, 'wall')]
      } finally {
        await app.close()
      }
    } finally {
      await db.drop()
    }
  },
})
