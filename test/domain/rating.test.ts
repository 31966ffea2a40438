import t from 'tap'
import { assess } from '../../src/domain/assess-return.js'
import { provisionalRating, registerChanges, stabilityRating, standingAfter } from '../../src/domain/rating.js'
import type { Flag } from '../../src/domain/rules/rule.js'
import { baseInput, withAccounts } from '../fixtures/golden/builders.js'

const flagOf = (ruleId: string, severity: Flag['severity']): Flag =>
  ({ ruleId: ruleId as Flag['ruleId'], severity, explanation: `${ruleId} raised`, evidence: { metrics: {}, thresholds: {}, inputs: {} } })

t.test('provisional rating: red, amber or green from the flags; info never counts', async t => {
  t.equal(provisionalRating([]), 'green')
  t.equal(provisionalRating([flagOf('OWN-PE-BACKED', 'info'), flagOf('OWN-OFFSHORE', 'info')]), 'green')
  t.equal(provisionalRating([flagOf('OWN-OPACITY', 'amber'), flagOf('OWN-PE-BACKED', 'info')]), 'amber')
  t.equal(provisionalRating([flagOf('OWN-OPACITY', 'amber'), flagOf('FIN-LEVERAGE', 'red')]), 'red')
})

t.test('stability rating per RULES.md', async t => {
  const rate = (openFlagSeverities: ('red' | 'amber')[], noticeInForce = false, hasAcceptedReturn = true) =>
    stabilityRating({ openFlagSeverities, noticeInForce, hasAcceptedReturn })
  t.equal(rate([]), 'green')
  t.equal(rate(['amber']), 'amber')
  t.equal(rate(['amber', 'amber']), 'amber')
  t.equal(rate(['amber', 'red']), 'red')
  t.equal(rate([], true), 'red', 'a failure-likely notice in force')
  t.equal(rate(['amber'], true), 'red')
  t.equal(rate([], false, false), 'unrated', 'no accepted return')
  t.equal(rate([], true, false), 'red', 'a notice in force outranks unrated')
})

t.test('register changes: a new period opens every red and amber flag', async t => {
  const flags = [flagOf('FIN-LEVERAGE', 'red'), flagOf('CMP-LATE', 'amber'), flagOf('OWN-PE-BACKED', 'info')]
  t.same(registerChanges([], flags), { open: [flags[0], flags[1]], update: [], resolve: [] }, 'info never enters the register')
})

t.test('register changes: an amendment updates what it raises again and resolves what it no longer raises', async t => {
  const existing = [
    { id: 'e1', ruleId: 'FIN-LEVERAGE', status: 'under_review' },
    { id: 'e2', ruleId: 'CMP-INCONSISTENT', status: 'open' },
    { id: 'e3', ruleId: 'FIN-LIQUIDITY', status: 'escalated' },
  ]
  const amended = [flagOf('FIN-LEVERAGE', 'amber'), flagOf('FIN-LIQUIDITY', 'red'), flagOf('FIN-COVENANT', 'amber'), flagOf('OWN-OFFSHORE', 'info')]
  const changes = registerChanges(existing, amended)
  t.same(changes.open.map(f => f.ruleId), ['FIN-COVENANT'])
  t.same(changes.update.map(u => [u.flag.id, u.raised.ruleId, u.raised.severity]),
    [['e1', 'FIN-LEVERAGE', 'amber'], ['e3', 'FIN-LIQUIDITY', 'red']], 'evidence and severity follow the amendment')
  t.same(changes.resolve.map(e => e.id), ['e2'])
  t.equal(changes.update[0].flag, existing[0], 'the caller’s own flag handed back')
})

t.test('register changes on real assessments', async t => {
  const first = assess(baseInput({ annualReturn: withAccounts({ totalEquity: 1, goingConcernMaterialUncertainty: true }) }))
  const opened = registerChanges([], first.flags).open.map((f, i) => ({ id: i, ruleId: f.ruleId }))
  t.same(opened.map(e => e.ruleId), ['FIN-GOING-CONCERN', 'CMP-INCONSISTENT'])
  const amendment = assess(baseInput({ annualReturn: withAccounts({ goingConcernMaterialUncertainty: true }) }))
  const changes = registerChanges(opened, amendment.flags)
  t.same(changes.update.map(u => u.flag.ruleId), ['FIN-GOING-CONCERN'])
  t.same(changes.resolve.map(e => e.ruleId), ['CMP-INCONSISTENT'], 'the amendment balanced the books')
  t.same(changes.open, [])
})

t.test('standingAfter: resolved flags leave, updated ones take their new severity, new ones join', async t => {
  const open = [
    { id: 'a', ruleId: 'FIN-LEVERAGE', severity: 'amber' as const },
    { id: 'b', ruleId: 'FIN-ZSCORE', severity: 'amber' as const },
    { id: 'c', ruleId: 'CMP-LATE', severity: 'amber' as const }, // another period's, untouched
  ]
  const flag = (ruleId: string, severity: 'red' | 'amber') => ({ ruleId, severity, explanation: '', evidence: { metrics: {}, thresholds: {}, inputs: {} } }) as never
  const changes = { open: [flag('FIN-GOING-CONCERN', 'amber')], update: [{ flag: open[0], raised: flag('FIN-LEVERAGE', 'red') }], resolve: [open[1]] }
  t.same(standingAfter(open, changes, false), { rating: 'red', openFlags: ['CMP-LATE', 'FIN-GOING-CONCERN', 'FIN-LEVERAGE'] })
  const calmer = { open: [], update: [{ flag: open[0], raised: flag('FIN-LEVERAGE', 'amber') }], resolve: [open[1], open[2]] }
  t.same(standingAfter(open, calmer, false), { rating: 'amber', openFlags: ['FIN-LEVERAGE'] })
  t.same(standingAfter([], { open: [], update: [], resolve: [] }, false), { rating: 'green', openFlags: [] })
  t.equal(standingAfter([], { open: [], update: [], resolve: [] }, true).rating, 'red', 'a notice in force')
})
