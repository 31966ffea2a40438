import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { FlagDetail, FlagParams, FlagQuery, RegisterPage } from '../../../schema/assessment.js'
import { withProblems } from '../../../schema/problems.js'
import { findFlag, flagHistory, listFlags, type FlagRow } from '../../db/queries/flags.js'
import { findProvider } from '../../db/queries/providers.js'
import { decodeCursor, paginate } from '../../db/cursor.js'
import { notFound } from '../../problems.js'

export const entryView = (f: FlagRow, provider: { name: string; rating: string }) => ({
  id: f.id, providerId: f.providerId, providerName: provider.name, providerRating: provider.rating as 'red',
  periodEnd: f.periodEnd, returnId: f.returnId, assessmentId: f.assessmentId, ruleId: f.ruleId, severity: f.severity,
  status: f.status, explanation: f.explanation, raisedAt: f.raisedAt.toISOString(), updatedAt: f.updatedAt.toISOString(),
})

const flags: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/flags', {
    onRequest: app.allow('regulator'),
    schema: {
      tags: ['register'], summary: 'The risk register: red before amber, oldest first',
      querystring: FlagQuery, response: { 200: RegisterPage, ...withProblems(400) },
    },
  }, async (req) => {
    const { limit = 50, cursor, ...filters } = req.query
    const after = decodeCursor(cursor, ['number', 'string', 'string']) as [number, string, string] | undefined
    const rows = await listFlags(app.db, { ...filters, after, limit })
    const page = paginate(rows, limit, (r) => [r.flag.severity === 'red' ? 0 : 1, r.flag.raisedAt.toISOString(), r.flag.id])
    return { items: page.items.map((r) => entryView(r.flag, { name: r.providerName, rating: r.providerRating })), nextCursor: page.nextCursor }
  })

  app.get('/flags/:id', {
    onRequest: app.allow('regulator'),
    schema: {
      tags: ['register'], summary: 'One register entry with its evidence and history (ETag for transitions)',
      params: FlagParams, response: { 200: FlagDetail, ...withProblems(400, 404) },
    },
  }, async (req, reply) => {
    const flag = await findFlag(app.db, req.params.id)
    if (!flag) throw notFound('flag')
    const provider = (await findProvider(app.db, flag.providerId))!
    const history = await flagHistory(app.db, flag.id)
    reply.header('etag', `"${flag.revision}"`)
    return {
      ...entryView(flag, provider), evidence: flag.evidence as Record<string, unknown>, revision: flag.revision,
      history: history.map((e) => ({ at: e.at.toISOString(), actorSub: e.actorSub, actorRole: e.actorRole, kind: e.kind, fromStatus: e.fromStatus, toStatus: e.toStatus, text: e.text })),
    }
  })
}
export default flags
