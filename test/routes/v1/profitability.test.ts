// GET /v1/providers/{id}/profitability and POST /v1/profit-cap/simulations on a small market filed
// through the API and worked by hand (RULES.md, ruleset 2027.1; API.md, "Added in the second version").
import t, { type Test } from 'tap'
import { randomUUID } from 'node:crypto'
import { build, bearer, isProblem, seedProvider } from '../../helper.js'
import { smallReturn } from '../../fixtures/returns.js'
import type { Accounts, AnnualReturn, RelatedParty } from '../../../src/domain/annual-return.js'

type App = Awaited<ReturnType<typeof build>>
const TODAY = new Date('2026-11-23T10:00:00Z')

const close = (t: Test, actual: number | null, expected: number, name: string) =>
  t.ok(actual !== null && Math.abs(actual - expected) < 1e-12, `${name}: ${actual} ≈ ${expected}`)

/** The small return with the figures the measures read replaced (the rest of the accounts as filed). */
const filing = (periodEnd: string, accounts: Partial<Accounts>, relatedParties?: RelatedParty[]): AnnualReturn => {
  const r = smallReturn({ periodEnd })
  return { ...r, accounts: { ...r.accounts, ...accounts }, ...(relatedParties ? { relatedParties } : {}) }
}

async function file(app: App, providerId: string, body: AnnualReturn) {
  const res = await app.inject({ method: 'POST', url: `/v1/providers/${providerId}/returns`, headers: await bearer({ role: 'provider', providerId }), payload: body })
  if (res.statusCode !== 201) throw new Error(`filing: ${res.statusCode} ${res.body}`)
  return res.json() as { id: string }
}

async function amend(app: App, providerId: string, returnId: string, body: AnnualReturn) {
  const res = await app.inject({ method: 'POST', url: `/v1/returns/${returnId}/amendments`, headers: await bearer({ role: 'provider', providerId }), payload: body })
  if (res.statusCode !== 201) throw new Error(`amendment: ${res.statusCode} ${res.body}`)
  return res.json() as { id: string }
}

/**
 * The market, by hand (each group's latest return: the latest version of its latest period):
 *   Alder  revenue 10,000,000, operating profit 1,500,000, EBITDA 2,000,000; related parties: rent
 *          500,000, fees 200,000, loan-note interest 300,000 → adjusted 2,200,000 (22%). Its earlier
 *          period (2025) and its 2026 first version (operating profit 3,000,000) are not read by the cap.
 *   Birch  revenue 20,000,000, operating profit 2,000,000, EBITDA 3,000,000; related parties declared,
 *          none paid → adjusted 2,000,000 (10%)
 *   Cedar  revenue 5,000,000, operating profit 900,000, EBITDA 1,000,000; dividends 100,000, other
 *          100,000 → adjusted 1,000,000 (20%)
 *   Damson revenue 8,000,000, operating profit 400,000, EBITDA 600,000; no relatedParties section
 *          → adjusted margin undefined; rent payable 600,000, profit before tax 250,000, directors
 *          150,000, cash interest 205,000 (the small return's)
 *   Elm    registered, never filed: not in the market
 */
async function buildMarket(t: Test) {
  const app = await build(t, { now: () => TODAY })
  const alder = await seedProvider(app, { name: 'Alder Care Ltd' })
  const birch = await seedProvider(app, { name: 'Birch Homes Ltd' })
  const cedar = await seedProvider(app, { name: 'Cedar Fostering Ltd' })
  const damson = await seedProvider(app, { name: 'Damson Care Ltd' })
  const elm = await seedProvider(app, { name: 'Elm Children\'s Services' })

  const alderParties: RelatedParty[] = [
    { name: 'Alder Property Ltd', relationship: 'owner_affiliate', payments: { rent: 500_000 } },
    { name: 'Alder Capital LLP', relationship: 'owner_affiliate', payments: { managementFees: 200_000 } },
    { name: 'The founder', relationship: 'owner', ref: 'founder', payments: { interest: 300_000 } },
  ]
  const alder2025 = await file(app, alder.id, filing('2025-03-31', { revenue: 9_000_000, operatingProfit: 2_700_000, ebitda: 3_000_000 }, alderParties))
  const alder2026v1 = await file(app, alder.id, filing('2026-03-31', { revenue: 10_000_000, operatingProfit: 3_000_000, ebitda: 3_500_000 }, alderParties))
  const alder2026 = await amend(app, alder.id, alder2026v1.id, filing('2026-03-31', { revenue: 10_000_000, operatingProfit: 1_500_000, ebitda: 2_000_000 }, alderParties))
  await file(app, birch.id, filing('2026-03-31', { revenue: 20_000_000, operatingProfit: 2_000_000, ebitda: 3_000_000 }, []))
  await file(app, cedar.id, filing('2026-06-30', { revenue: 5_000_000, operatingProfit: 900_000, ebitda: 1_000_000 },
    [{ name: 'The Cedar Trust', relationship: 'owner', payments: { dividends: 100_000, other: 100_000 } }]))
  const damson2026 = await file(app, damson.id, filing('2026-03-31',
    { revenue: 8_000_000, operatingProfit: 400_000, ebitda: 600_000, rentPayable: 600_000, profitBeforeTax: 250_000, directorsRemuneration: 150_000 }))
  return { app, alder, birch, cedar, damson, elm, alder2025, alder2026v1, alder2026, damson2026 }
}

// One market for the file: nothing below writes to it.
const m = await buildMarket(t)

const simulate = async (app: App, body: unknown) =>
  app.inject({ method: 'POST', url: '/v1/profit-cap/simulations', headers: await bearer({ role: 'regulator' }), payload: body as object })

const auditLog = async () => (await m.app.inject({ url: '/v1/audit?limit=200', headers: await bearer({ role: 'regulator' }) })).body

t.test('the profit-cap simulation on the market worked by hand', async (t) => {
  const auditBefore = await auditLog()

  const adjusted = await simulate(m.app, { measure: 'adjustedMargin', capPct: 15 })
  t.equal(adjusted.statusCode, 200)
  const a = adjusted.json()
  t.equal(a.measure, 'adjustedMargin')
  t.equal(a.capPct, 15)
  t.same(a.providers.map((p: { name: string; periodEnd: string; revenue: number; profit: number | null; allowed: number | null; excess: number | null }) =>
    [p.name, p.periodEnd, p.revenue, p.profit, p.allowed, p.excess]), [
    ['Alder Care Ltd', '2026-03-31', 10_000_000, 2_200_000, 1_500_000, 700_000], // the amended version, not the first
    ['Cedar Fostering Ltd', '2026-06-30', 5_000_000, 1_000_000, 750_000, 250_000],
    ['Birch Homes Ltd', '2026-03-31', 20_000_000, 2_000_000, 3_000_000, 0],
    ['Damson Care Ltd', '2026-03-31', 8_000_000, null, null, null], // no relatedParties section: not measurable, last
  ], 'by excess, largest first; the group that never filed is not listed')
  t.equal(a.providers[0].providerId, m.alder.id)
  close(t, a.providers[0].measureValue, 0.22, 'Alder adjustedMargin')
  close(t, a.providers[1].measureValue, 0.20, 'Cedar adjustedMargin')
  close(t, a.providers[2].measureValue, 0.10, 'Birch adjustedMargin')
  t.equal(a.providers[3].measureValue, null)
  t.same({ ...a.totals, revenueShareOver: undefined }, { measured: 3, over: 2, notMeasurable: 1, excess: 950_000, revenueShareOver: undefined })
  close(t, a.totals.revenueShareOver, 15_000_000 / 35_000_000, 'revenueShareOver: Alder and Cedar of the measured revenue')

  // Operating margin at 15%: Alder sits exactly at the cap (not over); the rest at 0 by name.
  const operating = (await simulate(m.app, { measure: 'operatingMargin', capPct: 15 })).json()
  t.same(operating.providers.map((p: { name: string; excess: number }) => [p.name, p.excess]), [
    ['Cedar Fostering Ltd', 150_000], ['Alder Care Ltd', 0], ['Birch Homes Ltd', 0], ['Damson Care Ltd', 0],
  ], 'at the cap is not over it; ties by name')
  t.same({ ...operating.totals, revenueShareOver: undefined }, { measured: 4, over: 1, notMeasurable: 0, excess: 150_000, revenueShareOver: undefined })
  close(t, operating.totals.revenueShareOver, 5_000_000 / 43_000_000, 'revenueShareOver')

  // EBITDA margin at 12.5%: allowed 1,250,000, 2,500,000, 625,000 and 1,000,000.
  const ebitda = (await simulate(m.app, { measure: 'ebitdaMargin', capPct: 12.5 })).json()
  t.same(ebitda.providers.map((p: { name: string; profit: number; allowed: number; excess: number }) => [p.name, p.profit, p.allowed, p.excess]), [
    ['Alder Care Ltd', 2_000_000, 1_250_000, 750_000], ['Birch Homes Ltd', 3_000_000, 2_500_000, 500_000],
    ['Cedar Fostering Ltd', 1_000_000, 625_000, 375_000], ['Damson Care Ltd', 600_000, 1_000_000, 0],
  ])
  t.same({ ...ebitda.totals, revenueShareOver: undefined }, { measured: 4, over: 3, notMeasurable: 0, excess: 1_625_000, revenueShareOver: undefined })
  close(t, ebitda.totals.revenueShareOver, 35_000_000 / 43_000_000, 'revenueShareOver')

  // The ends of the range: a cap of 0 makes every profit an excess; 100 leaves none.
  const zero = (await simulate(m.app, { measure: 'adjustedMargin', capPct: 0 })).json()
  t.equal(zero.totals.excess, 2_200_000 + 2_000_000 + 1_000_000)
  const all = (await simulate(m.app, { measure: 'adjustedMargin', capPct: 100 })).json()
  t.same({ ...all.totals, revenueShareOver: all.totals.revenueShareOver }, { measured: 3, over: 0, notMeasurable: 1, excess: 0, revenueShareOver: 0 })

  t.equal(await auditLog(), auditBefore, 'nothing stored: the audit log as it was')
})

t.test('a market with no returns: nothing measured', async (t) => {
  const app = await build(t, { now: () => TODAY })
  await seedProvider(app)
  const res = await simulate(app, { measure: 'operatingMargin', capPct: 20 })
  t.equal(res.statusCode, 200)
  t.same(res.json(), { measure: 'operatingMargin', capPct: 20, providers: [], totals: { measured: 0, over: 0, notMeasurable: 0, excess: 0, revenueShareOver: null } })
})

t.test('the simulation refuses a bad scenario with every problem at its pointer', async (t) => {
  const app = await build(t, { now: () => TODAY })
  const cases: [unknown, string[]][] = [
    [{ measure: 'netMargin', capPct: 15 }, ['/measure']],
    [{ measure: 'adjustedMargin', capPct: 100.5 }, ['/capPct']],
    [{ measure: 'adjustedMargin', capPct: -1 }, ['/capPct']],
    [{ measure: 'adjustedMargin', capPct: '15' }, ['/capPct']],
    [{ measure: 'ebitda', capPct: 101 }, ['/capPct', '/measure']],
    [{ capPct: 15 }, ['/measure']],
    [{ measure: 'operatingMargin' }, ['/capPct']],
    [{ measure: 'operatingMargin', capPct: 15, year: 2026 }, ['/year']],
  ]
  for (const [body, pointers] of cases) {
    const res = await simulate(app, body)
    t.equal(res.statusCode, 422, JSON.stringify(body))
    t.ok(isProblem(res))
    t.equal(res.json().type, 'urn:provider-oversight:problem:validation-failed')
    t.same(res.json().errors.map((e: { pointer: string }) => e.pointer).sort(), pointers, `${JSON.stringify(body)}: ${res.json().errors.map((e: { detail: string }) => e.detail).join('; ')}`)
  }
  const empty = await app.inject({ method: 'POST', url: '/v1/profit-cap/simulations', headers: { ...await bearer({ role: 'regulator' }), 'content-type': 'application/json' }, payload: '' })
  t.equal(empty.statusCode, 400, 'an empty JSON body')
  t.ok(isProblem(empty))
})

t.test("a group's profitability: its periods oldest first, the latest version of each, and its place in the market", async (t) => {
  const res = await m.app.inject({ url: `/v1/providers/${m.alder.id}/profitability`, headers: await bearer({ role: 'provider', providerId: m.alder.id }) })
  t.equal(res.statusCode, 200)
  const p = res.json()
  t.equal(p.providerId, m.alder.id)
  t.same(p.periods.map((x: { periodEnd: string; returnId: string }) => [x.periodEnd, x.returnId]),
    [['2025-03-31', m.alder2025.id], ['2026-03-31', m.alder2026.id]], 'oldest first; the amendment, not the first version')

  const [earlier, latest] = p.periods.map((x: { metrics: Record<string, number | null> }) => x.metrics)
  close(t, earlier.operatingMargin, 0.3, '2025 operatingMargin 2,700,000 / 9,000,000')
  close(t, earlier.adjustedMargin, 3_400_000 / 9_000_000, '2025 adjustedMargin (2,700,000 + 700,000) / 9,000,000')
  close(t, latest.operatingMargin, 0.15, 'operatingMargin')
  close(t, latest.ebitdaMargin, 0.20, 'ebitdaMargin')
  close(t, latest.adjustedMargin, 0.22, 'adjustedMargin')
  close(t, latest.extractionRate, 0.10, 'extractionRate 1,000,000 / 10,000,000')
  t.same([latest.valueExtracted, latest.relatedPartyCharges, latest.ownerFinanceCost, latest.distributions], [1_000_000, 700_000, 300_000, 0])
  t.equal(latest.relatedRentShare, null, 'no rent payable filed')
  t.equal(latest.leakagePer100, null, 'the new accounts fields not filed')
  t.same(latest.weeklyFee, {}, 'no service lines filed')
  t.same(Object.keys(latest), ['operatingMargin', 'ebitdaMargin', 'adjustedMargin', 'extractionRate', 'valueExtracted',
    'relatedPartyCharges', 'ownerFinanceCost', 'distributions', 'relatedRentShare', 'leakagePer100', 'weeklyFee'], "API.md's members")

  // Its latest among the others' latest: adjusted 22% above Birch 10% and Cedar 20% (Damson not
  // measurable) → 100; operating 15% above Birch 10% and Damson 5%, below Cedar 18% → 2 of 3.
  t.equal(p.marketPercentile.adjustedMargin, 100)
  close(t, p.marketPercentile.operatingMargin, 200 / 3, 'operatingMargin percentile')

  const birch = (await m.app.inject({ url: `/v1/providers/${m.birch.id}/profitability`, headers: await bearer({ role: 'regulator' }) })).json()
  t.equal(birch.marketPercentile.adjustedMargin, 0, 'Birch: the lowest adjusted margin')
  close(t, birch.marketPercentile.operatingMargin, 100 / 3, 'Birch: operating 10% above Damson 5%, below Alder 15% and Cedar 18%')
})

t.test('no relatedParties section: extraction and the adjusted margin undefined, related rent share 0 and leakage still measured', async (t) => {
  const res = await m.app.inject({ url: `/v1/providers/${m.damson.id}/profitability`, headers: await bearer({ role: 'provider', providerId: m.damson.id }) })
  t.equal(res.statusCode, 200)
  const [{ returnId, metrics }] = res.json().periods
  t.equal(returnId, m.damson2026.id)
  // RULES.md: extractionRate and adjustedMargin are undefined without the section; the sums run over
  // the related parties filed (none: 0); relatedRentShare is undefined only when rentPayable is
  // absent or 0, and leakagePer100 only when one of the three new accounts fields is missing.
  t.equal(metrics.extractionRate, null, 'extractionRate undefined')
  t.equal(metrics.adjustedMargin, null, 'adjustedMargin undefined')
  t.same([metrics.valueExtracted, metrics.relatedPartyCharges, metrics.ownerFinanceCost, metrics.distributions], [0, 0, 0, 0])
  t.equal(metrics.relatedRentShare, 0, 'rent payable 600,000 filed, none of it to a related party filed: 0, not undefined')
  close(t, metrics.leakagePer100, (250_000 + 600_000 + 150_000 + 205_000 + 0) / 8_000_000 * 100, 'leakagePer100 with no owner finance cost')
  close(t, metrics.operatingMargin, 0.05, 'operatingMargin')
  t.same(res.json().marketPercentile, { adjustedMargin: null, operatingMargin: 0 }, 'not ranked on a measure it lacks')
})

t.test('a group that has not filed: no periods, no rank', async (t) => {
  const app = await build(t, { now: () => TODAY })
  const p = await seedProvider(app)
  const res = await app.inject({ url: `/v1/providers/${p.id}/profitability`, headers: await bearer({ role: 'regulator' }) })
  t.equal(res.statusCode, 200)
  t.same(res.json(), { providerId: p.id, periods: [], marketPercentile: { adjustedMargin: null, operatingMargin: null } })
})

t.test('who may see the figures: the regulator, the group itself; another group 404; councils 403', async (t) => {
  const url = `/v1/providers/${m.alder.id}/profitability`
  const status = async (headers: Record<string, string>, u = url) => (await m.app.inject({ url: u, headers })).statusCode
  t.equal(await status(await bearer({ role: 'regulator' })), 200, 'regulator')
  t.equal(await status(await bearer({ role: 'provider', providerId: m.alder.id })), 200, 'the group itself')
  const asBirch = await m.app.inject({ url, headers: await bearer({ role: 'provider', providerId: m.birch.id }) })
  t.equal(asBirch.statusCode, 404, "another group's figures do not exist for it")
  t.ok(isProblem(asBirch))
  t.notOk(asBirch.body.includes('Alder'), 'nothing of the other group leaks')
  t.equal(await status(await bearer({ role: 'provider', providerId: m.elm.id })), 404, 'a group that has not filed, asking for another')
  const council = await m.app.inject({ url, headers: await bearer({ role: 'council', laCode: 'E09000007' }) })
  t.equal(council.statusCode, 403, 'a council never sees figures')
  t.equal(council.json().type, 'urn:provider-oversight:problem:forbidden')
  t.equal(await status({}), 401, 'no token')
  t.equal(await status(await bearer({ role: 'regulator' }), `/v1/providers/${randomUUID()}/profitability`), 404, 'an unknown group')
  t.equal(await status(await bearer({ role: 'regulator' }), '/v1/providers/not-a-uuid/profitability'), 400, 'not an id')

  const sim = async (headers: Record<string, string>) =>
    (await m.app.inject({ method: 'POST', url: '/v1/profit-cap/simulations', headers, payload: { measure: 'adjustedMargin', capPct: 15 } })).statusCode
  t.equal(await sim(await bearer({ role: 'regulator' })), 200, 'regulator simulates')
  t.equal(await sim(await bearer({ role: 'provider', providerId: m.alder.id })), 403, 'a provider does not see the market')
  t.equal(await sim(await bearer({ role: 'council', laCode: 'E09000007' })), 403, 'nor does a council')
  t.equal(await sim({}), 401, 'no token')
})
