import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { AssessmentList, AssessmentView, StabilityView, CouncilProviders } from '../../../schema/assessment.js'
import { ProviderParams } from '../../../schema/providers.js'
import { ReturnParams } from '../../../schema/returns.js'
import { CouncilParams } from '../../../schema/councils.js'
import { withProblems } from '../../../schema/problems.js'
import { assessmentsOfReturn, latestAssessmentOfReturn } from '../../db/queries/assessments.js'
import { storedAssessmentView as view } from '../../views/assessments.js'
import { findProvider } from '../../db/queries/providers.js'
import { findReturn } from '../../db/queries/returns.js'
import { providersOfCouncil, stabilityOf, stabilityOne } from '../../db/queries/stability.js'
import { assertProviderScope } from '../../plugins/auth.js'
import { forbidden, notFound } from '../../problems.js'

const assessments: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/providers/:id/assessment', {
    onRequest: app.allow('regulator', 'provider'),
    schema: {
      tags: ['assessment'], summary: 'The latest assessment of the group\'s latest return, with its current rating',
      params: ProviderParams, response: { 200: AssessmentView, ...withProblems(400, 404) },
    },
  }, async (req) => {
    assertProviderScope(req.actor, req.params.id)
    const provider = await findProvider(app.db, req.params.id)
    if (!provider) throw notFound('provider')
    if (!provider.latestReturnId) throw notFound('assessment: the group has not filed a return')
    const row = await latestAssessmentOfReturn(app.db, provider.latestReturnId)
    if (!row) throw notFound('assessment')
    return view(row, provider.rating)
  })

  const ownReturn = async (actor: Parameters<typeof assertProviderScope>[0], returnId: string) => {
    const r = await findReturn(app.db, returnId)
    if (!r || (actor.role === 'provider' && actor.providerId !== r.providerId)) throw notFound('return')
    return r
  }

  app.get('/returns/:returnId/assessment', {
    onRequest: app.allow('regulator', 'provider'),
    schema: { tags: ['assessment'], summary: 'That return version\'s latest assessment', params: ReturnParams, response: { 200: AssessmentView, ...withProblems(400, 404) } },
  }, async (req) => {
    await ownReturn(req.actor, req.params.returnId)
    const row = await latestAssessmentOfReturn(app.db, req.params.returnId)
    if (!row) throw notFound('assessment')
    return view(row)
  })

  app.get('/returns/:returnId/assessments', {
    onRequest: app.allow('regulator', 'provider'),
    schema: { tags: ['assessment'], summary: 'Every assessment of that return version, newest first (filing, reassessments)', params: ReturnParams, response: { 200: AssessmentList, ...withProblems(400, 404) } },
  }, async (req) => {
    await ownReturn(req.actor, req.params.returnId)
    return { items: (await assessmentsOfReturn(app.db, req.params.returnId)).map((r) => view(r)) }
  })

  app.get('/providers/:id/stability', {
    onRequest: app.allow('regulator', 'provider', 'council'),
    schema: {
      tags: ['assessment'], summary: 'Is this provider stable? The rating, designation, notice and open flag ids: never a figure',
      params: ProviderParams, response: { 200: StabilityView, ...withProblems(400, 404) },
    },
  }, async (req) => {
    assertProviderScope(req.actor, req.params.id)
    const v = await stabilityOne(app.db, req.params.id)
    if (!v) throw notFound('provider')
    return v
  })

  app.get('/councils/:laCode/providers', {
    onRequest: app.allow('regulator', 'council'),
    schema: {
      tags: ['assessment'], summary: 'The providers holding a council\'s children, with how many and their stability',
      params: CouncilParams, response: { 200: CouncilProviders, ...withProblems(400) },
    },
  }, async (req) => {
    if (req.actor.role === 'council' && req.actor.laCode !== req.params.laCode) throw forbidden('A council sees only its own children\'s providers')
    const holding = await providersOfCouncil(app.db, req.params.laCode)
    const views = await stabilityOf(app.db, holding.map((h) => h.providerId))
    const items = holding.map((h) => ({ children: h.children, ...views.get(h.providerId)! }))
      .sort((a, b) => b.children - a.children || a.name.localeCompare(b.name))
    return { laCode: req.params.laCode, items }
  })
}
export default assessments
