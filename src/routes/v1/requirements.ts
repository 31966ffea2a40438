import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Requirement, RequirementCreate, RequirementList, RequirementParams, RequirementResponseCreate } from '../../../schema/workflow.js'
import { ProviderParams } from '../../../schema/providers.js'
import { withProblems } from '../../../schema/problems.js'
import { createRequirement, findRequirement, requirementsOf, respond, type RequirementRow } from '../../db/queries/requirements.js'
import { findProvider } from '../../db/queries/providers.js'
import { appendAudit } from '../../db/queries/audit.js'
import { assertProviderScope } from '../../plugins/auth.js'
import { conflict, notFound } from '../../problems.js'

type Responses = Awaited<ReturnType<typeof requirementsOf>>[number]['responses']

export const requirementView = (r: RequirementRow, responses: Responses, today: string) => ({
  id: r.id, providerId: r.providerId, kind: r.kind, detail: r.detail, dueDate: r.dueDate, status: r.status,
  overdue: r.status === 'open' && r.dueDate < today, requiredBy: r.requiredBy, requiredAt: r.requiredAt.toISOString(),
  responses: responses.map((x) => ({ id: x.id, documentReference: x.documentReference, text: x.text, respondedBy: x.respondedBy, respondedAt: x.respondedAt.toISOString() })),
})

const requirements: FastifyPluginAsyncTypebox = async (app) => {
  const today = () => app.now().toISOString().slice(0, 10)

  app.post('/providers/:id/requirements', {
    onRequest: app.allow('regulator'),
    schema: {
      tags: ['register'], summary: 'Require a risk mitigation plan, an independent business review, or information',
      params: ProviderParams, body: RequirementCreate, response: { 201: Requirement, ...withProblems(400, 404, 415, 422) },
    },
  }, async (req, reply) => {
    if (!await findProvider(app.db, req.params.id)) throw notFound('provider')
    const now = app.now()
    const row = await app.db.transaction(async (tx) => {
      const r = await createRequirement(tx, req.actor, req.params.id, req.body, now)
      await appendAudit(tx, req.actor, { action: 'requirement.create', objectType: 'requirement', objectId: r.id, summary: { providerId: r.providerId, kind: r.kind, dueDate: r.dueDate } }, now)
      return r
    })
    reply.code(201)
    return requirementView(row, [], today())
  })

  app.get('/providers/:id/requirements', {
    onRequest: app.allow('regulator', 'provider'),
    schema: {
      tags: ['register'], summary: 'A group\'s requirements and its responses (the regulator, or the group itself)',
      params: ProviderParams, response: { 200: RequirementList, ...withProblems(400, 404) },
    },
  }, async (req) => {
    assertProviderScope(req.actor, req.params.id)
    if (!await findProvider(app.db, req.params.id)) throw notFound('provider')
    return { items: (await requirementsOf(app.db, req.params.id)).map((r) => requirementView(r.requirement, r.responses, today())) }
  })

  app.post('/requirements/:id/responses', {
    onRequest: app.allow('provider'),
    schema: {
      tags: ['register'], summary: 'Answer a requirement of your group with a document reference and text',
      params: RequirementParams, body: RequirementResponseCreate, response: { 201: Requirement, ...withProblems(400, 404, 409, 415, 422) },
    },
  }, async (req, reply) => {
    const r = await findRequirement(app.db, req.params.id)
    if (!r || (req.actor.role === 'provider' && req.actor.providerId !== r.providerId)) throw notFound('requirement')
    if (r.status !== 'open') throw conflict('This requirement has already been answered')
    const now = app.now()
    await app.db.transaction(async (tx) => {
      const response = await respond(tx, req.actor, r.id, req.body, now)
      await appendAudit(tx, req.actor, { action: 'requirement.respond', objectType: 'requirement', objectId: r.id, summary: { responseId: response.id, documentReference: req.body.documentReference } }, now)
    })
    const mine = (await requirementsOf(app.db, r.providerId)).find((x) => x.requirement.id === r.id)!
    reply.code(201)
    return requirementView(mine.requirement, mine.responses, today())
  })
}
export default requirements
