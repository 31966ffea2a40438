// Markets more than one case measures against, each seeded once per run in a database of its own,
// with the service serving it (scripts/bench/case.ts says when they are set up and torn down).
import type { App } from '../../src/app.js'
import type { Config } from '../../src/config.js'
import type { Fixture } from './case.js'
import { benchDatabase, fmt, serve, type BenchDatabase, type BenchKeys } from './harness.js'
import { midSizeGroup, seedCouncilMarket, seedMidSizeMarket, type CouncilMarket } from './market.js'

export interface Served { db: BenchDatabase; app: App; url: string }

async function served(label: string, keys: BenchKeys, config?: Partial<Config>): Promise<Served> {
  const db = await benchDatabase(label)
  try {
    return { db, ...await serve(db, keys, config) }
  } catch (err) {
    await db.drop()
    throw err
  }
}

async function closeServed(s: Served) {
  await s.app.close().catch(() => {})
  await s.db.drop()
}

/**
 * 100,000 provider groups with two years of returns each (stub bodies), 900,000 placement lines,
 * an assessment of each latest return and open flags for the red and amber groups; exactly the
 * first 100 place children with Camden (E09000007), which no other group does.
 */
export const councilMarket: Fixture<Served & { market: CouncilMarket }> = {
  name: 'council market (100,000 providers)',
  async setup({ keys, log }) {
    const s = await served('council100k', keys)
    try {
      const market = await s.db.seed((q) => seedCouncilMarket(q, { providers: 100_000, queried: 'E09000007', holders: 100 }))
      const counts = [...market.holdersByCouncil.values()].sort((a, b) => a - b)
      log(`100,000 providers, 200,000 returns and their placements seeded in ${fmt(market.seedMs)} ms; councils held by `
        + `${counts[0]} to ${counts.at(-1)} providers, median ${counts[Math.floor(counts.length / 2)]}; ${market.queried} by exactly ${market.holders}`)
      return { ...s, market }
    } catch (err) {
      await closeServed(s)
      throw err
    }
  },
  teardown: closeServed,
}

export interface MidSizeMarket extends Served {
  groups: number
  returns: number
  /**
   * The read floor of any whole-market computation: every group's latest return read once, its
   * document as the text filing stored, in one query (on a connection of the bench's own).
   */
  readLatestReturns: () => Promise<{ id: string; document: string }[]>
}

/**
 * 10,000 groups (BENCH_GROUPS) with realistic mid-size returns (3–5 facilities, 5–10 ownership
 * entities, 10–20 settings, 5–15 placements, ruleset 2027.1's service lines, related parties and
 * new accounts figures), two periods each, one in ten amended, written with their parts as filing
 * writes them; not yet assessed.
 */
export const midSizeMarket: Fixture<MidSizeMarket> = {
  name: 'mid-size market (10,000 groups)',
  async setup({ keys, log }) {
    const groups = Number(process.env.BENCH_GROUPS ?? 10_000)
    // Load shedding off: on PGlite the database runs on the service's event loop, and the bench's
    // own seeding and floor reads block it for seconds, which would shed the request being measured.
    const s = await served('midsize', keys, { maxEventLoopDelayMs: 0 })
    try {
      let t = performance.now()
      const market = Array.from({ length: groups }, (_, k) => midSizeGroup(k + 1))
      const generated = performance.now() - t
      t = performance.now()
      const { returns } = await s.db.seed((q) => seedMidSizeMarket(q, market))
      log(`${fmt(groups)} groups, ${fmt(returns)} returns generated in ${fmt(generated)} ms, written with their parts in ${fmt(performance.now() - t)} ms`)
      const readLatestReturns = async () => {
        const rows = await s.db.raw<{ id: string; document: string }>('select p.id, r.document from providers p join returns r on r.id = p.latest_return_id')
        if (rows.length !== groups) throw new Error(`read ${rows.length} latest returns, expected ${groups}`)
        return rows
      }
      return { ...s, groups, returns, readLatestReturns }
    } catch (err) {
      await closeServed(s)
      throw err
    }
  },
  teardown: closeServed,
}

/**
 * The register of a large market for the console's register page: 10,000 groups (two returns
 * each, as the council market's) holding 100,000 flags, ten each, over every status.
 */
export const registerMarket: Fixture<Served & { market: CouncilMarket; flags: number }> = {
  name: 'register market (10,000 groups, 100,000 flags)',
  async setup({ keys, log }) {
    // Load shedding off, as for the mid-size market: the bench's own seeding blocks PGlite's loop.
    const s = await served('register10k', keys, { maxEventLoopDelayMs: 0 })
    try {
      const market = await s.db.seed((q) => seedCouncilMarket(q, { providers: 10_000, queried: 'E09000007', holders: 100, flagsPerGroup: 10 }))
      const [{ flags }] = await s.db.raw<{ flags: number }>('select count(*)::int as flags from flags')
      log(`10,000 groups, 20,000 returns and ${fmt(flags)} flags seeded in ${fmt(market.seedMs)} ms`)
      return { ...s, market, flags }
    } catch (err) {
      await closeServed(s)
      throw err
    }
  },
  teardown: closeServed,
}
