// Stress tests: a group's latest return, and the whole market, assessed as they would read under a
// scenario, beside today. Nothing is stored.
import type { Deps } from './deps.js'
import { authorise } from './authorise.js'
import { loadMarket, type MarketReturn } from './reassess.js'
import { findProvider } from '../db/queries/providers.js'
import { rulesetInForce } from '../db/queries/rulesets.js'
import type { Actor } from '../domain/actor.js'
import { assess, type Assessment } from '../domain/assess-return.js'
import { stabilityRating, type Rating } from '../domain/rating.js'
import { ownershipOf } from '../domain/return-ownership.js'
import type { Ruleset } from '../domain/ruleset.js'
import { applyStress, type StressScenario } from '../domain/stress.js'
import { notFound } from '../problems.js'

function assessOne(m: MarketReturn, councilFigures: Record<string, number | null>, ruleset: Ruleset, body = m.body,
  ownership = ownershipOf(body).resolution): Assessment {
  return assess({
    annualReturn: body, previous: m.previous, councils: councilFigures, ownership,
    submittedAt: m.firstSubmittedAt.toISOString(), ruleset,
    // The iXBRL figures a return cites are not re-read in bulk; the filing's assessment compared them.
  })
}

const tally = (ratings: Rating[]) => ({
  red: ratings.filter((r) => r === 'red').length, amber: ratings.filter((r) => r === 'amber').length,
  green: ratings.filter((r) => r === 'green').length,
})

/** The flags and rating a return gives today and under a scenario (nothing stored). */
export function stressOne(m: MarketReturn, councilFigures: Record<string, number | null>, ruleset: Ruleset, scenario: StressScenario) {
  const ownership = ownershipOf(m.body).resolution
  const today = assessOne(m, councilFigures, ruleset, m.body, ownership)
  const stressed = assessOne(m, councilFigures, ruleset, applyStress(m.body, scenario), ownership)
  const rate = (a: Assessment) => stabilityRating({
    openFlagSeverities: a.flags.filter((f) => f.severity !== 'info').map((f) => f.severity as 'red' | 'amber'),
    noticeInForce: m.noticeInForce, hasAcceptedReturn: true,
  })
  return {
    today: { rating: rate(today), metrics: today.metrics as unknown as Record<string, unknown>, flags: today.flags },
    stressed: { rating: rate(stressed), metrics: stressed.metrics as unknown as Record<string, unknown>, flags: stressed.flags },
  }
}

/** What a group's latest return would show under the scenario, beside today. */
export async function stressProvider(deps: Deps, actor: Actor, providerId: string, scenario: StressScenario) {
  authorise(actor, 'stressTest')
  const provider = await findProvider(deps.db, providerId)
  if (!provider) throw notFound('provider')
  const { market: [m], councils } = await loadMarket(deps.db, [provider.id])
  if (!m) throw notFound('return: the group has not filed one')
  const { ruleset } = await rulesetInForce(deps.db)
  const result = stressOne(m, councils, ruleset, scenario)
  return { providerId: provider.id, returnId: m.returnId, rulesetVersion: ruleset.version, scenario, ...result }
}

/** The whole market under the scenario: how many groups would turn red or amber, and which. */
export async function stressMarket(deps: Deps, actor: Actor, scenario: StressScenario) {
  authorise(actor, 'stressTest')
  const { ruleset } = await rulesetInForce(deps.db)
  const { market, councils: councilFigures } = await loadMarket(deps.db)
  const results = market.map((m) => ({ m, ...stressOne(m, councilFigures, ruleset, scenario) }))
  const order: Record<Rating, number> = { red: 0, amber: 1, green: 2, unrated: 3 }
  return {
    rulesetVersion: ruleset.version,
    scenario,
    groups: results.length,
    today: tally(results.map((r) => r.today.rating)),
    stressed: tally(results.map((r) => r.stressed.rating)),
    turned: results.filter((r) => order[r.stressed.rating] < order[r.today.rating])
      .map((r) => ({ providerId: r.m.providerId, name: r.m.name, from: r.today.rating, to: r.stressed.rating,
        flags: r.stressed.flags.filter((f) => f.severity !== 'info').map((f) => f.ruleId) }))
      .sort((a, b) => order[a.to] - order[b.to] || a.name.localeCompare(b.name)),
  }
}
