// The assessment that joins every filing's transaction.
import fp from 'fastify-plugin'
import type { Tx } from '../db/client.js'
import type { ReturnRow } from '../db/queries/returns.js'
import type { Actor } from '../domain/actor.js'
import type { AnnualReturn } from '../domain/annual-return.js'
import { assessReturn, assessmentView } from '../commands/assess-return.js'

declare module 'fastify' {
  interface FastifyInstance {
    assessFiling: (tx: Tx, row: ReturnRow, actor: Actor, now: Date) => Promise<Record<string, unknown> | null>
  }
}

export default fp(async (app) => {
  app.decorate('assessFiling', async (tx: Tx, row: ReturnRow, actor: Actor, now: Date) => {
    const done = await assessReturn(tx, actor, { ...row, body: row.body as AnnualReturn }, { reason: 'filing', now })
    return { ...assessmentView({ assessmentId: done.assessmentId, returnId: row.id, assessedAt: now, reason: 'filing', rating: done.rating }, done.assessment), register: done.register }
  })
}, { name: 'assessment', dependencies: ['db'] })
