import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Profitability, ProfitCapScenario, ProfitCapSimulation } from '../../../schema/profit.js'
import { ProviderParams } from '../../../schema/providers.js'
import { withProblems } from '../../../schema/problems.js'
import { profitabilityOfProvider, simulateCap } from '../../commands/profitability.js'

const profit: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/providers/:id/profitability', {
    onRequest: app.allow('readProfitability'),
    schema: {
      tags: ['profit'], summary: 'The group\'s profit measured several ways and the value extracted, period by period, beside the market',
      params: ProviderParams, response: { 200: Profitability, ...withProblems(400, 404) },
    },
  }, async (req) => profitabilityOfProvider(app.deps(), req.actor, req.params.id))

  app.post('/profit-cap/simulations', {
    onRequest: app.allow('simulateProfitCap'),
    schema: {
      tags: ['profit'], summary: 'A profit cap applied to every provider\'s latest return: who would be over it, and by how much (nothing stored)',
      body: ProfitCapScenario, response: { 200: ProfitCapSimulation, ...withProblems(400, 415, 422) },
    },
  }, async (req) => simulateCap(app.deps(), req.actor, req.body))
}
export default profit
