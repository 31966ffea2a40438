import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { stringify } from 'csv-stringify'
import { FlagDetail, FlagNote, FlagParams, FlagQuery, FlagTransition, IfMatchHeaders, RegisterPage } from '../../../schema/assessment.js'
import { withProblems } from '../../../schema/problems.js'
import { addFlagNote, exportFlags, getFlag, listFlags, transitionFlag } from '../../commands/flags.js'

const CSV_COLUMNS = ['id', 'providerId', 'providerName', 'providerRating', 'periodEnd', 'ruleId', 'severity', 'status', 'explanation', 'raisedAt', 'updatedAt', 'returnId', 'assessmentId']

const flags: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/flags', {
    onRequest: app.allow('readRegister'),
    schema: {
      tags: ['register'], summary: 'The risk register: red before amber, oldest first (Accept: text/csv streams the same list as CSV)',
      querystring: FlagQuery,
      produces: ['application/json', 'text/csv'],
      response: { 200: RegisterPage, ...withProblems(400) },
    },
  }, async (req, reply) => {
    if (req.headers.accept?.includes('text/csv')) {
      const { limit: _limit, cursor: _cursor, ...filters } = req.query
      // The whole filtered register, page by page from the database, streamed as CSV.
      const csv = stringify({ header: true, columns: CSV_COLUMNS, escape_formulas: true }) // a cell starting = + - @ tab CR gets a ' (CSV injection)
      reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="register.csv"')
      const flags = exportFlags(app.deps(), req.actor, filters)
      void (async () => {
        try {
          for await (const flag of flags) {
            if (!csv.write(flag)) await new Promise((resolve) => csv.once('drain', resolve))
          }
          csv.end()
        } catch (err) {
          req.log.error({ err }, 'register CSV export failed')
          csv.destroy(err as Error)
        }
      })()
      return reply.send(csv as never) // a stream, not the JSON page the schema describes
    }
    return listFlags(app.deps(), req.actor, req.query)
  })

  app.get('/flags/:id', {
    onRequest: app.allow('readRegister'),
    schema: {
      tags: ['register'], summary: 'One register entry with its evidence, history and notes (ETag for transitions)',
      params: FlagParams, response: { 200: FlagDetail, ...withProblems(400, 404) },
    },
  }, async (req, reply) => {
    const { etag, flag } = await getFlag(app.deps(), req.actor, req.params.id)
    reply.header('etag', etag)
    return flag
  })

  app.post('/flags/:id/transitions', {
    onRequest: app.allow('workFlags'),
    schema: {
      tags: ['register'], summary: 'Move an entry through review (If-Match required: 428 without, 412 when stale, 409 when not allowed)',
      params: FlagParams, headers: IfMatchHeaders, body: FlagTransition,
      response: { 200: FlagDetail, ...withProblems(400, 404, 409, 412, 415, 422, 428) },
    },
  }, async (req, reply) => {
    const { etag, flag } = await transitionFlag(app.deps(), req.actor, req.params.id, req.body, req.headers['if-match'])
    reply.header('etag', etag)
    return flag
  })

  app.post('/flags/:id/notes', {
    onRequest: app.allow('workFlags'),
    schema: {
      tags: ['register'], summary: 'Add a note to an entry (notes are append-only)',
      params: FlagParams, body: FlagNote, response: { 201: FlagDetail, ...withProblems(400, 404, 415, 422) },
    },
  }, async (req, reply) => {
    const flag = await addFlagNote(app.deps(), req.actor, req.params.id, req.body.text)
    reply.code(201)
    return flag
  })
}
export default flags
