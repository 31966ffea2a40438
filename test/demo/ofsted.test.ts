import t from 'tap'
import { Readable } from 'node:stream'
import { bearer, build } from '../helper.js'
import { demoMarket } from '../../src/demo/market.js'
import { demoOfstedOutcome, demoOfstedRegister } from '../../src/demo/ofsted.js'
import { readOfstedRegister } from '../../src/commands/load-ofsted-register.js'
import type { AnnualReturn } from '../../src/domain/annual-return.js'
import { qualityMetrics, registerExtract } from '../../src/domain/quality.js'
import { QUALITY_RULE_IDS, qualityRules } from '../../src/domain/rules/quality.js'

// RULES.md's lines for the QUA rules (ruleset 2027.2)
const THRESHOLDS = { 'QUA-INADEQUATE': { red: 0.25, amber: 0.10 }, 'QUA-UNREGISTERED': { amber: 1 } }

/** Each group's latest return (latest version of its latest period). */
function latestReturns() {
  const latest = new Map<string, AnnualReturn>()
  for (const f of demoMarket().filings) {
    const body = (f.amendments.at(-1) ?? f).body
    const held = latest.get(f.providerKey)
    if (!held || held.periodEnd < body.periodEnd) latest.set(f.providerKey, body)
  }
  return latest
}

t.test('the demo register is deterministic and reads as Ofsted\'s CSV', async t => {
  const csv = demoOfstedRegister()
  t.equal(demoOfstedRegister(), csv)
  t.match(csv, /^Web link,URN,Provision type,Registration date,Registration status,Setting name,/)
  const { reader } = await readOfstedRegister(Readable.from([Buffer.from(csv)]), 20 * 1024 * 1024)
  const outcome = demoOfstedOutcome()
  const urns = new Set(reader.settings.map(s => s.urn))
  const filed = new Set(demoMarket().filings.flatMap(f => [f.body, ...f.amendments.map(a => a.body)]).flatMap(b => b.settings.map(s => s.urn)))
  t.same([...filed].filter(u => !urns.has(u)), [outcome.unknown.urn], 'every setting a demo return lists is on it, but one')
  t.same(reader.settings.filter(s => s.registrationStatus !== 'Active').map(s => s.urn), [outcome.closed.urn], 'one is closed')
  t.same(reader.settings.filter(s => s.judgement === 'inadequate').map(s => s.urn).sort(),
    [...outcome.inadequateRed.urns, ...outcome.inadequateAmber.urns].sort(), 'only the chosen homes are Inadequate')
  t.ok(reader.byJudgement().requiresImprovement > 50, 'many Require improvement')
  t.ok(reader.settings.some(s => s.name === 'REDACTED') && reader.settings.some(s => s.judgement === null), 'homes REDACTED, some not yet inspected')
})

t.test('under the QUA rules exactly the chosen groups are flagged', async t => {
  const { reader } = await readOfstedRegister(Readable.from([Buffer.from(demoOfstedRegister())]), 20 * 1024 * 1024)
  const entries = new Map(reader.settings.map(s => [s.urn, s]))
  const flagged: Record<string, string[]> = {}
  for (const [key, body] of latestReturns()) {
    const ofstedRegister = registerExtract(1, body.settings, (urn) => entries.get(urn))
    const metrics = qualityMetrics(body.settings, ofstedRegister)
    for (const id of QUALITY_RULE_IDS) {
      const flag = qualityRules[id]({ annualReturn: body, metrics, ofstedRegister }, { thresholds: THRESHOLDS[id] })
      if (flag) (flagged[key] ??= []).push(`${id} ${flag.severity}`)
    }
  }
  const o = demoOfstedOutcome()
  t.same(flagged, {
    [o.inadequateRed.providerKey]: ['QUA-INADEQUATE red'],
    [o.inadequateAmber.providerKey]: ['QUA-INADEQUATE amber'],
    [o.closed.providerKey]: ['QUA-UNREGISTERED amber'],
    [o.unknown.providerKey]: ['QUA-UNREGISTERED amber'],
  })
})

t.test('the demo register loads through the API', async t => {
  const app = await build(t)
  const res = await app.inject({
    method: 'PUT', url: '/v1/reference/ofsted-settings',
    headers: { ...await bearer({ role: 'regulator' }), 'content-type': 'text/csv' }, payload: demoOfstedRegister(),
  })
  t.equal(res.statusCode, 200, res.body.slice(0, 300))
  t.match(res.json(), { loadId: 1, settings: demoOfstedRegister().trimEnd().split('\r\n').length - 1 })
})
