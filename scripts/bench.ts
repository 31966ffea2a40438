// npm run bench [case…]: every case measured in one run beside a baseline measured in the same run,
// printed as a table of ratios and written to bench/results.json. On PostgreSQL when DATABASE_URL
// is set (a fresh database per case, created and dropped), else on on-disk PGlite.
//
// Cases: ownership, ixbrl, submission, stability, council, reassess; `http` = submission,
// stability and council. No argument runs them all.
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { ownershipCases } from './bench/ownership.js'
import { ixbrlCases } from './bench/ixbrl.js'
import { ceiling, councilAndStability, returnSubmission } from './bench/http.js'
import { reassessmentCases } from './bench/reassess.js'
import { benchKeys, CONNECTIONS, describeLoad, DURATION, fmt, ROUNDS, WARMUP, type BenchResult } from './bench/harness.js'

export type { BenchResult } from './bench/harness.js'

const CASES = ['ownership', 'ixbrl', 'submission', 'stability', 'council', 'reassess'] as const
const ALIASES: Record<string, readonly string[]> = { http: ['submission', 'stability', 'council'] }

const results: BenchResult[] = []
const record = (r: BenchResult) => {
  results.push(r)
  console.log(`  ${r.name}: ${fmt(r.value)} ${r.unit} (baseline ${fmt(r.baseline)}, ratio ${r.ratio.toFixed(2)}, goal ${r.goal}: ${r.met ? 'met' : 'NOT met'})`)
}

async function main() {
  const args = process.argv.slice(2)
  const unknown = args.filter((a) => !(CASES as readonly string[]).includes(a) && !(a in ALIASES))
  if (unknown.length) {
    console.error(`unknown case ${unknown.join(', ')}; cases: ${CASES.join(', ')}; http = ${ALIASES.http.join(', ')}`)
    process.exit(2)
  }
  const only = new Set(args.flatMap((a) => ALIASES[a] ?? [a]))
  const want = (name: string) => only.size === 0 || only.has(name)

  const driver = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'
  console.log(`provider-oversight bench on ${driver}; ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB; node ${process.version}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`)
  console.log(`load: autocannon in a separate process, ${CONNECTIONS} connections, ${DURATION} s per measured run; a case and its baseline `
    + `in ${ROUNDS} alternating rounds (medians compared), ${WARMUP} s warm-up before a server's first run; submission ${DURATION * ROUNDS} s in one run`)
  const started = performance.now()

  if (want('ownership')) for (const r of ownershipCases()) record(r)
  if (want('ixbrl')) for (const r of await ixbrlCases()) record(r)

  const keys = await benchKeys()
  if (want('submission') || want('stability') || want('council')) {
    const top = await ceiling()
    console.log(`  baseline: bare Fastify static JSON (the framework ceiling): ${describeLoad(top)}`)
    if (want('stability') || want('council')) await councilAndStability(keys, record, { council: want('council'), stability: want('stability') })
    if (want('submission')) await returnSubmission(keys, record, top.rps)
  }
  if (want('reassess')) for (const r of await reassessmentCases(keys)) record(r)

  mkdirSync('bench', { recursive: true })
  writeFileSync('bench/results.json', JSON.stringify(results, null, 2) + '\n')
  console.log(`\n${driver}, ${fmt((performance.now() - started) / 1000)} s\n`)
  console.log('| case | value | unit | baseline | ratio | goal | met |\n|---|---|---|---|---|---|---|')
  for (const r of results) console.log(`| ${r.name} | ${fmt(r.value)} | ${r.unit} | ${fmt(r.baseline)} | ${r.ratio.toFixed(2)} | ${r.goal} | ${r.met ? 'yes' : 'no'} |`)
  console.log('\nwrote bench/results.json')
}

await main()
