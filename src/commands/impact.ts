// What a provider's failure would do to each council (regulators), and to one council (its own line).
import type { Deps } from './deps.js'
import { authorise } from './authorise.js'
import { findProvider } from '../db/queries/providers.js'
import { findReturn } from '../db/queries/returns.js'
import { listCouncils } from '../db/queries/councils.js'
import { mayActForCouncil } from '../domain/access.js'
import type { Actor } from '../domain/actor.js'
import type { AnnualReturn } from '../domain/annual-return.js'
import { failureImpact } from '../domain/impact.js'
import { forbidden, notFound } from '../problems.js'

async function impactOf(deps: Deps, providerId: string) {
  const provider = await findProvider(deps.db, providerId)
  if (!provider) throw notFound('provider')
  if (!provider.latestReturnId) throw notFound('return: the group has not filed one')
  const ret = (await findReturn(deps.db, provider.latestReturnId))!
  const councils = new Map((await listCouncils(deps.db)).map((c) => [c.laCode, c]))
  return { provider, ret, ...failureImpact(ret.body as AnnualReturn, councils) }
}

export async function providerImpact(deps: Deps, actor: Actor, providerId: string) {
  authorise(actor, 'readImpact')
  const i = await impactOf(deps, providerId)
  return { providerId: i.provider.id, name: i.provider.name, returnId: i.ret.id, periodEnd: i.ret.periodEnd, councils: i.councils, regions: i.regions, totals: i.totals }
}

export async function councilImpact(deps: Deps, actor: Actor, laCode: string, providerId: string) {
  authorise(actor, 'readCouncilImpact')
  if (!mayActForCouncil(actor, laCode)) throw forbidden('A council sees only its own line')
  const i = await impactOf(deps, providerId)
  const line = i.councils.find((l) => l.laCode === laCode)
  if (!line) throw notFound('impact: the provider holds none of this council\'s children')
  return { providerId: i.provider.id, name: i.provider.name, periodEnd: i.ret.periodEnd, line }
}
