// Filing the full return as the spreadsheet template beside filing the same return as JSON: the
// same service, database, load and kind of request (16 connections, each request for a new
// provider), in alternating rounds. The baseline is the JSON filing itself, so the ratio is what
// taking a workbook costs on top of a filing: reading the .xlsx (unzipping, the sheets' XML, each
// cell's value) into the body, a walk of the body the validation plugin gives any body not parsed
// from JSON text, and hashing the bytes for an Idempotency-Key's fingerprint. Issue 19 sets the goal.
// (`npx tsx scripts/bench/spreadsheet.ts` breaks the reading's CPU down in one process.)
import { fullReturn } from '../../../src/demo/returns.js'
import { returnWorkbook, xlsxBytes, XLSX_MEDIA_TYPE } from '../../../src/spreadsheet/index.js'
import { atLeast, benchCase } from '../case.js'
import { alternate, benchDatabase, describeLoad, roundsOf, serve } from '../harness.js'
import { filers } from './filing.js'

export default benchCase({
  name: 'spreadsheet filing',
  aliases: ['xlsx'],
  http: true,
  measures: 'POST /v1/providers/{id}/returns with the full return as the filled-in template (.xlsx), a new provider per request (BENCH_PROVIDERS of them each side): throughput',
  baseline: 'the same return filed as JSON to the same service, same database and load, alternating rounds',
  goals: [atLeast(0.7, 'JSON filing')],
  async run({ keys, log }) {
    const providers = Number(process.env.BENCH_PROVIDERS ?? 10_000)
    const db = await benchDatabase('spreadsheet')
    try {
      // Load shedding off: a 503 shed under a busy host's lag would count against whichever side it hit.
      const service = await serve(db, keys, { maxEventLoopDelayMs: 0 })
      try {
        const body = fullReturn()
        const json = JSON.stringify(body)
        const workbook = await xlsxBytes(returnWorkbook(body as unknown as Record<string, unknown>))
        const byJson = await filers(db, keys, providers)
        const byWorkbook = await filers(db, keys, providers, XLSX_MEDIA_TYPE, providers)
        const [asJson, asWorkbook] = await alternate(
          { url: service.url, method: 'POST', body: json, requests: byJson },
          { url: service.url, method: 'POST', bodyBase64: workbook.toString('base64'), requests: byWorkbook },
        )
        log(`${(json.length / 1024).toFixed(1)} KiB as JSON, ${(workbook.length / 1024).toFixed(1)} KiB as .xlsx; ${providers.toLocaleString('en-GB')} providers each side`)
        log(`JSON filing: ${describeLoad(asJson)}`)
        log(`workbook filing: ${describeLoad(asWorkbook)}`)
        for (const [side, r] of [['JSON', asJson], ['workbook', asWorkbook]] as const) {
          const refused = Object.entries(r.statuses).filter(([s]) => !s.startsWith('2'))
          if (refused.length) log(`${side} NOT 2xx: ${JSON.stringify(Object.fromEntries(refused))} (providers ran out? raise BENCH_PROVIDERS)`)
        }
        return [{
          value: { amount: asWorkbook.rps, unit: 'returns/s' },
          baseline: { amount: asJson.rps, unit: 'returns/s' },
          rounds: roundsOf(asJson, asWorkbook, (r) => r.rps),
          note: `CPU in the server per request: ${asWorkbook.cpuMs.toFixed(2)} ms as .xlsx vs ${asJson.cpuMs.toFixed(2)} ms as JSON`,
        }]
      } finally { await service.app.close() }
    } finally { await db.drop() }
  },
})
