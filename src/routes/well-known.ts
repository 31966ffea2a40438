// Public keys that sign webhook deliveries (RFC 7517 JWK Set); no token needed to read them.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Jwks } from '../../schema/webhooks.js'
import { Problem as ProblemSchema } from '../../schema/common.js'
import { publishedKeys } from '../commands/signing-keys.js'

const wellKnown: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/.well-known/jwks.json', {
    schema: {
      tags: ['webhooks'], security: [],
      summary: 'The keys that sign webhook deliveries: the current one and any retired in the last 30 days',
      response: { 200: Jwks, 500: ProblemSchema, 503: ProblemSchema },
    },
  }, async (_req, reply) => {
    // Short enough that a receiver sees a rotated-in key soon; receivers refetch on an unknown kid.
    reply.header('cache-control', 'public, max-age=300')
    return publishedKeys(app.deps())
  })
}
export default wellKnown
