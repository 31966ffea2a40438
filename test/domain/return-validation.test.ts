import t from 'tap'
import { periodEndAfterMonths, validateReturn, type ReturnValidationContext } from '../../src/domain/return-validation.js'
import type { AnnualReturn } from '../../src/domain/annual-return.js'
import type { OwnershipGraph } from '../../src/domain/ownership/types.js'
import { COUNCIL_CODES, FIXTURE_TODAY, asBods, fullReturn, smallReturn } from '../fixtures/returns.js'

const ctx: ReturnValidationContext = { today: FIXTURE_TODAY, councils: new Set(COUNCIL_CODES) }
const pointersOf = (r: AnnualReturn, c = ctx) => validateReturn(r, c).map(p => p.pointer)
const nativeOwnership = (r: AnnualReturn) => r.ownership as OwnershipGraph

t.test('the fixtures are acceptable returns', async t => {
  t.same(validateReturn(fullReturn(), ctx), [], 'full')
  t.same(validateReturn(fullReturn({ seed: 11, periodEnd: '2025-12-31' }), ctx), [], 'full, another seed and period')
  t.same(validateReturn(smallReturn(), ctx), [], 'small')
  const tenCouncils = fullReturn({ laCodes: COUNCIL_CODES.slice(100, 110) })
  t.equal(tenCouncils.placements.length, 10)
  t.same(validateReturn(tenCouncils, ctx), [], 'given councils')
  t.same(fullReturn({ seed: 3 }), fullReturn({ seed: 3 }), 'deterministic')
})

t.test('periodEnd must be after periodStart', async t => {
  const r = smallReturn({ periodStart: '2025-04-01', periodEnd: '2025-04-01' })
  t.same(validateReturn(r, ctx), [{ pointer: '/periodEnd', detail: 'periodEnd 2025-04-01 must be after periodStart 2025-04-01' }])
})

t.test('a period runs 6 to 18 calendar months', async t => {
  t.equal(periodEndAfterMonths('2025-04-01', 12), '2026-03-31')
  t.equal(periodEndAfterMonths('2024-08-31', 6), '2025-02-27', 'month ends clamp: 31 Aug + 6 months is 28 Feb')
  t.same(pointersOf(smallReturn({ periodStart: '2025-04-01', periodEnd: '2025-09-30' })), [], '6 months exactly')
  t.same(pointersOf(smallReturn({ periodStart: '2024-04-01', periodEnd: '2025-09-30' })), [], '18 months exactly')
  const short = validateReturn(smallReturn({ periodStart: '2025-04-01', periodEnd: '2025-09-29' }), ctx)
  t.same(short.map(p => p.pointer), ['/periodEnd'])
  t.match(short[0].detail, /shorter than 6 months \(periodEnd must be on or after 2025-09-30\)/)
  const long = validateReturn(smallReturn({ periodStart: '2024-04-01', periodEnd: '2025-10-01' }), ctx)
  t.same(long.map(p => p.pointer), ['/periodEnd'])
  t.match(long[0].detail, /longer than 18 months \(periodEnd must be on or before 2025-09-30\)/)
})

t.test('periodEnd may not be in the future', async t => {
  const r = smallReturn({ periodStart: '2026-04-01', periodEnd: '2027-03-31' })
  t.same(validateReturn(r, { ...ctx, today: '2026-11-23' }), [
    { pointer: '/periodEnd', detail: 'periodEnd 2027-03-31 is in the future (today is 2026-11-23)' },
  ])
  t.same(validateReturn(r, { ...ctx, today: '2027-03-31' }), [], 'a period may be filed on its last day')
})

t.test('a revolving facility is drawn within its commitment', async t => {
  const r = fullReturn()
  const rcf = r.facilities.findIndex(f => f.kind === 'revolving_credit')
  r.facilities[rcf].drawn = r.facilities[rcf].committed + 1
  const notes = r.facilities.findIndex(f => f.kind === 'loan_notes')
  t.ok(r.facilities[notes].drawn > r.facilities[notes].committed, 'PIK loan notes may exceed their original commitment')
  const problems = validateReturn(r, ctx)
  t.same(problems.map(p => p.pointer), [`/facilities/${rcf}/drawn`])
  t.match(problems[0].detail, /exceeds committed .* on a revolving credit facility/)
})

t.test('a covenant is tested within the period', async t => {
  const r = fullReturn()
  r.facilities[4].covenants[2].testDate = '2026-04-01'
  r.facilities[7].covenants[0].testDate = '2025-03-31'
  t.same(validateReturn(r, ctx), [
    { pointer: '/facilities/4/covenants/2/testDate', detail: 'testDate 2026-04-01 is outside the period 2025-04-01 to 2026-03-31' },
    { pointer: '/facilities/7/covenants/0/testDate', detail: 'testDate 2025-03-31 is outside the period 2025-04-01 to 2026-03-31' },
  ])
  r.facilities[4].covenants[2].testDate = '2026-03-31'
  r.facilities[7].covenants[0].testDate = '2025-04-01'
  t.same(validateReturn(r, ctx), [], 'both ends of the period count')
})

t.test('ownership: every ref declared once', async t => {
  const r = smallReturn()
  const o = nativeOwnership(r)
  o.entities.push({ ...o.entities[1], name: 'Another Holdings Limited' })
  const problems = validateReturn(r, ctx)
  t.same(problems.map(p => p.pointer), ['/ownership/entities/3/ref'])
  t.match(problems[0].detail, /"holdco" is declared more than once/)
})

t.test("ownership: every interest's owner and owned declared", async t => {
  const r = fullReturn()
  const o = nativeOwnership(r)
  o.interests[1].owner = 'nobody'
  o.interests[20].owned = 'nowhere'
  t.same(pointersOf(r), ['/ownership/interests/1/owner', '/ownership/interests/20/owned'])
})

t.test('ownership: the reporting entity is declared, and owned unless it stands alone', async t => {
  const undeclared = smallReturn()
  nativeOwnership(undeclared).reportingEntity = 'ghost'
  t.same(pointersOf(undeclared), ['/ownership/reportingEntity'], 'undeclared')

  const unowned = smallReturn()
  nativeOwnership(unowned).interests.shift() // holdco no longer owns opco
  t.same(pointersOf(unowned), ['/ownership/reportingEntity'], 'declared beside others but owned by none')

  const alone = smallReturn()
  alone.ownership = { reportingEntity: 'charity', interests: [],
    entities: [{ ref: 'charity', name: 'Hope Children\'s Trust', kind: 'charity', jurisdiction: 'GB' }] }
  t.same(validateReturn(alone, ctx), [], 'a charity filing for itself')
})

t.test('ownership: interests into one entity over 100% are refused, naming it', async t => {
  const r = fullReturn()
  const o = nativeOwnership(r)
  o.interests.push({ owner: 'pension', owned: 'topco', sharesPct: 5 })
  const topco = o.entities.findIndex(e => e.ref === 'topco')
  const problems = validateReturn(r, ctx)
  t.same(problems.map(p => p.pointer), [`/ownership/entities/${topco}`])
  t.match(problems[0].detail, /TopCo Limited" \(topco\) add up to 105% of its shares/)
})

t.test('ownership as BODS: statements checked against BODS 0.4, then read at the period end', async t => {
  t.same(validateReturn(asBods(fullReturn()), ctx), [], 'the full group as BODS')

  const invalid = asBods(smallReturn())
  const statements = (invalid.ownership as { bods: Record<string, unknown>[] }).bods
  delete statements[1].recordType
  const pointers = pointersOf(invalid)
  t.ok(pointers.length > 0 && pointers.every(p => p.startsWith('/ownership/bods/1')), pointers.join(' '))

  const unknownEntity = asBods(smallReturn())
  ;(unknownEntity.ownership as { reportingEntity: string }).reportingEntity = 'rec-missing'
  t.same(pointersOf(unknownEntity), ['/ownership/reportingEntity'])
})

t.test('laCode is a known council, for settings and placements', async t => {
  const r = smallReturn()
  r.settings[1].laCode = 'E06000028' // Bournemouth, abolished 2019
  r.placements[0].laCode = 'E10000002' // Buckinghamshire County, abolished 2020
  t.same(validateReturn(r, ctx), [
    { pointer: '/settings/1/laCode', detail: "laCode E06000028 is not a council with children's services" },
    { pointer: '/placements/0/laCode', detail: "laCode E10000002 is not a council with children's services" },
  ])
})

t.test('a setting urn is an Ofsted URN', async t => {
  const r = smallReturn()
  for (const urn of ['SC123456', '123456', '1234567']) {
    r.settings[0].urn = urn
    t.same(pointersOf(r), [], urn)
  }
  for (const urn of ['SC12345', 'sc123456', '12345', '12345678', 'XX123456']) {
    r.settings[0].urn = urn
    t.same(pointersOf(r), ['/settings/0/urn'], urn)
  }
})

t.test('a setting urn is unique', async t => {
  const r = fullReturn()
  r.settings[42].urn = r.settings[7].urn
  t.same(validateReturn(r, ctx), [
    { pointer: '/settings/42/urn', detail: `urn ${r.settings[7].urn} is already given at /settings/7/urn` },
  ])
})

t.test('one placement line per council', async t => {
  const r = fullReturn()
  r.placements[30].laCode = r.placements[3].laCode
  t.same(validateReturn(r, ctx), [
    { pointer: '/placements/30/laCode', detail: `${r.placements[3].laCode} already has a placement line at /placements/3; give one line per council` },
  ])
})

t.test('several problems come back together, in the order of the body', async t => {
  const r = fullReturn({ periodStart: '2026-01-01', periodEnd: '2027-12-31' })
  r.facilities[1].drawn = r.facilities[1].committed + 1_000
  r.facilities[0].covenants[0].testDate = '2025-12-31'
  nativeOwnership(r).interests[0].owner = 'nobody'
  r.settings[3].urn = 'SC1'
  r.settings[4].laCode = 'E07000001'
  r.placements[1].laCode = r.placements[0].laCode
  const pointers = pointersOf(r)
  const expected = ['/periodEnd', '/periodEnd', '/facilities/0/covenants/0/testDate', '/facilities/1/drawn',
    '/ownership/interests/0/owner', '/settings/3/urn', '/settings/4/laCode', '/placements/1/laCode']
  t.same(pointers.filter(p => !p.startsWith('/ownership')), expected.filter(p => !p.startsWith('/ownership')))
  t.ok(pointers.includes('/ownership/interests/0/owner'))
  const ownershipAt = pointers.findIndex(p => p.startsWith('/ownership'))
  t.ok(ownershipAt > pointers.indexOf('/facilities/1/drawn') && ownershipAt < pointers.indexOf('/settings/3/urn'))
})

// ---- ruleset 2027.1's parts -----------------------------------------------------------------------

/** The small return (revenue 8,600,000; entities opco, holdco, founder) with all three new parts. */
const withProfitParts = (r: AnnualReturn = smallReturn()): AnnualReturn => ({
  ...r,
  accounts: { ...r.accounts, profitBeforeTax: -150_000, directorsRemuneration: 240_000, rentPayable: 610_000 },
  services: [
    { kind: 'childrens_homes', revenue: 8_000_000, childWeeks: 1_300 },
    { kind: 'other', revenue: 600_000, childWeeks: 0 },
  ],
  relatedParties: [
    { name: 'The founder', relationship: 'owner', ref: 'founder', payments: { dividends: 100_000, rent: 250_000 } },
    { name: 'Albion Care Estates Limited', relationship: 'owner_affiliate', payments: { rent: 360_000 } },
  ],
})

t.test('the new parts are optional, and acceptable when they add up', async t => {
  t.same(validateReturn(withProfitParts(), ctx), [], 'with services, related parties and the accounts figures (a loss before tax)')
  t.same(validateReturn({ ...smallReturn(), services: [], relatedParties: [] }, ctx), [], 'empty sections')
  t.same(validateReturn(withProfitParts(asBods(smallReturn())), ctx), [], 'a ref naming a BODS record')
})

t.test("service lines: one per kind, and together within the accounts' revenue", async t => {
  const r = withProfitParts()
  r.services = [
    { kind: 'fostering', revenue: 1_000_000, childWeeks: 900 },
    { kind: 'childrens_homes', revenue: 7_000_000, childWeeks: 1_200 },
    { kind: 'fostering', revenue: 500_000, childWeeks: 400 },
  ]
  t.same(validateReturn(r, ctx), [
    { pointer: '/services/2/kind', detail: 'fostering already has a service line at /services/0; give one line per kind' },
  ], '8,500,000 of 8,600,000 is within revenue')
  r.services[2] = { kind: 'other', revenue: 600_001, childWeeks: 0 }
  t.same(validateReturn(r, ctx), [
    { pointer: '/services', detail: "the service lines' revenue adds up to 8600001, more than accounts.revenue 8600000" },
  ], '£1 over')
  r.services[2].revenue = 600_000
  t.same(validateReturn(r, ctx), [], 'exactly the revenue')
})

t.test("a related party's ref names an entity of the ownership section", async t => {
  const r = withProfitParts()
  r.relatedParties![1].ref = 'propco'
  r.relatedParties!.push({ name: 'Holdco', relationship: 'owner', ref: 'holdco', payments: {} })
  t.same(validateReturn(r, ctx), [{ pointer: '/relatedParties/1/ref', detail: 'ref propco names no entity of /ownership/entities' }])

  // BODS: the recordId of an entity or person record; a relationship record is no party
  const bods = withProfitParts(asBods(smallReturn()))
  const relationship = (bods.ownership as { bods: { recordId: string; recordType: string }[] }).bods.find(s => s.recordType === 'relationship')!.recordId
  bods.relatedParties![0].ref = relationship
  bods.relatedParties![1].ref = 'nobody'
  t.same(validateReturn(bods, ctx), [
    { pointer: '/relatedParties/0/ref', detail: `ref ${relationship} names no entity or person record of /ownership/bods` },
    { pointer: '/relatedParties/1/ref', detail: 'ref nobody names no entity or person record of /ownership/bods' },
  ])
})

t.test('every problem at once, the new parts after the old', async t => {
  const r = withProfitParts(smallReturn({ periodStart: '2026-04-01', periodEnd: '2027-03-31' }))
  r.services!.push({ kind: 'other', revenue: 1, childWeeks: 0 })
  r.relatedParties![0].ref = 'ghost'
  t.same(pointersOf(r), ['/periodEnd', '/services/2/kind', '/services', '/relatedParties/0/ref'])
})
