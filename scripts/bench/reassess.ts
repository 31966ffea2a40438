// Reassessing the whole market (reassessMarket) at 10,000 groups with realistic mid-size returns,
// beside the floor any reassessment pays: reading every latest return once (its document as stored
// text), in one query.
// The first reassessment raises the register; the timed ones are the steady state after it
// (evidence updated, nothing new), as a new ruleset published on a living register would meet.
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { loadMarket, reassessMarket } from '../../src/commands/reassess.js'
import { ownershipOf } from '../../src/domain/return-ownership.js'
import { rulesetInForce } from '../../src/db/queries/rulesets.js'
import { assess } from '../../src/domain/assess-return.js'
import { systemActor } from '../../src/domain/actor.js'
import { benchDatabase, fmt, median, type BenchKeys, type BenchResult } from './harness.js'
import { midSizeGroup, seedMidSizeMarket } from './market.js'

export async function reassessmentCases(keys: BenchKeys): Promise<BenchResult[]> {
  const groups = Number(process.env.BENCH_GROUPS ?? 10_000)
  const runs = Number(process.env.BENCH_REASSESS_RUNS ?? 3)
  const db = await benchDatabase('reassess')
  try {
    const app = await buildApp({
      config: { ...loadConfig({}), databaseUrl: undefined, dataDir: 'unused', jwksUrl: keys.jwksUrl, jwtIssuer: keys.issuer, seed: 'none', logLevel: 'silent' },
      database: db.opened, logger: false,
    })
    try {
      let t = performance.now()
      const market = Array.from({ length: groups }, (_, k) => midSizeGroup(k + 1))
      const generated = performance.now() - t
      t = performance.now()
      const { returns } = await db.seed((q) => seedMidSizeMarket(q, market))
      console.log(`    (${fmt(groups)} groups, ${fmt(returns)} returns generated in ${fmt(generated)} ms, written with their parts in ${fmt(performance.now() - t)} ms)`)

      const first = await reassessMarket({ db: app.db, now: new Date(), assessorThreads: app.assessorThreads }, systemActor)
      console.log(`    first reassessment (raises the register): ${fmt(first.durationMs)} ms; ${fmt(first.flagsRaised)} flags raised, ${fmt(first.ratingsMoved.length)} ratings moved`)

      const floor: number[] = []
      const loads: number[] = []
      const pure: number[] = []
      const totals: number[] = []
      for (let i = 0; i < runs; i++) {
        t = performance.now()
        const rows = await db.raw<{ id: string; document: string }>('select p.id, r.document from providers p join returns r on r.id = p.latest_return_id')
        floor.push(performance.now() - t)
        if (rows.length !== groups) throw new Error(`floor read ${rows.length} returns, expected ${groups}`)

        // For scale (the service overlaps them): reading the market whole, and assessing every group on one thread.
        t = performance.now()
        const { market: m, councils } = await loadMarket(app.db)
        loads.push(performance.now() - t)
        const { ruleset } = await rulesetInForce(app.db)
        t = performance.now()
        for (const r of m) {
          assess({ annualReturn: r.body, previous: r.previous, councils, ownership: ownershipOf(r.body).resolution, submittedAt: r.firstSubmittedAt.toISOString(), ruleset })
        }
        pure.push(performance.now() - t)

        t = performance.now()
        const s = await reassessMarket({ db: app.db, now: new Date(), assessorThreads: app.assessorThreads }, systemActor)
        totals.push(performance.now() - t)
        if (s.assessed !== groups) throw new Error(`reassessed ${s.assessed} groups, expected ${groups}`)
      }
      const value = median(totals)
      const baseline = median(floor)
      console.log(`    reassessment of ${fmt(groups)} groups: median ${fmt(value)} ms of ${runs} (${totals.map((x) => fmt(x)).join(', ')}); `
        + `on ${app.assessorThreads.threads} worker threads; for scale, reading the market whole takes ~${fmt(median(loads))} ms and assessing every group on one thread ~${fmt(median(pure))} ms`)
      return [{
        name: `reassessment of ${groups.toLocaleString('en-GB')} groups (mid-size returns), vs reading every latest return once`,
        value, unit: 'ms', baseline, ratio: value / baseline, goal: '<= 2000 ms', met: value <= 2000,
      }]
    } finally { await app.close() }
  } finally { await db.drop() }
}
