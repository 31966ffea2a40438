// Ruleset 2027.1's parts of a return, filed through the real route: refused with every problem at
// its pointer, or accepted, stored whole and assessed under 2027.1, in force on a new database.
import t from 'tap'
import { inArray } from 'drizzle-orm'
import { build, bearer, isProblem, seedProvider } from '../../helper.js'
import { asBods, smallReturn, type Spoilable } from '../../fixtures/returns.js'
import { countParts } from '../../../src/db/queries/returns.js'
import { ensureBuiltInRulesets } from '../../../src/db/queries/rulesets.js'
import { rulesets } from '../../../src/db/schema.js'
import type { AnnualReturn } from '../../../src/domain/annual-return.js'

const TODAY = new Date('2026-11-23T10:00:00Z')
const file = async (app: Awaited<ReturnType<typeof build>>, providerId: string, body: unknown) =>
  app.inject({ method: 'POST', url: `/v1/providers/${providerId}/returns`, headers: await bearer({ role: 'provider', providerId }), payload: body as object })

/**
 * The small return (revenue 8,600,000, operating profit 930,000) with the new parts: £610,000 rent
 * payable, £360,000 of it to the founder's property company; £150,000 of dividends to the founder;
 * £40,000 of fees. extractionRate (360,000 + 40,000 + 150,000) / 8,600,000 = 6.4%: PRF-EXTRACTION
 * amber; relatedRentShare 59%: PRF-RELATED-PROPERTY info; adjusted margin 15.5%: no PRF-MARGIN.
 */
/** A period that ended two months before TODAY: not late. */
const recent = () => smallReturn({ periodStart: '2025-10-01', periodEnd: '2026-09-30' })

const withProfitParts = (r: AnnualReturn = recent()): AnnualReturn => ({
  ...r,
  accounts: { ...r.accounts, profitBeforeTax: 725_000, directorsRemuneration: 240_000, rentPayable: 610_000 },
  services: [
    { kind: 'childrens_homes', revenue: 8_000_000, childWeeks: 1_300 },
    { kind: 'other', revenue: 600_000, childWeeks: 0 },
  ],
  relatedParties: [
    { name: 'Okafor Properties Ltd', relationship: 'owner_affiliate', payments: { rent: 360_000 } },
    { name: 'The founder', relationship: 'owner', ref: 'founder', payments: { dividends: 150_000, managementFees: 40_000 } },
  ],
})

t.test('the new parts, refused: every problem at its pointer, nothing stored', async t => {
  const app = await build(t, { now: () => TODAY })
  const p = await seedProvider(app)

  const structural = withProfitParts() as Spoilable
  structural.accounts.directorsRemuneration = -1
  structural.accounts.rentPayable = 610_000.5
  structural.services[0].kind = 'nursery'
  structural.relatedParties[0].payments.rent = -360_000
  structural.relatedParties[1].relationship = 'friend'
  const s = await file(app, p.id, structural)
  t.equal(s.statusCode, 422)
  t.ok(isProblem(s))
  t.equal(s.json().type, 'urn:provider-oversight:problem:validation-failed')
  t.same(s.json().errors.map((e: { pointer: string }) => e.pointer).sort(), [
    '/accounts/directorsRemuneration', '/accounts/rentPayable', '/relatedParties/0/payments/rent', '/relatedParties/1/relationship', '/services/0/kind',
  ])

  const meaning = withProfitParts()
  meaning.services!.push({ kind: 'childrens_homes', revenue: 1, childWeeks: 1 })
  meaning.relatedParties![1].ref = 'fund'
  const m = await file(app, p.id, meaning)
  t.equal(m.statusCode, 422)
  t.same(m.json().errors, [
    { pointer: '/services/2/kind', detail: 'childrens_homes already has a service line at /services/0; give one line per kind' },
    { pointer: '/services', detail: "the service lines' revenue adds up to 8600001, more than accounts.revenue 8600000" },
    { pointer: '/relatedParties/1/ref', detail: 'ref fund names no entity of /ownership/entities' },
  ])

  const bods = withProfitParts(asBods(recent()))
  bods.relatedParties![1].ref = 'holdco-statement'
  const b = await file(app, p.id, bods)
  t.equal(b.statusCode, 422)
  t.same(b.json().errors, [{ pointer: '/relatedParties/1/ref', detail: 'ref holdco-statement names no entity or person record of /ownership/bods' }])

  t.same(await countParts(app.db), { returns: 0, placements: 0, settingUrns: 0 }, 'nothing stored')
})

t.test('the new parts, accepted: stored whole, assessed under 2027.1\'s rules (in 2027.2) with the profit metrics and PRF flags', async t => {
  const app = await build(t, { now: () => TODAY })
  const regulator = await bearer({ role: 'regulator' })
  t.equal((await app.inject({ url: '/v1/rules', headers: regulator })).json().version, '2027.2', 'in force on a new database')
  t.same((await app.inject({ url: '/v1/rulesets', headers: regulator })).json().items.map((r: { version: string }) => r.version),
    ['2027.2', '2027.1', '2026.2', '2026.1'], '2027.1 after 2026.2, 2027.2 after it')

  const p = await seedProvider(app)
  const body = withProfitParts()
  const res = await file(app, p.id, body)
  t.equal(res.statusCode, 201, res.body.slice(0, 500))
  const { id, assessment } = res.json()
  t.equal(assessment.rulesetVersion, '2027.2')
  t.match(assessment.metrics, {
    operatingMargin: 930_000 / 8_600_000, relatedPartyCharges: 400_000, ownerFinanceCost: 0, distributions: 150_000,
    valueExtracted: 550_000, extractionRate: 550_000 / 8_600_000, adjustedOperatingProfit: 1_330_000,
    relatedRentShare: 360_000 / 610_000, weeklyFee: { childrens_homes: 8_000_000 / 1_300, other: null },
  })
  const prf = assessment.flags.filter((f: { ruleId: string }) => f.ruleId.startsWith('PRF-'))
  t.same(prf.map((f: { ruleId: string; severity: string }) => `${f.severity} ${f.ruleId}`), ['amber PRF-EXTRACTION', 'info PRF-RELATED-PROPERTY'])
  t.equal(prf[0].explanation, '£550,000 went to owners and related parties (6.4% of revenue): £360,000 rent, £40,000 fees, £150,000 dividends.')
  const got = (await app.inject({ url: `/v1/returns/${id}`, headers: regulator })).json()
  t.same(got.body, body, 'the filed document kept whole, new parts included')
  const register = (await app.inject({ url: `/v1/flags?providerId=${p.id}`, headers: regulator })).json().items
  t.same(register.map((f: { ruleId: string }) => f.ruleId), ['PRF-EXTRACTION'], 'the amber flag enters the register, and alone rates the group')
  t.equal((await app.inject({ url: `/v1/providers/${p.id}/stability`, headers: await bearer({ role: 'council', laCode: 'E09000007' }) })).json().rating, 'amber')

  const bods = await file(app, (await seedProvider(app)).id, withProfitParts(asBods(recent())))
  t.equal(bods.statusCode, 201, 'a ref naming a BODS person record')
  t.same(bods.json().assessment.flags.map((f: { ruleId: string }) => f.ruleId), assessment.flags.map((f: { ruleId: string }) => f.ruleId),
    'native or BODS, the same flags')
})

t.test('a return without the new parts: accepted, the profit metrics it cannot give left undefined', async t => {
  const app = await build(t, { now: () => TODAY })
  const p = await seedProvider(app)
  const res = await file(app, p.id, recent())
  t.equal(res.statusCode, 201)
  const { metrics, flags } = res.json().assessment
  t.match(metrics, {
    operatingMargin: 930_000 / 8_600_000, ebitdaMargin: 1_150_000 / 8_600_000, valueExtracted: 0,
    extractionRate: null, adjustedMargin: null, relatedRentShare: null, leakagePer100: null, weeklyFee: {},
  })
  t.notOk(flags.some((f: { ruleId: string }) => f.ruleId.startsWith('PRF-')), 'no PRF flag without the figures')
})

t.test('a market assessed under 2026.2 moves to 2027.2 on reassessment; what was stored stays as it was', async t => {
  const app = await build(t, { now: () => TODAY })
  const regulator = await bearer({ role: 'regulator' })
  // a database in use before 2027.1 was built in
  await app.db.delete(rulesets).where(inArray(rulesets.version, ['2027.1', '2027.2']))
  const p = await seedProvider(app)
  const filed = await file(app, p.id, withProfitParts())
  t.equal(filed.statusCode, 201)
  const { id } = filed.json()
  t.equal(filed.json().assessment.rulesetVersion, '2026.2')
  t.notOk(filed.json().assessment.flags.some((f: { ruleId: string }) => f.ruleId.startsWith('PRF-')), 'the new parts filed, unread under 2026.2')
  t.notOk('extractionRate' in filed.json().assessment.metrics)
  const stored = (await app.inject({ url: `/v1/returns/${id}/assessment`, headers: regulator })).json()

  await ensureBuiltInRulesets(app.db, TODAY) // the next start
  t.equal((await app.inject({ url: '/v1/rules', headers: regulator })).json().version, '2027.2')
  const summary = (await app.inject({ method: 'POST', url: '/v1/reassessments', headers: regulator })).json()
  t.match(summary, { rulesetVersion: '2027.2', assessed: 1, flagsRaised: 1, ratingsMoved: [{ providerId: p.id, from: 'green', to: 'amber' }] })
  const history = (await app.inject({ url: `/v1/returns/${id}/assessments`, headers: regulator })).json().items
  t.same(history.map((a: { reason: string; rulesetVersion: string }) => `${a.reason} ${a.rulesetVersion}`), ['reassessment 2027.2', 'filing 2026.2'])
  t.strictSame(history[1], stored, 'the assessment under 2026.2 is never rewritten')
  t.match(history[0].metrics, { extractionRate: 550_000 / 8_600_000 })
})
