import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { CouncilImpact, Impact } from '../../../schema/workflow.js'
import { ProviderParams } from '../../../schema/providers.js'
import { LaCode, Uuid } from '../../../schema/common.js'
import { withProblems } from '../../../schema/problems.js'
import { councilImpact, providerImpact } from '../../commands/impact.js'

const CouncilProviderParams = Type.Object({ laCode: LaCode, providerId: Uuid }, { additionalProperties: false })

const impact: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/providers/:id/impact', {
    onRequest: app.allow('readImpact'),
    schema: {
      tags: ['notices'], summary: 'If this provider failed: per council the children placed, their share of its children looked after, settings and places',
      params: ProviderParams, response: { 200: Impact, ...withProblems(400, 404) },
    },
  }, async (req) => providerImpact(app.deps(), req.actor, req.params.id))

  app.get('/councils/:laCode/impact/:providerId', {
    onRequest: app.allow('readCouncilImpact'),
    schema: {
      tags: ['notices'], summary: 'A council\'s own line of a provider\'s failure impact',
      params: CouncilProviderParams, response: { 200: CouncilImpact, ...withProblems(400, 404) },
    },
  }, async (req) => councilImpact(app.deps(), req.actor, req.params.laCode, req.params.providerId))
}
export default impact
