// How a published ruleset reads.
import type { PublishedRuleset } from '../db/queries/rulesets.js'

export const publishedRulesetView = (p: PublishedRuleset, inForce: boolean) => ({
  ...p.ruleset, rules: p.ruleset.rules as Record<string, never>, publishedAt: p.publishedAt.toISOString(), publishedBy: p.publishedBy, inForce,
})
