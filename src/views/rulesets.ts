// How a published ruleset reads.
import type { Static } from 'typebox'
import type { PublishedRuleset as PublishedRulesetSchema } from '../../schema/assessment.js'
import type { PublishedRuleset } from '../db/queries/rulesets.js'

export const publishedRulesetView = (p: PublishedRuleset, inForce: boolean): Static<typeof PublishedRulesetSchema> => ({
  ...p.ruleset, rules: p.ruleset.rules as Record<string, never>, publishedAt: p.publishedAt.toISOString(), publishedBy: p.publishedBy, inForce,
})
