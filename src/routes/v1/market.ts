import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { MarketStressResult, ReassessmentSummary, StressResult, StressScenario } from '../../../schema/assessment.js'
import { ProviderParams } from '../../../schema/providers.js'
import { withProblems } from '../../../schema/problems.js'
import { loadMarket, reassessMarket, stressMarket, stressOne } from '../../commands/reassess.js'
import { findProvider } from '../../db/queries/providers.js'
import { rulesetInForce } from '../../db/queries/rulesets.js'
import { notFound } from '../../problems.js'

const market: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/reassessments', {
    onRequest: app.allow('regulator'),
    schema: {
      tags: ['assessment'], summary: 'Reassess every provider\'s latest return under the ruleset in force (old assessments stay)',
      response: { 200: ReassessmentSummary, ...withProblems() },
    },
  }, async (req) => reassessMarket(app.db, req.actor, app.now(), app.assessorThreads))

  app.post('/providers/:id/stress-tests', {
    onRequest: app.allow('regulator'),
    schema: {
      tags: ['assessment'], summary: 'What the latest return would show under a scenario, beside today (nothing stored)',
      params: ProviderParams, body: StressScenario, response: { 200: StressResult, ...withProblems(400, 404, 415, 422) },
    },
  }, async (req) => {
    const provider = await findProvider(app.db, req.params.id)
    if (!provider) throw notFound('provider')
    const { market: [m], councils } = await loadMarket(app.db, [provider.id])
    if (!m) throw notFound('return: the group has not filed one')
    const { ruleset } = await rulesetInForce(app.db)
    const result = stressOne(m, councils, ruleset, req.body)
    return { providerId: provider.id, returnId: m.returnId, rulesetVersion: ruleset.version, scenario: req.body, ...result }
  })

  app.post('/stress-tests', {
    onRequest: app.allow('regulator'),
    schema: {
      tags: ['assessment'], summary: 'The whole market under a scenario: how many groups would turn red or amber, and which',
      body: StressScenario, response: { 200: MarketStressResult, ...withProblems(400, 415, 422) },
    },
  }, async (req) => stressMarket(app.db, req.body))
}
export default market
