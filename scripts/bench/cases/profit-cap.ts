// The profit-cap simulation (POST /v1/profit-cap/simulations) beside its read floor: reading every
// latest return once, its document as the text filing stored, in one query. A simulation cannot do
// less than read each latest return; what it does beyond that (take out the parts the measures
// read, measure each group, apply the cap, sort, answer) is the ratio.
import { atMost, benchCase } from '../case.js'
import { midSizeMarket } from '../fixtures.js'
import { bearer, comparedTimes, fmt, timeAlternating } from '../harness.js'

interface Totals { measured: number; over: number; notMeasurable: number; excess: number; revenueShareOver: number | null }

export default benchCase({
  name: 'profit-cap simulation',
  aliases: ['profit-cap'],
  measures: 'POST /v1/profit-cap/simulations (adjusted margin capped at 15%) over 10,000 groups (BENCH_GROUPS) with mid-size returns carrying ruleset 2027.1\'s parts',
  baseline: 'reading every latest return once (its document as stored text), in one query',
  goals: [atMost(3, 'reading every latest return once')],
  uses: [midSizeMarket],
  async run({ keys, use, log }) {
    const market = await use(midSizeMarket)
    const headers = await bearer(keys, { role: 'regulator', sub: 'bench-regulator' })
    let totals: Totals | undefined
    let bytes = 0
    const simulate = async () => {
      const res = await market.app.inject({ method: 'POST', url: '/v1/profit-cap/simulations', headers, payload: { measure: 'adjustedMargin', capPct: 15 } })
      if (res.statusCode !== 200) throw new Error(`simulation answered ${res.statusCode}: ${res.body}`)
      totals = res.json<{ totals: Totals }>().totals
      bytes = res.rawPayload.length
      if (totals.measured + totals.notMeasurable !== market.groups) throw new Error(`simulated ${totals.measured + totals.notMeasurable} groups, expected ${market.groups}`)
    }
    const t = await timeAlternating({ baseline: market.readLatestReturns, value: simulate })
    log(`at 15%: ${fmt(totals!.measured)} measured, ${fmt(totals!.over)} over, ${fmt(totals!.notMeasurable)} not measurable, `
      + `£${fmt(totals!.excess)} over the cap; answer ${fmt(bytes / 2 ** 20)} MiB`)
    return [comparedTimes(t, 'wall')]
  },
})
