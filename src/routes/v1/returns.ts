import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { AnnualReturnBody } from '../../../schema/annual-return.js'
import { ReturnDetail, ReturnListQuery, ReturnPage, ReturnParams, ReturnReceipt } from '../../../schema/returns.js'
import { ProviderParams } from '../../../schema/providers.js'
import { withProblems } from '../../../schema/problems.js'
import { amendReturn, assertMayFile, fileReturn } from '../../commands/file-return.js'
import { getReturn, listReturns } from '../../commands/returns.js'
import type { AnnualReturn } from '../../domain/annual-return.js'

const returns: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/providers/:id/returns', {
    onRequest: app.allow('fileReturn'),
    bodyLimit: app.config.bodyLimit,
    schema: {
      tags: ['returns'], summary: 'File an annual return for your group (Idempotency-Key honoured)',
      params: ProviderParams, body: AnnualReturnBody,
      headers: { type: 'object', properties: { 'idempotency-key': { type: 'string', maxLength: 255, description: 'Retry-safe key: the same key and body replay the first response' } } },
      response: { 201: ReturnReceipt, ...withProblems(400, 404, 409, 413, 415, 422) },
    },
  }, async (req, reply) => {
    assertMayFile(req.actor, req.params.id) // before the key is claimed: another group's is not there to file for
    return app.idempotent(req, reply, async (recorder) => {
      const filed = await fileReturn(app.deps(), req.actor, req.params.id, req.body as AnnualReturn, recorder)
      app.metrics.returnsFiled.inc()
      return filed
    })
  })

  app.post('/returns/:returnId/amendments', {
    onRequest: app.allow('amendReturn'),
    bodyLimit: app.config.bodyLimit,
    schema: {
      tags: ['returns'], summary: 'Amend the latest version of a return: files version n+1 for the same period',
      params: ReturnParams, body: AnnualReturnBody,
      headers: { type: 'object', properties: { 'idempotency-key': { type: 'string', maxLength: 255 } } },
      response: { 201: ReturnReceipt, ...withProblems(400, 404, 409, 413, 415, 422) },
    },
  }, async (req, reply) => app.idempotent(req, reply, async (recorder) => {
    const amended = await amendReturn(app.deps(), req.actor, req.params.returnId, req.body as AnnualReturn, recorder)
    app.metrics.returnsFiled.inc()
    return amended
  }))

  app.get('/providers/:id/returns', {
    onRequest: app.allow('readReturns'),
    schema: {
      tags: ['returns'], summary: 'Every version of every return of a group, newest first',
      params: ProviderParams, querystring: ReturnListQuery, response: { 200: ReturnPage, ...withProblems(400, 404) },
    },
  }, async (req) => listReturns(app.deps(), req.actor, req.params.id, req.query))

  app.get('/returns/:returnId', {
    onRequest: app.allow('readReturns'),
    schema: {
      tags: ['returns'], summary: 'One version of a return, as filed, with what superseded it',
      params: ReturnParams, response: { 200: ReturnDetail, ...withProblems(400, 404) },
    },
  }, async (req) => getReturn(app.deps(), req.actor, req.params.returnId))
}
export default returns
