// The PRF rules of ruleset 2027.1: each at, and either side of, its threshold, and as a regulator
// would quote it.
import t from 'tap'
import type { AnnualReturn, RelatedParty } from '../../../src/domain/annual-return.js'
import { assess, provisionalRating, type AssessInput } from '../../../src/domain/assess-return.js'
import { RULESETS } from '../../../src/domain/ruleset.js'
import { baseInput, baseReturn, flagsOf, homes, peOwned, rulesetWith, severityOf, withAccounts } from '../../fixtures/golden/builders.js'
import { workedReturn } from '../../fixtures/profit.js'

const R2027 = RULESETS['2027.1']
const under = (annualReturn: AnnualReturn, ruleset = R2027): AssessInput => baseInput({ annualReturn, ruleset })
const paying = (...relatedParties: RelatedParty[]): AnnualReturn => ({ ...baseReturn(), relatedParties })
const owner = (payments: RelatedParty['payments'], name = 'Castlegate Fund III LP'): RelatedParty =>
  ({ name, relationship: 'owner', payments })

t.test('PRF-EXTRACTION: amber when owners and related parties take 5% of revenue', async t => {
  // revenue 60,000,000: 5% is 3,000,000
  const extraction = (interest: number) => severityOf('PRF-EXTRACTION', under(paying(owner({ interest }))))
  t.equal(extraction(3_000_000), 'amber', 'at 5%')
  t.equal(extraction(2_999_999), null, 'just under')
  t.equal(extraction(3_000_001), 'amber', 'just over')
  t.equal(severityOf('PRF-EXTRACTION', under(paying(owner({ rent: 1_000_000 }), owner({ managementFees: 1_000_000 }), owner({ dividends: 500_000, other: 500_000 })))),
    'amber', 'every head counts: rent, fees, dividends, other')
  t.equal(severityOf('PRF-EXTRACTION', under(baseReturn())), null, 'no relatedParties section: not measurable, not raised')
  t.equal(severityOf('PRF-EXTRACTION', under(withAccounts({ revenue: 0 }, paying(owner({ interest: 1 }))))), null, 'no revenue: not measurable')
  t.equal(severityOf('PRF-EXTRACTION', under(paying(owner({ interest: 3_000_000 })), RULESETS['2026.2'])), null, 'not in 2026.2')
  t.equal(severityOf('PRF-EXTRACTION', under(paying(owner({ interest: 3_000_000 })), rulesetWith('PRF-EXTRACTION', { amber: 0.06 }, R2027))),
    null, 'the line is the ruleset\'s')
})

t.test("PRF-EXTRACTION as RULES.md's example reads", async t => {
  // £4,200,000 of £50,000,000 revenue is 8.4%
  const r = withAccounts({ revenue: 50_000_000 }, paying(
    { name: 'Harbour Property Ltd', relationship: 'owner_affiliate', payments: { rent: 2_100_000 } },
    { name: 'Castlegate Capital LLP', relationship: 'owner_affiliate', payments: { managementFees: 600_000 } },
    owner({ interest: 1_500_000 }),
  ))
  const [flag] = flagsOf('PRF-EXTRACTION', under(r))
  t.equal(flag.explanation,
    '£4,200,000 went to owners and related parties (8.4% of revenue): £2,100,000 rent, £600,000 fees, £1,500,000 shareholder-loan interest.')
  t.strictSame(flag.evidence, {
    metrics: { extractionRate: 0.084, valueExtracted: 4_200_000, relatedPartyCharges: 2_700_000, ownerFinanceCost: 1_500_000, distributions: 0 },
    thresholds: { amber: 0.05 },
    inputs: {
      '/annualReturn/accounts/revenue': 50_000_000,
      '/annualReturn/relatedParties/0/name': 'Harbour Property Ltd',
      '/annualReturn/relatedParties/0/payments/rent': 2_100_000,
      '/annualReturn/relatedParties/1/name': 'Castlegate Capital LLP',
      '/annualReturn/relatedParties/1/payments/managementFees': 600_000,
      '/annualReturn/relatedParties/2/name': 'Castlegate Fund III LP',
      '/annualReturn/relatedParties/2/payments/interest': 1_500_000,
    },
  })
  const [worked] = flagsOf('PRF-EXTRACTION', under(workedReturn()))
  t.equal(worked.explanation, '£5,000,000 went to owners and related parties (8.3% of revenue): £2,500,000 rent, £600,000 fees, '
    + '£50,000 other charges, £1,500,000 shareholder-loan interest, £350,000 dividends.', 'every head named, in that order')
})

t.test('PRF-MARGIN: info when the margin with related-party charges added back reaches 20%', async t => {
  // operating profit 6,000,000 on 60,000,000; 20% is 12,000,000 of adjusted operating profit
  const margin = (rent: number) => severityOf('PRF-MARGIN', under(paying(owner({ rent, interest: 9_000_000, dividends: 9_000_000 }))))
  t.equal(margin(6_000_000), 'info', 'at 20%')
  t.equal(margin(5_999_999), null, 'just under (interest and dividends are not added back)')
  t.equal(margin(6_000_001), 'info', 'just over')
  t.equal(severityOf('PRF-MARGIN', under(withAccounts({ operatingProfit: 12_000_000 }, paying()))), 'info', 'an empty section: the operating margin itself')
  t.equal(severityOf('PRF-MARGIN', under(withAccounts({ operatingProfit: 12_000_000 })))
    , null, 'no relatedParties section: not measurable')
  const [flag] = flagsOf('PRF-MARGIN', under(workedReturn(), rulesetWith('PRF-MARGIN', { adjustedMargin: 0.15 }, R2027)))
  t.equal(flag.explanation, 'Operating margin with related-party charges added back is 15.3% (info at 15%): £6,000,000 operating profit '
    + 'and £3,150,000 of rent, fees and other charges paid to related parties, on £60,000,000 revenue.')
  t.strictSame(flag.evidence.metrics, { adjustedMargin: 0.1525, adjustedOperatingProfit: 9_150_000, relatedPartyCharges: 3_150_000, operatingMargin: 0.1 })
  t.strictSame(flag.evidence.thresholds, { adjustedMargin: 0.15 })
  t.strictSame(Object.keys(flag.evidence.inputs), [
    '/annualReturn/accounts/revenue', '/annualReturn/accounts/operatingProfit',
    '/annualReturn/relatedParties/0/name', '/annualReturn/relatedParties/0/payments/rent',
    '/annualReturn/relatedParties/1/name', '/annualReturn/relatedParties/1/payments/managementFees', '/annualReturn/relatedParties/1/payments/other',
  ], 'the charges added back, not the interest or dividends')
  const [bare] = flagsOf('PRF-MARGIN', under(withAccounts({ operatingProfit: 13_000_000 }, paying())))
  t.equal(bare.explanation, 'Operating margin with related-party charges added back is 21.7% (info at 20%): £13,000,000 operating profit '
    + 'with nothing charged by related parties, on £60,000,000 revenue.')
})

t.test("PRF-RELATED-PROPERTY: info when half the rent goes to related parties", async t => {
  const landlord = (rent: number) => severityOf('PRF-RELATED-PROPERTY',
    under(withAccounts({ rentPayable: 4_000_000 }, paying({ name: 'Meadowbank Property Ltd', relationship: 'owner_affiliate', payments: { rent } }))))
  t.equal(landlord(2_000_000), 'info', 'at 50%')
  t.equal(landlord(1_999_999), null, 'just under')
  t.equal(landlord(2_000_001), 'info', 'just over')
  t.equal(severityOf('PRF-RELATED-PROPERTY', under(paying(owner({ rent: 2_000_000 })))), null, 'no rent payable filed: not measurable')
  t.equal(severityOf('PRF-RELATED-PROPERTY', under(withAccounts({ rentPayable: 0 }, paying(owner({ rent: 1 }))))), null, 'none payable')
  const r = workedReturn()
  r.relatedParties!.push({ name: 'Ruth Okafor', relationship: 'director', ref: 'founder', payments: { rent: 300_000 } })
  const [flag] = flagsOf('PRF-RELATED-PROPERTY', under(r))
  t.equal(flag.explanation, '70% of the rent payable goes to related parties (info at 50%): £2,800,000 of £4,000,000, '
    + 'to Meadowbank Property Ltd and Ruth Okafor.')
  t.strictSame(flag.evidence, {
    metrics: { relatedRentShare: 0.7 },
    thresholds: { relatedRentShare: 0.5 },
    inputs: {
      '/annualReturn/accounts/rentPayable': 4_000_000,
      '/annualReturn/relatedParties/0/name': 'Meadowbank Property Ltd',
      '/annualReturn/relatedParties/0/payments/rent': 2_500_000,
      '/annualReturn/relatedParties/3/name': 'Ruth Okafor',
      '/annualReturn/relatedParties/3/payments/rent': 300_000,
    },
  })
})

t.test('PRF flags never move SYS-CONTINUITY, and info ones never the rating', async t => {
  // PE-backed and difficult to replace (320 places), with no FIN flag
  const systemic = (r: AnnualReturn) => baseInput({ annualReturn: { ...r, settings: homes(80, 4) }, ownership: peOwned(), ruleset: R2027 })
  const extracting = assess(systemic(paying(owner({ interest: 30_000_000 }))))
  t.same(extracting.flags.filter(f => f.severity !== 'info').map(f => f.ruleId), ['PRF-EXTRACTION'], 'an amber PRF flag is not a FIN flag: no SYS-CONTINUITY')
  t.ok(extracting.flags.some(f => f.ruleId === 'OWN-PE-BACKED') && extracting.flags.some(f => f.ruleId === 'CONT-DIFFICULT-TO-REPLACE'))
  t.equal(provisionalRating(extracting.flags), 'amber')
  const lettingOnly = assess(systemic(withAccounts({ operatingProfit: 12_000_000, rentPayable: 1_000_000 }, paying(owner({ rent: 1_000_000 })))))
  t.same(lettingOnly.flags.filter(f => f.ruleId.startsWith('PRF-')).map(f => f.ruleId), ['PRF-MARGIN', 'PRF-RELATED-PROPERTY'])
  t.equal(provisionalRating(lettingOnly.flags), 'green', 'info flags never change the rating')
})
