import t from 'tap'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Ajv } from 'ajv'
import addFormats from 'ajv-formats'
import { AnnualReturnBody } from '../../schema/annual-return.js'
import { ajvErrorsToProblems } from '../../schema/common.js'
import type { AnnualReturn } from '../../src/domain/annual-return.js'
import { assess } from '../../src/domain/assess-return.js'
import { ebitdaOf } from '../../src/domain/metrics.js'
import type { OwnershipGraph } from '../../src/domain/ownership/types.js'
import { resolveOwnership } from '../../src/domain/ownership/resolve.js'
import { provisionalRating } from '../../src/domain/rating.js'
import { validateReturn } from '../../src/domain/return-validation.js'
import { LATEST_RULESET_VERSION, RULESETS } from '../../src/domain/ruleset.js'
import { profitMetrics } from '../../src/domain/profit.js'
import { simulateProfitCap } from '../../src/domain/profitability.js'
import { demoIntents, demoMarket, type DemoFiling } from '../../src/demo/market.js'
import { referenceCouncils } from '../../src/reference/councils.js'

const TODAY = '2026-11-23'

// The councils as shipped (src/reference/councils.csv, a copy of ../shared/data/councils.csv):
// laCode → children looked after.
const councils: Record<string, number | null> = Object.fromEntries(referenceCouncils().map((c) => [c.laCode, c.childrenLookedAfter]))
const councilCodes = new Set(Object.keys(councils))

// The project's shared data sits beside the checkout (SHARED_DATA_DIR names another place); a plain
// clone has none, and the comparison with it is skipped.
const sharedCouncils = join(process.env.SHARED_DATA_DIR ?? fileURLToPath(new URL('../../../shared/data/', import.meta.url)), 'councils.csv')

t.test('the councils the demo reads are the published ones', {
  skip: !existsSync(sharedCouncils) && `${sharedCouncils} is not there (no ../shared beside the checkout): the shipped copy is not compared with it`,
}, async t => {
  t.equal(readFileSync(new URL('../../src/reference/councils.csv', import.meta.url), 'utf8'), readFileSync(sharedCouncils, 'utf8'),
    'src/reference/councils.csv is the shared file, unchanged')
})

const ajv = new Ajv({ allErrors: true, coerceTypes: false, removeAdditional: false, useDefaults: true })
addFormats.default(ajv)
const validateBody = ajv.compile(AnnualReturnBody)

const market = demoMarket()
const intents = demoIntents()
const versionsOf = (f: DemoFiling) => [{ body: f.body, submittedAt: f.submittedAt }, ...f.amendments]
const latestOf = (f: DemoFiling) => versionsOf(f).at(-1)!
const byProvider = new Map<string, DemoFiling[]>()
for (const f of market.filings) {
  byProvider.set(f.providerKey, [...(byProvider.get(f.providerKey) ?? []), f])
}
const graphOf = (b: AnnualReturn) => b.ownership as OwnershipGraph

t.test('at least 30 provider groups of every kind, with unique, well-formed company numbers', async t => {
  const { providers } = market
  t.ok(providers.length >= 30, `${providers.length} providers`)
  t.equal(new Set(providers.map(p => p.key)).size, providers.length, 'keys unique')
  t.equal(new Set(providers.map(p => p.companyNumber)).size, providers.length, 'company numbers unique')
  for (const p of providers) t.match(p.companyNumber, /^(\d{8}|(SC|NI)\d{6})$/, p.key)
  for (const kind of ['private', 'voluntary', 'local_authority'] as const) {
    t.ok(providers.some(p => p.kind === kind), kind)
  }
  t.same(Object.keys(intents).sort(), providers.map(p => p.key).sort(), 'every group has an intended outcome')
})

t.test('two periods for every group, in the past, filed after their period ends', async t => {
  for (const p of market.providers) {
    const filings = byProvider.get(p.key) ?? []
    t.equal(filings.length, 2, `${p.key}: two periods`)
    const [a, b] = filings.map(f => f.body)
    t.ok(a.periodEnd < b.periodStart, `${p.key}: periods in order, not overlapping`)
    for (const f of filings) {
      const versions = versionsOf(f)
      versions.forEach((v, i) => {
        t.equal(v.body.periodStart, f.body.periodStart, `${p.key} v${i + 1}: same period`)
        t.equal(v.body.periodEnd, f.body.periodEnd, `${p.key} v${i + 1}: same period`)
        t.ok(v.submittedAt.slice(0, 10) > v.body.periodEnd, `${p.key} v${i + 1}: filed after the period end`)
        t.ok(v.submittedAt.slice(0, 10) < TODAY, `${p.key} v${i + 1}: filed before today`)
        t.equal(new Date(v.submittedAt).toISOString(), v.submittedAt, `${p.key} v${i + 1}: ISO timestamp`)
        if (i > 0) t.ok(v.submittedAt > versions[i - 1].submittedAt, `${p.key} v${i + 1}: after the version it amends`)
      })
    }
  }
  const amended = market.filings.filter(f => f.amendments.length > 0)
  t.ok(amended.length >= 3, `${amended.length} filings amended`)
  t.ok(amended.some(f => f.amendments.length === 2), 'one filing amended twice')
})

t.test('every filed version passes the schema and validateReturn', async t => {
  let n = 0
  for (const f of market.filings) {
    versionsOf(f).forEach(({ body }, i) => {
      n++
      const where = `${f.providerKey} ${body.periodEnd} v${i + 1}`
      validateBody(body)
      t.same(ajvErrorsToProblems(validateBody.errors), [], `${where}: schema`)
      t.same(validateReturn(body, { today: TODAY, councils: councilCodes }), [], `${where}: meaning`)
    })
  }
  t.ok(n >= 66, `${n} versions checked`)
})

t.test('settings: Ofsted URNs unique across the market; 2–6 places per children\'s home', async t => {
  const owner = new Map<string, string>()
  for (const f of market.filings) {
    for (const { body } of versionsOf(f)) {
      const urns = body.settings.map(s => s.urn)
      t.equal(new Set(urns).size, urns.length, `${f.providerKey} ${body.periodEnd}: URNs unique in the return`)
      for (const s of body.settings) {
        t.match(s.urn, /^SC\d{6}$/)
        const held = owner.get(s.urn)
        if (held !== undefined && held !== f.providerKey) t.fail(`${s.urn} filed by ${held} and ${f.providerKey}`)
        owner.set(s.urn, f.providerKey)
        if (s.kind === 'childrens_home') t.ok(s.places >= 2 && s.places <= 6, `${s.urn}: ${s.places} places`)
      }
    }
  }
  t.ok(owner.size > 600, `${owner.size} settings`)
})

t.test('no council has more children placed with the market than a fraction of its children looked after', async t => {
  for (const period of [0, 1]) {
    const placed = new Map<string, number>()
    for (const filings of byProvider.values()) {
      for (const p of latestOf(filings[period]).body.placements) placed.set(p.laCode, (placed.get(p.laCode) ?? 0) + p.children)
    }
    for (const [laCode, n] of placed) {
      const cla = councils[laCode]
      t.ok(cla !== null && n <= 0.5 * cla, `period ${period + 1}, ${laCode}: ${n} placed of ${cla} looked after`)
    }
  }
})

t.test('the demo market is deterministic', async t => {
  t.same(demoMarket(), demoMarket())
})

// ---------------------------------------------------------------------------------------------
// Under the ruleset in force on a new database (2027.1), the latest version of each group's latest
// period (previous: the latest version of the previous period) shows the range the register is
// meant to show.

const assessLatest = (key: string, version: string) => {
  const [prevFiling, lastFiling] = byProvider.get(key)!
  const prev = latestOf(prevFiling).body
  const latest = latestOf(lastFiling)
  return assess({
    annualReturn: latest.body,
    previous: { ebitda: ebitdaOf(prev.accounts), operatingProfit: prev.accounts.operatingProfit },
    councils,
    ownership: resolveOwnership(graphOf(latest.body)),
    submittedAt: latest.submittedAt,
    ruleset: RULESETS[version],
  })
}

t.test('the intents are written for the ruleset in force on a new database', async t => {
  t.equal(LATEST_RULESET_VERSION, '2027.1')
})

const outcomes = market.providers.map(p => {
  const flags = assessLatest(p.key, LATEST_RULESET_VERSION).flags
  const severityOf = (id: string) => flags.find(f => f.ruleId === id)?.severity
  return {
    provider: p,
    flags,
    has: (id: string, severity?: string) => severityOf(id) !== undefined && (severity === undefined || severityOf(id) === severity),
    rating: provisionalRating(flags),
    redAmber: flags.filter(f => f.severity !== 'info').map(f => f.ruleId).sort(),
    info: flags.filter(f => f.severity === 'info').map(f => f.ruleId).sort(),
  }
})

t.test('each group shows its intended flags and rating', async t => {
  const table = outcomes.map(o => `${o.provider.key.padEnd(12)} ${o.rating.padEnd(6)} ${o.redAmber.join(' ') || '—'}  [${o.info.join(' ')}]`)
  t.comment(`\n${table.join('\n')}`)
  for (const o of outcomes) {
    const intent = intents[o.provider.key]
    t.equal(o.rating, intent.rating, `${o.provider.key}: rating`)
    t.same(o.redAmber, [...intent.flags].sort(), `${o.provider.key}: red and amber flags`)
    t.equal(o.has('CONT-DIFFICULT-TO-REPLACE'), intent.difficultToReplace, `${o.provider.key}: difficult to replace`)
    t.equal(o.has('OWN-PE-BACKED'), intent.peBacked, `${o.provider.key}: PE-backed`)
  }
})

t.test('under 2026.1 and 2026.2 every group shows the same flags, word for word, less the PRF ones', async t => {
  for (const o of outcomes) {
    const withoutProfit = o.flags.filter(f => !f.ruleId.startsWith('PRF-'))
    for (const version of ['2026.1', '2026.2']) {
      t.strictSame(assessLatest(o.provider.key, version).flags, withoutProfit, `${o.provider.key} under ${version}`)
    }
  }
  const turned = outcomes.filter(o => o.rating !== provisionalRating(o.flags.filter(f => !f.ruleId.startsWith('PRF-'))))
  t.same(turned.map(o => o.provider.key), ['saltmarsh'], 'only Saltmarsh is rated otherwise under 2027.1 (green to amber)')
})

t.test('the register shows the whole range', async t => {
  const sysRed = outcomes.filter(o => o.has('SYS-CONTINUITY', 'red'))
  t.ok(sysRed.length >= 3, `${sysRed.length} red SYS-CONTINUITY: ${sysRed.map(o => o.provider.key).join(', ')}`)
  t.ok(outcomes.some(o => o.has('SYS-CONTINUITY', 'amber')), 'amber SYS-CONTINUITY')
  t.ok(outcomes.some(o => o.has('OWN-OPACITY')), 'an opaque structure')
  t.ok(outcomes.some(o => o.has('CMP-LATE', 'red')), 'a late filer (more than 9 months)')
  t.ok(outcomes.some(o => o.has('CMP-LATE', 'amber')), 'a late filer (6 to 9 months)')
  const healthyVoluntary = outcomes.filter(o => o.provider.kind === 'voluntary' && o.has('CONT-DIFFICULT-TO-REPLACE') && o.rating === 'green')
  t.ok(healthyVoluntary.length >= 1, `a voluntary provider difficult to replace with no red or amber flag: ${healthyVoluntary.map(o => o.provider.key).join(', ')}`)
  const green = outcomes.filter(o => o.rating === 'green')
  const amber = outcomes.filter(o => o.rating === 'amber')
  const red = outcomes.filter(o => o.rating === 'red')
  t.ok(green.length >= 10, `${green.length} green`)
  t.ok(amber.length >= 5, `${amber.length} amber`)
  t.ok(red.length >= 5, `${red.length} red`)
  t.ok(outcomes.some(o => o.has('OWN-PE-BACKED') && o.has('CONT-DIFFICULT-TO-REPLACE') && o.rating === 'green'), 'a PE-backed group difficult to replace and green')
  t.ok(outcomes.some(o => o.has('OWN-PE-BACKED') && !o.has('CONT-DIFFICULT-TO-REPLACE') && o.rating === 'red' && !o.has('SYS-CONTINUITY')), 'a red PE-backed group that is not systemic')
})

t.test('ownership: offshore tops, a cross-holding that resolves, an opaque structure', async t => {
  const resolutions = new Map(market.providers.map(p => {
    const body = latestOf(byProvider.get(p.key)![1]).body
    return [p.key, resolveOwnership(graphOf(body))]
  }))
  const all = [...resolutions.values()]
  t.ok(all.filter(r => r.offshore).length >= 8, 'offshore chains')
  t.ok(all.some(r => r.cycles.length > 0 && r.cycles.every(c => c.ownedByRoot) && Math.abs(r.resolvedPct - 100) < 0.01), 'a cross-holding owned into by a root resolves fully')
  t.ok(all.some(r => r.resolvedPct < 75), 'an opaque structure')
  const kestrel = resolutions.get('kestrel')!
  const fund = kestrel.ultimateControllers.find(u => u.ref === 'fund')
  t.ok(fund && Math.abs(fund.effectivePct - 70 / 0.88) < 0.01, 'Kestrel: the fund holds 79.55% through the cross-holding')
  const cedarbrook = resolutions.get('cedarbrook')!
  t.ok(cedarbrook.peBacked && cedarbrook.peHolders.some(h => h.controls && h.effectivePct < 25), 'Cedarbrook: PE-backed by control on 24% of the shares')
})

// ---------------------------------------------------------------------------------------------
// Profit and extraction (ruleset 2027.1's parts of a return)

const latestBodies = market.providers.map(p => ({ provider: p, body: latestOf(byProvider.get(p.key)![1]).body }))
const profitOf = new Map(latestBodies.map(({ provider, body }) => [provider.key, profitMetrics(body)]))

t.test('profit: margins around the CMA\'s 22.6% for the largest homes groups once owners\' charges are added back', async t => {
  const largestHomes = ['harbourline', 'northstar', 'foxglove', 'willowmere', 'brightpath']
  const adjusted = largestHomes.map(key => profitOf.get(key)!.adjustedMargin!)
  const mean = adjusted.reduce((s, x) => s + x, 0) / adjusted.length
  t.ok(mean > 0.19 && mean < 0.23, `mean adjusted margin ${mean}`)
  for (const key of largestHomes) {
    const m = profitOf.get(key)!
    t.ok(m.adjustedMargin! > m.operatingMargin!, `${key}: charges added back`)
  }
})

t.test('extraction: fund-owned property companies, monitoring fees, loan-note interest', async t => {
  const propcos = latestBodies.filter(({ provider, body }) => intents[provider.key].peBacked
    && (body.relatedParties ?? []).some(r => r.relationship === 'owner_affiliate' && (r.payments.rent ?? 0) > 0))
  t.ok(propcos.length >= 5, `${propcos.length} PE-backed groups rent their homes from a property company of the fund`)
  for (const { provider } of propcos) t.ok(profitOf.get(provider.key)!.relatedRentShare! >= 0.5, `${provider.key}: most rent to related parties`)
  const fees = latestBodies.filter(({ body }) => (body.relatedParties ?? []).some(r => (r.payments.managementFees ?? 0) > 0))
  t.ok(fees.length >= 8, `${fees.length} groups pay management fees`)
  const interest = latestBodies.filter(({ body }) => (body.relatedParties ?? []).some(r => (r.payments.interest ?? 0) > 0))
  t.ok(interest.length >= 8, `${interest.length} groups owe their owners loan-note interest`)
  for (const { provider, body } of interest) {
    const notes = body.facilities.filter(f => f.shareholderLoan).reduce((s, f) => s + f.drawn, 0)
    const owed = profitOf.get(provider.key)!.ownerFinanceCost
    t.ok(owed > 0.09 * notes && owed < 0.11 * notes, `${provider.key}: about 10% of £${notes} loan notes`)
  }
  const over = outcomes.filter(o => o.has('PRF-EXTRACTION', 'amber')).map(o => o.provider.key)
  t.ok(over.length >= 6, `PRF-EXTRACTION: ${over.join(', ')}`)
})

t.test('fostering: weekly fees far below children\'s homes\'', async t => {
  const fostering = [...profitOf.values()].flatMap(m => (m.weeklyFee.fostering == null ? [] : [m.weeklyFee.fostering]))
  const homes = [...profitOf.values()].flatMap(m => (m.weeklyFee.childrens_homes == null ? [] : [m.weeklyFee.childrens_homes]))
  t.ok(fostering.length >= 8 && homes.length >= 20)
  for (const fee of fostering) t.ok(fee >= 900 && fee <= 1400, `fostering £${fee.toFixed(0)} a week`)
  for (const fee of homes) t.ok(fee >= 4500 && fee <= 10_000, `children's homes £${fee.toFixed(0)} a week`)
  for (const { provider, body } of latestBodies) {
    const lines = body.services ?? []
    t.ok(lines.reduce((s, l) => s + l.revenue, 0) <= body.accounts.revenue, `${provider.key}: lines within revenue`)
  }
})

t.test('some groups file none of the new parts, or no related parties: their measures are undefined', async t => {
  const none = latestBodies.filter(({ body }) => body.relatedParties === undefined).map(({ provider }) => provider.key)
  t.ok(none.length >= 3, `no relatedParties section: ${none.join(', ')}`)
  t.ok(none.some(key => intents[key].peBacked), 'a PE-backed group among them')
  for (const key of none) {
    t.equal(profitOf.get(key)!.extractionRate, null, `${key}: extraction undefined`)
    t.equal(profitOf.get(key)!.adjustedMargin, null, `${key}: adjusted margin undefined`)
  }
  t.ok(latestBodies.some(({ body }) => body.services === undefined && body.relatedParties === undefined && body.accounts.rentPayable === undefined),
    'a return with none of the new parts')
  t.ok([...profitOf.values()].some(m => m.leakagePer100 === null && m.extractionRate !== null), 'related parties filed without the three accounts figures')
  const declaredNone = latestBodies.filter(({ body }) => body.relatedParties?.length === 0).map(({ provider }) => provider.key)
  t.ok(declaredNone.length >= 3, `declared no related parties: ${declaredNone.join(', ')}`)
  for (const key of declaredNone) t.equal(profitOf.get(key)!.extractionRate, 0, `${key}: nothing extracted`)
})

t.test('a 15% adjusted-margin cap over the demo market', async t => {
  const sim = simulateProfitCap(latestBodies.map(({ provider, body }) => ({ providerId: provider.key, name: provider.name, annualReturn: body })),
    { measure: 'adjustedMargin', capPct: 15 })
  t.comment(JSON.stringify(sim.totals))
  t.equal(sim.totals.measured + sim.totals.notMeasurable, market.providers.length)
  t.ok(sim.totals.over >= 10 && sim.totals.notMeasurable >= 3)
  t.equal(sim.providers[0].providerId, 'northstar', 'the largest excess first')
})
