import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { CouncilImpact, Impact } from '../../../schema/workflow.js'
import { ProviderParams } from '../../../schema/providers.js'
import { LaCode, Uuid } from '../../../schema/common.js'
import { withProblems } from '../../../schema/problems.js'
import { findProvider } from '../../db/queries/providers.js'
import { findReturn } from '../../db/queries/returns.js'
import { listCouncils } from '../../db/queries/councils.js'
import { failureImpact } from '../../domain/impact.js'
import type { AnnualReturn } from '../../domain/annual-return.js'
import { forbidden, notFound } from '../../problems.js'

const CouncilProviderParams = Type.Object({ laCode: LaCode, providerId: Uuid }, { additionalProperties: false })

const impact: FastifyPluginAsyncTypebox = async (app) => {
  const impactOf = async (providerId: string) => {
    const provider = await findProvider(app.db, providerId)
    if (!provider) throw notFound('provider')
    if (!provider.latestReturnId) throw notFound('return: the group has not filed one')
    const ret = (await findReturn(app.db, provider.latestReturnId))!
    const councils = new Map((await listCouncils(app.db)).map((c) => [c.laCode, c]))
    return { provider, ret, ...failureImpact(ret.body as AnnualReturn, councils) }
  }

  app.get('/providers/:id/impact', {
    onRequest: app.allow('regulator'),
    schema: {
      tags: ['notices'], summary: 'If this provider failed: per council the children placed, their share of its children looked after, settings and places',
      params: ProviderParams, response: { 200: Impact, ...withProblems(400, 404) },
    },
  }, async (req) => {
    const i = await impactOf(req.params.id)
    return { providerId: i.provider.id, name: i.provider.name, returnId: i.ret.id, periodEnd: i.ret.periodEnd, councils: i.councils, regions: i.regions, totals: i.totals }
  })

  app.get('/councils/:laCode/impact/:providerId', {
    onRequest: app.allow('regulator', 'council'),
    schema: {
      tags: ['notices'], summary: 'A council\'s own line of a provider\'s failure impact',
      params: CouncilProviderParams, response: { 200: CouncilImpact, ...withProblems(400, 404) },
    },
  }, async (req) => {
    if (req.actor.role === 'council' && req.actor.laCode !== req.params.laCode) throw forbidden('A council sees only its own line')
    const i = await impactOf(req.params.providerId)
    const line = i.councils.find((l) => l.laCode === req.params.laCode)
    if (!line) throw notFound('impact: the provider holds none of this council\'s children')
    return { providerId: i.provider.id, name: i.provider.name, periodEnd: i.ret.periodEnd, line }
  })
}
export default impact
