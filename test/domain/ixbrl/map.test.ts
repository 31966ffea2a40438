import { readFileSync } from 'node:fs'
import t from 'tap'
import { readIxbrl } from '../../../src/domain/ixbrl/read.js'
import { ACCOUNTS_FIELDS, mapAccounts, type AccountsExtraction } from '../../../src/domain/ixbrl/map.js'
import { IxbrlError } from '../../../src/domain/ixbrl/ixbrl.errors.js'
import { composeIxbrl, type ComposedContext, type ComposedFact } from '../../fixtures/ixbrl/compose.js'
import { largeIxbrlDocument } from '../../fixtures/ixbrl/generate.js'

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/ixbrl/${name}`, import.meta.url), 'utf8')
const mapped = (doc: string) => mapAccounts(readIxbrl(doc))
const factFor = (m: AccountsExtraction, field: string) => m.facts.find(f => f.field === field)

const YEAR = '2024-01-01/2024-12-31'
const END = '2024-12-31'
const GROUP = { 'uk-bus:GroupCompanyDataDimension': 'uk-bus:Consolidated' }
const WITHIN = { 'uk-core:MaturitiesOrExpirationPeriodsDimension': 'uk-core:WithinOneYear' }
const compose = (contexts: ComposedContext[], facts: ComposedFact[], text?: Parameters<typeof composeIxbrl>[0]['text']) =>
  mapped(composeIxbrl({ contexts, facts, text }))

t.test('FRS 102 group accounts: every field, from the consolidated column', async t => {
  const m = mapped(fixture('frs102-group.xhtml'))
  const stated = (field: string, concept: string, contextRef: string, period: string, value: number) =>
    t.same(factFor(m, field), { field, concept, contextRef, period, value, scope: 'group' }, field)

  stated('revenue', 'uk-core:TurnoverRevenue', 'grp-cy', YEAR, 48_250_000)
  stated('operatingProfit', 'uk-core:OperatingProfitLoss', 'grp-cy', YEAR, 5_120_000)
  stated('depreciationAmortisation', 'uk-core:DepreciationAmortisationImpairmentExpense', 'grp-cy', YEAR, 1_340_000)
  stated('cashInterestPayable', 'uk-core:InterestPayableSimilarChargesFinanceCosts', 'grp-cy', YEAR, 2_210_000)
  stated('cash', 'uk-core:CashBankOnHand', 'grp-cy-end', END, 3_870_000)
  stated('currentAssets', 'uk-core:CurrentAssets', 'grp-cy-end', END, 10_000_000)
  stated('currentLiabilities', 'uk-core:Creditors', 'grp-cy-end-within', END, 12_450_000)
  stated('totalEquity', 'uk-core:Equity', 'grp-cy-end', END, 19_000_000)
  stated('retainedEarnings', 'uk-core:Equity', 'grp-cy-end-re', END, 18_900_000)
  stated('profitBeforeTax', 'uk-core:ProfitLossOnOrdinaryActivitiesBeforeTax', 'grp-cy', YEAR, 2_910_000)

  t.same(factFor(m, 'totalAssets'), {
    field: 'totalAssets', concept: null, contextRef: null, period: END, value: 71_400_000, scope: 'group',
    derivedFrom: ['uk-core:FixedAssets', 'uk-core:CurrentAssets'],
    components: [
      { concept: 'uk-core:FixedAssets', contextRef: 'grp-cy-end', value: 61_400_000 },
      { concept: 'uk-core:CurrentAssets', contextRef: 'grp-cy-end', value: 10_000_000 },
    ],
  }, 'total assets are not tagged: fixed plus current assets, and it says so')
  t.same(factFor(m, 'totalLiabilities'), {
    field: 'totalLiabilities', concept: null, contextRef: null, period: END, value: 52_400_000, scope: 'group',
    derivedFrom: ['uk-core:Creditors', 'uk-core:Creditors', 'uk-core:ProvisionsForLiabilitiesBalanceSheetSubtotal'],
    components: [
      { concept: 'uk-core:Creditors', contextRef: 'grp-cy-end-within', value: 12_450_000 },
      { concept: 'uk-core:Creditors', contextRef: 'grp-cy-end-after', value: 38_700_000 },
      { concept: 'uk-core:ProvisionsForLiabilitiesBalanceSheetSubtotal', contextRef: 'grp-cy-end', value: 1_250_000 },
    ],
  }, 'total liabilities are not tagged: creditors within and after one year plus provisions')

  t.same(m.accounts, {
    revenue: 48_250_000, operatingProfit: 5_120_000, depreciationAmortisation: 1_340_000, cashInterestPayable: 2_210_000,
    cash: 3_870_000, currentAssets: 10_000_000, totalAssets: 71_400_000, currentLiabilities: 12_450_000,
    totalLiabilities: 52_400_000, totalEquity: 19_000_000, retainedEarnings: 18_900_000, profitBeforeTax: 2_910_000,
  })
  t.equal(m.accounts.totalAssets! - m.accounts.totalLiabilities!, m.accounts.totalEquity, 'the balance sheet balances')
  t.same(m.missing, ['directorsRemuneration', 'rentPayable'])
  t.same(m.missingReasons, { directorsRemuneration: 'no figure is tagged for the current period', rentPayable: 'no figure is tagged for the current period' })
  t.match(m, { periodStart: '2024-01-01', periodEnd: '2024-12-31', companyNumber: '09876543', scope: 'group' })
  t.same(m.facts.map(f => f.field), ACCOUNTS_FIELDS.filter(f => !m.missing.includes(f)), 'one fact per field found, in field order')
  t.notOk(m.facts.some(f => f.contextRef?.startsWith('co-') || f.components?.some(c => c.contextRef.startsWith('co-'))),
    'nothing from the company column')
})

t.test('a single company: derived totals, dimensions, signs and rounding', async t => {
  const m = mapped(fixture('frs102-small.xhtml'))
  t.same(m.accounts, {
    operatingProfit: -12_480,
    cashInterestPayable: 1235,
    cash: 21_700,
    currentAssets: 64_300,
    totalAssets: 216_800,
    currentLiabilities: 48_900,
    totalLiabilities: 142_000,
    totalEquity: 74_800,
    retainedEarnings: -25_200,
  })
  t.same(m.missing, ['revenue', 'depreciationAmortisation', 'profitBeforeTax', 'directorsRemuneration', 'rentPayable'],
    'a filleted profit and loss account leaves these out')
  t.equal(m.scope, 'entity')
  t.match(m, { periodStart: '2024-04-01', periodEnd: '2025-03-31' }, 'no report dates: the latest period the figures give')
  t.equal(m.companyNumber, 'SC612345', 'no registered number fact: the context identifier under the Companies House scheme')
  t.equal(factFor(m, 'cashInterestPayable')?.value, 1235, '£1,234.56 rounds to whole pounds after scaling')
  t.equal(factFor(m, 'currentLiabilities')?.contextRef, 'cy-end-current', 'the current/non-current financial instrument dimension')
  t.equal(factFor(m, 'currentLiabilities')?.value, 48_900, 'creditors tagged with sign="-" still count as a liability')
  t.equal(factFor(m, 'cash')?.contextRef, 'cy-end', 'a typed breakdown of cash is not the balance')
  t.same(factFor(m, 'totalAssets')?.derivedFrom, [
    'core:FixedAssets', 'core:CurrentAssets', 'core:PrepaymentsAccruedIncomeNotExpressedWithinCurrentAssetSubtotal',
  ], 'prepayments shown outside current assets are assets too')
  t.same(factFor(m, 'totalLiabilities')?.derivedFrom, [
    'core:Creditors', 'core:Creditors', 'core:AccruedLiabilitiesNotExpressedWithinCreditorsSubtotal',
  ], 'accruals shown outside creditors are liabilities too')
  t.equal(factFor(m, 'retainedEarnings')?.value, -25_200, 'accumulated losses stay negative')
})

t.test('UK IFRS group accounts: every field, the group not the parent, the year not a quarter', async t => {
  const m = mapped(fixture('ifrs-group.xhtml'))
  const expected: [string, string, string, number][] = [
    ['revenue', 'ifrs-full:Revenue', 'FY2024', 212_400_000],
    ['operatingProfit', 'ifrs-full:ProfitLossFromOperatingActivities', 'FY2024', 18_700_000],
    ['depreciationAmortisation', 'ifrs-full:DepreciationAndAmortisationExpense', 'FY2024', 9_300_000],
    ['cashInterestPayable', 'ifrs-full:FinanceCosts', 'FY2024', 6_100_000],
    ['cash', 'ifrs-full:CashAndCashEquivalents', 'END2024', 14_200_000],
    ['currentAssets', 'ifrs-full:CurrentAssets', 'END2024', 41_500_000],
    ['totalAssets', 'ifrs-full:Assets', 'END2024', 229_500_000],
    ['currentLiabilities', 'ifrs-full:CurrentLiabilities', 'END2024', 37_900_000],
    ['totalLiabilities', 'ifrs-full:Liabilities', 'END2024', 140_500_000],
    ['totalEquity', 'ifrs-full:Equity', 'END2024', 89_000_000],
    ['retainedEarnings', 'ifrs-full:RetainedEarnings', 'END2024', 61_300_000],
  ]
  for (const [field, concept, contextRef, value] of expected) t.match(factFor(m, field), { concept, contextRef, value }, field)
  t.same(m.missing, ['profitBeforeTax', 'directorsRemuneration', 'rentPayable'], 'the fixture tags none of the three optional fields')
  t.match(m, { periodStart: '2024-01-01', periodEnd: '2024-12-31', scope: 'group', companyNumber: undefined })
  t.ok(m.facts.every(f => f.scope === 'group'), 'an IFRS group\'s default column is the group')

  const older = fixture('ifrs-group.xhtml').replace('https://xbrl.ifrs.org/taxonomy/2023-03-23/ifrs-full', 'http://xbrl.ifrs.org/taxonomy/2019-03-27/ifrs-full')
  t.same(mapped(older).accounts, m.accounts, 'the older http namespace of the IFRS taxonomy reads the same')
})

t.test('IFRS totals that are not tagged are derived from their parts', async t => {
  const m = compose([{ id: 'e', period: END }], [
    { name: 'ifrs-full:NoncurrentAssets', context: 'e', shown: '700' },
    { name: 'ifrs-full:CurrentAssets', context: 'e', shown: '300' },
    { name: 'ifrs-full:CurrentLiabilities', context: 'e', shown: '250' },
    { name: 'ifrs-full:NoncurrentLiabilities', context: 'e', shown: '400' },
  ])
  t.match(factFor(m, 'totalAssets'), { value: 1000, derivedFrom: ['ifrs-full:NoncurrentAssets', 'ifrs-full:CurrentAssets'] })
  t.match(factFor(m, 'totalLiabilities'), { value: 650, derivedFrom: ['ifrs-full:CurrentLiabilities', 'ifrs-full:NoncurrentLiabilities'] })
})

t.test('a tagged total is taken as filed, not derived', async t => {
  const m = compose([{ id: 'e', period: END }, { id: 'w', period: END, members: WITHIN }], [
    { name: 'uk-core:FixedAssets', context: 'e', shown: '900' },
    { name: 'uk-core:CurrentAssets', context: 'e', shown: '100' },
    { name: 'uk-core:TotalAssets', context: 'e', shown: '1,001' },
    { name: 'uk-core:Creditors', context: 'w', shown: '300' },
    { name: 'uk-core:TotalLiabilities', context: 'e', shown: '450' },
  ])
  t.same(factFor(m, 'totalAssets'), { field: 'totalAssets', concept: 'uk-core:TotalAssets', contextRef: 'e', period: END, value: 1001, scope: 'entity' })
  t.same(factFor(m, 'totalLiabilities'), { field: 'totalLiabilities', concept: 'uk-core:TotalLiabilities', contextRef: 'e', period: END, value: 450, scope: 'entity' })
})

t.test('a derived total needs its main part', async t => {
  const m = compose([{ id: 'e', period: END }], [
    { name: 'uk-core:FixedAssets', context: 'e', shown: '900' },
    { name: 'uk-core:ProvisionsForLiabilitiesBalanceSheetSubtotal', context: 'e', shown: '50' },
  ])
  t.same(m.missing, ACCOUNTS_FIELDS, 'no current assets, no creditors: no totals')
})

t.test('net assets stand in for equity when capital and reserves are not tagged', async t => {
  const m = compose([{ id: 'e', period: END }], [{ name: 'uk-core:NetAssetsLiabilities', context: 'e', shown: '5,000', sign: '-' }])
  t.same(factFor(m, 'totalEquity'), { field: 'totalEquity', concept: 'uk-core:NetAssetsLiabilities', contextRef: 'e', period: END, value: -5000, scope: 'entity' },
    'net liabilities are negative equity')
})

t.test('costs and balances are magnitudes; profits keep their sign', async t => {
  const m = compose([{ id: 'y', period: YEAR }, { id: 'e', period: END }], [
    { name: 'uk-core:TurnoverRevenue', context: 'y', shown: '1,000', sign: '-' },
    { name: 'uk-core:InterestPayableSimilarChargesFinanceCosts', context: 'y', shown: '75', sign: '-' },
    { name: 'uk-core:DepreciationAmortisationImpairmentExpense', context: 'y', shown: '20', sign: '-' },
    { name: 'uk-core:OperatingProfitLoss', context: 'y', shown: '40', sign: '-' },
    { name: 'uk-core:CashBankOnHand', context: 'e', shown: '10', sign: '-' },
    { name: 'uk-core:Equity', context: 'e', shown: '5', sign: '-' },
  ])
  t.match(m.accounts, { revenue: 1000, cashInterestPayable: 75, depreciationAmortisation: 20, cash: 10, operatingProfit: -40, totalEquity: -5 })
})

t.test('whole pounds: rounded half away from zero after scaling, never -0', async t => {
  const m = compose([{ id: 'y', period: YEAR }, { id: 'e', period: END }], [
    { name: 'uk-core:OperatingProfitLoss', context: 'y', shown: '2.5', sign: '-' },
    { name: 'uk-core:TurnoverRevenue', context: 'y', shown: '1.0005', scale: 3 },
    { name: 'uk-core:Equity', context: 'e', shown: '0.4', sign: '-' },
    { name: 'uk-core:CashBankOnHand', context: 'e', shown: '12,345', scale: -2 },
  ])
  t.equal(m.accounts.operatingProfit, -3)
  t.equal(m.accounts.revenue, 1001, '1.0005 thousand is £1,000.50')
  t.ok(Object.is(m.accounts.totalEquity, 0), '-0.4 is £0, not -£0')
  t.equal(m.accounts.cash, 123, '12,345 pence')
})

t.test('only pounds sterling are read', async t => {
  const m = compose([{ id: 'y', period: YEAR }], [
    { name: 'uk-core:TurnoverRevenue', context: 'y', shown: '900', unit: 'EUR' },
    { name: 'uk-core:OperatingProfitLoss', context: 'y', shown: '90' },
  ])
  t.ok(m.missing.includes('revenue'), 'turnover in euros is not a figure in pounds')
  t.equal(m.accounts.operatingProfit, 90)
})

t.test('nil and empty figures are not figures', async t => {
  const m = compose([{ id: 'y', period: YEAR }], [
    { name: 'uk-core:TurnoverRevenue', context: 'y', shown: '', format: 'ixt:nocontent' },
    { name: 'uk-core:OperatingProfitLoss', context: 'y', shown: '-', format: 'ixt:fixed-zero' },
  ])
  t.ok(m.missing.includes('revenue'))
  t.equal(m.accounts.operatingProfit, 0, 'a dash for zero is zero')
})

t.test('the current period: stated dates first, then the latest, and the full year over a part of it', async t => {
  const contexts = [
    { id: 'fy24', period: YEAR }, { id: 'h2-24', period: '2024-07-01/2024-12-31' }, { id: 'fy23', period: '2023-01-01/2023-12-31' },
    { id: 'e24', period: END }, { id: 'e23', period: '2023-12-31' },
  ]
  const facts = [
    { name: 'uk-core:TurnoverRevenue', context: 'h2-24', shown: '60' },
    { name: 'uk-core:TurnoverRevenue', context: 'fy23', shown: '100' },
    { name: 'uk-core:TurnoverRevenue', context: 'fy24', shown: '110' },
    { name: 'uk-core:CashBankOnHand', context: 'e23', shown: '7' },
    { name: 'uk-core:CashBankOnHand', context: 'e24', shown: '8' },
  ]
  const latest = compose(contexts, facts)
  t.match(latest, { periodStart: '2024-01-01', periodEnd: '2024-12-31', accounts: { revenue: 110, cash: 8 } })

  const stated = compose(contexts, facts, [
    { name: 'uk-bus:StartDateForPeriodCoveredByReport', context: 'fy23', shown: '1 January 2023', format: 'ixt:date-day-monthname-year-en' },
    { name: 'uk-bus:EndDateForPeriodCoveredByReport', context: 'fy23', shown: '31 December 2023', format: 'ixt:date-day-monthname-year-en' },
  ])
  t.match(stated, { periodStart: '2023-01-01', periodEnd: '2023-12-31', accounts: { revenue: 100, cash: 7 } },
    'the report says which year it covers')

  const half = compose(contexts, facts, [
    { name: 'uk-bus:StartDateForPeriodCoveredByReport', context: 'h2-24', shown: '2024-07-01' },
  ])
  t.match(half, { periodStart: '2024-07-01', accounts: { revenue: 60 } }, 'a stated start picks its period among those ending together')
})

t.test('the column is decided per field: consolidated where the filing has the figure, else the entity\'s own', async t => {
  const contexts = [
    { id: 'co', period: END }, { id: 'grp', period: END, members: GROUP },
    { id: 'other', period: END, members: { 'uk-bus:GroupCompanyDataDimension': 'uk-bus:SomeOtherMember' } },
    { id: 'grp-within', period: END, members: { ...GROUP, ...WITHIN } }, { id: 'co-within', period: END, members: WITHIN },
  ]
  const m = compose(contexts, [
    { name: 'uk-core:CashBankOnHand', context: 'co', shown: '1' },
    { name: 'uk-core:CashBankOnHand', context: 'grp', shown: '2' },
    { name: 'uk-core:CurrentAssets', context: 'co', shown: '3' },
    { name: 'uk-core:CurrentAssets', context: 'other', shown: '4' },
    { name: 'uk-core:FixedAssets', context: 'co', shown: '10' },
    { name: 'uk-core:Creditors', context: 'co-within', shown: '5' },
    { name: 'uk-core:Creditors', context: 'grp-within', shown: '6' },
  ])
  t.match(factFor(m, 'cash'), { value: 2, contextRef: 'grp', scope: 'group' }, 'the consolidated column, wherever it comes in the document')
  t.match(factFor(m, 'currentAssets'), { value: 3, contextRef: 'co', scope: 'entity' }, 'no consolidated current assets: the entity\'s own, and it says so')
  t.match(factFor(m, 'currentLiabilities'), { value: 6, contextRef: 'grp-within', scope: 'group' })
  t.match(factFor(m, 'totalAssets'), { value: 13, scope: 'entity', components: [{ contextRef: 'co' }, { contextRef: 'co' }] },
    'a derived figure adds up parts from one column only')
  t.equal(m.scope, 'group', 'some figure came from the consolidated column')

  // A single company whose filing carries one consolidated context for one stray fact (as some packages
  // write the balance sheet date) is read like any single company.
  const stray = compose([{ id: 'y', period: YEAR }, { id: 'e', period: END }, { id: 'grp-e', period: END, members: GROUP }], [
    { name: 'uk-core:TurnoverRevenue', context: 'y', shown: '900' },
    { name: 'uk-core:CurrentAssets', context: 'e', shown: '300' },
    { name: 'uk-core:Creditors', context: 'e', shown: '100' },
  ], [{ name: 'uk-bus:BalanceSheetDate', context: 'grp-e', shown: '2024-12-31' }])
  t.match(stray.accounts, { revenue: 900, currentAssets: 300 })
  t.ok(stray.facts.every(f => f.scope === 'entity'))
  t.equal(stray.scope, 'entity')

  const ifrs = compose([
    { id: 'g', period: END }, { id: 's', period: END, scenario: true, members: { 'ifrs-full:ConsolidatedAndSeparateFinancialStatementsAxis': 'ifrs-full:SeparateMember' } },
    { id: 'c', period: END, scenario: true, members: { 'ifrs-full:ConsolidatedAndSeparateFinancialStatementsAxis': 'ifrs-full:ConsolidatedMember' } },
  ], [
    { name: 'ifrs-full:CashAndCashEquivalents', context: 's', shown: '5' },
    { name: 'ifrs-full:CurrentAssets', context: 's', shown: '6' },
    { name: 'ifrs-full:CurrentAssets', context: 'c', shown: '7' },
  ])
  t.ok(ifrs.missing.includes('cash'), 'IFRS: the separate (company) column is never the group')
  t.equal(ifrs.accounts.currentAssets, 7, 'IFRS: an explicit consolidated member is the group')
})

t.test('a figure broken down by another dimension is not the total', async t => {
  const m = compose([
    { id: 'e', period: END },
    { id: 'seg', period: END, members: { 'uk-core:OperatingSegmentsDimension': 'uk-core:ReportableOperatingSegment1' } },
  ], [
    { name: 'uk-core:CashBankOnHand', context: 'seg', shown: '9' },
    { name: 'uk-core:CashBankOnHand', context: 'e', shown: '10' },
    { name: 'uk-core:Equity', context: 'seg', shown: '11' },
  ])
  t.equal(m.accounts.cash, 10)
  t.ok(m.missing.includes('totalEquity'))
})

t.test('the company number: the registered number fact, without spaces', async t => {
  const m = compose([{ id: 'y', period: YEAR }], [{ name: 'uk-core:TurnoverRevenue', context: 'y', shown: '1' }],
    [{ name: 'uk-bus:UKCompaniesHouseRegisteredNumber', context: 'y', shown: ' 0123 4567 ' }])
  t.equal(m.companyNumber, '01234567')
})

t.test('no recognised concepts is refused, naming what is missing', async t => {
  let err: unknown
  try { mapped(fixture('unrecognised.xhtml')) } catch (e) { err = e }
  t.type(err, IxbrlError)
  t.same((err as IxbrlError).missing, ACCOUNTS_FIELDS)
  t.match((err as IxbrlError).problems, [{ detail: /none of its 2 numeric facts uses an FRC core \(FRS 102\) or IFRS concept/ }])
  t.match((err as IxbrlError).message, /^no recognised concepts/)
})

t.test('a recognised concept only in another period is no figure, and no refusal', async t => {
  const m = compose([{ id: 'y', period: YEAR }, { id: 'e23', period: '2023-12-31' }], [
    { name: 'uk-core:CashBankOnHand', context: 'e23', shown: '1' },
    { name: 'own:Sales', context: 'y', shown: '2' },
  ], [{ name: 'uk-bus:EndDateForPeriodCoveredByReport', context: 'y', shown: '2024-12-31' }])
  t.same(m.missing, ACCOUNTS_FIELDS)
  t.equal(m.periodEnd, '2024-12-31')
})

t.test('the generated benchmark document maps like the accounts it imitates', async t => {
  const m = mapped(largeIxbrlDocument(500_000))
  const imitated = mapped(fixture('frs102-group.xhtml'))
  t.same(m.accounts, imitated.accounts)
  t.same(m.missing, imitated.missing)
})

const AFTER = { 'uk-core:MaturitiesOrExpirationPeriodsDimension': 'uk-core:AfterOneYear' }

t.test('depreciation and amortisation: the combined charge, or its two parts added up', async t => {
  const contexts: ComposedContext[] = [
    { id: 'y', period: YEAR },
    { id: 'owned', period: YEAR, members: { 'uk-core:OwnershipAssetsDimension': 'uk-core:OwnedAssets' } },
    { id: 'leased', period: YEAR, members: { 'uk-core:OwnershipAssetsDimension': 'uk-core:LeasedAssets' } },
  ]
  const withResult = (facts: ComposedFact[]) => compose(contexts, [{ name: 'uk-core:OperatingProfitLoss', context: 'y', shown: '1,000' }, ...facts])
  t.match(factFor(withResult([{ name: 'uk-core:DepreciationAmortisationExpense', context: 'y', shown: '420' }]), 'depreciationAmortisation'),
    { concept: 'uk-core:DepreciationAmortisationExpense', value: 420 }, 'the concept most FRS 102 filings use')
  const parts = withResult([
    { name: 'uk-core:DepreciationExpensePropertyPlantEquipment', context: 'y', shown: '300' },
    { name: 'uk-core:AmortisationExpenseIntangibleAssets', context: 'y', shown: '120', sign: '-' },
  ])
  t.match(factFor(parts, 'depreciationAmortisation'), {
    concept: null, value: 420,
    derivedFrom: ['uk-core:DepreciationExpensePropertyPlantEquipment', 'uk-core:AmortisationExpenseIntangibleAssets'],
  }, 'only the parts tagged: their sum')
  t.equal(withResult([{ name: 'uk-core:DepreciationExpensePropertyPlantEquipment', context: 'y', shown: '300' }]).accounts.depreciationAmortisation,
    300, 'no intangible assets: depreciation alone')

  // the operating profit note splits depreciation by owned and leased assets; the fixed asset note has the total
  const notes = withResult([
    { name: 'uk-core:DepreciationExpensePropertyPlantEquipment', context: 'owned', shown: '189,166' },
    { name: 'uk-core:DepreciationExpensePropertyPlantEquipment', context: 'leased', shown: '57,208' },
    { name: 'uk-core:IncreaseFromDepreciationChargeForYearPropertyPlantEquipment', context: 'y', shown: '246,374' },
    { name: 'uk-core:IncreaseFromAmortisationChargeForYearIntangibleAssets', context: 'y', shown: '5,284' },
  ])
  t.match(factFor(notes, 'depreciationAmortisation'), {
    value: 251_658,
    derivedFrom: ['uk-core:IncreaseFromDepreciationChargeForYearPropertyPlantEquipment', 'uk-core:IncreaseFromAmortisationChargeForYearIntangibleAssets'],
  }, 'the charge for the year in the fixed asset notes')

  const short = withResult([
    { name: 'uk-core:DepreciationExpensePropertyPlantEquipment', context: 'owned', shown: '72,295' },
    { name: 'uk-core:IncreaseFromAmortisationChargeForYearIntangibleAssets', context: 'y', shown: '1,877,581' },
  ])
  t.notOk('depreciationAmortisation' in short.accounts, 'depreciation tagged only for owned assets: amortisation alone would be short')
  t.equal(short.missingReasons.depreciationAmortisation,
    'uk-core:DepreciationExpensePropertyPlantEquipment is tagged only in parts (by class or ownership), with no total to add')
})

t.test('total liabilities keep the balance sheet identity whenever net assets are stated', async t => {
  const contexts = [{ id: 'e', period: END }, { id: 'w', period: END, members: WITHIN }, { id: 'a', period: END, members: AFTER }]
  const balanceSheet = [
    { name: 'uk-core:FixedAssets', context: 'e', shown: '900' },
    { name: 'uk-core:CurrentAssets', context: 'e', shown: '400' },
    { name: 'uk-core:Creditors', context: 'w', shown: '250' },
    { name: 'uk-core:Creditors', context: 'a', shown: '300' },
    { name: 'uk-core:ProvisionsForLiabilitiesBalanceSheetSubtotal', context: 'e', shown: '50' },
  ]
  const consistent = compose(contexts, [...balanceSheet, { name: 'uk-core:NetAssetsLiabilities', context: 'e', shown: '700' }])
  t.match(factFor(consistent, 'totalLiabilities'), { value: 600, components: [{ value: 250 }, { value: 300 }, { value: 50 }] },
    'creditors within and after a year plus provisions, when they add up to assets less net assets')
  t.notOk(factFor(consistent, 'totalLiabilities')?.note)

  // a defined benefit pension deficit shown after the provisions, under a concept the reader does not list
  const pension = compose(contexts, [...balanceSheet, { name: 'uk-core:NetAssetsLiabilities', context: 'e', shown: '580' }])
  t.match(factFor(pension, 'totalLiabilities'), {
    value: 720, concept: null,
    derivedFrom: ['uk-core:FixedAssets', 'uk-core:CurrentAssets', 'uk-core:NetAssetsLiabilities'],
    components: [{ value: 900 }, { value: 400 }, { value: -580 }],
    note: 'total assets £1,300 less net assets £580; the liability lines tagged add up to £600',
  })
  t.equal(pension.accounts.totalAssets! - pension.accounts.totalLiabilities!, pension.accounts.totalEquity, 'assets − liabilities = equity')

  const noLines = compose(contexts, [balanceSheet[0], balanceSheet[1], { name: 'uk-core:Equity', context: 'e', shown: '1,000' }])
  t.match(factFor(noLines, 'totalLiabilities'), { value: 300, note: /no liability line is tagged/ })
})

t.test('net assets tagged without their sign are read with the sign the filing\'s own figures give', async t => {
  // Companies House's micro-entity form tagged net liabilities as a positive figure inside brackets
  const m = compose([{ id: 'e', period: END }, { id: 'w', period: END, members: WITHIN }], [
    { name: 'uk-core:CurrentAssets', context: 'e', shown: '2,909' },
    { name: 'uk-core:Creditors', context: 'w', shown: '6,719' },
    { name: 'uk-core:NetAssetsLiabilities', context: 'e', shown: '3,810' },
    { name: 'uk-core:Equity', context: 'e', shown: '3,810' },
  ])
  t.match(m.accounts, { totalAssets: 2909, totalLiabilities: 6719, totalEquity: -3810 })
  t.match(factFor(m, 'totalEquity'), { concept: 'uk-core:Equity', note: /tagged as £3,810 without sign="-"/ })
})

t.test('subtotals a small balance sheet leaves out are worked back from the ones it shows', async t => {
  // one fixed asset line and one current asset line: no FixedAssets or CurrentAssets subtotal
  const m = compose([{ id: 'e', period: END }, { id: 'w', period: END, members: WITHIN }], [
    { name: 'uk-core:PropertyPlantEquipment', context: 'e', shown: '52,982' },
    { name: 'uk-core:CashBankOnHand', context: 'e', shown: '67,236' },
    { name: 'uk-core:Creditors', context: 'w', shown: '42,352' },
    { name: 'uk-core:NetCurrentAssetsLiabilities', context: 'e', shown: '24,884' },
    { name: 'uk-core:TotalAssetsLessCurrentLiabilities', context: 'e', shown: '77,866' },
  ])
  t.match(factFor(m, 'currentAssets'), { value: 67_236, derivedFrom: ['uk-core:NetCurrentAssetsLiabilities', 'uk-core:Creditors'] })
  t.match(factFor(m, 'totalAssets'), { value: 120_218, derivedFrom: ['uk-core:TotalAssetsLessCurrentLiabilities', 'uk-core:Creditors'] })

  const netLiabilities = compose([{ id: 'e', period: END }, { id: 'w', period: END, members: WITHIN }], [
    { name: 'uk-core:Creditors', context: 'w', shown: '500' },
    { name: 'uk-core:NetCurrentAssetsLiabilities', context: 'e', shown: '200', sign: '-' },
  ])
  t.equal(netLiabilities.accounts.currentAssets, 300, 'net current liabilities keep their sign')
})

t.test('filleted and micro-entity accounts: profit and loss fields missing, with the reason, never zero', async t => {
  const contexts: ComposedContext[] = [
    { id: 'y', period: YEAR }, { id: 'e', period: END },
    { id: 'micro', period: YEAR, members: { 'uk-bus:AccountingStandardsDimension': 'uk-bus:Micro-entities' } },
  ]
  const micro = compose(contexts, [
    { name: 'uk-core:CurrentAssets', context: 'e', shown: '1,101' },
    { name: 'uk-core:TurnoverRevenue', context: 'y', shown: '-', format: 'ixt:fixed-zero' },
  ], [{ name: 'uk-bus:AccountingStandardsApplied', context: 'micro', shown: '' }])
  t.notOk('revenue' in micro.accounts, 'a dash in a statement the company does not deliver is no turnover')
  t.equal(micro.missingReasons.revenue, 'micro-entity accounts (FRS 105): no profit and loss account is delivered')
  t.equal(micro.missingReasons.profitBeforeTax, micro.missingReasons.revenue)
  t.equal(micro.missingReasons.cash, 'no figure is tagged for the balance sheet date 2024-12-31', 'a balance sheet field has its own reason')

  const filleted = compose(contexts.slice(0, 2), [
    { name: 'uk-core:CurrentAssets', context: 'e', shown: '1,101' },
    { name: 'uk-core:IncreaseFromDepreciationChargeForYearPropertyPlantEquipment', context: 'y', shown: '11,689' },
  ],
    [{ name: 'uk-direp:EntityHasTakenExemptionUnderCompaniesActInNotPublishingItsOwnProfitLossAccountTruefalse', context: 'y', shown: 'true' }])
  t.equal(filleted.missingReasons.operatingProfit, 'filleted accounts: the company has not delivered its profit and loss account')
  t.notOk('depreciationAmortisation' in filleted.accounts, 'no profit and loss field from the notes either')

  // no structured statement, and no line of a profit and loss account tagged for the period
  const untagged = compose(contexts.slice(0, 2), [
    { name: 'uk-core:CurrentAssets', context: 'e', shown: '1,101' },
    { name: 'uk-core:IncreaseFromDepreciationChargeForYearPropertyPlantEquipment', context: 'y', shown: '11,689' },
  ])
  t.same(untagged.accounts, { currentAssets: 1101, totalAssets: 1101 })
  t.equal(untagged.missingReasons.revenue, 'no profit and loss account is tagged: no turnover, operating profit or profit before tax for the period')

  // a group's parent takes the same exemption (s408) because the consolidated account is published
  const group = compose([...contexts.slice(0, 2), { id: 'grp-y', period: YEAR, members: GROUP }], [
    { name: 'uk-core:TurnoverRevenue', context: 'grp-y', shown: '5,000' },
  ], [{ name: 'uk-direp:EntityHasTakenExemptionUnderCompaniesActInNotPublishingItsOwnProfitLossAccountTruefalse', context: 'y', shown: 'true' }])
  t.equal(group.accounts.revenue, 5000)
  t.equal(group.missingReasons.operatingProfit, 'no figure is tagged for the current period')
})

t.test('the three optional fields of ruleset 2027.1', async t => {
  const contexts: ComposedContext[] = [
    { id: 'y', period: YEAR },
    { id: 'hpd', period: YEAR, members: { 'uk-bus:EntityOfficersDimension': 'uk-bus:HighestPaidDirector' } },
    { id: 'land', period: YEAR, members: { 'uk-core:OperatingLeasePurposeDimension': 'uk-core:LandBuildingsUnderOperatingLeases' } },
    { id: 'plant', period: YEAR, members: { 'uk-core:OperatingLeasePurposeDimension': 'uk-core:PlantEquipmentOtherAssetsUnderOperatingLeases' } },
  ]
  const m = compose(contexts, [
    { name: 'uk-core:ProfitLossOnOrdinaryActivitiesBeforeTax', context: 'y', shown: '680,481', sign: '-' },
    { name: 'uk-direp:DirectorRemuneration', context: 'hpd', shown: '112,291' },
    { name: 'uk-direp:DirectorRemuneration', context: 'y', shown: '333,572' },
    { name: 'uk-core:TotalOperatingLeasePayments', context: 'land', shown: '400,000' },
    { name: 'uk-core:TotalOperatingLeasePayments', context: 'plant', shown: '56,498' },
  ])
  t.equal(m.accounts.profitBeforeTax, -680_481, 'a loss before tax stays negative')
  t.match(factFor(m, 'directorsRemuneration'), { value: 333_572, contextRef: 'y' }, 'the aggregate, not the highest paid director')
  t.match(factFor(m, 'rentPayable'), { value: 456_498, derivedFrom: ['uk-core:TotalOperatingLeasePayments', 'uk-core:TotalOperatingLeasePayments'] },
    'no total tagged: land and buildings plus plant and other assets')
  const total = compose(contexts, [
    { name: 'uk-core:OperatingProfitLoss', context: 'y', shown: '1,000' },
    { name: 'uk-core:TotalOperatingLeasePayments', context: 'plant', shown: '56,498' },
    { name: 'uk-core:MinimumOperatingLeasePaymentsRecognisedAsExpense', context: 'y', shown: '5,724,866' },
  ])
  t.match(factFor(total, 'rentPayable'), { value: 5_724_866, concept: 'uk-core:MinimumOperatingLeasePaymentsRecognisedAsExpense' })
})

t.test('the company number is the register\'s eight characters', async t => {
  const number = (shown: string) => compose([{ id: 'y', period: YEAR }], [{ name: 'uk-core:TurnoverRevenue', context: 'y', shown: '1' }],
    [{ name: 'uk-bus:UKCompaniesHouseRegisteredNumber', context: 'y', shown }]).companyNumber
  t.equal(number('390616'), '00390616', 'leading zeros the filer dropped')
  t.equal(number('SC 312961'), 'SC312961')
  t.equal(number('sc12345'), 'SC012345')
})
