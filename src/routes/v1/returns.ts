import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { AnnualReturnBody } from '../../../schema/annual-return.js'
import type { AnnualReturnBody as FiledReturn } from '../../../schema/annual-return.js'
import { ReturnDetail, ReturnListQuery, ReturnPage, ReturnParams, ReturnReceipt } from '../../../schema/returns.js'
import { ProviderParams } from '../../../schema/providers.js'
import { withProblems } from '../../../schema/problems.js'
import { amendReturn, fileReturn, type FilingDeps } from '../../commands/file-return.js'
import { findReturn, listReturns, type ReturnRow } from '../../db/queries/returns.js'
import { findProvider } from '../../db/queries/providers.js'
import { findExtraction } from '../../db/queries/ixbrl.js'
import { decodeCursor, paginate } from '../../db/cursor.js'
import { assertProviderScope } from '../../plugins/auth.js'
import { notFound } from '../../problems.js'
import type { AnnualReturn } from '../../domain/annual-return.js'

const summary = (r: Omit<ReturnRow, 'body'>) => ({
  id: r.id, providerId: r.providerId, periodStart: r.periodStart, periodEnd: r.periodEnd, version: r.version,
  supersedes: r.supersedes, supersededBy: r.supersededBy, submittedAt: r.submittedAt.toISOString(),
  submittedBy: r.submittedBy, bodySha256: r.bodySha256,
})

const returns: FastifyPluginAsyncTypebox = async (app) => {
  const deps = (): FilingDeps => ({ db: app.db, councils: app.councilCodes, now: app.now() })

  app.post('/providers/:id/returns', {
    onRequest: app.allow('provider'),
    bodyLimit: app.config.bodyLimit,
    schema: {
      tags: ['returns'], summary: 'File an annual return for your group (Idempotency-Key honoured)',
      params: ProviderParams, body: AnnualReturnBody,
      headers: { type: 'object', properties: { 'idempotency-key': { type: 'string', maxLength: 255, description: 'Retry-safe key: the same key and body replay the first response' } } },
      response: { 201: ReturnReceipt, ...withProblems(400, 404, 409, 413, 415, 422) },
    },
  }, async (req, reply) => {
    assertProviderScope(req.actor, req.params.id)
    return app.idempotent(req, reply, async (recorder) => {
      const filed = await fileReturn(deps(), req.actor, req.params.id, req.body as AnnualReturn, recorder)
      app.metrics.returnsFiled.inc()
      return filed
    })
  })

  app.post('/returns/:returnId/amendments', {
    onRequest: app.allow('provider'),
    bodyLimit: app.config.bodyLimit,
    schema: {
      tags: ['returns'], summary: 'Amend the latest version of a return: files version n+1 for the same period',
      params: ReturnParams, body: AnnualReturnBody,
      headers: { type: 'object', properties: { 'idempotency-key': { type: 'string', maxLength: 255 } } },
      response: { 201: ReturnReceipt, ...withProblems(400, 404, 409, 413, 415, 422) },
    },
  }, async (req, reply) => app.idempotent(req, reply, async (recorder) => {
    const amended = await amendReturn(deps(), req.actor, req.params.returnId, req.body as AnnualReturn, recorder)
    app.metrics.returnsFiled.inc()
    return amended
  }))

  app.get('/providers/:id/returns', {
    onRequest: app.allow('provider', 'regulator'),
    schema: {
      tags: ['returns'], summary: 'Every version of every return of a group, newest first',
      params: ProviderParams, querystring: ReturnListQuery, response: { 200: ReturnPage, ...withProblems(400, 404) },
    },
  }, async (req) => {
    assertProviderScope(req.actor, req.params.id)
    if (!await findProvider(app.db, req.params.id)) throw notFound('provider')
    const { limit = 50, cursor } = req.query
    const after = decodeCursor(cursor, ['timestamp', 'int', 'uuid']) as [string, number, string] | undefined
    const rows = await listReturns(app.db, req.params.id, { after, limit })
    const page = paginate(rows, limit, (r) => [r.submittedAt.toISOString(), r.version, r.id])
    return { items: page.items.map(summary), nextCursor: page.nextCursor }
  })

  app.get('/returns/:returnId', {
    onRequest: app.allow('provider', 'regulator'),
    schema: {
      tags: ['returns'], summary: 'One version of a return, as filed, with what superseded it',
      params: ReturnParams, response: { 200: ReturnDetail, ...withProblems(400, 404) },
    },
  }, async (req) => {
    const row = await findReturn(app.db, req.params.returnId)
    if (!row || (req.actor.role === 'provider' && req.actor.providerId !== row.providerId)) throw notFound('return')
    const body = row.body as FiledReturn
    const source = body.accountsSource && await findExtraction(app.db, row.providerId, body.accountsSource.ixbrlSha256)
    return {
      ...summary(row), body,
      ...(source ? { accountsProvenance: { ixbrlSha256: source.sha256, companyNumber: source.companyNumber, facts: source.facts as never[] } } : {}),
    }
  })
}
export default returns
