// Hostile input, property-based: every route of the app (the OpenAPI document's and the rest)
// gets generated bodies, path parameters, query strings and headers, with valid tokens of every
// role and without. Never a 5xx, every refusal problem+json, no stack or SQL text in any answer,
// no built-in prototype polluted. Each route first gets the known-hostile cases (inputs that found
// bugs before), then a seeded random run: a few hundred cases in all. `npm run fuzz` runs ten
// thousand and more (`npm run fuzz`, test/fuzz/run.ts). FUZZ_SEED and FUZZ_CASES change the random run. A failure
// names its seed and run: `npm run fuzz -- --replay '<route>' --seed S --run R` replays it
// and shrinks it (known-hostile cases have negative runs and are shown whole).
import t from 'tap'
import { build } from '../helper.js'
import { buildWorld, TODAY } from './world.js'
import { contextFor, errorLog, fuzzTarget, knownHostile, pollution, seedFor, targets } from './harness.js'

const SEED = Number(process.env.FUZZ_SEED ?? 20261123)
const CASES = Number(process.env.FUZZ_CASES ?? 300)
const METRICS_TOKEN = 'metrics-token-for-the-fuzzer-0123456789'

t.test('no route answers hostile input with a 5xx, a bare error or a leak', async (t) => {
  const log = errorLog()
  const app = await build(t, { now: () => TODAY, config: { metricsToken: METRICS_TOKEN }, logger: { level: 'error', stream: log.stream } })
  await app.ready()
  const world = await buildWorld(app)
  const ctx = await contextFor(app, world, { metricsToken: METRICS_TOKEN })
  const list = targets(app)
  t.ok(list.length > 40, `${list.length} routes`)
  const numRuns = Math.max(3, Math.ceil(CASES / list.length))
  let cases = 0
  const started = performance.now()
  for (const target of list) {
    const stats = await fuzzTarget(app, target, ctx, { seed: seedFor(SEED, target.key), numRuns, log, examples: knownHostile(target, ctx) })
    cases += stats.cases
    t.same(stats.failures.map((f) => `${f.violations.join('; ')} — seed ${f.seed} run ${f.run}: ${f.request} → ${f.answer}${f.logged ? ` (logged: ${f.logged})` : ''}`), [],
      `${target.key}: ${stats.cases} cases, ${Object.entries(stats.statuses).map(([s, n]) => `${s}×${n}`).join(' ')}`)
  }
  t.comment(`${cases} cases in ${((performance.now() - started) / 1000).toFixed(1)} s (seed ${SEED})`)
  t.equal(pollution(), undefined, 'no built-in prototype was changed')
  const ready = await app.inject({ url: '/health/ready' })
  t.equal(ready.statusCode, 200, 'the service is still ready')
  const still = await app.inject({ url: `/v1/providers/${world.providerId}`, headers: { authorization: `Bearer ${world.tokens.regulator}` } })
  t.equal(still.statusCode, 200, 'and still answers')
})
