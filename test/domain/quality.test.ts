import t from 'tap'
import type { Setting } from '../../src/domain/annual-return.js'
import {
  matchSettings, normaliseUrn, qualityMetrics, registerExtract, type Judgement, type OfstedRegisterExtract, type RegisterEntry,
} from '../../src/domain/quality.js'

const home = (urn: string, places: number): Setting => ({ urn, name: `Home ${urn}`, kind: 'childrens_home', places, laCode: 'E08000025' })
const entry = (judgement: Judgement | null, registrationStatus = 'Active'): RegisterEntry => ({ judgement, registrationStatus })
const register = (settings: Record<string, RegisterEntry>, loadId = 3): OfstedRegisterExtract => ({ loadId, settings })

t.test('without a register every quality metric is undefined (null)', async t => {
  t.same(qualityMetrics([home('SC100001', 4)], null), { placesInadequate: null, placesRequiresImprovement: null, unregisteredSettings: null })
  t.same(qualityMetrics([], null), { placesInadequate: null, placesRequiresImprovement: null, unregisteredSettings: null })
})

t.test('settings match by URN, whatever the case or surrounding space; SC123456 and 123456 are different settings', async t => {
  t.equal(normaliseUrn(' sc123456 '), 'SC123456')
  const r = register({ SC123456: entry('good'), 2500123: entry('inadequate') })
  const matches = matchSettings([home('sc123456 ', 4), home('123456', 3), home('2500123', 2)], r)
  t.same(matches.map(m => [m.index, m.urn, m.entry?.judgement ?? 'absent', m.unregistered]), [
    [0, 'SC123456', 'good', false],
    [1, '123456', 'absent', true],
    [2, '2500123', 'inadequate', false],
  ])
})

t.test('placesInadequate and placesRequiresImprovement: shares of the places in matched settings, by the return\'s places', async t => {
  const r = register({
    SC100001: entry('inadequate'), SC100002: entry('requires_improvement'), SC100003: entry('good'),
    SC100004: entry('outstanding'), SC100005: entry(null),
  })
  const m = qualityMetrics([home('SC100001', 2), home('SC100002', 3), home('SC100003', 4), home('SC100004', 5), home('SC100005', 6), home('SC999999', 80)], r)
  t.equal(m.placesInadequate, 2 / 20, 'a setting not yet inspected counts in the denominator; an unknown one does not')
  t.equal(m.placesRequiresImprovement, 3 / 20)
  t.equal(m.unregisteredSettings, 1, 'the unknown URN')
})

t.test('a closed setting (status not Active) is matched, and so counts in the shares, and is unregistered', async t => {
  const r = register({ SC100001: entry('inadequate', 'Resigned'), SC100002: entry('good'), SC100003: entry('good', 'Cancelled'), SC100004: entry('good', ' active ') })
  const m = qualityMetrics([home('SC100001', 5), home('SC100002', 5), home('SC100003', 10), home('SC100004', 5)], r)
  t.equal(m.placesInadequate, 5 / 25, 'the closed home judged Inadequate still weighs')
  t.equal(m.unregisteredSettings, 2, 'Resigned and Cancelled; " active " is Active')
})

t.test('with a register but no matched places the shares are undefined; the unregistered count is not', async t => {
  t.same(qualityMetrics([home('SC100001', 4), home('SC100002', 2)], register({})),
    { placesInadequate: null, placesRequiresImprovement: null, unregisteredSettings: 2 }, 'nothing matched')
  t.same(qualityMetrics([home('SC100001', 0)], register({ SC100001: entry('inadequate') })),
    { placesInadequate: null, placesRequiresImprovement: null, unregisteredSettings: 0 }, 'matched, but 0 places filed')
  t.same(qualityMetrics([], register({ SC100001: entry('good') })),
    { placesInadequate: null, placesRequiresImprovement: null, unregisteredSettings: 0 }, 'no settings at all')
})

t.test('the extract an assessment records holds only the return\'s URNs, normalised and in order', async t => {
  const full = new Map<string, RegisterEntry>([['SC100002', entry('good')], ['SC100001', entry('inadequate', 'Suspended')], ['SC777777', entry('good')]])
  const asked: string[] = []
  const extract = registerExtract(7, [home('sc100002', 3), home('SC100001', 2), home('SC100009', 1), home(' SC100002', 3)], (urn) => {
    asked.push(urn)
    return full.get(urn)
  })
  t.same(asked, ['SC100001', 'SC100002', 'SC100009'], 'each URN looked up once')
  t.same(extract, { loadId: 7, settings: { SC100001: entry('inadequate', 'Suspended'), SC100002: entry('good') } })
  t.same(Object.keys(extract.settings), ['SC100001', 'SC100002'])
  t.same(Object.keys(extract.settings.SC100001), ['judgement', 'registrationStatus'], 'keys sorted, as recorded inputs are')
})
