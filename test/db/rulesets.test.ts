// The built-in rulesets in a new database, and in one already in use when a newer one is built in.
import t from 'tap'
import { asc, eq } from 'drizzle-orm'
import { build, bearer } from '../helper.js'
import { ensureBuiltInRulesets, rulesetInForce } from '../../src/db/queries/rulesets.js'
import { rulesets } from '../../src/db/schema.js'
import { RULESETS } from '../../src/domain/ruleset.js'
import type { Database } from '../../src/db/client.js'

const published = async (db: Database) =>
  (await db.select({ version: rulesets.version, seq: rulesets.seq, by: rulesets.publishedBy }).from(rulesets).orderBy(asc(rulesets.seq)))
    .map(r => `${r.seq} ${r.version} ${r.by}`)

/** A database in use before 2027.1 was built in: 2027.1 is taken out again. */
const before2027 = async (db: Database) => { await db.delete(rulesets).where(eq(rulesets.version, '2027.1')) }

t.test('a new database: every built-in version, 2027.1 in force after 2026.2', async t => {
  const app = await build(t)
  t.same(await published(app.db), ['1 2026.1 system', '2 2026.2 system', '3 2027.1 system'])
  t.equal((await rulesetInForce(app.db)).ruleset.version, '2027.1')
  await ensureBuiltInRulesets(app.db, new Date())
  t.same(await published(app.db), ['1 2026.1 system', '2 2026.2 system', '3 2027.1 system'], 'again: nothing more')
})

t.test('a database in use under 2026.2 takes 2027.1 at its next start', async t => {
  const app = await build(t)
  await before2027(app.db)
  await ensureBuiltInRulesets(app.db, new Date('2027-01-04T08:00:00Z'))
  t.same(await published(app.db), ['1 2026.1 system', '2 2026.2 system', '3 2027.1 system'])
  t.strictSame((await rulesetInForce(app.db)).ruleset, RULESETS['2027.1'])
})

t.test("a database whose regulator published a version keeps it in force; a built-in version never goes in behind a newer one", async t => {
  const app = await build(t)
  await before2027(app.db)
  const ours = structuredClone(RULESETS['2026.2']) as { version: string; rules: Record<string, { thresholds: Record<string, number> }> }
  ours.version = '2026.3'
  ours.rules['FIN-LEVERAGE'].thresholds = { red: 7, amber: 5 }
  const res = await app.inject({ method: 'POST', url: '/v1/rulesets', headers: await bearer({ role: 'regulator', sub: 'chief-analyst' }), payload: ours })
  t.equal(res.statusCode, 201)
  // before, the next start tried 2027.1 at seq 3, which 2026.3 holds, and the service did not start
  await ensureBuiltInRulesets(app.db, new Date())
  t.same(await published(app.db), ['1 2026.1 system', '2 2026.2 system', '3 2026.3 chief-analyst'])
  t.equal((await rulesetInForce(app.db)).ruleset.version, '2026.3', "the regulator's thresholds stay in force")

  const later = await build(t)
  await later.db.delete(rulesets)
  await later.db.insert(rulesets).values({ version: '2028.1', seq: 1, definition: { ...RULESETS['2026.1'], version: '2028.1' }, publishedAt: new Date(), publishedBy: 'system' })
  await ensureBuiltInRulesets(later.db, new Date())
  t.same(await published(later.db), ['1 2028.1 system'], 'nothing older goes in on top of a newer version')
})
