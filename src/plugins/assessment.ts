// The assessment that joins every filing's transaction.
import fp from 'fastify-plugin'
import type { Tx } from '../db/client.js'
import type { ReturnRow } from '../db/queries/returns.js'

declare module 'fastify' {
  interface FastifyInstance {
    assessFiling: (tx: Tx, row: ReturnRow) => Promise<Record<string, unknown> | null>
  }
}

export default fp(async (app) => {
  app.decorate('assessFiling', async () => null)
}, { name: 'assessment', dependencies: ['db'] })
