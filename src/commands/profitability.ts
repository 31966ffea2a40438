// Profit and extraction (RULES.md, ruleset 2027.1): a group's measures period by period beside the
// market's, and a profit cap simulated over the market. Councils see a group's standing, never its
// figures; a provider sees only its own group. Nothing is stored.
import type { Deps } from './deps.js'
import { authorise } from './authorise.js'
import { findProvider } from '../db/queries/providers.js'
import { latestProfitReturns, periodProfitReturns } from '../db/queries/profit.js'
import { mayReadProvider } from '../domain/access.js'
import type { Actor } from '../domain/actor.js'
import { profitMetrics } from '../domain/profit.js'
import { profitability, simulateProfitCap, type CapScenario } from '../domain/profitability.js'
import { notFound } from '../problems.js'
import { profitabilityView, profitCapView } from '../views/profit.js'

/** A group's profit measures across its periods (the latest version of each), and where its latest stands in the market. */
export async function profitabilityOfProvider(deps: Deps, actor: Actor, providerId: string) {
  authorise(actor, 'readProfitability')
  if (!mayReadProvider(actor, providerId)) throw notFound('provider')
  const provider = await findProvider(deps.db, providerId)
  if (!provider) throw notFound('provider')
  const periods = await periodProfitReturns(deps.db, provider.id)
  // The market is read only when there is a latest period to rank.
  const market = periods.length ? await latestProfitReturns(deps.db) : []
  const marketLatest = market.map((m) => ({ providerId: m.providerId, metrics: profitMetrics(m.annualReturn) }))
  return profitabilityView(profitability(provider.id, periods, marketLatest))
}

/** The cap applied to every provider's latest return: who would be over it, and by how much. */
export async function simulateCap(deps: Deps, actor: Actor, scenario: CapScenario) {
  authorise(actor, 'simulateProfitCap')
  return profitCapView(simulateProfitCap(await latestProfitReturns(deps.db), scenario))
}
