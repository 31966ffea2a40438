import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { AuditPage, AuditQuery } from '../../../schema/audit.js'
import { withProblems } from '../../../schema/problems.js'
import { listAudit } from '../../commands/audit.js'

const audit: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/audit', {
    onRequest: app.allow('readAudit'),
    schema: {
      tags: ['audit'], summary: 'The hash-chained audit log, newest first',
      querystring: AuditQuery, response: { 200: AuditPage, ...withProblems(400) },
    },
  }, async (req) => listAudit(app.deps(), req.actor, req.query))
}
export default audit
