import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Notice, NoticeCreate, NoticeList, NoticeParams, NoticeWithdrawal } from '../../../schema/workflow.js'
import { ProviderParams } from '../../../schema/providers.js'
import { CouncilParams } from '../../../schema/councils.js'
import { withProblems } from '../../../schema/problems.js'
import { acknowledgeNotice, getNotice, issueNotice, noticesForCouncil, noticesOfProvider, withdrawNotice } from '../../commands/notices.js'

const notices: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/providers/:id/notices', {
    onRequest: app.allow('issueNotice'),
    schema: {
      tags: ['notices'], summary: 'Warn every council in the provider\'s latest placements that its failure is likely',
      params: ProviderParams, body: NoticeCreate, response: { 201: Notice, ...withProblems(400, 404, 415, 422) },
    },
  }, async (req, reply) => {
    const notice = await issueNotice(app.deps(), req.actor, req.params.id, req.body)
    reply.code(201).header('location', `/v1/notices/${notice.id}`)
    return notice
  })

  app.get('/providers/:id/notices', {
    onRequest: app.allow('readProviderNotices'),
    schema: { tags: ['notices'], summary: 'Every notice about a provider, newest first', params: ProviderParams, response: { 200: NoticeList, ...withProblems(400, 404) } },
  }, async (req) => noticesOfProvider(app.deps(), req.actor, req.params.id))

  app.get('/councils/:laCode/notices', {
    onRequest: app.allow('readCouncilNotices'),
    schema: { tags: ['notices'], summary: 'The notices addressed to a council, newest first', params: CouncilParams, response: { 200: NoticeList, ...withProblems(400) } },
  }, async (req) => noticesForCouncil(app.deps(), req.actor, req.params.laCode))

  app.get('/notices/:id', {
    onRequest: app.allow('readNotice'),
    schema: { tags: ['notices'], summary: 'One notice (a council must be addressed by it)', params: NoticeParams, response: { 200: Notice, ...withProblems(400, 404) } },
  }, async (req) => getNotice(app.deps(), req.actor, req.params.id))

  app.post('/notices/:id/acknowledgements', {
    onRequest: app.allow('acknowledgeNotice'),
    schema: { tags: ['notices'], summary: 'Acknowledge a notice addressed to your council (once)', params: NoticeParams, response: { 201: Notice, ...withProblems(400, 404, 409) } },
  }, async (req, reply) => {
    const notice = await acknowledgeNotice(app.deps(), req.actor, req.params.id)
    reply.code(201)
    return notice
  })

  app.post('/notices/:id/withdrawal', {
    onRequest: app.allow('withdrawNotice'),
    schema: { tags: ['notices'], summary: 'Withdraw a notice, with the reason; councils are told', params: NoticeParams, body: NoticeWithdrawal, response: { 200: Notice, ...withProblems(400, 404, 409, 415, 422) } },
  }, async (req) => withdrawNotice(app.deps(), req.actor, req.params.id, req.body.reason))
}
export default notices
