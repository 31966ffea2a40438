// Ruleset 2027.2 through the real routes: a filing reads the Ofsted register in force and records
// the load it read; what was stored stays as stored when a new register is loaded, and a
// reassessment moves every group to the new load (RULES.md, "Quality indicators").
import t, { type Test } from 'tap'
import { asc, eq } from 'drizzle-orm'
import { bearer, build, seedProvider } from '../../helper.js'
import { smallReturn } from '../../fixtures/returns.js'
import { assessments } from '../../../src/db/schema.js'
import { inputsOf } from '../../../src/db/queries/assessments.js'
import { findRuleset } from '../../../src/db/queries/rulesets.js'
import { reassessMarket } from '../../../src/commands/reassess.js'
import { AssessorThreads } from '../../../src/commands/assessor-threads.js'
import { systemActor } from '../../../src/domain/actor.js'
import { assess, type AssessInput } from '../../../src/domain/assess-return.js'
import type { AnnualReturn, Setting } from '../../../src/domain/annual-return.js'
import { RULESETS } from '../../../src/domain/ruleset.js'
import { assessmentOutput } from '../../../src/domain/stored-assessment.js'
import type { App } from '../../../src/app.js'

const TODAY = new Date('2026-11-23T10:00:00Z')
const HEAD = 'URN,Registration status,Places,Overall experiences and progress of children and young people\r\n'

/** A return (period ended two months before TODAY: not late) listing these settings: [urn, places]. */
const returnWith = (settings: [string, number][]): AnnualReturn => {
  const r = smallReturn({ periodStart: '2025-10-01', periodEnd: '2026-09-30' })
  const laCode = r.settings[0].laCode
  return { ...r, settings: settings.map(([urn, places], i): Setting => ({ urn, name: `Home ${i + 1}`, kind: 'childrens_home', places, laCode })) }
}

/**
 * Group A: 3 of its 12 places on the register in a home judged Inadequate (25%: red, at the line),
 * a closed home (Resigned) and one Ofsted does not know (2 unregistered: amber). Group B: 1 of its
 * 10 places (10%: amber).
 */
const GROUP_A = returnWith([['SC200001', 3], ['SC200002', 5], ['SC200003', 2], ['SC200004', 2], ['SC299999', 6]])
const GROUP_B = returnWith([['SC300001', 1], ['SC300002', 9]])
const LOAD_1 = `${HEAD}SC200001,Active,3,Inadequate\r\nSC200002,Active,5,Good\r\nSC200003,Active,2,Requires improvement to be good\r\n`
  + 'SC200004,Resigned,2,Good\r\nSC300001,Active,1,Inadequate\r\nSC300002,Active,9,Outstanding\r\n'
/** Load 2: A's first home now Good, its third Inadequate (2 of 14 places: amber), every home Active and known; B's homes gone. */
const LOAD_2 = `${HEAD}SC200001,Active,3,Good\r\nSC200002,Active,5,Good\r\nSC200003,Active,2,Inadequate\r\n`
  + 'SC200004,Active,2,Good\r\nSC299999,Active,6,Good\r\n'

const regulator = await bearer({ role: 'regulator' })
const load = async (app: App, csv: string) => {
  const res = await app.inject({ method: 'PUT', url: '/v1/reference/ofsted-settings', headers: { ...regulator, 'content-type': 'text/csv' }, payload: csv })
  if (res.statusCode !== 200) throw new Error(`load: ${res.statusCode} ${res.body}`)
  return res.json() as { loadId: number }
}
const file = async (app: App, body: AnnualReturn) => {
  const p = await seedProvider(app)
  const res = await app.inject({ method: 'POST', url: `/v1/providers/${p.id}/returns`, headers: await bearer({ role: 'provider', providerId: p.id }), payload: body })
  if (res.statusCode !== 201) throw new Error(`file: ${res.statusCode} ${res.body}`)
  return { providerId: p.id, ...(res.json() as { id: string; assessment: Assessed }) }
}
interface Assessed {
  id: string; rulesetVersion: string; ofstedLoadId?: number; metrics: Record<string, unknown>
  flags: { ruleId: string; severity: string; explanation: string; evidence: { inputs: Record<string, unknown> } }[]
}
const qua = (a: Assessed) => a.flags.filter((f) => f.ruleId.startsWith('QUA-')).map((f) => `${f.severity} ${f.ruleId}`)
const get = async (app: App, url: string) => (await app.inject({ url, headers: regulator })).json()

/** Every stored assessment of a return, oldest first, re-run from what it recorded: byte for byte. */
async function reproduces(t: Test, app: App, returnId: string, body: AnnualReturn) {
  const rows = await app.db.select().from(assessments).where(eq(assessments.returnId, returnId)).orderBy(asc(assessments.seq))
  for (const row of rows) {
    const inputs = await inputsOf(app.db, row.inputsSha256)
    const { ruleset } = (await findRuleset(app.db, row.rulesetVersion))!
    const again = assess({ ...(inputs as object), annualReturn: body, ruleset } as AssessInput)
    t.equal(assessmentOutput(again), row.output, `${row.reason} ${row.seq}: re-run from its inputs`)
    t.equal(again.inputs.ofstedRegister?.loadId ?? null, row.ofstedLoadId, 'its row names the load its inputs hold')
  }
  return rows
}

t.test('no register loaded: the quality metrics are undefined and no QUA rule fires', async (t) => {
  const app = await build(t, { now: () => TODAY })
  const { assessment } = await file(app, GROUP_A)
  t.equal(assessment.rulesetVersion, '2027.2')
  t.match(assessment.metrics, { placesInadequate: null, placesRequiresImprovement: null, unregisteredSettings: null })
  t.same(qua(assessment), [])
  t.notOk('ofstedLoadId' in assessment, 'no load read')
})

t.test('a filing reads the register in force; a new load leaves it as stored; a reassessment moves every group to the new load', async (t) => {
  const app = await build(t, { now: () => TODAY })
  t.equal((await load(app, LOAD_1)).loadId, 1)

  const a = await file(app, GROUP_A)
  t.equal(a.assessment.ofstedLoadId, 1, 'the load it read')
  t.strictSame([a.assessment.metrics.placesInadequate, a.assessment.metrics.placesRequiresImprovement, a.assessment.metrics.unregisteredSettings],
    [3 / 12, 2 / 12, 2], 'matched by URN: the closed home counts in the shares, the unknown one does not')
  t.same(qua(a.assessment), ['red QUA-INADEQUATE', 'amber QUA-UNREGISTERED'], 'red at 25%, amber from one unregistered setting')
  const [inadequate, unregistered] = a.assessment.flags.filter((f) => f.ruleId.startsWith('QUA-'))
  t.equal(inadequate.explanation, '25% of places are in settings Ofsted judged Inadequate (red at 25%): 3 of 12 places in settings on the register, at SC200001 (3 places).')
  t.match(inadequate.evidence.inputs, { '/ofstedRegister/loadId': 1, '/annualReturn/settings/0/urn': 'SC200001', '/ofstedRegister/settings/SC200001/judgement': 'inadequate' })
  t.equal(unregistered.explanation, "2 of the return's 5 settings are not registered with Ofsted (amber at 1): SC200004 (registration Resigned) and SC299999 (not on the register).")
  const b = await file(app, GROUP_B)
  t.same(qua(b.assessment), ['amber QUA-INADEQUATE'], 'amber at 10%')
  t.equal((await get(app, `/v1/providers/${a.providerId}/stability`)).rating, 'red')

  const storedA = await get(app, `/v1/returns/${a.id}/assessment`)
  t.equal(storedA.ofstedLoadId, 1)
  const [filedA] = await reproduces(t, app, a.id, GROUP_A)

  // A new register: what was stored stays as it was; a filing from now reads it.
  t.equal((await load(app, LOAD_2)).loadId, 2)
  t.strictSame(await get(app, `/v1/returns/${a.id}/assessment`), storedA, 'the stored assessment is unchanged by a new load')
  t.same(qua((await file(app, GROUP_A)).assessment), ['amber QUA-INADEQUATE'], 'a new filing reads load 2')

  const summary = (await app.inject({ method: 'POST', url: '/v1/reassessments', headers: regulator })).json()
  t.match(summary, { rulesetVersion: '2027.2', assessed: 3 })
  t.same(summary.ratingsMoved.filter((m: { providerId: string }) => m.providerId === a.providerId).map((m: { from: string; to: string }) => `${m.from} ${m.to}`),
    ['red amber'], 'A moves from red to amber')
  const historyA = (await get(app, `/v1/returns/${a.id}/assessments`)).items as (Assessed & { reason: string })[]
  t.same(historyA.map((x) => `${x.reason} ${x.ofstedLoadId}`), ['reassessment 2', 'filing 1'])
  t.same(qua(historyA[0]), ['amber QUA-INADEQUATE'], 'on load 2: 2 of 14 places Inadequate, every setting registered')
  t.strictSame(historyA[1], storedA, 'the filing\'s assessment as it was stored')
  const historyB = (await get(app, `/v1/returns/${b.id}/assessments`)).items as Assessed[]
  t.same(qua(historyB[0]), ['amber QUA-UNREGISTERED'], 'B\'s homes are gone from load 2: unregistered, and no share to judge')
  t.match(historyB[0].metrics, { placesInadequate: null, unregisteredSettings: 2 })

  const openA = (await get(app, `/v1/flags?providerId=${a.providerId}&limit=50`)).items as { ruleId: string; severity: string; status: string }[]
  t.same(openA.filter((f) => f.ruleId.startsWith('QUA-') && f.status === 'open').map((f) => `${f.severity} ${f.ruleId}`), ['amber QUA-INADEQUATE'],
    'the register: QUA-INADEQUATE updated to amber, QUA-UNREGISTERED resolved')
  const rows = await reproduces(t, app, a.id, GROUP_A)
  t.equal(rows[0].output, filedA.output, 'the filing\'s stored text, byte for byte')

  // On worker threads a reassessment reads the same load and stores the same assessments.
  const threads = new AssessorThreads(2, 1)
  t.teardown(() => threads.close())
  const again = await reassessMarket({ db: app.db, now: new Date('2026-11-23T11:00:00Z'), assessorThreads: threads }, systemActor)
  t.equal(threads.assessedOnThreads, 3)
  t.same([again.flagsRaised, again.flagsCleared, again.ratingsMoved.length], [0, 0, 0])
  for (const id of [a.id, b.id]) {
    const [latest, before] = await app.db.select().from(assessments).where(eq(assessments.returnId, id)).orderBy(asc(assessments.seq))
      .then((r) => r.slice(-2).reverse())
    t.same([latest.output, latest.inputsSha256, latest.ofstedLoadId], [before.output, before.inputsSha256, 2], 'the same text, inputs and load')
  }
})

t.test('a reassessment under a ruleset without QUA rules reads no register and records none', async (t) => {
  const app = await build(t, { now: () => TODAY })
  await load(app, LOAD_1)
  const a = await file(app, GROUP_A)
  const older = structuredClone(RULESETS['2027.1']) as { version: string }
  older.version = '2027.3'
  t.equal((await app.inject({ method: 'POST', url: '/v1/rulesets', headers: regulator, payload: older })).statusCode, 201)
  const summary = (await app.inject({ method: 'POST', url: '/v1/reassessments', headers: regulator })).json()
  t.match(summary, { rulesetVersion: '2027.3', flagsCleared: 2 }, 'both QUA flags resolved')
  const [latest] = (await get(app, `/v1/returns/${a.id}/assessments`)).items as Assessed[]
  t.notOk('ofstedLoadId' in latest)
  t.notOk('placesInadequate' in latest.metrics, 'no quality metrics')
  const rows = await reproduces(t, app, a.id, GROUP_A)
  t.notOk('ofstedRegister' in (await inputsOf(app.db, rows.at(-1)!.inputsSha256)), 'no register in its inputs')
})
