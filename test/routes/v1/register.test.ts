// How filings move the register (RULES.md, "Stability rating").
import t from 'tap'
import { build, bearer, seedProvider } from '../../helper.js'
import { smallReturn } from '../../fixtures/returns.js'

const TODAY = new Date('2026-11-23T10:00:00Z')

t.test('an amendment updates flags it raises again and resolves the ones it no longer raises', async (t) => {
  const app = await build(t, { now: () => TODAY })
  const p = await seedProvider(app)
  const provider = await bearer({ role: 'provider', providerId: p.id })
  const regulator = await bearer({ role: 'regulator' })

  // Going-concern doubt (red) and net liabilities (amber).
  const troubled = smallReturn()
  troubled.accounts.goingConcernMaterialUncertainty = true
  const filed = await app.inject({ method: 'POST', url: `/v1/providers/${p.id}/returns`, headers: provider, payload: troubled })
  t.equal(filed.statusCode, 201)
  const receipt = filed.json()
  t.equal(receipt.assessment.rating, 'red')
  t.ok(receipt.assessment.flags.some((f: { ruleId: string }) => f.ruleId === 'FIN-GOING-CONCERN'))
  t.same(receipt.assessment.register.raised.includes('FIN-GOING-CONCERN'), true)
  const open = (await app.inject({ url: `/v1/flags?providerId=${p.id}&status=open`, headers: regulator })).json().items
  const gc = open.find((f: { ruleId: string }) => f.ruleId === 'FIN-GOING-CONCERN')
  t.ok(gc, 'the red flag is in the register')
  t.equal((await app.inject({ url: `/v1/providers/${p.id}/stability`, headers: regulator })).json().rating, 'red')

  // The same issue again, now with an adverse opinion too: the entry is updated, not duplicated.
  const worse = smallReturn()
  worse.accounts.goingConcernMaterialUncertainty = true
  worse.accounts.auditOpinion = 'adverse'
  const v2 = await app.inject({ method: 'POST', url: `/v1/returns/${receipt.id}/amendments`, headers: provider, payload: worse })
  t.equal(v2.statusCode, 201)
  t.ok(v2.json().assessment.register.updated.includes('FIN-GOING-CONCERN'))
  const entry = (await app.inject({ url: `/v1/flags/${gc.id}`, headers: regulator })).json()
  t.equal(entry.returnId, v2.json().id, 'evidence now from version 2')
  t.ok(entry.history.some((h: { kind: string }) => h.kind === 'evidence_updated'))
  const stillOne = (await app.inject({ url: `/v1/flags?providerId=${p.id}&ruleId=FIN-GOING-CONCERN`, headers: regulator })).json().items
  t.equal(stillOne.length, 1)

  // A clean amendment: the system resolves the entry and the rating comes back.
  const v3 = await app.inject({ method: 'POST', url: `/v1/returns/${v2.json().id}/amendments`, headers: provider, payload: smallReturn() })
  t.equal(v3.statusCode, 201)
  t.ok(v3.json().assessment.register.cleared.includes('FIN-GOING-CONCERN'))
  const resolved = (await app.inject({ url: `/v1/flags/${gc.id}`, headers: regulator })).json()
  t.equal(resolved.status, 'resolved')
  t.match(resolved.history.at(-1), { kind: 'transition', toStatus: 'resolved' })
  t.not((await app.inject({ url: `/v1/providers/${p.id}/stability`, headers: regulator })).json().rating, 'red')

  // Another period raises an entry of its own.
  const next = smallReturn({ periodStart: '2024-04-01', periodEnd: '2025-03-31' })
  next.accounts.goingConcernMaterialUncertainty = true
  const other = await app.inject({ method: 'POST', url: `/v1/providers/${p.id}/returns`, headers: provider, payload: next })
  t.equal(other.statusCode, 201)
  const entries = (await app.inject({ url: `/v1/flags?providerId=${p.id}&ruleId=FIN-GOING-CONCERN`, headers: regulator })).json().items
  t.equal(entries.length, 2, 'one entry per period')
})

t.test('late filing is measured from the server clock at submission', async (t) => {
  // Period end 31 March 2026; received 23 November 2026: more than 6 months, under 9 (amber).
  const app = await build(t, { now: () => TODAY })
  const p = await seedProvider(app)
  const res = await app.inject({ method: 'POST', url: `/v1/providers/${p.id}/returns`, headers: await bearer({ role: 'provider', providerId: p.id }), payload: smallReturn() })
  const late = res.json().assessment.flags.find((f: { ruleId: string }) => f.ruleId === 'CMP-LATE')
  t.equal(late?.severity, 'amber')
  t.equal(res.json().submittedAt, TODAY.toISOString())
})
