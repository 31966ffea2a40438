// Reference data every database needs: the councils and the built-in rulesets, loaded once.
import fp from 'fastify-plugin'
import { ensureCouncils } from '../db/queries/councils.js'
import { referenceCouncils } from '../reference/councils.js'
import { ensureBuiltInRulesets } from '../db/queries/rulesets.js'

declare module 'fastify' {
  interface FastifyInstance { councilCodes: ReadonlySet<string> }
}

export default fp(async (app) => {
  const all = referenceCouncils()
  await ensureCouncils(app.db, all)
  await ensureBuiltInRulesets(app.db, new Date())
  app.decorate('councilCodes', new Set(all.map((c) => c.laCode)))
}, { name: 'reference', dependencies: ['db'] })
