import t from 'tap'
import { Ajv } from 'ajv'
import addFormats from 'ajv-formats'
import { AnnualReturnBody } from '../../schema/annual-return.js'
import { PageQuery, Problem, ajvErrorsToProblems } from '../../schema/common.js'
import type { AnnualReturn } from '../../src/domain/annual-return.js'
import { asBods, fullReturn, smallReturn, type Spoilable } from '../fixtures/returns.js'

// compiled as the app compiles request bodies: every error, no coercion, nothing stripped
const ajv = new Ajv({ allErrors: true, coerceTypes: false, removeAdditional: false, useDefaults: true })
addFormats.default(ajv)
const validateBody = ajv.compile(AnnualReturnBody)
const problemsOf = (body: unknown) => {
  validateBody(body)
  return ajvErrorsToProblems(validateBody.errors)
}
const pointers = (body: unknown) => problemsOf(body).map(p => p.pointer).sort()

// the schema's static type is what the domain validates
const _asDomain = (body: AnnualReturnBody): AnnualReturn => body

// the schema only asks for objects: each statement is checked against BODS 0.4 by the domain
const bodsReturn = () => ({ ...smallReturn(), ownership: { reportingEntity: 'rec-opco', bods: [{ statementId: 's1' }] } })

t.test('full, small and BODS returns pass', async t => {
  for (const [name, body] of [['full', fullReturn()], ['small', smallReturn()], ['bods', bodsReturn()],
    ['full, seed 7', fullReturn({ seed: 7 })], ['full as BODS', asBods(fullReturn())]] as const) {
    t.same(problemsOf(body), [], name)
  }
})

t.test('a body with many bad fields lists every one at once, each at its field', async t => {
  const body = fullReturn() as Spoilable
  body.periodStart = '2025-02-30' // no such day
  delete body.periodEnd
  body.surplus = true
  body.accounts.revenue = 12.5
  body.accounts.operatingProfit = -5_000_000 // a loss is fine
  body.accounts.cash = -1
  body.accounts.auditOpinion = 'clean'
  body.accounts.totalAssets = 1e14
  body.accountsSource = { ixbrlSha256: 'abc' }
  body.facilities[2].drawn = '100'
  body.facilities[2].covenants[1].testDate = '31/03/2026'
  body.facilities[3].interestRatePct = 120
  body.facilities[4].covenants[0].limit = 0
  body.facilities[5].kind = 'mortgage'
  delete body.facilities[6].lender
  body.ownership.entities[3].jurisdiction = 'Jersey'
  body.ownership.entities[4].name = 'x'.repeat(201)
  body.ownership.interests[1].sharesPct = 101
  body.ownership.interests[2].nominee = true
  body.settings[10].laCode = 'W06000001'
  body.settings[11].places = -2
  body.placements[5].children = 1.5
  t.same(pointers(body), [
    '/accounts/auditOpinion',
    '/accounts/cash',
    '/accounts/revenue',
    '/accounts/totalAssets',
    '/accountsSource/ixbrlSha256',
    '/facilities/2/covenants/1/testDate',
    '/facilities/2/drawn',
    '/facilities/3/interestRatePct',
    '/facilities/4/covenants/0/limit',
    '/facilities/5/kind',
    '/facilities/6/lender',
    '/ownership/entities/3/jurisdiction',
    '/ownership/entities/4/name',
    '/ownership/interests/1/sharesPct',
    '/ownership/interests/2/nominee',
    '/periodEnd',
    '/periodStart',
    '/placements/5/children',
    '/settings/10/laCode',
    '/settings/11/places',
    '/surplus',
  ])
})

t.test('the details say what is wrong', async t => {
  const body = smallReturn() as Spoilable
  delete body.periodEnd
  body.extra = 1
  body.accounts.auditOpinion = 'clean'
  body.periodStart = '2025-13-01'
  t.same(problemsOf(body).sort((a, b) => a.pointer.localeCompare(b.pointer)), [
    { pointer: '/accounts/auditOpinion', detail: 'must be one of: unqualified, qualified, adverse, disclaimer, none' },
    { pointer: '/extra', detail: 'is not a known field' },
    { pointer: '/periodEnd', detail: 'is required' },
    { pointer: '/periodStart', detail: 'must be a date (YYYY-MM-DD)' },
  ])
})

t.test('money is whole pounds within ±10^13; only some figures may be negative', async t => {
  const body = smallReturn() as Spoilable
  body.accounts.totalEquity = -10_000_000_000_000
  body.accounts.retainedEarnings = -2_000_000
  body.accounts.ebitda = -300_000
  t.same(problemsOf(body), [], 'losses and negative equity are figures, not errors')
  body.accounts.totalEquity = -10_000_000_000_001
  body.facilities[0].committed = -1
  body.facilities[0].drawn = 0.5
  t.same(pointers(body), ['/accounts/totalEquity', '/facilities/0/committed', '/facilities/0/drawn'])
})

t.test('ownership: errors point into the form that was filed, never the other', async t => {
  const native = smallReturn() as Spoilable
  delete native.ownership.interests
  native.ownership.entities[0].kind = 'plc'
  t.same(pointers(native), ['/ownership/entities/0/kind', '/ownership/interests'], 'native')

  const bods = bodsReturn() as Spoilable
  bods.ownership.bods.push('not a statement')
  bods.ownership.entities = []
  delete bods.ownership.reportingEntity
  t.same(pointers(bods), ['/ownership/bods/1', '/ownership/entities', '/ownership/reportingEntity'], 'bods')

  const empty = smallReturn() as Spoilable
  empty.ownership = {}
  t.same(pointers(empty), ['/ownership/entities', '/ownership/interests', '/ownership/reportingEntity'],
    'without bods, the native form is expected')

  const notAnObject = smallReturn() as Spoilable
  notAnObject.ownership = 'Brightwater'
  t.same(problemsOf(notAnObject), [{ pointer: '/ownership', detail: 'must be object' }], 'reported once')
})

t.test('the codes follow their registers', async t => {
  const body = smallReturn() as Spoilable
  body.settings[0].laCode = 'E07000001' // a district: no children's services
  body.placements[0].laCode = 'e09000007'
  body.ownership.entities[2].jurisdiction = 'gb'
  body.accountsSource = { ixbrlSha256: 'A'.repeat(64) }
  t.same(pointers(body), ['/accountsSource/ixbrlSha256', '/ownership/entities/2/jurisdiction',
    '/placements/0/laCode', '/settings/0/laCode'])
  body.accountsSource = { ixbrlSha256: 'a'.repeat(64) }
  body.settings[0].laCode = 'E10000034'
  body.placements[0].laCode = 'E09000007'
  body.ownership.entities[2].jurisdiction = 'JE'
  t.same(problemsOf(body), [])
})

t.test('lists are bounded', async t => {
  const body = smallReturn() as Spoilable
  body.placements = Array.from({ length: 154 }, () => ({ laCode: 'E09000007', children: 1 }))
  body.facilities = Array.from({ length: 501 }, () => body.facilities[0])
  body.ownership.entities = []
  t.same(pointers(body), ['/facilities', '/ownership/entities', '/placements'])
})

t.test('ajvErrorsToProblems escapes property names into pointer tokens', async t => {
  t.same(ajvErrorsToProblems([
    { keyword: 'additionalProperties', instancePath: '/a', params: { additionalProperty: 'x/y~z' } },
    { keyword: 'required', instancePath: '', params: { missingProperty: 'b' } },
    { keyword: 'if', instancePath: '/c', params: { failingKeyword: 'then' }, message: 'must match "then" schema' },
    { keyword: 'minimum', instancePath: '/d', params: {}, message: 'must be >= 0' },
    { keyword: 'minimum', instancePath: '/d', params: {}, message: 'must be >= 0' },
  ]), [
    { pointer: '/a/x~1y~0z', detail: 'is not a known field' },
    { pointer: '/b', detail: 'is required' },
    { pointer: '/d', detail: 'must be >= 0' },
  ])
  t.same(ajvErrorsToProblems(null), [])
})

t.test('paging query: limit 1–200 defaulting to 50; Problem carries field errors', async t => {
  const validateQuery = ajv.compile(PageQuery)
  const query: Record<string, unknown> = {}
  t.ok(validateQuery(query))
  t.equal(query.limit, 50)
  t.notOk(validateQuery({ limit: 201 }))
  t.notOk(validateQuery({ limit: 0 }))
  t.notOk(validateQuery({ limit: 10, page: 2 }))
  const validateProblem = ajv.compile(Problem)
  t.ok(validateProblem({ type: 'https://example.org/problems/validation', title: 'Invalid', status: 422,
    errors: [{ pointer: '/periodEnd', detail: 'is required' }] }))
})

t.test("ruleset 2027.1's parts: optional, and every bad field at its pointer", async t => {
  const good = {
    ...smallReturn(),
    accounts: { ...smallReturn().accounts, profitBeforeTax: -150_000, directorsRemuneration: 0, rentPayable: 610_000 },
    services: [{ kind: 'childrens_homes', revenue: 8_000_000, childWeeks: 1_300.5 }],
    relatedParties: [{ name: 'The founder', relationship: 'owner', ref: 'founder', payments: { rent: 250_000, dividends: 0 } }, { name: 'Nobody', relationship: 'other', payments: {} }],
  }
  t.same(problemsOf(good), [], 'a loss before tax, nil pay, fractional child-weeks, empty payments')
  const body = structuredClone(good) as Spoilable
  body.accounts.profitBeforeTax = 1.5
  body.accounts.directorsRemuneration = -1
  body.accounts.rentPayable = '610000'
  body.services = [{ kind: 'nursery', revenue: -5, childWeeks: -1 }, { kind: 'fostering', revenue: 1 }]
  body.relatedParties = [
    { name: '', relationship: 'cousin', ref: '', payments: { rent: 1.5, managementFees: -1, interest: 1e14, bonus: 1 } },
    { name: 'No payments', relationship: 'director' },
  ]
  t.same(pointers(body), [
    '/accounts/directorsRemuneration', '/accounts/profitBeforeTax', '/accounts/rentPayable',
    '/relatedParties/0/name', '/relatedParties/0/payments/bonus', '/relatedParties/0/payments/interest',
    '/relatedParties/0/payments/managementFees', '/relatedParties/0/payments/rent', '/relatedParties/0/ref', '/relatedParties/0/relationship',
    '/relatedParties/1/payments',
    '/services/0/childWeeks', '/services/0/kind', '/services/0/revenue', '/services/1/childWeeks',
  ])
  t.same(pointers({ ...good, services: [good.services[0], good.services[0], good.services[0], good.services[0]] }), ['/services'], 'at most three lines')
})
