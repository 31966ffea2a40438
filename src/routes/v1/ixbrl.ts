// Accounts straight from the iXBRL a group filed at Companies House: read, mapped, returned.
// Nothing is filed; the figures are remembered by the document's hash so a return can cite them.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { IxbrlReading } from '../../../schema/ixbrl.js'
import { ProviderParams } from '../../../schema/providers.js'
import { withProblems } from '../../../schema/problems.js'
import { readIxbrlAccounts } from '../../commands/ixbrl.js'

export const IXBRL_BODY_LIMIT = 20 * 1024 * 1024

const ixbrl: FastifyPluginAsyncTypebox = async (app) => {
  // This scope alone takes documents; the rest of the API takes JSON.
  for (const type of ['application/xhtml+xml', 'text/html']) {
    app.addContentTypeParser(type, { parseAs: 'string', bodyLimit: IXBRL_BODY_LIMIT }, (_req, body, done) => done(null, body))
  }

  app.post('/providers/:id/accounts/ixbrl', {
    onRequest: app.allow('readIxbrl'),
    bodyLimit: IXBRL_BODY_LIMIT,
    schema: {
      tags: ['returns'], summary: 'Read a return\'s accounts from the iXBRL filed at Companies House (application/xhtml+xml or text/html, up to 20 MB)',
      params: ProviderParams,
      consumes: ['application/xhtml+xml', 'text/html'],
      response: { 200: IxbrlReading, ...withProblems(400, 404, 413, 415, 422) },
    },
  }, async (req) => readIxbrlAccounts(app.deps(), req.actor, req.params.id, req.body))
}
export default ixbrl
