// The council's providers at 100,000 providers in the database beside the same request at 100:
// the council is held by the same 100 providers in both markets, so the answer is the same size
// and only the database around it grows. Its floor is itself on a small database.
import { atMost, benchCase } from '../case.js'
import { councilMarket } from '../fixtures.js'
import { alternate, bearer, benchDatabase, describeLoad, fmt, load, roundsOf, serve } from '../harness.js'
import { seedCouncilMarket } from '../market.js'

export default benchCase({
  name: 'council',
  http: true,
  measures: 'GET /v1/councils/{laCode}/providers (council token), 100 providers hold the council\'s children, 100,000 providers in the database: p50',
  baseline: 'the same request on a database of those 100 providers alone: p50',
  goals: [atMost(1.3, 'p50 at 100', 'p50')],
  uses: [councilMarket],
  async run({ keys, use, log }) {
    const large = await use(councilMarket)
    const { queried, holders } = large.market
    const headers = await bearer(keys, { role: 'council', laCode: queried, sub: 'bench-council' })
    const path = `/v1/councils/${queried}/providers`
    const db = await benchDatabase('council100')
    try {
      const small = await serve(db, keys)
      try {
        const s = await db.seed((q) => seedCouncilMarket(q, { providers: 100, queried, holders }))
        log(`100 providers seeded in ${fmt(s.seedMs)} ms; all ${holders} hold ${queried}'s children`)
        const [at100, at100k] = await alternate({ url: `${small.url}${path}`, headers }, { url: `${large.url}${path}`, headers })
        log(`100 providers: ${describeLoad(at100)}`)
        log(`100,000 providers: ${describeLoad(at100k)}`)
        // For scale: a council the market's spread leaves with a few hundred providers.
        const [other, n] = [...large.market.holdersByCouncil.entries()].reduce((best, c) => (Math.abs(c[1] - 300) < Math.abs(best[1] - 300) ? c : best))
        const few = await load({ url: `${large.url}/v1/councils/${other}/providers`, headers: await bearer(keys, { role: 'council', laCode: other, sub: 'bench-council-2' }) })
        log(`for scale, ${other}, held by ${n} providers in the large market: ${describeLoad(few)}`)
        return [{
          metric: 'p50',
          value: { amount: at100k.p50, unit: 'ms' },
          baseline: { amount: at100.p50, unit: 'ms' },
          rounds: roundsOf(at100, at100k, (r) => r.p50),
        }]
      } finally { await small.app.close() }
    } finally { await db.drop() }
  },
})
