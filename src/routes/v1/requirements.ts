import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Requirement, RequirementCreate, RequirementList, RequirementParams, RequirementResponseCreate } from '../../../schema/workflow.js'
import { ProviderParams } from '../../../schema/providers.js'
import { withProblems } from '../../../schema/problems.js'
import { answerRequirement, requirementsOfProvider, setRequirement } from '../../commands/requirements.js'

const requirements: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/providers/:id/requirements', {
    onRequest: app.allow('setRequirement'),
    schema: {
      tags: ['register'], summary: 'Require a risk mitigation plan, an independent business review, or information',
      params: ProviderParams, body: RequirementCreate, response: { 201: Requirement, ...withProblems(400, 404, 415, 422) },
    },
  }, async (req, reply) => {
    const requirement = await setRequirement(app.deps(), req.actor, req.params.id, req.body)
    reply.code(201)
    return requirement
  })

  app.get('/providers/:id/requirements', {
    onRequest: app.allow('readRequirements'),
    schema: {
      tags: ['register'], summary: 'A group\'s requirements and its responses (the regulator, or the group itself)',
      params: ProviderParams, response: { 200: RequirementList, ...withProblems(400, 404) },
    },
  }, async (req) => requirementsOfProvider(app.deps(), req.actor, req.params.id))

  app.post('/requirements/:id/responses', {
    onRequest: app.allow('answerRequirement'),
    schema: {
      tags: ['register'], summary: 'Answer a requirement of your group with a document reference and text',
      params: RequirementParams, body: RequirementResponseCreate, response: { 201: Requirement, ...withProblems(400, 404, 409, 415, 422) },
    },
  }, async (req, reply) => {
    const requirement = await answerRequirement(app.deps(), req.actor, req.params.id, req.body)
    reply.code(201)
    return requirement
  })
}
export default requirements
