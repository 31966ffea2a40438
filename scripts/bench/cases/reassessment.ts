// Reassessing the whole market (POST /v1/reassessments) beside its read floor: reading every
// latest return once, its document as the text filing stored, in one query. A reassessment cannot
// do less than read each latest return; what it does beyond that (parse, resolve, assess, write
// the assessments and the register's changes) is the ratio.
// The first reassessment raises the register and is not timed; the timed ones are the steady state
// after it (evidence updated, nothing new), as a new ruleset published on a living register meets.
import { atMost, benchCase } from '../case.js'
import { midSizeMarket } from '../fixtures.js'
import { bearer, comparedTimes, fmt, timeAlternating } from '../harness.js'

export default benchCase({
  name: 'reassessment',
  aliases: ['reassess'],
  measures: 'POST /v1/reassessments over 10,000 groups (BENCH_GROUPS) with mid-size returns (two periods each, one in ten amended), after a first reassessment raised the register',
  baseline: 'reading every latest return once (its document as stored text), in one query',
  goals: [atMost(6, 'reading every latest return once')],
  uses: [midSizeMarket],
  async run({ keys, use, log }) {
    const market = await use(midSizeMarket)
    const headers = await bearer(keys, { role: 'regulator', sub: 'bench-regulator' })
    const reassess = async () => {
      const res = await market.app.inject({ method: 'POST', url: '/v1/reassessments', headers })
      if (res.statusCode !== 200) throw new Error(`reassessment answered ${res.statusCode}: ${res.body}`)
      const summary = res.json<{ assessed: number; flagsRaised: number; ratingsMoved: unknown[]; durationMs: number }>()
      if (summary.assessed !== market.groups) throw new Error(`reassessed ${summary.assessed} groups, expected ${market.groups}`)
      return summary
    }

    // The untimed first run of each (timeAlternating's warm-up) is the reassessment that raises the register.
    let first: Awaited<ReturnType<typeof reassess>> | undefined
    const value = async () => {
      if (first) return reassess()
      return (first = await reassess())
    }
    const t = await timeAlternating({ baseline: market.readLatestReturns, value })
    log(`first reassessment (raises the register, not timed): ${fmt(first!.durationMs)} ms; ${fmt(first!.flagsRaised)} flags raised, ${fmt(first!.ratingsMoved.length)} ratings moved`)
    // For reading: what parsing every document read costs on top of the floor's read.
    const rows = await market.readLatestReturns()
    let parse = performance.now()
    for (const r of rows) JSON.parse(r.document)
    parse = performance.now() - parse
    log(`for scale: parsing every document the floor read takes ${fmt(parse)} ms more (${fmt(rows.reduce((n, r) => n + r.document.length, 0) / 2 ** 20)} MiB of text)`)
    return [comparedTimes(t, 'wall')]
  },
})
