// npm run bench [case…]: every case measured beside a baseline measured in the same run (the least
// work the case could do), printed as a table of ratios, checked against goals written as ratios,
// and written to bench/results.json. On PostgreSQL when DATABASE_URL is set (a fresh database per
// case or fixture, created and dropped), else on on-disk PGlite. Exits 1 when a goal is not met.
//
// The cases are the modules listed in scripts/bench/cases/index.ts; a case is named by its name or
// an alias (`http` = the cases that serve HTTP under load). No argument runs them all.
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import Fastify from 'fastify'
import postgres from 'postgres'
import { CASES } from './bench/cases/index.js'
import { goalText, rowsFor, type BenchCase, type Fixture, type ResultRow } from './bench/case.js'
import { benchKeys, CONNECTIONS, describeLoad, DURATION, fmt, load, portOf, ROUNDS, TIMED_ROUNDS, WARMUP, type LoadResult } from './bench/harness.js'

const normal = (s: string) => s.toLowerCase().replace(/[-_]/g, ' ')
const load3 = () => loadavg().map((l) => Math.round(l * 100) / 100)

/** The names a case answers to on the command line: its name, its aliases, and `http` if it serves HTTP. */
const namesOf = (c: BenchCase) => [c.name, ...(c.aliases ?? []), ...(c.http ? ['http'] : [])].map(normal)

function selected(args: string[]): BenchCase[] {
  if (!args.length) return [...CASES]
  const wanted = new Set(args.map(normal))
  const unknown = [...wanted].filter((a) => !CASES.some((c) => namesOf(c).includes(a)))
  if (unknown.length) {
    console.error(`unknown case ${unknown.join(', ')}; cases: ${CASES.map((c) => c.name + (c.aliases?.length ? ` (${c.aliases.join(', ')})` : '')).join('; ')}; http = the cases serving HTTP`)
    process.exit(2)
  }
  return CASES.filter((c) => namesOf(c).some((n) => wanted.has(n)))
}

/** Bare Fastify returning a small static JSON object: how fast the host is right now, for reading only. */
async function frameworkCeiling(): Promise<LoadResult> {
  const app = Fastify({ logger: false })
  app.get('/static', async () => ({ providerId: '00000000-0000-4000-8000-000000000000', name: 'Bench Care Group 12345 Ltd', rating: 'amber', designated: false }))
  await app.listen({ port: 0, host: '127.0.0.1' })
  try {
    return await load({ url: `http://127.0.0.1:${portOf(app.server)}/static` })
  } finally {
    await app.close()
  }
}

/** The server's durability settings, which the filing case and its floor both depend on. */
async function postgresSettings(url: string) {
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  try {
    const rows = await sql`select name, setting from pg_settings where name in ('server_version', 'fsync', 'synchronous_commit', 'full_page_writes', 'shared_buffers')`
    return Object.fromEntries(rows.map((r) => [r.name, r.setting]))
  } finally { await sql.end() }
}

const quantity = (q: { amount: number; unit: string }) => (Number.isFinite(q.amount) ? `${fmt(q.amount)} ${q.unit}` : 'failed')

async function main() {
  const cases = selected(process.argv.slice(2))
  const driver = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'
  const startedAt = new Date()
  const loadAtStart = load3()
  const settings = process.env.DATABASE_URL ? await postgresSettings(process.env.DATABASE_URL) : undefined
  console.log(`provider-oversight bench on ${driver}${settings ? ` ${settings.server_version} (fsync ${settings.fsync}, synchronous_commit ${settings.synchronous_commit})` : ''}; `
    + `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB; node ${process.version}; load average ${loadAtStart.join(' ')}`)
  console.log(`HTTP cases: autocannon in a separate process, ${CONNECTIONS} connections, ${DURATION} s per run, case and baseline in ${ROUNDS} alternating rounds `
    + `(the median of the rounds' ratios taken), ${WARMUP} s warm-up before each server's first; in-process cases: ${TIMED_ROUNDS} alternating rounds after a warm-up of each`)
  if (!(globalThis as { gc?: unknown }).gc) console.log('(no --expose-gc: in-process rounds may pay for each other\'s garbage; `npm run bench` passes it)')
  const started = performance.now()
  const keys = await benchKeys()

  let ceiling: LoadResult | undefined
  if (cases.some((c) => c.http)) {
    ceiling = await frameworkCeiling()
    console.log(`host speed, for reading (no goal uses it): bare Fastify static JSON ${describeLoad(ceiling)}`)
  }

  // Each fixture lives from the first selected case that uses it to the last.
  const lastUser = new Map<Fixture<unknown>, BenchCase>()
  for (const c of cases) for (const f of c.uses ?? []) lastUser.set(f, c)
  const live = new Map<Fixture<unknown>, Promise<unknown>>()
  const teardown = async (f: Fixture<unknown>) => {
    const value = live.get(f)
    live.delete(f)
    const set = await value?.then((v) => ({ v }), () => undefined) // a fixture whose set-up failed cleaned up after itself
    if (set) await f.teardown(set.v).catch((err) => console.error(`  (tearing down ${f.name}: ${err})`))
  }

  const rows: ResultRow[] = []
  let failed = 0
  for (const c of cases) {
    const loadAverage = load3()
    console.log(`\n${c.name}: ${c.measures}\n  baseline: ${c.baseline}\n  (load average ${loadAverage.join(' ')})`)
    const log = (line: string) => console.log(`    ${line}`)
    const t = performance.now()
    try {
      const comparisons = await c.run({
        keys,
        log,
        use: <T>(f: Fixture<T>) => {
          if (!c.uses?.includes(f)) throw new Error(`case ${c.name} uses ${f.name} without listing it in \`uses\``)
          if (!live.has(f)) {
            log(`(setting up ${f.name})`)
            live.set(f, f.setup({ keys, log }))
          }
          return live.get(f) as Promise<T>
        },
      })
      for (const r of rowsFor(c, comparisons, loadAverage)) {
        rows.push(r)
        console.log(`  ${r.case}: ${quantity(r.value)} vs ${quantity(r.baseline)}, ratio ${r.ratio.toFixed(2)}`
          + `${r.roundRatios ? ` (median of the rounds' ${r.roundRatios.map((x) => x.toFixed(2)).join(', ')})` : ''}; goal ${r.goal}: ${r.met ? 'met' : 'NOT met'}`
          + `${r.note ? `\n    (${r.note})` : ''}`)
      }
    } catch (err) {
      failed++
      console.error(`  ${c.name} FAILED: ${(err as Error).stack ?? err}`)
      for (const g of c.goals) {
        rows.push({
          case: g.metric ? `${c.name} ${g.metric}` : c.name, value: { amount: NaN, unit: '' }, baseline: { amount: NaN, unit: '' }, ratio: NaN,
          goal: goalText(g), met: false, measures: c.measures, baselineIs: c.baseline, note: `failed: ${(err as Error).message}`, loadAverage,
        })
      }
    } finally {
      for (const f of c.uses ?? []) if (lastUser.get(f) === c) await teardown(f)
    }
    console.log(`  (${fmt((performance.now() - t) / 1000)} s)`)
  }

  const durationS = (performance.now() - started) / 1000
  const loadAtEnd = load3()
  mkdirSync('bench', { recursive: true })
  writeFileSync('bench/results.json', JSON.stringify({
    driver,
    startedAt: startedAt.toISOString(),
    durationS: Math.round(durationS),
    host: {
      cpus: cpus().length, model: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version,
      loadAverage: { start: loadAtStart, end: loadAtEnd },
      ...(ceiling ? { frameworkCeiling: { rps: Math.round(ceiling.rps), p50: ceiling.p50, p99: ceiling.p99 } } : {}),
    },
    ...(settings ? { postgres: settings } : {}),
    load: { connections: CONNECTIONS, durationS: DURATION, warmupS: WARMUP, rounds: ROUNDS, timedRounds: TIMED_ROUNDS },
    rows,
  }, null, 2) + '\n')

  console.log(`\n${driver}, ${startedAt.toISOString()}, ${fmt(durationS)} s; load average ${loadAtStart.join(' ')} at the start, ${loadAtEnd.join(' ')} at the end\n`)
  console.log('| case | value | baseline | ratio | goal | met |\n|---|---|---|---|---|---|')
  for (const r of rows) console.log(`| ${r.case} | ${quantity(r.value)} | ${quantity(r.baseline)} | ${r.ratio.toFixed(2)} | ${r.goal} | ${r.met ? 'yes' : 'no'} |`)
  const unmet = rows.filter((r) => !r.met).length
  console.log(`\n${rows.length - unmet} of ${rows.length} goals met${failed ? `; ${failed} case(s) failed` : ''}; wrote bench/results.json`)
  if (unmet) process.exitCode = 1
}

await main()
