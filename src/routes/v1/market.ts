import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { MarketStressResult, ReassessmentSummary, StressResult, StressScenario } from '../../../schema/assessment.js'
import { ProviderParams } from '../../../schema/providers.js'
import { withProblems } from '../../../schema/problems.js'
import { reassessMarket } from '../../commands/reassess.js'
import { stressMarket, stressProvider } from '../../commands/stress-tests.js'

const market: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/reassessments', {
    onRequest: app.allow('reassess'),
    schema: {
      tags: ['assessment'], summary: 'Reassess every provider\'s latest return under the ruleset in force (old assessments stay)',
      response: { 200: ReassessmentSummary, ...withProblems() },
    },
  }, async (req) => reassessMarket(app.deps(), req.actor))

  app.post('/providers/:id/stress-tests', {
    onRequest: app.allow('stressTest'),
    schema: {
      tags: ['assessment'], summary: 'What the latest return would show under a scenario, beside today (nothing stored)',
      params: ProviderParams, body: StressScenario, response: { 200: StressResult, ...withProblems(400, 404, 415, 422) },
    },
  }, async (req) => stressProvider(app.deps(), req.actor, req.params.id, req.body))

  app.post('/stress-tests', {
    onRequest: app.allow('stressTest'),
    schema: {
      tags: ['assessment'], summary: 'The whole market under a scenario: how many groups would turn red or amber, and which',
      body: StressScenario, response: { 200: MarketStressResult, ...withProblems(400, 415, 422) },
    },
  }, async (req) => stressMarket(app.deps(), req.actor, req.body))
}
export default market
