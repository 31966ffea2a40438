import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { AuditPage, AuditQuery } from '../../../schema/audit.js'
import { withProblems } from '../../../schema/problems.js'
import { listAudit } from '../../db/queries/audit.js'
import { decodeCursor, paginate } from '../../db/cursor.js'

const audit: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/audit', {
    onRequest: app.allow('regulator'),
    schema: {
      tags: ['audit'], summary: 'The hash-chained audit log, newest first',
      querystring: AuditQuery, response: { 200: AuditPage, ...withProblems(400) },
    },
  }, async (req) => {
    const { limit = 50, cursor, objectType, objectId, actor } = req.query
    const before = decodeCursor(cursor, ['int'])?.[0] as number | undefined
    const rows = await listAudit(app.db, { before, limit, objectType, objectId, actorSub: actor })
    const page = paginate(rows, limit, (r) => [r.seq])
    return {
      items: page.items.map((r) => ({ ...r, at: r.at.toISOString(), summary: r.summary as Record<string, unknown> })),
      nextCursor: page.nextCursor,
    }
  })
}
export default audit
