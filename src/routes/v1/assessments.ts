import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { AssessmentList, AssessmentView, StabilityView, CouncilProviders } from '../../../schema/assessment.js'
import { ProviderParams } from '../../../schema/providers.js'
import { ReturnParams } from '../../../schema/returns.js'
import { CouncilParams } from '../../../schema/councils.js'
import { withProblems } from '../../../schema/problems.js'
import {
  assessmentOfReturn, assessmentsOfReturn, councilProviders, latestAssessmentOfProvider, stability,
} from '../../commands/assessments.js'

const assessments: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/providers/:id/assessment', {
    onRequest: app.allow('readAssessments'),
    schema: {
      tags: ['assessment'], summary: 'The latest assessment of the group\'s latest return, with its current rating',
      params: ProviderParams, response: { 200: AssessmentView, ...withProblems(400, 404) },
    },
  }, async (req) => latestAssessmentOfProvider(app.deps(), req.actor, req.params.id))

  app.get('/returns/:returnId/assessment', {
    onRequest: app.allow('readAssessments'),
    schema: { tags: ['assessment'], summary: 'That return version\'s latest assessment', params: ReturnParams, response: { 200: AssessmentView, ...withProblems(400, 404) } },
  }, async (req) => assessmentOfReturn(app.deps(), req.actor, req.params.returnId))

  app.get('/returns/:returnId/assessments', {
    onRequest: app.allow('readAssessments'),
    schema: { tags: ['assessment'], summary: 'Every assessment of that return version, newest first (filing, reassessments)', params: ReturnParams, response: { 200: AssessmentList, ...withProblems(400, 404) } },
  }, async (req) => assessmentsOfReturn(app.deps(), req.actor, req.params.returnId))

  app.get('/providers/:id/stability', {
    onRequest: app.allow('readStability'),
    schema: {
      tags: ['assessment'], summary: 'Is this provider stable? The rating, designation, notice and open flag ids: never a figure',
      params: ProviderParams, response: { 200: StabilityView, ...withProblems(400, 404) },
    },
  }, async (req) => stability(app.deps(), req.actor, req.params.id))

  app.get('/councils/:laCode/providers', {
    onRequest: app.allow('readCouncilProviders'),
    schema: {
      tags: ['assessment'], summary: 'The providers holding a council\'s children, with how many and their stability',
      params: CouncilParams, response: { 200: CouncilProviders, ...withProblems(400) },
    },
  }, async (req) => councilProviders(app.deps(), req.actor, req.params.laCode))
}
export default assessments
