import { desc, eq, sql } from 'drizzle-orm'
import { rulesets } from '../schema.js'
import type { Queryable } from '../client.js'
import { parseRuleset, RULESETS, compareRulesetVersions, type Ruleset } from '../../domain/ruleset.js'

const BUILT_IN_PUBLISHER = 'system'

/**
 * Puts the built-in rulesets in the table, oldest first: all of them in an empty database. In one
 * already in use, a built-in version it lacks is published after the newest (and so comes into
 * force) only while that newest is itself built in and older: a version the regulator published
 * stays in force until the regulator publishes the next, and a built-in version never goes in
 * behind a newer one.
 */
export async function ensureBuiltInRulesets(db: Queryable, now: Date) {
  for (const version of Object.keys(RULESETS).sort(compareRulesetVersions)) {
    const [newest] = await db.select({ version: rulesets.version, seq: rulesets.seq, publishedBy: rulesets.publishedBy })
      .from(rulesets).orderBy(desc(rulesets.seq)).limit(1)
    if (newest && (newest.publishedBy !== BUILT_IN_PUBLISHER || compareRulesetVersions(version, newest.version) <= 0)) continue
    // two instances starting together both try the same version: the second does nothing
    await db.insert(rulesets).values({ version, seq: (newest?.seq ?? 0) + 1, definition: RULESETS[version], publishedAt: now, publishedBy: BUILT_IN_PUBLISHER })
      .onConflictDoNothing({ target: rulesets.version })
  }
}

export interface PublishedRuleset { ruleset: Ruleset; publishedAt: Date; publishedBy: string }

const toPublished = (row: typeof rulesets.$inferSelect): PublishedRuleset =>
  ({ ruleset: parseRuleset(row.definition), publishedAt: row.publishedAt, publishedBy: row.publishedBy })

/** The ruleset in force: the latest published. */
export async function rulesetInForce(db: Queryable): Promise<PublishedRuleset> {
  const [row] = await db.select().from(rulesets).orderBy(desc(rulesets.seq)).limit(1)
  return toPublished(row)
}

const parsedInForce = new WeakMap<object, { seq: number; ruleset: Ruleset }>()

/**
 * The ruleset published as `seq`, parsed once per database (`owner`) and version: filings name the
 * seq in force as they read their context, so a newly published ruleset is picked up at once.
 */
export async function rulesetOfSeq(db: Queryable, owner: object, seq: number): Promise<Ruleset> {
  const hit = parsedInForce.get(owner)
  if (hit?.seq === seq) return hit.ruleset
  const [row] = await db.select({ definition: rulesets.definition }).from(rulesets).where(eq(rulesets.seq, seq)).limit(1)
  const ruleset = parseRuleset(row.definition)
  parsedInForce.set(owner, { seq, ruleset })
  return ruleset
}

export async function findRuleset(db: Queryable, version: string): Promise<PublishedRuleset | undefined> {
  const [row] = await db.select().from(rulesets).where(eq(rulesets.version, version)).limit(1)
  return row ? toPublished(row) : undefined
}

export async function listRulesetVersions(db: Queryable) {
  return db.select({ version: rulesets.version, publishedAt: rulesets.publishedAt, publishedBy: rulesets.publishedBy })
    .from(rulesets).orderBy(desc(rulesets.seq))
}

/** Publishes a ruleset as the next in sequence (a version published already is a unique violation). */
export async function insertRuleset(db: Queryable, ruleset: Ruleset, by: string, now: Date) {
  await db.insert(rulesets).values({
    version: ruleset.version, seq: sql`(select coalesce(max(${rulesets.seq}), 0) + 1 from ${rulesets})`, definition: ruleset, publishedAt: now, publishedBy: by,
  })
}
