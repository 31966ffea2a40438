// The demo market, filed through the real commands, then read back through the API by each role.
import t, { type Test } from 'tap'
import { eq, gt, sql } from 'drizzle-orm'
import { build, bearer, seedProvider, usingPostgres } from '../../helper.js'
import { smallReturn } from '../../fixtures/returns.js'
import postgres from 'postgres'
import { LOCKS } from '../../../src/db/locks.js'
import { seedDemoMarket } from '../../../src/seed.js'
import { demoIntents, demoMarket } from '../../../src/demo/market.js'
import { demoOfstedOutcome } from '../../../src/demo/ofsted.js'
import { annualReturns, assessmentInputSets, assessments, flagEvents, providers } from '../../../src/db/schema.js'
import { reassessMarket } from '../../../src/commands/reassess.js'
import { AssessorThreads } from '../../../src/commands/assessor-threads.js'
import { systemActor } from '../../../src/domain/actor.js'
import { assess, type AssessInput } from '../../../src/domain/assess-return.js'
import { RULESETS } from '../../../src/domain/ruleset.js'
import { assessmentOutput, inputsOf } from '../../../src/db/queries/assessments.js'
import { rulesetInForce } from '../../../src/db/queries/rulesets.js'
import { createHash } from 'node:crypto'
import { validateBods } from '../../../src/domain/ownership/bods.js'
import type { AnnualReturn } from '../../../src/domain/annual-return.js'

const app = await build(t, { now: () => new Date('2026-11-23T10:00:00Z') })
await seedDemoMarket(app)
const rows = await app.db.select().from(providers)
const idOf = new Map(demoMarket().providers.map((p) => [p.key, rows.find((r) => r.name === p.name)!.id]))
const regulator = await bearer({ role: 'regulator' })
const get = async (url: string, headers: Record<string, string>) => app.inject({ url, headers })

/**
 * The stability view each provider's row keeps must be what it is derived from: the open register
 * entries, the notices in force and the latest return. Worked out here straight from those tables.
 */
async function storedViewsHold(t: Test, when: string) {
  const derived = await app.db.execute(sql`
    select p.id, coalesce((select array_agg(distinct f.rule_id order by f.rule_id) from flags f
             where f.provider_id = p.id and f.status in ('open', 'under_review', 'escalated')), '{}') as "openFlags",
           exists (select 1 from notices n where n.provider_id = p.id and n.withdrawn_at is null) as "noticeInForce",
           (select r.period_end::text from returns r where r.id = p.latest_return_id) as "lastReturnPeriodEnd"
    from providers p order by p.id`)
  const rows = (Array.isArray(derived) ? derived : (derived as { rows: unknown[] }).rows) as { id: string; openFlags: string[]; noticeInForce: boolean; lastReturnPeriodEnd: string | null }[]
  const wrong: string[] = []
  for (const d of rows) {
    const v = (await get(`/v1/providers/${d.id}/stability`, regulator)).json()
    const stored = { openFlags: v.openFlags, noticeInForce: v.noticeInForce, lastReturnPeriodEnd: v.lastReturnPeriodEnd }
    const expected = { openFlags: d.openFlags, noticeInForce: d.noticeInForce, lastReturnPeriodEnd: d.lastReturnPeriodEnd }
    if (JSON.stringify(stored) !== JSON.stringify(expected)) wrong.push(`${v.name}: ${JSON.stringify(stored)} != ${JSON.stringify(expected)}`)
  }
  t.same(wrong, [], `${when}: every provider's stored stability view is what its register, notices and returns say`)
}

t.test('the stored stability view matches the register, notices and returns (filings, triage, a notice)', async (t) => {
  await storedViewsHold(t, 'after the demo market')
})

t.test('every demo group is rated as its filings say (assessed on filing, through the register)', async (t) => {
  const intents = demoIntents()
  // The demo's triage closed these entries (pennine's late filing resolved, cobalt's interest
  // cover dismissed), so those groups read green but for the QUA flags; every other group reads as
  // filed, and as the demo's Ofsted register, loaded and reassessed on, judges its settings.
  const triaged: Record<string, { rating: string; closed: string }> = {
    pennine: { rating: 'green', closed: 'CMP-LATE' }, cobalt: { rating: 'green', closed: 'FIN-INTEREST-COVER' },
  }
  const o = demoOfstedOutcome()
  const quality: Record<string, string[]> = {}
  for (const [key, flag] of [[o.inadequateRed.providerKey, 'red QUA-INADEQUATE'], [o.inadequateAmber.providerKey, 'amber QUA-INADEQUATE'],
    [o.closed.providerKey, 'amber QUA-UNREGISTERED'], [o.unknown.providerKey, 'amber QUA-UNREGISTERED']]) (quality[key] ??= []).push(flag)
  const worst = (ratings: string[]) => ['red', 'amber', 'green'].find((r) => ratings.includes(r))
  for (const [key, id] of idOf) {
    const view = (await get(`/v1/providers/${id}/stability`, regulator)).json()
    const qua = quality[key] ?? []
    t.equal(view.rating, worst([triaged[key]?.rating ?? intents[key].rating, ...qua.map((f) => f.split(' ')[0])]), key)
    t.equal(view.peBacked, intents[key].peBacked, `${key} peBacked`)
    for (const f of intents[key].flags) {
      const ruleId = f.split(' ').pop()!
      t.equal(view.openFlags.includes(ruleId), triaged[key]?.closed !== ruleId, `${key}: ${f}`)
    }
    t.same(view.openFlags.filter((r: string) => r.startsWith('QUA-')), qua.map((f) => f.split(' ')[1]), `${key}: the QUA flags the register shows`)
  }
  t.equal((await get(`/v1/providers/${idOf.get('oakridge')}/stability`, regulator)).json().noticeInForce, true, 'the demo notice')
})

t.test('the register lists red before amber, oldest first, filters and pages', async (t) => {
  const all: { severity: string; raisedAt: string; ruleId: string; providerId: string }[] = []
  let cursor: string | null = null
  do {
    const res = await get(`/v1/flags?limit=7${cursor ? `&cursor=${cursor}` : ''}`, regulator)
    t.equal(res.statusCode, 200)
    all.push(...res.json().items)
    cursor = res.json().nextCursor
  } while (cursor)
  const firstAmber = all.findIndex((f) => f.severity === 'amber')
  t.ok(firstAmber > 0 && all.slice(firstAmber).every((f) => f.severity === 'amber'), 'red before amber')
  const sys = (await get('/v1/flags?ruleId=SYS-CONTINUITY&severity=red', regulator)).json().items
  t.ok(sys.length >= 3, 'several SYS-CONTINUITY reds')
  const harbour = (await get(`/v1/flags?providerId=${idOf.get('harbourline')}&status=open`, regulator)).json().items
  t.ok(harbour.every((f: { providerId: string }) => f.providerId === idOf.get('harbourline')))
  const detail = await get(`/v1/flags/${sys[0].id}`, regulator)
  t.equal(detail.statusCode, 200)
  t.ok(detail.headers.etag)
  t.match(detail.json(), { ruleId: 'SYS-CONTINUITY', evidence: {}, history: [{ kind: 'raised' }] })
  for (const who of [await bearer({ role: 'council', laCode: 'E09000007' }), await bearer({ role: 'provider', providerId: idOf.get('harbourline')! })]) {
    t.equal((await get('/v1/flags', who)).statusCode, 403)
    t.equal((await get(`/v1/flags/${sys[0].id}`, who)).statusCode, 403)
  }
})

t.test('a stored assessment re-runs byte for byte from its inputs and ruleset', async (t) => {
  const stored = await app.db.select().from(assessments).limit(20)
  t.ok(stored.length > 0)
  for (const a of stored) {
    const [r] = await app.db.select({ body: sql<unknown>`${annualReturns.document}::jsonb` }).from(annualReturns).where(eq(annualReturns.id, a.returnId))
    const [{ text }] = await app.db.select({ text: assessmentInputSets.inputs }).from(assessmentInputSets).where(eq(assessmentInputSets.sha256, a.inputsSha256))
    t.equal(createHash('sha256').update(text).digest('hex'), a.inputsSha256, 'inputs stored under the hash of their text')
    const inputs = await inputsOf(app.db, a.inputsSha256)
    const again = assess({ ...(inputs as object), annualReturn: r.body as AnnualReturn, ruleset: RULESETS[a.rulesetVersion] } as AssessInput)
    t.equal(assessmentOutput(again), a.output, `assessment ${a.id}`)
  }
})

t.test('assessments: the provider itself and regulators; never councils or other groups', async (t) => {
  const id = idOf.get('harbourline')!
  const own = await bearer({ role: 'provider', providerId: id })
  const res = await get(`/v1/providers/${id}/assessment`, own)
  t.equal(res.statusCode, 200)
  t.match(res.json(), { rating: 'red', rulesetVersion: '2027.2', ofstedLoadId: 1 })
  t.ok(res.json().flags.some((f: { ruleId: string; explanation: string }) => f.ruleId === 'FIN-LEVERAGE' && /EBITDA/.test(f.explanation)))
  const returnId = res.json().returnId
  t.equal((await get(`/v1/returns/${returnId}/assessment`, own)).statusCode, 200)
  // filed, then reassessed on the demo's Ofsted register
  t.same((await get(`/v1/returns/${returnId}/assessments`, regulator)).json().items.map((a: { reason: string }) => a.reason), ['reassessment', 'filing'])
  const other = await bearer({ role: 'provider', providerId: idOf.get('hopelane')! })
  t.equal((await get(`/v1/providers/${id}/assessment`, other)).statusCode, 404)
  t.equal((await get(`/v1/returns/${returnId}/assessment`, other)).statusCode, 404)
  t.equal((await get(`/v1/returns/${returnId}/assessments`, other)).statusCode, 404)
  const council = await bearer({ role: 'council', laCode: 'E09000007' })
  t.equal((await get(`/v1/providers/${id}/assessment`, council)).statusCode, 403)
  t.equal((await get(`/v1/returns/${returnId}/assessment`, council)).statusCode, 403)
})

t.test('a council never sees a figure, on any route it can call', async (t) => {
  const [hopelane] = (await app.db.select({ body: sql<unknown>`${annualReturns.document}::jsonb` }).from(annualReturns)
    .where(eq(annualReturns.providerId, idOf.get('hopelane')!)).limit(1))
  const laCode = (hopelane.body as AnnualReturn).placements[0].laCode
  const council = await bearer({ role: 'council', laCode })
  const doc = (await app.inject({ url: '/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> }
  const sample = (path: string) => path
    .replace('{laCode}', laCode).replace('{id}', idOf.get('hopelane')!).replace('{providerId}', idOf.get('hopelane')!).replace('{version}', '2026.1')
    .replace('{returnId}', rows.find((r) => r.id === idOf.get('hopelane'))!.latestReturnId!)
  // A council's own numbers: its children with the provider, its children looked after, and the
  // provider's settings and places in its area (its own impact line). Never a financial figure.
  const ALLOWED_NUMBERS = new Set(['children', 'childrenLookedAfter', 'shareOfChildrenLookedAfter', 'settings', 'places'])
  const FORBIDDEN_KEYS = ['metrics', 'accounts', 'evidence', 'facilities', 'revenue', 'ebitda', 'cash', 'leverage']
  let walked = 0
  for (const [path, methods] of Object.entries(doc.paths)) {
    if (!path.startsWith('/v1/') || !('get' in methods)) continue
    const res = await get(sample(path), council)
    walked++
    if (res.statusCode !== 200) { t.ok([403, 404].includes(res.statusCode), `${path}: ${res.statusCode}`); continue }
    const numbers: string[] = []
    const walk = (v: unknown, key: string) => {
      if (typeof v === 'number' && !ALLOWED_NUMBERS.has(key)) numbers.push(key)
      if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, Array.isArray(v) ? key : k)
    }
    // Published rulesets are policy, not a provider's figures.
    if (!path.startsWith('/v1/rules')) walk(res.json(), '')
    t.same(numbers, [], `${path}: no figures`)
    for (const k of FORBIDDEN_KEYS) t.notMatch(res.body, new RegExp(`"${k}"`), `${path}: no ${k}`)
  }
  t.ok(walked >= 10, `walked ${walked} GET routes`)
})

t.test('a council sees the providers holding its children; only its own', async (t) => {
  const [body] = (await app.db.select({ body: sql<unknown>`${annualReturns.document}::jsonb` }).from(annualReturns)
    .where(eq(annualReturns.id, rows.find((r) => r.id === idOf.get('harbourline'))!.latestReturnId!)))
  const laCode = (body.body as AnnualReturn).placements[0].laCode
  const res = await get(`/v1/councils/${laCode}/providers`, await bearer({ role: 'council', laCode }))
  t.equal(res.statusCode, 200)
  const entry = res.json().items.find((i: { providerId: string }) => i.providerId === idOf.get('harbourline'))
  t.match(entry, { children: (body.body as AnnualReturn).placements[0].children, rating: 'red' })
  const other = laCode === 'E09000007' ? 'E09000001' : 'E09000007'
  t.equal((await get(`/v1/councils/${laCode}/providers`, await bearer({ role: 'council', laCode: other }))).statusCode, 403)
  t.equal((await get(`/v1/councils/${laCode}/providers`, await bearer({ role: 'provider', providerId: idOf.get('harbourline')! }))).statusCode, 403)
  t.equal((await get(`/v1/councils/${laCode}/providers`, regulator)).statusCode, 200)
})

t.test('ownership: resolved from the latest return; BODS export validates against BODS 0.4 for every group', async (t) => {
  const id = idOf.get('harbourline')!
  const own = (await get(`/v1/providers/${id}/ownership`, regulator)).json()
  t.equal(own.peBacked, true)
  t.ok(own.ultimateControllers.length >= 1)
  t.ok(own.ultimateControllers[0].path.at(-1) === own.reportingEntity)
  t.equal(own.offshore, true)
  const greystone = (await get(`/v1/providers/${idOf.get('greystone')}/ownership`, regulator)).json()
  t.ok(greystone.resolvedPct < 75, 'the opaque group')
  const kestrel = (await get(`/v1/providers/${idOf.get('kestrel')}/ownership`, regulator)).json()
  t.ok(kestrel.cycles.length >= 1 && kestrel.opaqueCycles.length === 0, 'a cross-holding owned into by a root')
  for (const [key, pid] of idOf) {
    const res = await get(`/v1/providers/${pid}/ownership/bods`, regulator)
    t.equal(res.statusCode, 200, key)
    t.same(validateBods(res.json()), [], `${key}: valid BODS 0.4`)
    const again = await get(`/v1/providers/${pid}/ownership/bods`, regulator)
    t.same(again.json().map((s: { statementId: string }) => s.statementId), res.json().map((s: { statementId: string }) => s.statementId), `${key}: stable statement ids`)
  }
  const council = await bearer({ role: 'council', laCode: 'E09000007' })
  t.equal((await get(`/v1/providers/${id}/ownership`, council)).statusCode, 403)
  t.equal((await get(`/v1/providers/${id}/ownership/bods`, council)).statusCode, 403)
  const other = await bearer({ role: 'provider', providerId: idOf.get('hopelane')! })
  t.equal((await get(`/v1/providers/${id}/ownership`, other)).statusCode, 404)
  t.equal((await get(`/v1/providers/${id}/ownership/bods`, other)).statusCode, 404)
})

t.test('stress tests: a provider beside today, and the whole market (nothing stored)', async (t) => {
  const before = (await app.db.select().from(assessments)).length
  const id = idOf.get('willowmere')!
  const res = await app.inject({ method: 'POST', url: `/v1/providers/${id}/stress-tests`, headers: regulator, payload: { ebitdaChangePct: -40, interestRateBps: 300 } })
  t.equal(res.statusCode, 200)
  const r = res.json()
  t.equal(r.today.rating, 'green')
  t.not(r.stressed.rating, 'green', 'a 40% EBITDA fall and +300bp turn a leveraged group')
  t.ok(r.stressed.metrics.interestCover < r.today.metrics.interestCover)
  const market = await app.inject({ method: 'POST', url: '/v1/stress-tests', headers: regulator, payload: { ebitdaChangePct: -30 } })
  t.equal(market.statusCode, 200)
  t.equal(market.json().groups, idOf.size)
  t.ok(market.json().stressed.red >= market.json().today.red)
  t.ok(market.json().turned.length > 0)
  // today reads the Ofsted register in force, as the stored assessment did
  const unknown = demoOfstedOutcome().unknown
  const greystone = (await app.inject({ method: 'POST', url: `/v1/providers/${idOf.get(unknown.providerKey)}/stress-tests`, headers: regulator, payload: {} })).json()
  t.ok(greystone.today.flags.some((f: { ruleId: string }) => f.ruleId === 'QUA-UNREGISTERED'), 'the unknown home is unregistered today')
  t.equal(greystone.today.metrics.unregisteredSettings, 1)
  t.equal((await app.db.select().from(assessments)).length, before, 'nothing stored')
  const council = await bearer({ role: 'council', laCode: 'E09000007' })
  t.equal((await app.inject({ method: 'POST', url: `/v1/providers/${id}/stress-tests`, headers: council, payload: {} })).statusCode, 403)
  t.equal((await app.inject({ method: 'POST', url: '/v1/stress-tests', headers: await bearer({ role: 'provider', providerId: id }), payload: {} })).statusCode, 403)
  const bad = await app.inject({ method: 'POST', url: '/v1/stress-tests', headers: regulator, payload: { ebitdaChangePct: 'lots', extra: 1 } })
  t.equal(bad.statusCode, 422)
})

t.test('rulesets: publish a stricter version, reassess the market, old assessments stay', async (t) => {
  const rules = (await get('/v1/rules', await bearer({ role: 'council', laCode: 'E09000007' }))).json()
  t.equal(rules.version, '2027.2')
  t.equal(rules.rules['FIN-LEVERAGE'].thresholds.red, 8)
  const stricter = structuredClone(RULESETS['2027.2']) as { version: string; rules: Record<string, { thresholds: Record<string, number> }> }
  stricter.version = '2027.3'
  stricter.rules['FIN-LEVERAGE'].thresholds = { red: 5.0, amber: 3.0 }
  const provider = await bearer({ role: 'provider', providerId: idOf.get('harbourline')! })
  t.equal((await app.inject({ method: 'POST', url: '/v1/rulesets', headers: provider, payload: stricter })).statusCode, 403)
  const invalid = structuredClone(stricter)
  invalid.rules['FIN-LEVERAGE'].thresholds = { red: 3.0, amber: 5.0 }
  invalid.rules['FIN-INTEREST-COVER'].thresholds = { red: -1, amber: 2 }
  const bad = await app.inject({ method: 'POST', url: '/v1/rulesets', headers: regulator, payload: invalid })
  t.equal(bad.statusCode, 422)
  t.ok(bad.json().errors.length >= 2, 'every bad threshold')
  const published = await app.inject({ method: 'POST', url: '/v1/rulesets', headers: regulator, payload: stricter })
  t.equal(published.statusCode, 201)
  t.equal((await app.inject({ method: 'POST', url: '/v1/rulesets', headers: regulator, payload: stricter })).statusCode, 409, 'not after the one in force')
  t.equal((await get('/v1/rules', regulator)).json().version, '2027.3')
  t.equal((await get('/v1/rulesets/2026.1', regulator)).json().rules['FIN-LEVERAGE'].thresholds.red, 8, 'old versions stay readable')

  const res = await app.inject({ method: 'POST', url: '/v1/reassessments', headers: regulator })
  t.equal(res.statusCode, 200)
  const summary = res.json()
  t.equal(summary.rulesetVersion, '2027.3')
  t.equal(summary.assessed, idOf.size)
  t.ok(summary.flagsRaised > 0, 'stricter leverage raises flags')
  t.ok(summary.ratingsMoved.some((m: { to: string }) => m.to !== 'green'))
  const willow = idOf.get('willowmere')!
  const latest = rows.find((r) => r.id === willow)!.latestReturnId!
  const history = (await get(`/v1/returns/${latest}/assessments`, regulator)).json().items
  // filed, reassessed on the demo's Ofsted register, then under the stricter version
  t.same(history.map((a: { rulesetVersion: string; reason: string }) => `${a.reason} ${a.rulesetVersion}`), ['reassessment 2027.3', 'reassessment 2027.2', 'filing 2027.2'])
  t.equal((await app.inject({ method: 'POST', url: '/v1/reassessments', headers: await bearer({ role: 'council', laCode: 'E09000007' }) })).statusCode, 403)
  // A FIN-LEVERAGE entry open before is updated: its explanation now quotes the stricter threshold.
  const leverage = (await get('/v1/flags?ruleId=FIN-LEVERAGE&status=open&limit=200', regulator)).json().items
  const updated = await Promise.all(leverage.map(async (f: { id: string }) => (await get(`/v1/flags/${f.id}`, regulator)).json()))
  const carried = updated.filter((f: { history: { kind: string; actorRole: string }[] }) => f.history.some((h) => h.kind === 'evidence_updated' && h.actorRole === 'regulator'))
  t.ok(carried.length > 0, 'entries raised under 2027.2 carry 2027.3\'s evidence')
  for (const f of carried) t.match(f.explanation, /red at 5\.0x|amber at 3\.0x/)

  // The same ruleset again on the same returns: a new assessment each, and nothing for the register.
  const eventsBefore = (await app.db.execute(sql`select count(*)::int as n from flag_events`))
  const again = (await app.inject({ method: 'POST', url: '/v1/reassessments', headers: regulator })).json()
  t.equal(again.assessed, idOf.size)
  t.same([again.flagsRaised, again.flagsCleared, again.ratingsMoved.length], [0, 0, 0], 'nothing raised, cleared or moved')
  t.same(await app.db.execute(sql`select count(*)::int as n from flag_events`), eventsBefore, 'no register history for an unchanged finding')
  const third = (await get(`/v1/returns/${latest}/assessments`, regulator)).json().items
  t.same(third.map((a: { rulesetVersion: string; reason: string }) => `${a.reason} ${a.rulesetVersion}`), ['reassessment 2027.3', 'reassessment 2027.3', 'reassessment 2027.2', 'filing 2027.2'])
  const audit = (await get('/v1/audit?objectType=ruleset', regulator)).json().items.map((e: { action: string }) => e.action)
  t.same(audit, ['market.reassess', 'market.reassess', 'ruleset.publish', 'market.reassess'], 'the last the demo\'s, on its Ofsted register')
  await storedViewsHold(t, 'after two reassessments')
})

t.test('on worker threads a reassessment stores what one on this thread stores; unchanged inputs are stored once', async (t) => {
  const inputsBefore = await app.db.$count(assessmentInputSets)
  const onThreads = new AssessorThreads(2, 1)
  t.teardown(() => onThreads.close())
  const summary = await reassessMarket({ db: app.db, now: new Date('2026-11-23T11:00:00Z'), assessorThreads: onThreads }, systemActor)
  t.equal(summary.assessed, idOf.size)
  t.equal(onThreads.assessedOnThreads, idOf.size, 'every group assessed on the worker threads')
  t.same([summary.flagsRaised, summary.flagsCleared, summary.ratingsMoved.length], [0, 0, 0])
  const lastTwo = await app.db.execute(sql`
    select a.return_id as "returnId", a.output, a.inputs_sha256 as "inputsSha256" from assessments a
    where a.seq in (select s.seq from assessments s where s.return_id = a.return_id order by s.seq desc limit 2)
    and a.return_id in (select latest_return_id from providers) order by a.return_id, a.seq`)
  const byReturn = new Map<string, { output: string; inputsSha256: string }[]>()
  for (const r of (Array.isArray(lastTwo) ? lastTwo : (lastTwo as { rows: unknown[] }).rows) as { returnId: string; output: string; inputsSha256: string }[]) {
    byReturn.set(r.returnId, [...(byReturn.get(r.returnId) ?? []), r])
  }
  t.equal(byReturn.size, idOf.size)
  const differing = [...byReturn].filter(([, [main, worker]]) => main.output !== worker.output || main.inputsSha256 !== worker.inputsSha256)
  t.same(differing.map(([id]) => id), [], 'byte for byte the same output and inputs')
  t.equal(await app.db.$count(assessmentInputSets), inputsBefore, 'no inputs stored a second time')
})

t.test('a reassessment stores each output exactly as it re-runs, whatever characters its explanations hold', async (t) => {
  // The outputs cross to the database joined by a separator, not inside a JSON document: each must
  // arrive whole, its own, with its non-ASCII text (£, →) intact.
  const onThreads = new AssessorThreads(2, 1)
  t.teardown(() => onThreads.close())
  await reassessMarket({ db: app.db, now: new Date('2026-11-23T11:30:00Z'), assessorThreads: onThreads }, systemActor)
  const latest = await app.db.select().from(assessments)
    .where(sql`${assessments.seq} in (select max(s.seq) from assessments s join providers p on s.return_id = p.latest_return_id group by s.return_id)`)
  t.equal(latest.length, idOf.size)
  t.ok(latest.every((a) => a.reason === 'reassessment'))
  t.ok(latest.some((a) => /[^\x00-\x7f]/.test(a.output)), 'some output holds non-ASCII text')
  const { ruleset } = await rulesetInForce(app.db)
  t.ok(latest.every((a) => a.rulesetVersion === ruleset.version))
  for (const a of latest) {
    const [r] = await app.db.select({ body: sql<unknown>`${annualReturns.document}::jsonb` }).from(annualReturns).where(eq(annualReturns.id, a.returnId))
    const inputs = await inputsOf(app.db, a.inputsSha256)
    const again = assess({ ...(inputs as object), annualReturn: r.body as AnnualReturn, ruleset } as AssessInput)
    t.equal(assessmentOutput(again), a.output, `assessment ${a.id} of return ${a.returnId}`)
  }
})

t.test('on worker threads a reassessment that raises, updates and resolves entries leaves the register as this thread would', async (t) => {
  // Thresholds moved both ways: leverage looser (entries resolve or are updated), interest cover
  // stricter (entries are raised). The bookkeeping runs on the threads; its result crosses back.
  const next = structuredClone(RULESETS['2027.2']) as { version: string; rules: Record<string, { thresholds: Record<string, number> }> }
  next.version = '2027.4'
  next.rules['FIN-LEVERAGE'].thresholds = { red: 7.0, amber: 6.5 }
  next.rules['FIN-INTEREST-COVER'].thresholds = { red: 2.5, amber: 4.0 }
  t.equal((await app.inject({ method: 'POST', url: '/v1/rulesets', headers: regulator, payload: next })).statusCode, 201)
  const lastEvent = async () => ((await app.db.select({ seq: sql<number>`coalesce(max(${flagEvents.seq}), 0)::int` }).from(flagEvents))[0].seq)
  const before = await lastEvent()
  const onThreads = new AssessorThreads(2, 1)
  t.teardown(() => onThreads.close())
  const changed = await reassessMarket({ db: app.db, now: new Date('2026-11-23T12:00:00Z'), assessorThreads: onThreads }, systemActor)
  t.equal(onThreads.assessedOnThreads, idOf.size, 'every group assessed on the worker threads')
  t.ok(changed.flagsRaised > 0, 'entries raised')
  t.ok(changed.flagsCleared > 0, 'entries resolved')
  t.ok(changed.ratingsMoved.length > 0, 'ratings moved')
  const kinds = await app.db.selectDistinct({ kind: flagEvents.kind }).from(flagEvents).where(gt(flagEvents.seq, before))
  t.same(kinds.map((k) => k.kind).sort(), ['evidence_updated', 'raised', 'transition'], 'raised, updated and resolved entries, each with its history')
  await storedViewsHold(t, 'after a reassessment on worker threads')
  // The same ruleset on this thread finds nothing left to change: the threads wrote what it would.
  const after = await lastEvent()
  const again = await reassessMarket({ db: app.db, now: new Date('2026-11-23T12:30:00Z') }, systemActor)
  t.same([again.flagsRaised, again.flagsCleared, again.ratingsMoved.length], [0, 0, 0], 'nothing raised, cleared or moved')
  t.equal(await lastEvent(), after, 'no register history added')
})

t.test('while a reassessment holds the register, a writer to it waits, then lands', { skip: !usingPostgres() && 'needs a server: PGlite has one connection' }, async (t) => {
  const reassessing = postgres(app.config.databaseUrl!, { max: 1, onnotice: () => {} })
  t.teardown(() => reassessing.end())
  const held = await reassessing.reserve()
  await held`begin`
  await held`select pg_advisory_xact_lock(${LOCKS.register}::bigint)`
  const filer = await seedProvider(app)
  const landed = new Set<string>()
  const notice = app.inject({
    method: 'POST', url: `/v1/providers/${idOf.get('harbourline')}/notices`, headers: regulator,
    payload: { kind: 'failure_likely', summary: 'Its lenders have called in the senior facilities.' },
  }).then((res) => { landed.add('notice'); return res })
  const filing = app.inject({
    method: 'POST', url: `/v1/providers/${filer.id}/returns`, headers: await bearer({ role: 'provider', providerId: filer.id }), payload: smallReturn(),
  }).then((res) => { landed.add('filing'); return res })
  await new Promise((resolve) => setTimeout(resolve, 500))
  t.same([...landed], [], 'the notice and the filing wait for the reassessment to commit')
  await held`rollback`
  held.release()
  t.equal((await notice).statusCode, 201, 'then the notice lands')
  t.equal((await filing).statusCode, 201, 'and the filing')
  await storedViewsHold(t, 'after the notice')
})
