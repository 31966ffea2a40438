// Reassessing the market through the command, as the API and the console call it: every latest
// return assessed again under the ruleset in force, the register and ratings moved in one
// transaction, and nothing changed by a reassessment that finds nothing new.
import t from 'tap'
import { build } from '../helper.js'
import { smallReturn } from '../fixtures/returns.js'
import { fileReturn } from '../../src/commands/file-return.js'
import { createProvider } from '../../src/commands/providers.js'
import { publishRuleset } from '../../src/commands/rulesets.js'
import { reassessMarket } from '../../src/commands/reassess.js'
import { getFlag, listFlags } from '../../src/commands/flags.js'
import { assessmentsOfReturn, stability } from '../../src/commands/assessments.js'
import { listAudit } from '../../src/commands/audit.js'
import { noIdempotency, type ServiceDeps } from '../../src/commands/deps.js'
import { RULESETS } from '../../src/domain/ruleset.js'
import type { Actor } from '../../src/domain/actor.js'
import type { App } from '../../src/app.js'

const regulator: Actor = { role: 'regulator', sub: 'analyst' }
const at = (app: App, iso: string): ServiceDeps => ({ ...app.deps(), now: new Date(iso) })

/** The ruleset in force with FIN-LIQUIDITY's amber line moved: months of cash costs below it are amber. */
const liquidityLine = (version: string, amber: number) => {
  const r = structuredClone(RULESETS['2026.2']) as { version: string; rules: Record<string, { thresholds: Record<string, number> }> }
  r.version = version
  r.rules['FIN-LIQUIDITY'].thresholds = { red: 1, amber }
  return r
}

t.test('a stricter ruleset raises flags and moves ratings; a reassessment that finds nothing new changes nothing; a laxer one resolves', async (t) => {
  const app = await build(t)
  const groups: { id: string; returnId: string }[] = []
  for (const n of [1, 2, 3]) {
    const p = await createProvider(at(app, '2026-05-01T09:00:00Z'), regulator, { name: `Group ${n}`, companyNumber: `1000000${n}`, kind: 'private' })
    const finance: Actor = { role: 'provider', sub: 'finance', providerId: p.id }
    const filed = await fileReturn(at(app, '2026-05-02T09:00:00Z'), finance, p.id, smallReturn({ seed: n }), noIdempotency)
    groups.push({ id: p.id, returnId: filed.body.id })
  }
  const before = await Promise.all(groups.map((g) => stability(at(app, '2026-05-03T09:00:00Z'), regulator, g.id)))
  t.same(before.map((s) => [s.rating, s.openFlags]), [['green', []], ['green', []], ['green', []]], 'filed in time, nothing wrong: green')

  await publishRuleset(at(app, '2026-11-10T09:00:00Z'), regulator, liquidityLine('2099.1', 10_000))
  const stricter = await reassessMarket(at(app, '2026-11-10T10:00:00Z'), regulator)
  t.match(stricter, { rulesetVersion: '2099.1', assessed: 3, flagsRaised: 3, flagsCleared: 0 })
  t.same(stricter.changes.map((c) => c.raised), [['FIN-LIQUIDITY'], ['FIN-LIQUIDITY'], ['FIN-LIQUIDITY']])
  for (const g of groups) {
    const s = await stability(at(app, '2026-11-10T11:00:00Z'), regulator, g.id)
    t.ok(s.openFlags.includes('FIN-LIQUIDITY'), 'its stability view lists the new flag')
    t.equal(s.rating, 'amber')
    const { items } = await assessmentsOfReturn(at(app, '2026-11-10T11:00:00Z'), regulator, g.returnId)
    t.same(items.map((a) => [a.reason, a.rulesetVersion]), [['reassessment', '2099.1'], ['filing', '2026.2']], 'a new assessment beside the filing\'s')
  }
  t.same(stricter.ratingsMoved.map((m) => [m.from, m.to]), [['green', 'amber'], ['green', 'amber'], ['green', 'amber']], 'every group turned amber')

  const again = await reassessMarket(at(app, '2026-11-11T10:00:00Z'), regulator)
  t.match(again, { assessed: 3, flagsRaised: 0, flagsCleared: 0, ratingsMoved: [] })
  const [flag] = (await listFlags(at(app, '2026-11-11T11:00:00Z'), regulator, { ruleId: 'FIN-LIQUIDITY' })).items
  const { flag: detail } = await getFlag(at(app, '2026-11-11T11:00:00Z'), regulator, flag.id)
  t.same(detail.history.map((h) => h.kind), ['raised'], 'the same finding again adds no history')

  await publishRuleset(at(app, '2026-11-12T09:00:00Z'), regulator, liquidityLine('2099.2', 3))
  const laxer = await reassessMarket(at(app, '2026-11-12T10:00:00Z'), regulator)
  t.match(laxer, { rulesetVersion: '2099.2', flagsRaised: 0, flagsCleared: 3 })
  const resolved = (await getFlag(at(app, '2026-11-12T11:00:00Z'), regulator, flag.id)).flag
  t.equal(resolved.status, 'resolved')
  t.match(resolved.history.at(-1), { kind: 'transition', toStatus: 'resolved', text: 'No longer raised under ruleset 2099.2', actorSub: 'analyst' })
  for (const [i, g] of groups.entries()) {
    t.same(await stability(at(app, '2026-11-12T11:00:00Z'), regulator, g.id), before[i], 'back where it started')
  }
  const audit = await listAudit(at(app, '2026-11-12T11:00:00Z'), regulator, { objectType: 'ruleset' })
  t.same(audit.items.map((e) => e.action), ['market.reassess', 'ruleset.publish', 'market.reassess', 'market.reassess', 'ruleset.publish'])
})

t.test('only a regulator reassesses the market', async (t) => {
  const app = await build(t)
  const provider: Actor = { role: 'provider', sub: 'finance', providerId: '00000000-0000-4000-8000-000000000000' }
  t.match(await reassessMarket(at(app, '2026-11-10T10:00:00Z'), provider).catch((e) => e), { slug: 'forbidden' })
  t.same((await listAudit(at(app, '2026-11-10T10:00:00Z'), regulator, { objectType: 'ruleset' })).items, [], 'nothing recorded')
})
