import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { BodsPackage, OwnershipResolutionView, ResolveBody, ResolveQuery } from '../../../schema/ownership.js'
import { ProviderParams } from '../../../schema/providers.js'
import { withProblems } from '../../../schema/problems.js'
import { bodsOfProvider, ownershipOfProvider, resolveOwnershipSection } from '../../commands/ownership.js'
import type { OwnershipSection } from '../../domain/annual-return.js'

const ownership: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/providers/:id/ownership', {
    onRequest: app.allow('readOwnership'),
    schema: {
      tags: ['ownership'], summary: 'Who owns the group, and through where: resolved from its latest return',
      params: ProviderParams, response: { 200: OwnershipResolutionView, ...withProblems(400, 404) },
    },
  }, async (req) => ownershipOfProvider(app.deps(), req.actor, req.params.id))

  app.get('/providers/:id/ownership/bods', {
    onRequest: app.allow('readOwnership'),
    schema: {
      tags: ['ownership'], summary: 'The group\'s ownership as Beneficial Ownership Data Standard 0.4 statements',
      params: ProviderParams, response: { 200: BodsPackage, ...withProblems(400, 404) },
    },
  }, async (req) => bodsOfProvider(app.deps(), req.actor, req.params.id))

  app.post('/ownership/resolve', {
    onRequest: app.allow('resolveOwnership'),
    schema: {
      tags: ['ownership'], summary: 'Resolve an ownership section (native or BODS 0.4) without storing anything',
      querystring: ResolveQuery, body: ResolveBody, response: { 200: OwnershipResolutionView, ...withProblems(400, 413, 415, 422) },
    },
  }, async (req) => resolveOwnershipSection(app.deps(), req.actor, req.body as OwnershipSection, req.query.asOf))
}
export default ownership
