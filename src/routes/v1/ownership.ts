import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { BodsPackage, OwnershipResolutionView, ResolveBody, ResolveQuery } from '../../../schema/ownership.js'
import { ProviderParams } from '../../../schema/providers.js'
import { withProblems } from '../../../schema/problems.js'
import { findProvider } from '../../db/queries/providers.js'
import { findReturn } from '../../db/queries/returns.js'
import { assertProviderScope } from '../../plugins/auth.js'
import { notFound, validationProblem } from '../../problems.js'
import { checkOwnership } from '../../domain/ownership/check.js'
import { checkBods, graphToBods, resolveBods } from '../../domain/ownership/bods.js'
import { resolveOwnership } from '../../domain/ownership/resolve.js'
import type { OwnershipGraph, OwnershipResolution } from '../../domain/ownership/types.js'
import type { AnnualReturn, OwnershipSection } from '../../domain/annual-return.js'
import { ownershipOf } from '../../domain/return-ownership.js'

export function ownershipView(graph: OwnershipGraph, r: OwnershipResolution, asOf: string) {
  return {
    asOf,
    reportingEntity: r.reportingEntity,
    entities: r.entities.map((e) => ({ ref: e.ref, name: e.name, kind: e.kind, jurisdiction: e.jurisdiction, effectivePct: e.effectivePctRounded, controls: e.controls, root: e.root })),
    interests: graph.interests,
    ultimateControllers: r.ultimateControllers.map((u) => ({ ref: u.ref, name: u.name, kind: u.kind, jurisdiction: u.jurisdiction, effectivePct: u.effectivePctRounded, controls: u.controls, path: u.path })),
    resolvedPct: r.resolvedPctRounded,
    peBacked: r.peBacked,
    offshore: r.offshore,
    depth: r.depth,
    cycles: r.cycles.map((c) => c.refs),
    opaqueCycles: r.cycles.filter((c) => !c.ownedByRoot).map((c) => c.refs),
    notes: r.notes,
  }
}

const ownership: FastifyPluginAsyncTypebox = async (app) => {
  /** The group's latest return, if the caller may see it. */
  const latestReturn = async (actor: Parameters<typeof assertProviderScope>[0], providerId: string) => {
    assertProviderScope(actor, providerId)
    const provider = await findProvider(app.db, providerId)
    if (!provider) throw notFound('provider')
    if (!provider.latestReturnId) throw notFound('ownership: the group has not filed a return')
    return (await findReturn(app.db, provider.latestReturnId))!
  }

  app.get('/providers/:id/ownership', {
    onRequest: app.allow('regulator', 'provider'),
    schema: {
      tags: ['ownership'], summary: 'Who owns the group, and through where: resolved from its latest return',
      params: ProviderParams, response: { 200: OwnershipResolutionView, ...withProblems(400, 404) },
    },
  }, async (req) => {
    const r = await latestReturn(req.actor, req.params.id)
    const { graph, resolution } = ownershipOf(r.body as AnnualReturn)
    return { providerId: r.providerId, returnId: r.id, ...ownershipView(graph, resolution, r.periodEnd) }
  })

  app.get('/providers/:id/ownership/bods', {
    onRequest: app.allow('regulator', 'provider'),
    schema: {
      tags: ['ownership'], summary: 'The group\'s ownership as Beneficial Ownership Data Standard 0.4 statements',
      params: ProviderParams, response: { 200: BodsPackage, ...withProblems(400, 404) },
    },
  }, async (req) => {
    const r = await latestReturn(req.actor, req.params.id)
    const { graph } = ownershipOf(r.body as AnnualReturn)
    // Stable statement ids for the same filing: seeded by the return version's id.
    return graphToBods(graph, { publicationDate: r.submittedAt.toISOString().slice(0, 10), publisherName: 'provider-oversight', idSeed: r.id, statementDate: r.periodEnd }) as Record<string, unknown>[]
  })

  app.post('/ownership/resolve', {
    onRequest: app.allow('regulator', 'provider', 'council'),
    schema: {
      tags: ['ownership'], summary: 'Resolve an ownership section (native or BODS 0.4) without storing anything',
      querystring: ResolveQuery, body: ResolveBody, response: { 200: OwnershipResolutionView, ...withProblems(400, 413, 415, 422) },
    },
  }, async (req) => {
    const section = req.body as OwnershipSection
    const asOf = req.query.asOf ?? app.now().toISOString().slice(0, 10)
    // The checks point into a return (`/ownership/...`); here the body is the section itself.
    const problems = ('bods' in section ? checkBods(section.bods, section.reportingEntity, asOf) : checkOwnership(section))
      .map((p) => ({ ...p, pointer: p.pointer.replace(/^\/ownership/, '') }))
    if (problems.length) throw validationProblem(problems)
    if ('bods' in section) {
      const { graph, resolution } = resolveBods(section.bods, section.reportingEntity, asOf)
      return ownershipView(graph, resolution, asOf)
    }
    return ownershipView(section, resolveOwnership(section), asOf)
  })
}
export default ownership
