// Who owns a group and through where: resolved from its latest return, as BODS 0.4 statements,
// or for any ownership section sent (nothing stored).
import type { Deps } from './deps.js'
import { authorise } from './authorise.js'
import { findProvider } from '../db/queries/providers.js'
import { findReturn } from '../db/queries/returns.js'
import { mayReadProvider } from '../domain/access.js'
import type { Actor } from '../domain/actor.js'
import type { AnnualReturn, OwnershipSection } from '../domain/annual-return.js'
import { checkOwnership } from '../domain/ownership/check.js'
import { checkBods, graphToBods, resolveBods } from '../domain/ownership/bods.js'
import { resolveOwnership } from '../domain/ownership/resolve.js'
import { ownershipOf } from '../domain/return-ownership.js'
import { notFound, validationProblem } from '../problems.js'
import { ownershipView } from '../views/ownership.js'

/** The group's latest return, if the actor may see it. */
async function latestReturn(deps: Deps, actor: Actor, providerId: string) {
  authorise(actor, 'readOwnership')
  if (!mayReadProvider(actor, providerId)) throw notFound('provider')
  const provider = await findProvider(deps.db, providerId)
  if (!provider) throw notFound('provider')
  if (!provider.latestReturnId) throw notFound('ownership: the group has not filed a return')
  return (await findReturn(deps.db, provider.latestReturnId))!
}

export async function ownershipOfProvider(deps: Deps, actor: Actor, providerId: string) {
  const r = await latestReturn(deps, actor, providerId)
  const { graph, resolution } = ownershipOf(r.body as AnnualReturn)
  return { providerId: r.providerId, returnId: r.id, ...ownershipView(graph, resolution, r.periodEnd) }
}

/** The group's ownership as BODS 0.4 statements, with ids stable for the same filing. */
export async function bodsOfProvider(deps: Deps, actor: Actor, providerId: string) {
  const r = await latestReturn(deps, actor, providerId)
  const { graph } = ownershipOf(r.body as AnnualReturn)
  // Stable statement ids for the same filing: seeded by the return version's id.
  return graphToBods(graph, { publicationDate: r.submittedAt.toISOString().slice(0, 10), publisherName: 'provider-oversight', idSeed: r.id, statementDate: r.periodEnd }) as Record<string, unknown>[]
}

/** Resolves an ownership section (native, or BODS read as in force `asOf`, today by default). */
export async function resolveOwnershipSection(deps: Deps, actor: Actor, section: OwnershipSection, asOfGiven?: string) {
  authorise(actor, 'resolveOwnership')
  const asOf = asOfGiven ?? deps.now.toISOString().slice(0, 10)
  // The checks point into a return (`/ownership/...`); here the body is the section itself.
  const problems = ('bods' in section ? checkBods(section.bods, section.reportingEntity, asOf) : checkOwnership(section))
    .map((p) => ({ ...p, pointer: p.pointer.replace(/^\/ownership/, '') }))
  if (problems.length) throw validationProblem(problems)
  if ('bods' in section) {
    const { graph, resolution } = resolveBods(section.bods, section.reportingEntity, asOf)
    return ownershipView(graph, resolution, asOf)
  }
  return ownershipView(section, resolveOwnership(section), asOf)
}
