import t from 'tap'
import type { Setting } from '../../../src/domain/annual-return.js'
import { qualityMetrics, type Judgement, type OfstedRegisterExtract, type RegisterEntry } from '../../../src/domain/quality.js'
import { QUALITY_RULE_IDS, QUALITY_RULE_SHAPES, qualityRules, type QualityRuleContext, type QualityRuleId } from '../../../src/domain/rules/quality.js'

// The QUA rules as ruleset 2027.2 publishes them (RULES.md, "Quality indicators").
const RULESET_2027_2 = {
  'QUA-INADEQUATE': { thresholds: { red: 0.25, amber: 0.10 } },
  'QUA-UNREGISTERED': { thresholds: { amber: 1 } },
} satisfies Record<QualityRuleId, { thresholds: Record<string, number> }>

const home = (urn: string, places: number): Setting => ({ urn, name: `Home ${urn}`, kind: 'childrens_home', places, laCode: 'E08000025' })

/** A return of settings and a register judging them: [urn, places, judgement, status]. */
function world(rows: [string, number, Judgement | null | 'absent', string?][], loadId = 4): QualityRuleContext & { ofstedRegister: OfstedRegisterExtract } {
  const settings = rows.map(([urn, places]) => home(urn, places))
  const entries: Record<string, RegisterEntry> = {}
  for (const [urn, , judgement, status] of rows) if (judgement !== 'absent') entries[urn] = { judgement, registrationStatus: status ?? 'Active' }
  const ofstedRegister: OfstedRegisterExtract = { loadId, settings: entries }
  return { annualReturn: { settings }, metrics: qualityMetrics(settings, ofstedRegister), ofstedRegister }
}

const run = (id: QualityRuleId, ctx: QualityRuleContext, thresholds = RULESET_2027_2[id].thresholds) =>
  qualityRules[id](ctx, { thresholds })
const severity = (id: QualityRuleId, ctx: QualityRuleContext) => run(id, ctx)?.severity ?? null

/** `inadequate` of `total` places in settings judged Inadequate, the rest Good. */
const share = (inadequate: number, total: number) =>
  world([['SC100001', inadequate, 'inadequate'], ['SC100002', total - inadequate, 'good']])

t.test('QUA-INADEQUATE: red at 25% of matched places judged Inadequate, amber at 10%', async t => {
  t.equal(severity('QUA-INADEQUATE', share(250, 1000)), 'red', 'at 25%')
  t.equal(severity('QUA-INADEQUATE', share(249, 1000)), 'amber', 'just below 25%')
  t.equal(severity('QUA-INADEQUATE', share(251, 1000)), 'red', 'just above 25%')
  t.equal(severity('QUA-INADEQUATE', share(100, 1000)), 'amber', 'at 10%')
  t.equal(severity('QUA-INADEQUATE', share(99, 1000)), null, 'just below 10%')
  t.equal(severity('QUA-INADEQUATE', share(101, 1000)), 'amber', 'just above 10%')
  t.equal(severity('QUA-INADEQUATE', share(0, 1000)), null, 'none inadequate')
})

t.test('QUA-INADEQUATE: the thresholds are the ruleset\'s, not the code\'s', async t => {
  t.equal(run('QUA-INADEQUATE', share(150, 1000), { red: 0.5, amber: 0.2 }), null, '15% under a 20% amber line')
  t.equal(run('QUA-INADEQUATE', share(150, 1000), { red: 0.15, amber: 0.05 })?.severity, 'red', '15% at a 15% red line')
})

t.test('QUA-INADEQUATE: unknown settings are outside the share; closed ones inside it; no register, no flag', async t => {
  // 3 of 10 matched places inadequate (red); the 90 places of an unknown URN would dilute it to 3%
  const ctx = world([['SC100001', 3, 'inadequate'], ['SC100002', 7, 'good'], ['SC100003', 90, 'absent']])
  t.equal(ctx.metrics.placesInadequate, 0.3)
  t.equal(severity('QUA-INADEQUATE', ctx), 'red')
  const closed = world([['SC100001', 3, 'inadequate', 'Resigned'], ['SC100002', 7, 'good']])
  t.equal(severity('QUA-INADEQUATE', closed), 'red', 'a closed home judged Inadequate still counts')
  const none = { ...share(500, 1000), metrics: qualityMetrics([home('SC100001', 500)], null), ofstedRegister: null }
  t.equal(severity('QUA-INADEQUATE', none), null, 'no register loaded')
  t.equal(severity('QUA-INADEQUATE', world([['SC100001', 4, 'absent']])), null, 'no matched places: the share is undefined')
})

t.test('QUA-INADEQUATE: explains the share, the line and the settings, with evidence of every matched setting', async t => {
  const flag = run('QUA-INADEQUATE', world([
    ['SC100001', 4, 'inadequate'], ['SC100002', 2, 'good'], ['SC100003', 1, 'inadequate'], ['SC100004', 3, 'requires_improvement'], ['SC100005', 6, 'absent'],
  ]))!
  t.equal(flag.severity, 'red')
  t.equal(flag.explanation, '50% of places are in settings Ofsted judged Inadequate (red at 25%): 5 of 10 places in settings '
    + 'on the register, at SC100001 (4 places) and SC100003 (1 place).')
  t.same(flag.evidence, {
    metrics: { placesInadequate: 0.5, placesRequiresImprovement: 0.3 },
    thresholds: { red: 0.25 },
    inputs: {
      '/ofstedRegister/loadId': 4,
      '/annualReturn/settings/0/urn': 'SC100001', '/annualReturn/settings/0/places': 4, '/ofstedRegister/settings/SC100001/judgement': 'inadequate',
      '/annualReturn/settings/1/urn': 'SC100002', '/annualReturn/settings/1/places': 2, '/ofstedRegister/settings/SC100002/judgement': 'good',
      '/annualReturn/settings/2/urn': 'SC100003', '/annualReturn/settings/2/places': 1, '/ofstedRegister/settings/SC100003/judgement': 'inadequate',
      '/annualReturn/settings/3/urn': 'SC100004', '/annualReturn/settings/3/places': 3, '/ofstedRegister/settings/SC100004/judgement': 'requires_improvement',
    },
  })
  const amber = run('QUA-INADEQUATE', share(3, 25))!
  t.equal(amber.explanation, '12% of places are in settings Ofsted judged Inadequate (amber at 10%): 3 of 25 places in settings '
    + 'on the register, at SC100001 (3 places).')
  t.same(amber.evidence.thresholds, { amber: 0.1 })
})

t.test('QUA-INADEQUATE: a long list names five settings and counts the rest', async t => {
  const rows: [string, number, Judgement][] = Array.from({ length: 8 }, (_, i) => [`SC20000${i}`, 2, 'inadequate'])
  const flag = run('QUA-INADEQUATE', world(rows))!
  t.match(flag.explanation, /at SC200000 \(2 places\), SC200001 \(2 places\), SC200002 \(2 places\), SC200003 \(2 places\), SC200004 \(2 places\) and 3 more settings\.$/)
})

t.test('QUA-UNREGISTERED: amber from one setting that is not on the register or not Active', async t => {
  t.equal(severity('QUA-UNREGISTERED', world([['SC100001', 4, 'good'], ['SC100002', 4, 'good']])), null, 'all Active')
  t.equal(severity('QUA-UNREGISTERED', world([['SC100001', 4, 'good'], ['SC100002', 4, 'absent']])), 'amber', 'one unknown')
  t.equal(severity('QUA-UNREGISTERED', world([['SC100001', 4, 'good', 'Suspended']])), 'amber', 'one suspended')
  t.equal(run('QUA-UNREGISTERED', world([['SC100001', 4, 'good', 'Resigned']]), { amber: 2 }), null, 'one, under a line of 2')
  t.equal(run('QUA-UNREGISTERED', world([['SC100001', 4, 'absent'], ['SC100002', 4, 'good', 'Cancelled']]), { amber: 2 })?.severity, 'amber', 'two, at a line of 2')
  const none = world([['SC100001', 4, 'absent']])
  t.equal(severity('QUA-UNREGISTERED', { ...none, metrics: qualityMetrics(none.annualReturn.settings, null), ofstedRegister: null }), null, 'no register loaded')
})

t.test('QUA-UNREGISTERED: names each setting and why, with the register entries read', async t => {
  const flag = run('QUA-UNREGISTERED', world([['SC100001', 4, 'good'], ['SC100002', 3, 'absent'], ['SC100003', 2, 'inadequate', 'Resigned']]))!
  t.equal(flag.explanation, "2 of the return's 3 settings are not registered with Ofsted (amber at 1): "
    + 'SC100002 (not on the register) and SC100003 (registration Resigned).')
  t.same(flag.evidence, {
    metrics: { unregisteredSettings: 2 },
    thresholds: { amber: 1 },
    inputs: {
      '/ofstedRegister/loadId': 4,
      '/annualReturn/settings/1/urn': 'SC100002',
      '/annualReturn/settings/2/urn': 'SC100003',
      '/ofstedRegister/settings/SC100003/registrationStatus': 'Resigned',
    },
  })
  const one = run('QUA-UNREGISTERED', world([['SC100001', 4, 'absent']]))!
  t.equal(one.explanation, "1 of the return's 1 setting is not registered with Ofsted (amber at 1): SC100001 (not on the register).")
})

t.test('the rules\' shapes fit the published thresholds, ready for the ruleset catalogue', async t => {
  t.same([...QUALITY_RULE_IDS], Object.keys(RULESET_2027_2))
  for (const id of QUALITY_RULE_IDS) {
    const shape = QUALITY_RULE_SHAPES[id]
    t.ok(shape.optional, `${id} is optional: rulesets before 2027.2 have none`)
    t.same(Object.keys(shape.thresholds).sort(), Object.keys(RULESET_2027_2[id].thresholds).sort(), `${id}: the thresholds RULES.md publishes`)
  }
})
