import fp from 'fastify-plugin'
import { Assessors } from '../commands/assessors.js'

declare module 'fastify' {
  interface FastifyInstance {
    assessors: Assessors
  }
}

/** The worker threads reassessment assesses on; ASSESSOR_THREADS of them, 0 for none. */
export default fp<{ threads: number }>(async (app, opts) => {
  const assessors = new Assessors(opts.threads)
  app.decorate('assessors', assessors)
  app.addHook('onClose', async () => { await assessors.close() })
}, { name: 'assessors' })
