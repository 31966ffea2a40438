import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { Problem as ProblemSchema } from '../../schema/common.js'
import { Problem } from '../problems.js'

const Status = Type.Object({ status: Type.String() })

const health: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/health/live', {
    schema: { tags: ['health'], summary: 'The process is alive', security: [], response: { 200: Status } },
  }, async () => ({ status: 'ok' }))

  app.get('/health/ready', {
    schema: { tags: ['health'], summary: 'Ready to serve: the database answers (503 when it does not)', security: [], response: { 200: Status, 503: ProblemSchema } },
  }, async (req, reply) => {
    try {
      await Promise.race([
        app.dbPing(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('ping timed out')), 2000).unref()),
      ])
    } catch (err) {
      req.log.warn({ err }, 'readiness: database unavailable')
      reply.header('retry-after', '5')
      throw new Problem('service-unavailable', 'The database is unavailable')
    }
    return { status: 'ready' }
  })
}
export default health
