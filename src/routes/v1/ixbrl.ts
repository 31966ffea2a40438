// Accounts straight from the iXBRL a group filed at Companies House: read, mapped, returned.
// Nothing is filed; the figures are remembered by the document's hash so a return can cite them.
import { createHash } from 'node:crypto'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { IxbrlReading } from '../../../schema/ixbrl.js'
import { ProviderParams } from '../../../schema/providers.js'
import { withProblems } from '../../../schema/problems.js'
import { MONEY_LIMIT } from '../../../schema/common.js'
import { findProvider } from '../../db/queries/providers.js'
import { rememberExtraction } from '../../db/queries/ixbrl.js'
import { appendAudit } from '../../db/queries/audit.js'
import { assertProviderScope } from '../../plugins/auth.js'
import { notFound, Problem } from '../../problems.js'
import { IxbrlError, mapAccounts, readIxbrlInTurns } from '../../domain/ixbrl/index.js'

export const IXBRL_BODY_LIMIT = 20 * 1024 * 1024

/** A large document is read a piece at a time, other requests answered between the pieces. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

const ixbrl: FastifyPluginAsyncTypebox = async (app) => {
  // This scope alone takes documents; the rest of the API takes JSON.
  for (const type of ['application/xhtml+xml', 'text/html']) {
    app.addContentTypeParser(type, { parseAs: 'string', bodyLimit: IXBRL_BODY_LIMIT }, (_req, body, done) => done(null, body))
  }

  app.post('/providers/:id/accounts/ixbrl', {
    onRequest: app.allow('provider'),
    bodyLimit: IXBRL_BODY_LIMIT,
    schema: {
      tags: ['returns'], summary: 'Read a return\'s accounts from the iXBRL filed at Companies House (application/xhtml+xml or text/html, up to 20 MB)',
      params: ProviderParams,
      consumes: ['application/xhtml+xml', 'text/html'],
      response: { 200: IxbrlReading, ...withProblems(400, 404, 413, 415, 422) },
    },
  }, async (req) => {
    assertProviderScope(req.actor, req.params.id)
    if (!await findProvider(app.db, req.params.id)) throw notFound('provider')
    // Only the document types: a JSON body (parsed by the API's default parser) is not a filing.
    if (typeof req.body !== 'string') throw new Problem('unsupported-media-type', 'Send the iXBRL document as application/xhtml+xml or text/html')
    const text = req.body
    let extraction
    try {
      extraction = mapAccounts(await readIxbrlInTurns(text, nextTurn))
    } catch (err) {
      if (err instanceof IxbrlError) {
        throw new Problem('validation-failed', `The document cannot be read as iXBRL accounts: ${err.message}`,
          { errors: err.problems.map((p) => ({ pointer: '', detail: p.pointer ? `${p.pointer}: ${p.detail}` : p.detail })), missing: err.missing })
      }
      throw err
    }
    // A figure no return could hold (a runaway scale or digit string) is the document's problem.
    const absurd = extraction.facts.filter((f) => !Number.isSafeInteger(f.value) || Math.abs(f.value) > MONEY_LIMIT)
    if (absurd.length) {
      throw new Problem('validation-failed', 'The document tags figures beyond ±£10,000,000,000,000',
        { errors: absurd.map((f) => ({ pointer: '', detail: `${f.field} (${f.concept ?? 'derived'}, context ${f.contextRef ?? '-'}) is out of range` })) })
    }
    const sha256 = createHash('sha256').update(text).digest('hex')
    const now = app.now()
    await app.db.transaction(async (tx) => {
      await rememberExtraction(tx, req.params.id, sha256, extraction, now)
      await appendAudit(tx, req.actor, { action: 'ixbrl.read', objectType: 'provider', objectId: req.params.id, summary: { sha256, companyNumber: extraction.companyNumber ?? null, missing: extraction.missing } }, now)
    })
    return {
      ixbrlSha256: sha256, scope: extraction.scope, accounts: extraction.accounts, facts: extraction.facts, missing: extraction.missing, missingReasons: extraction.missingReasons,
      periodStart: extraction.periodStart ?? null, periodEnd: extraction.periodEnd ?? null, companyNumber: extraction.companyNumber ?? null,
    }
  })
}
export default ixbrl
