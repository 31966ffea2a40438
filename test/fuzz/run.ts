// npm run fuzz: hostile input against every route of the app, at least 10,000 cases (fast-check).
// On PostgreSQL when DATABASE_URL is set (a database of its own, dropped after), else in-memory
// PGlite. Prints cases per route, the statuses seen, and every failure grouped by kind with the
// seed and run that regenerate it; exits 1 on any failure.
//
//   npm run fuzz                         10,000 cases, a new seed (printed)
//   npm run fuzz -- --cases 50000 --seed 42 --route returns
//   npm run fuzz -- --demo               also load the demo market (more rows, real cursors)
//   npm run fuzz -- --replay 'POST /v1/providers' --seed 42 --run 17
//                                        replays one case and shrinks it to a smaller one
//   npm run fuzz -- --max-ms 5000        a case slower than 5 s fails too (else the slowest are listed)
import { parseArgs } from 'node:util'
import { build } from '../helper.js'
import { buildWorld, TODAY } from './world.js'
import { contextFor, errorLog, fuzzTarget, knownHostile, pollution, replay, seedFor, targets, type Failure, type RouteStats } from './harness.js'
import { seedDemoMarket } from '../../src/seed.js'

const { values: args } = parseArgs({
  options: {
    cases: { type: 'string', default: '10000' },
    seed: { type: 'string' },
    route: { type: 'string' },
    replay: { type: 'string' },
    run: { type: 'string' },
    demo: { type: 'boolean', default: false },
    examples: { type: 'string', default: '3' },
    'max-ms': { type: 'string' },
  },
})

const METRICS_TOKEN = 'metrics-token-for-the-fuzzer-0123456789'
const teardowns: Array<() => unknown> = []
const tap = { teardown: (fn: () => unknown) => { teardowns.push(fn) } }

/** One kind of failure: the violation with its variable parts (ids, lengths, excerpts) taken out. */
const kindOf = (violation: string, answer: string, logged?: string) => {
  // A 5xx is known by what the service logged: its cause and the first frame of ours.
  if (logged && /^status 5/.test(violation)) {
    const [cause, frames] = logged.split(' @ ')
    return `${violation}: ${cause.replace(/"[^"]*"/g, '"…"').replace(/\d+/g, 'N')} @ ${(frames ?? '').split(' ← ')[0].replace(/:\d+:\d+\)?$/, '')}`
  }
  const code = answer.match(/"code":"(\w+)"/)?.[1] ?? answer.match(/"type":"urn:provider-oversight:problem:([\w-]+)"/)?.[1] ?? ''
  const v = violation.replace(/leaks ".*"$/, (m) => m.slice(0, 40)).replace(/: \{.*$|: [^:]*$/, '')
  return `${v}${code ? ` [${code}]` : ''}`
}

async function main() {
  const seed = Number(args.seed ?? Math.floor(Math.random() * 2 ** 31))
  const total = Number(args.cases)
  const driver = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'
  const started = performance.now()
  const log = errorLog()
  const app = await build(tap, { now: () => TODAY, config: { metricsToken: METRICS_TOKEN }, logger: { level: 'error', stream: log.stream } })
  await app.ready()
  if (args.demo) {
    const seeded = await seedDemoMarket(app)
    console.log(`demo market: ${JSON.stringify(seeded)}`)
  }
  const world = await buildWorld(app)
  const ctx = await contextFor(app, world, { metricsToken: METRICS_TOKEN })
  const all = targets(app)
  const list = args.route ? all.filter((t) => t.key.includes(args.route!)) : all

  if (args.replay) {
    const target = all.find((t) => t.key === args.replay)
    if (!target || args.run === undefined || args.seed === undefined) throw new Error('--replay needs a route key (as printed), --seed and --run')
    const details = await replay(app, target, ctx, seed, Number(args.run))
    console.log(details.failed
      ? `fails; shrunk ${details.numShrinks} times to:\n${'errorInstance' in details ? (details.errorInstance as Error).message : 'an interrupted run'}`
      : 'passes now')
    return details.failed ? 1 : 0
  }

  const numRuns = Math.max(1, Math.ceil(total / list.length))
  console.log(`fuzzing ${list.length} routes × ${numRuns} cases on ${driver}, seed ${seed} (setup ${((performance.now() - started) / 1000).toFixed(1)} s)`)
  const stats: RouteStats[] = []
  for (const target of list) {
    const s = await fuzzTarget(app, target, ctx, { seed: seedFor(seed, target.key), numRuns, log, examples: knownHostile(target, ctx, { heavy: true }), maxMs: args['max-ms'] ? Number(args['max-ms']) : undefined })
    stats.push(s)
    const statuses = Object.entries(s.statuses).map(([k, n]) => `${k}×${n}`).join(' ')
    const undocumented = Object.keys(s.undocumented).length ? `  undocumented: ${Object.entries(s.undocumented).map(([k, n]) => `${k}×${n}`).join(' ')}` : ''
    console.log(`${s.failures.length ? '✗' : '✓'} ${target.key.padEnd(56)} ${String(s.cases).padStart(6)} cases ${(s.ms / 1000).toFixed(1).padStart(6)} s  ${statuses}${undocumented}${s.failures.length ? `  FAILURES ${s.failures.length}` : ''}`)
  }

  const cases = stats.reduce((n, s) => n + s.cases, 0)
  const failures = stats.flatMap((s) => s.failures)
  const byKind = new Map<string, Failure[]>()
  for (const f of failures) for (const v of f.violations) {
    const kind = kindOf(v, f.answer, f.logged)
    byKind.set(kind, [...(byKind.get(kind) ?? []), f])
  }
  const statuses: Record<string, number> = {}
  for (const s of stats) for (const [k, n] of Object.entries(s.statuses)) statuses[k] = (statuses[k] ?? 0) + n

  console.log(`\n${cases} cases, ${list.length} routes, ${driver}, seed ${seed}, ${((performance.now() - started) / 1000).toFixed(1)} s`)
  console.log(`statuses: ${Object.entries(statuses).map(([k, n]) => `${k}×${n}`).join(' ')}`)
  console.log('slowest cases:')
  for (const c of stats.flatMap((x) => x.slowest).sort((a, b) => b.ms - a.ms).slice(0, 5)) console.log(`  ${Math.round(c.ms)} ms → ${c.status}: ${c.request}`)
  const polluted = pollution()
  if (polluted) console.log(`PROTOTYPE POLLUTION: ${polluted}`)
  const ready = await app.inject({ url: '/health/ready' })
  if (ready.statusCode !== 200) console.log(`NOT READY after the run: ${ready.statusCode} ${ready.body}`)

  if (failures.length) {
    console.log(`\n${failures.length} failing cases, ${byKind.size} kinds:`)
    for (const [kind, fs] of [...byKind].sort((a, b) => b[1].length - a[1].length)) {
      const routes = [...new Set(fs.map((f) => f.key))]
      console.log(`\n● ${kind}: ${fs.length} cases on ${routes.length} routes: ${routes.slice(0, 8).join(', ')}${routes.length > 8 ? ', …' : ''}`)
      for (const f of fs.slice(0, Number(args.examples))) {
        console.log(`  seed ${f.seed} run ${f.run}: ${f.request}\n    → ${f.answer}${f.logged ? `\n    logged: ${f.logged}` : ''}`)
        if (f.run >= 0) console.log(`    replay: npm run fuzz -- --replay '${f.key}' --seed ${f.seed} --run ${f.run}`)
      }
    }
  }
  return failures.length || polluted || ready.statusCode !== 200 ? 1 : 0
}

main()
  .then(async (code) => {
    for (const fn of teardowns.reverse()) await fn()
    process.exit(code)
  })
  .catch(async (err) => {
    console.error(err)
    for (const fn of teardowns.reverse()) await Promise.resolve(fn()).catch(() => {})
    process.exit(2)
  })
