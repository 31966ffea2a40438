// The published rulesets: the one in force, every version, and publishing a new one.
import type { Deps } from './deps.js'
import { authorise } from './authorise.js'
import { findRuleset, insertRuleset, listRulesetVersions, rulesetInForce } from '../db/queries/rulesets.js'
import { appendAudit } from '../db/queries/audit.js'
import { isUniqueViolation } from '../db/errors.js'
import type { Actor } from '../domain/actor.js'
import { compareRulesetVersions, parseRuleset, RulesetError, validateRuleset } from '../domain/ruleset.js'
import { conflict, notFound, validationProblem } from '../problems.js'
import { publishedRulesetView } from '../views/rulesets.js'

export async function rulesInForce(deps: Deps, actor: Actor) {
  authorise(actor, 'readRules')
  return publishedRulesetView(await rulesetInForce(deps.db), true)
}

export async function listRulesets(deps: Deps, actor: Actor) {
  authorise(actor, 'readRules')
  const rows = await listRulesetVersions(deps.db)
  return { items: rows.map((r, i) => ({ version: r.version, publishedAt: r.publishedAt.toISOString(), publishedBy: r.publishedBy, inForce: i === 0 })) }
}

export async function getRuleset(deps: Deps, actor: Actor, version: string) {
  authorise(actor, 'readRules')
  const found = await findRuleset(deps.db, version)
  if (!found) throw notFound('ruleset')
  const current = await rulesetInForce(deps.db)
  return publishedRulesetView(found, current.ruleset.version === found.ruleset.version)
}

/** Publishes a new version: it comes into force for new assessments (a reassessment applies it to the market). */
export async function publishRuleset(deps: Deps, actor: Actor, definition: unknown) {
  authorise(actor, 'publishRuleset')
  const problems = validateRuleset(definition)
  if (problems.length) throw validationProblem(problems)
  let ruleset
  try { ruleset = parseRuleset(definition) } catch (err) {
    if (err instanceof RulesetError) throw validationProblem(err.problems)
    throw err
  }
  const { now } = deps
  try {
    await deps.db.transaction(async (tx) => {
      const current = await rulesetInForce(tx)
      if (compareRulesetVersions(ruleset.version, current.ruleset.version) <= 0) {
        throw conflict(`Version ${ruleset.version} is not after the version in force (${current.ruleset.version})`)
      }
      await insertRuleset(tx, ruleset, actor.sub, now)
      await appendAudit(tx, actor, { action: 'ruleset.publish', objectType: 'ruleset', objectId: ruleset.version, summary: { version: ruleset.version, previous: current.ruleset.version } }, now)
    })
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`Version ${ruleset.version} is already published`)
    throw err
  }
  return publishedRulesetView({ ruleset, publishedAt: now, publishedBy: actor.sub }, true)
}
