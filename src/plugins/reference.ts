// Reference data every database needs: the councils. Loaded once into an empty table.
import fp from 'fastify-plugin'
import { councils } from '../db/schema.js'
import { referenceCouncils } from '../reference/councils.js'

declare module 'fastify' {
  interface FastifyInstance { councilCodes: ReadonlySet<string> }
}

export default fp(async (app) => {
  const all = referenceCouncils()
  await app.db.insert(councils).values(all).onConflictDoNothing({ target: councils.laCode })
  app.decorate('councilCodes', new Set(all.map((c) => c.laCode)))
}, { name: 'reference', dependencies: ['db'] })
