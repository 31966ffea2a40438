import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { AnnualReturnBody } from '../../../schema/annual-return.js'
import { ReturnDetail, ReturnListQuery, ReturnPage, ReturnParams, ReturnReceipt, ReturnTemplateQuery } from '../../../schema/returns.js'
import { ProviderParams } from '../../../schema/providers.js'
import { withProblems } from '../../../schema/problems.js'
import { amendReturn, assertMayFile, fileReturn } from '../../commands/file-return.js'
import { getReturn, listReturns } from '../../commands/returns.js'
import { returnTemplateFile } from '../../commands/return-template.js'
import type { AnnualReturn } from '../../domain/annual-return.js'
import { acceptWorkbooks, XLSX_MEDIA_TYPE } from '../../plugins/workbook-body.js'

/**
 * A return as JSON or as the spreadsheet template filled in: the workbook is read into the same
 * body (plugins/workbook-body.ts), so both meet the same contract, command and receipt. (The
 * OpenAPI document shows the workbook as binary: swagger.ts.)
 */
const ReturnUpload = { content: { 'application/json': { schema: AnnualReturnBody }, [XLSX_MEDIA_TYPE]: { schema: AnnualReturnBody } } }

const returns: FastifyPluginAsyncTypebox = async (app) => {
  acceptWorkbooks(app, app.config.bodyLimit)

  app.get('/returns/template.xlsx', {
    onRequest: app.allow('readReturnTemplate'),
    schema: {
      tags: ['returns'], summary: 'The annual return as a spreadsheet template (.xlsx), empty or filled with a group\'s latest return',
      querystring: ReturnTemplateQuery,
      response: { 200: { description: 'The workbook', content: { [XLSX_MEDIA_TYPE]: { schema: { type: 'string', format: 'binary' } } } }, ...withProblems(400, 404, 409) },
    },
  }, async (req, reply) => {
    const file = await returnTemplateFile(app.deps(), req.actor, req.query.providerId)
    return reply.type(XLSX_MEDIA_TYPE).header('content-disposition', `attachment; filename="${file.filename}"`).send(file.bytes as never) // bytes, not the JSON the type provider expects
  })

  app.post('/providers/:id/returns', {
    onRequest: app.allow('fileReturn'),
    bodyLimit: app.config.bodyLimit,
    schema: {
      tags: ['returns'], summary: 'File an annual return for your group, as JSON or as the spreadsheet template (Idempotency-Key honoured)',
      params: ProviderParams, body: ReturnUpload,
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
      tags: ['returns'], summary: 'Amend the latest version of a return, as JSON or as the spreadsheet template: files version n+1 for the same period',
      params: ReturnParams, body: ReturnUpload,
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
