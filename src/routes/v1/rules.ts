import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { PublishedRuleset, Ruleset, RulesetParams, RulesetVersions } from '../../../schema/assessment.js'
import { withProblems } from '../../../schema/problems.js'
import { getRuleset, listRulesets, publishRuleset, rulesInForce } from '../../commands/rulesets.js'

const rules: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/rules', {
    onRequest: app.allow('readRules'),
    schema: { tags: ['assessment'], summary: 'The ruleset in force: rule ids, severities, thresholds, descriptions', response: { 200: PublishedRuleset, ...withProblems() } },
  }, async (req) => rulesInForce(app.deps(), req.actor))

  app.get('/rulesets', {
    onRequest: app.allow('readRules'),
    schema: { tags: ['assessment'], summary: 'Every published ruleset version, newest first', response: { 200: RulesetVersions, ...withProblems() } },
  }, async (req) => listRulesets(app.deps(), req.actor))

  app.get('/rulesets/:version', {
    onRequest: app.allow('readRules'),
    schema: { tags: ['assessment'], summary: 'One ruleset version (old versions stay readable)', params: RulesetParams, response: { 200: PublishedRuleset, ...withProblems(400, 404) } },
  }, async (req) => getRuleset(app.deps(), req.actor, req.params.version))

  app.post('/rulesets', {
    onRequest: app.allow('publishRuleset'),
    schema: {
      tags: ['assessment'], summary: 'Publish a new ruleset version (it comes into force for new assessments; run a reassessment to apply it to the market)',
      body: Ruleset, response: { 201: PublishedRuleset, ...withProblems(400, 409, 415, 422) },
    },
  }, async (req, reply) => {
    const published = await publishRuleset(app.deps(), req.actor, req.body)
    reply.code(201).header('location', `/v1/rulesets/${published.version}`)
    return published
  })
}
export default rules
