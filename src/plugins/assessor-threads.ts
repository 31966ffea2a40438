import fp from 'fastify-plugin'
import { AssessorThreads } from '../commands/assessor-threads.js'

declare module 'fastify' {
  interface FastifyInstance {
    assessorThreads: AssessorThreads
  }
}

/** The worker threads reassessment assesses on; ASSESSOR_THREADS of them, 0 for none. */
export default fp<{ threads: number }>(async (app, opts) => {
  const threads = new AssessorThreads(opts.threads)
  app.decorate('assessorThreads', threads)
  app.addHook('onClose', async () => { await threads.close() })
}, { name: 'assessor-threads' })
