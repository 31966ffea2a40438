import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { PublishedRuleset, Ruleset, RulesetParams, RulesetVersions } from '../../../schema/assessment.js'
import { withProblems } from '../../../schema/problems.js'
import { findRuleset, insertRuleset, listRulesetVersions, rulesetInForce } from '../../db/queries/rulesets.js'
import { appendAudit } from '../../db/queries/audit.js'
import { compareRulesetVersions, parseRuleset, RulesetError, validateRuleset } from '../../domain/ruleset.js'
import { conflict, notFound, validationProblem } from '../../problems.js'
import { isUniqueViolation } from '../../db/errors.js'

const view = (p: Awaited<ReturnType<typeof rulesetInForce>>, inForce: boolean) => ({
  ...p.ruleset, rules: p.ruleset.rules as Record<string, never>, publishedAt: p.publishedAt.toISOString(), publishedBy: p.publishedBy, inForce,
})

const rules: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/rules', {
    onRequest: app.allow('regulator', 'provider', 'council'),
    schema: { tags: ['assessment'], summary: 'The ruleset in force: rule ids, severities, thresholds, descriptions', response: { 200: PublishedRuleset, ...withProblems() } },
  }, async () => view(await rulesetInForce(app.db), true))

  app.get('/rulesets', {
    onRequest: app.allow('regulator', 'provider', 'council'),
    schema: { tags: ['assessment'], summary: 'Every published ruleset version, newest first', response: { 200: RulesetVersions, ...withProblems() } },
  }, async () => {
    const rows = await listRulesetVersions(app.db)
    return { items: rows.map((r, i) => ({ version: r.version, publishedAt: r.publishedAt.toISOString(), publishedBy: r.publishedBy, inForce: i === 0 })) }
  })

  app.get('/rulesets/:version', {
    onRequest: app.allow('regulator', 'provider', 'council'),
    schema: { tags: ['assessment'], summary: 'One ruleset version (old versions stay readable)', params: RulesetParams, response: { 200: PublishedRuleset, ...withProblems(400, 404) } },
  }, async (req) => {
    const found = await findRuleset(app.db, req.params.version)
    if (!found) throw notFound('ruleset')
    const current = await rulesetInForce(app.db)
    return view(found, current.ruleset.version === found.ruleset.version)
  })

  app.post('/rulesets', {
    onRequest: app.allow('regulator'),
    schema: {
      tags: ['assessment'], summary: 'Publish a new ruleset version (it comes into force for new assessments; run a reassessment to apply it to the market)',
      body: Ruleset, response: { 201: PublishedRuleset, ...withProblems(400, 409, 415, 422) },
    },
  }, async (req, reply) => {
    const problems = validateRuleset(req.body)
    if (problems.length) throw validationProblem(problems)
    let ruleset
    try { ruleset = parseRuleset(req.body) } catch (err) {
      if (err instanceof RulesetError) throw validationProblem(err.problems)
      throw err
    }
    const now = app.now()
    try {
      await app.db.transaction(async (tx) => {
        const current = await rulesetInForce(tx)
        if (compareRulesetVersions(ruleset.version, current.ruleset.version) <= 0) {
          throw conflict(`Version ${ruleset.version} is not after the version in force (${current.ruleset.version})`)
        }
        await insertRuleset(tx, ruleset, req.actor.sub, now)
        await appendAudit(tx, req.actor, { action: 'ruleset.publish', objectType: 'ruleset', objectId: ruleset.version, summary: { version: ruleset.version, previous: current.ruleset.version } }, now)
      })
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(`Version ${ruleset.version} is already published`)
      throw err
    }
    reply.code(201).header('location', `/v1/rulesets/${ruleset.version}`)
    return view({ ruleset, publishedAt: now, publishedBy: req.actor.sub }, true)
  })
}
export default rules
