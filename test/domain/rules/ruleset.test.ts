import t from 'tap'
import {
  LATEST_RULESET_VERSION, PROFIT_RULE_IDS, RULESETS, RULE_IDS, RulesetError, compareRulesetVersions, measuresProfit, parseRuleset,
  validateRuleset,
} from '../../../src/domain/ruleset.js'
import ruleset2026_1 from '../../../src/domain/rulesets/2026.1.js'
import type { Spoilable } from '../../fixtures/returns.js'
import ruleset2026_2 from '../../../src/domain/rulesets/2026.2.js'
import ruleset2027_1 from '../../../src/domain/rulesets/2027.1.js'
import { baseInput, severityOf, withAccounts } from '../../fixtures/golden/builders.js'

/** A deep copy of the 2026.1 publication to spoil. */
const draft = (): Spoilable => JSON.parse(JSON.stringify({ ...ruleset2026_1, version: '2027.1' }))

t.test('2026.1 is RULES.md exactly', async t => {
  const r = RULESETS['2026.1']
  t.equal(r.version, '2026.1')
  t.same(Object.keys(r.rules), RULE_IDS.filter(id => id !== 'CMP-ACCOUNTS-MISMATCH' && !id.startsWith('PRF-')), 'every published rule, in order')
  const thresholds = Object.fromEntries(Object.entries(r.rules).map(([id, rule]) => [id, rule!.thresholds]))
  t.strictSame(thresholds, {
    'FIN-LEVERAGE': { red: 8.0, amber: 6.0 },
    'FIN-INTEREST-COVER': { red: 1.25, amber: 2.0 },
    'FIN-COVENANT': { red: 0, amber: 0.10 },
    'FIN-REFINANCING': { red: 0.25, amber: 0.25 },
    'FIN-GOING-CONCERN': {},
    'FIN-LIQUIDITY': { red: 1, amber: 3 },
    'FIN-NET-LIABILITIES': { amber: 0 },
    'FIN-ZSCORE': { amber: 1.1 },
    'FIN-DETERIORATION': { amber: -0.20 },
    'OWN-PE-BACKED': { effectivePct: 25 },
    'OWN-OFFSHORE': {},
    'OWN-OPACITY': { resolvedPct: 75 },
    'OWN-HOLD-PERIOD': { years: 5 },
    'CONT-DIFFICULT-TO-REPLACE': { childrenPlaced: 250, places: 300, councilsServed: 20, maxCouncilDependence: 0.10 },
    'CMP-LATE': { red: 9, amber: 6 },
    'CMP-INCONSISTENT': { balanceTolerance: 1000, borrowingsTolerance: 0.01 },
    'SYS-CONTINUITY': { amberFinFlagsForRed: 2 },
  })
  const severities = Object.fromEntries(Object.entries(r.rules).map(([id, rule]) => [id, rule!.severities.join('/')]))
  t.strictSame(severities, {
    'FIN-LEVERAGE': 'red/amber', 'FIN-INTEREST-COVER': 'red/amber', 'FIN-COVENANT': 'red/amber', 'FIN-REFINANCING': 'red/amber',
    'FIN-GOING-CONCERN': 'red', 'FIN-LIQUIDITY': 'red/amber', 'FIN-NET-LIABILITIES': 'amber', 'FIN-ZSCORE': 'amber',
    'FIN-DETERIORATION': 'amber', 'OWN-PE-BACKED': 'info', 'OWN-OFFSHORE': 'info', 'OWN-OPACITY': 'amber',
    'OWN-HOLD-PERIOD': 'info', 'CONT-DIFFICULT-TO-REPLACE': 'info', 'CMP-LATE': 'red/amber', 'CMP-INCONSISTENT': 'amber',
    'SYS-CONTINUITY': 'red/amber',
  })
  for (const rule of Object.values(r.rules)) t.ok(rule!.description.length > 20, 'described')
})

t.test('2026.2 adds CMP-ACCOUNTS-MISMATCH, amber beyond 1%, and changes nothing else', async t => {
  const { 'CMP-ACCOUNTS-MISMATCH': added, ...rest } = RULESETS['2026.2'].rules
  t.strictSame(added, { description: added!.description, severities: ['amber'], thresholds: { tolerance: 0.01 } })
  t.strictSame(rest, RULESETS['2026.1'].rules)
  t.same(Object.keys(RULESETS['2026.2'].rules), RULE_IDS.filter(id => !id.startsWith('PRF-')), 'in RULE_IDS order, SYS-CONTINUITY last')
  t.notOk(measuresProfit(RULESETS['2026.2']), 'no profit metrics under 2026.2')
})

t.test('2027.1 adds the PRF rules as RULES.md publishes them, changes nothing else, and is the newest', async t => {
  const { 'PRF-EXTRACTION': extraction, 'PRF-MARGIN': margin, 'PRF-RELATED-PROPERTY': property, ...rest } = RULESETS['2027.1'].rules
  t.strictSame(rest, RULESETS['2026.2'].rules, 'every 2026.2 rule exactly')
  t.strictSame([extraction, margin, property].map(r => [r!.severities, r!.thresholds]), [
    [['amber'], { amber: 0.05 }],
    [['info'], { adjustedMargin: 0.20 }],
    [['info'], { relatedRentShare: 0.50 }],
  ])
  for (const r of [extraction, margin, property]) t.ok(r!.description.length > 20, 'described')
  t.same(Object.keys(RULESETS['2027.1'].rules), RULE_IDS, 'every rule, in RULE_IDS order, SYS-CONTINUITY last')
  t.same([...PROFIT_RULE_IDS], RULE_IDS.filter(id => id.startsWith('PRF-')))
  t.ok(measuresProfit(RULESETS['2027.1']))
  t.equal(LATEST_RULESET_VERSION, '2027.1')
})

t.test('a regulator may publish without the PRF rules, or move their lines; each line is checked', async t => {
  const without = JSON.parse(JSON.stringify({ ...ruleset2027_1, version: '2027.2' }))
  for (const id of PROFIT_RULE_IDS) delete without.rules[id]
  t.same(validateRuleset(without), [], 'they are optional, as CMP-ACCOUNTS-MISMATCH is')
  t.notOk(measuresProfit(parseRuleset(without)), 'and then no profit metrics are shown')
  const one = JSON.parse(JSON.stringify({ ...without, rules: { ...without.rules, 'PRF-MARGIN': { thresholds: { adjustedMargin: 0.226 } } } }))
  t.ok(measuresProfit(parseRuleset(one)), 'any PRF rule brings the profit metrics')
  const bad = JSON.parse(JSON.stringify({ ...ruleset2027_1, version: '2027.2' }))
  bad.rules['PRF-EXTRACTION'].thresholds = { amber: 0 }
  bad.rules['PRF-MARGIN'].thresholds = { adjustedMargin: 1.5 }
  bad.rules['PRF-RELATED-PROPERTY'].severities = ['amber']
  t.same(validateRuleset(bad), [
    { pointer: '/rules/PRF-EXTRACTION/thresholds/amber', detail: 'must be a finite number, above 0, at most 1 (fraction: amber when value extracted by owners and related parties ≥ this share of revenue)' },
    { pointer: '/rules/PRF-MARGIN/thresholds/adjustedMargin', detail: 'must be a finite number, above 0, at most 1 (fraction: info when the operating margin with related-party charges added back ≥ this)' },
    { pointer: '/rules/PRF-RELATED-PROPERTY/severities', detail: 'must be [info]: the rule fixes which severities it raises' },
  ])
})

t.test('the built-in rulesets are valid and immutable', async t => {
  t.same(validateRuleset(ruleset2026_1), [])
  t.same(validateRuleset(ruleset2026_2), [])
  t.same(validateRuleset(ruleset2027_1), [])
  t.same(validateRuleset(JSON.parse(JSON.stringify(RULESETS['2027.1']))), [], '2027.1 reads back too')
  t.same(validateRuleset(JSON.parse(JSON.stringify(RULESETS['2026.2']))), [], 'its own published form reads back')
  t.throws(() => { (RULESETS['2026.1'].rules['FIN-LEVERAGE']!.thresholds as Record<string, number>).red = 9 })
  t.equal(RULESETS['2026.1'].rules['FIN-LEVERAGE']!.thresholds.red, 8)
})

t.test('a regulator publishes a version with changed thresholds', async t => {
  const next = draft()
  next.rules['FIN-LEVERAGE'] = { thresholds: { red: 7, amber: 5 } } // no description or severities: defaults
  const parsed = parseRuleset(next)
  t.equal(parsed.version, '2027.1')
  t.same(parsed.rules['FIN-LEVERAGE'], {
    description: RULESETS['2026.1'].rules['FIN-LEVERAGE']!.description, severities: ['red', 'amber'], thresholds: { red: 7, amber: 5 },
  })
  const ret = withAccounts({ ebitda: 10_000_000, cash: 0 })
  ret.facilities[0].drawn = 55_000_000 // 5.5x
  t.equal(severityOf('FIN-LEVERAGE', baseInput({ annualReturn: ret })), null, 'under 2026.1')
  t.equal(severityOf('FIN-LEVERAGE', baseInput({ annualReturn: ret, ruleset: parsed })), 'amber', 'under 2027.1')
  const reordered = { rules: Object.fromEntries(Object.entries(next.rules).reverse()), version: '2027.1' }
  t.same(Object.keys(parseRuleset(reordered).rules), Object.keys(parsed.rules), 'normal form whatever the order filed')
})

t.test('every problem is listed at its JSON pointer', async t => {
  t.same(validateRuleset(null), [{ pointer: '', detail: 'must be an object with version and rules' }])
  t.same(validateRuleset([]), [{ pointer: '', detail: 'must be an object with version and rules' }])
  t.same(validateRuleset({ version: '2027.1' }), [{ pointer: '/rules', detail: 'must be an object keyed by rule id' }])
  for (const version of ['2027', '27.1', '2027.0', '2027.1a', ' 2027.1', 2027.1]) {
    const r = draft()
    r.version = version
    t.same(validateRuleset(r), [{ pointer: '/version', detail: 'must be a version string like 2027.1' }], String(version))
  }
  const r = draft()
  r.publishedBy = 'me'
  r.rules['FIN-MOOD'] = { thresholds: {} }
  delete r.rules['FIN-ZSCORE']
  delete r.rules['FIN-LIQUIDITY'].thresholds.amber
  r.rules['FIN-LEVERAGE'].thresholds = { red: 6, amber: 8 }
  r.rules['FIN-INTEREST-COVER'].thresholds = { red: 2.5, amber: 2 }
  r.rules['FIN-COVENANT'].thresholds.red = 0.2
  r.rules['FIN-NET-LIABILITIES'].thresholds.amber = '0'
  r.rules['FIN-DETERIORATION'].thresholds.amber = 0.2
  r.rules['OWN-OPACITY'].thresholds.resolvedPct = 120
  r.rules['OWN-HOLD-PERIOD'].thresholds.years = 4.5
  r.rules['CMP-LATE'].thresholds = { red: 9, amber: 6, grace: 1 }
  r.rules['CMP-INCONSISTENT'].thresholds.balanceTolerance = Infinity
  r.rules['CONT-DIFFICULT-TO-REPLACE'].thresholds.maxCouncilDependence = 1.5
  r.rules['OWN-OFFSHORE'].severities = ['amber']
  r.rules['OWN-PE-BACKED'].description = ''
  r.rules['SYS-CONTINUITY'].notes = 'x'
  r.rules['FIN-REFINANCING'] = 'strict'
  t.same(validateRuleset(r), [
    { pointer: '/publishedBy', detail: 'unknown field' },
    { pointer: '/rules/FIN-MOOD', detail: 'unknown rule id' },
    { pointer: '/rules/FIN-LEVERAGE/thresholds/red', detail: 'must be stricter than amber: above 8' },
    { pointer: '/rules/FIN-INTEREST-COVER/thresholds/red', detail: 'must be stricter than amber: below 2' },
    { pointer: '/rules/FIN-COVENANT/thresholds/red', detail: 'must be stricter than amber: below 0.1' },
    { pointer: '/rules/FIN-REFINANCING', detail: 'must be an object with thresholds' },
    { pointer: '/rules/FIN-LIQUIDITY/thresholds/amber', detail: 'missing (amber when liquidity months < this)' },
    { pointer: '/rules/FIN-NET-LIABILITIES/thresholds/amber', detail: 'must be a whole number (pounds: amber when net assets < this)' },
    { pointer: '/rules/FIN-ZSCORE', detail: 'missing: every published rule must be defined' },
    { pointer: '/rules/FIN-DETERIORATION/thresholds/amber', detail: 'must be a finite number, below 0 (fraction: amber when the change in EBITDA on the previous period ≤ this)' },
    { pointer: '/rules/OWN-PE-BACKED/description', detail: 'must be a non-empty string' },
    { pointer: '/rules/OWN-OFFSHORE/severities', detail: 'must be [info]: the rule fixes which severities it raises' },
    { pointer: '/rules/OWN-OPACITY/thresholds/resolvedPct', detail: 'must be a finite number, above 0, at most 100 (percent: amber when resolved ownership < this)' },
    { pointer: '/rules/OWN-HOLD-PERIOD/thresholds/years', detail: 'must be a whole number, at least 1 (years: info when a private-equity holder has held the group more than this at the period end)' },
    { pointer: '/rules/CONT-DIFFICULT-TO-REPLACE/thresholds/maxCouncilDependence', detail: "must be a finite number, above 0, at most 1 (fraction: info when the share of one council's children looked after ≥ this)" },
    { pointer: '/rules/CMP-LATE/thresholds/grace', detail: 'unknown threshold' },
    { pointer: '/rules/CMP-INCONSISTENT/thresholds/balanceTolerance', detail: 'must be a finite number, at least 0 (pounds: amber when total assets − total liabilities differs from total equity by more than this)' },
    { pointer: '/rules/SYS-CONTINUITY/notes', detail: 'unknown field' },
  ])
  const e = t.throws(() => parseRuleset(r)) as RulesetError
  t.ok(e instanceof RulesetError)
  t.equal(e.problems.length, 18)
  t.match(e.message, /^invalid ruleset: \/publishedBy unknown field; /)
})

t.test('equal red and amber are not stricter; refinancing windows may sit either way', async t => {
  const r = draft()
  r.rules['CMP-LATE'].thresholds = { red: 6, amber: 6 }
  r.rules['FIN-REFINANCING'].thresholds = { red: 0.2, amber: 0.3 }
  t.same(validateRuleset(r), [{ pointer: '/rules/CMP-LATE/thresholds/red', detail: 'must be stricter than amber: above 6' }])
  const escaped = draft()
  escaped.rules['a/b~c'] = {}
  t.same(validateRuleset(escaped), [{ pointer: '/rules/a~1b~0c', detail: 'unknown rule id' }], 'pointer tokens escaped')
})

t.test('versions order as releases', async t => {
  t.same(['2026.10', '2027.1', '2026.2', '2026.9'].sort(compareRulesetVersions), ['2026.2', '2026.9', '2026.10', '2027.1'])
})
