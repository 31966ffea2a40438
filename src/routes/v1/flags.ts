import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { stringify } from 'csv-stringify'
import { FlagDetail, FlagNote, FlagParams, FlagQuery, FlagTransition, IfMatchHeaders, RegisterPage } from '../../../schema/assessment.js'
import { withProblems } from '../../../schema/problems.js'
import { addFlagNote, findFlag, flagHistory, listFlags, transitionFlag, type FlagRow } from '../../db/queries/flags.js'
import { findProvider } from '../../db/queries/providers.js'
import { holdRegister, refreshStanding } from '../../db/queries/standing.js'
import { appendAudit } from '../../db/queries/audit.js'
import { decodeCursor, paginate } from '../../db/cursor.js'
import { checkTransition } from '../../domain/register.js'
import { conflict, notFound, Problem, validationProblem } from '../../problems.js'
import type { App } from '../../app.js'

export const entryView = (f: FlagRow, provider: { name: string; rating: string }) => ({
  id: f.id, providerId: f.providerId, providerName: provider.name, providerRating: provider.rating as 'red',
  periodEnd: f.periodEnd, returnId: f.returnId, assessmentId: f.assessmentId, ruleId: f.ruleId, severity: f.severity,
  status: f.status, explanation: f.explanation, raisedAt: f.raisedAt.toISOString(), updatedAt: f.updatedAt.toISOString(),
})

const etagOf = (f: FlagRow) => `"${f.id}.${f.revision}"`

async function detail(app: App, flag: FlagRow) {
  const provider = (await findProvider(app.db, flag.providerId))!
  const history = await flagHistory(app.db, flag.id)
  return {
    ...entryView(flag, provider), evidence: flag.evidence as Record<string, unknown>, revision: flag.revision,
    history: history.map((e) => ({ at: e.at.toISOString(), actorSub: e.actorSub, actorRole: e.actorRole, kind: e.kind, fromStatus: e.fromStatus, toStatus: e.toStatus, text: e.text })),
  }
}

const CSV_COLUMNS = ['id', 'providerId', 'providerName', 'providerRating', 'periodEnd', 'ruleId', 'severity', 'status', 'explanation', 'raisedAt', 'updatedAt', 'returnId', 'assessmentId']

const flags: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/flags', {
    onRequest: app.allow('regulator'),
    schema: {
      tags: ['register'], summary: 'The risk register: red before amber, oldest first (Accept: text/csv streams the same list as CSV)',
      querystring: FlagQuery,
      produces: ['application/json', 'text/csv'],
      response: { 200: RegisterPage, ...withProblems(400) },
    },
  }, async (req, reply) => {
    const { limit = 50, cursor, ...filters } = req.query
    if (req.headers.accept?.includes('text/csv')) {
      // The whole filtered register, page by page from the database, streamed as CSV.
      const csv = stringify({ header: true, columns: CSV_COLUMNS, escape_formulas: true }) // a cell starting = + - @ tab CR gets a ' (CSV injection)
      reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="register.csv"')
      void (async () => {
        try {
          let after: [number, string, string] | undefined
          for (;;) {
            const rows = await listFlags(app.db, { ...filters, after, limit: 500 })
            for (const r of rows.slice(0, 500)) {
              const v = entryView(r.flag, { name: r.providerName, rating: r.providerRating })
              if (!csv.write(v)) await new Promise((resolve) => csv.once('drain', resolve))
            }
            if (rows.length <= 500) break
            const last = rows[499].flag
            after = [last.severity === 'red' ? 0 : 1, last.raisedAt.toISOString(), last.id]
          }
          csv.end()
        } catch (err) {
          req.log.error({ err }, 'register CSV export failed')
          csv.destroy(err as Error)
        }
      })()
      return reply.send(csv as never) // a stream, not the JSON page the schema describes
    }
    const after = decodeCursor(cursor, ['int', 'timestamp', 'uuid']) as [number, string, string] | undefined
    const rows = await listFlags(app.db, { ...filters, after, limit })
    const page = paginate(rows, limit, (r) => [r.flag.severity === 'red' ? 0 : 1, r.flag.raisedAt.toISOString(), r.flag.id])
    return { items: page.items.map((r) => entryView(r.flag, { name: r.providerName, rating: r.providerRating })), nextCursor: page.nextCursor }
  })

  app.get('/flags/:id', {
    onRequest: app.allow('regulator'),
    schema: {
      tags: ['register'], summary: 'One register entry with its evidence, history and notes (ETag for transitions)',
      params: FlagParams, response: { 200: FlagDetail, ...withProblems(400, 404) },
    },
  }, async (req, reply) => {
    const flag = await findFlag(app.db, req.params.id)
    if (!flag) throw notFound('flag')
    reply.header('etag', etagOf(flag))
    return detail(app, flag)
  })

  app.post('/flags/:id/transitions', {
    onRequest: app.allow('regulator'),
    schema: {
      tags: ['register'], summary: 'Move an entry through review (If-Match required: 428 without, 412 when stale, 409 when not allowed)',
      params: FlagParams, headers: IfMatchHeaders, body: FlagTransition,
      response: { 200: FlagDetail, ...withProblems(400, 404, 409, 412, 415, 422, 428) },
    },
  }, async (req, reply) => {
    const ifMatch = req.headers['if-match']
    if (!ifMatch) throw new Problem('precondition-required', 'If-Match is required: send the ETag of GET /v1/flags/{id}')
    const flag = await findFlag(app.db, req.params.id)
    if (!flag) throw notFound('flag')
    if (ifMatch !== etagOf(flag) && ifMatch !== '*') throw new Problem('precondition-failed', 'The flag has changed since you read it: fetch it again')
    const check = checkTransition(flag.status, req.body.to, req.body.rationale)
    if (!check.ok && check.reason === 'rationale') throw validationProblem([{ pointer: '/rationale', detail: check.detail }])
    if (!check.ok) throw conflict(check.detail)
    const now = app.now()
    const updated = await app.db.transaction(async (tx) => {
      await holdRegister(tx)
      const row = await transitionFlag(tx, req.actor, flag, req.body.to, req.body.rationale, flag.revision, now)
      if (!row) return undefined
      await refreshStanding(tx, flag.providerId)
      await appendAudit(tx, req.actor, {
        action: 'flag.transition', objectType: 'flag', objectId: flag.id,
        summary: { providerId: flag.providerId, ruleId: flag.ruleId, from: flag.status, to: req.body.to, rationale: req.body.rationale ?? null },
      }, now)
      return row
    })
    if (!updated) throw new Problem('precondition-failed', 'The flag changed while this request was made: fetch it again')
    reply.header('etag', etagOf(updated))
    return detail(app, updated)
  })

  app.post('/flags/:id/notes', {
    onRequest: app.allow('regulator'),
    schema: {
      tags: ['register'], summary: 'Add a note to an entry (notes are append-only)',
      params: FlagParams, body: FlagNote, response: { 201: FlagDetail, ...withProblems(400, 404, 415, 422) },
    },
  }, async (req, reply) => {
    const flag = await findFlag(app.db, req.params.id)
    if (!flag) throw notFound('flag')
    const now = app.now()
    await app.db.transaction(async (tx) => {
      const noteId = await addFlagNote(tx, req.actor, flag.id, req.body.text, now)
      await appendAudit(tx, req.actor, { action: 'flag.note', objectType: 'flag', objectId: flag.id, summary: { noteId, text: req.body.text } }, now)
    })
    reply.code(201)
    return detail(app, flag)
  })
}
export default flags
