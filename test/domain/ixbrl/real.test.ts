// Accounts read from real Companies House filings (reduced to their iXBRL: see
// test/fixtures/ixbrl/real/PROVENANCE.md), every figure checked by hand against the filed pages.
// Comments say how a figure the filing does not tag as one was worked out from its balance sheet.
import { readFileSync } from 'node:fs'
import t, { type Test } from 'tap'
import { readIxbrl } from '../../../src/domain/ixbrl/read.js'
import { mapAccounts, type AccountsExtraction, type AccountsField } from '../../../src/domain/ixbrl/map.js'

const real = (file: string) => mapAccounts(readIxbrl(readFileSync(new URL(`../../fixtures/ixbrl/real/${file}`, import.meta.url), 'utf8')))
const factFor = (m: AccountsExtraction, field: string) => m.facts.find(f => f.field === field)

const PROFIT_AND_LOSS: AccountsField[] = [
  'revenue', 'operatingProfit', 'depreciationAmortisation', 'cashInterestPayable', 'profitBeforeTax', 'directorsRemuneration', 'rentPayable',
]
const FILLETED = 'filleted accounts: the company has not delivered its profit and loss account'
const MICRO = 'micro-entity accounts (FRS 105): no profit and loss account is delivered'
const UNTAGGED_PL = 'no profit and loss account is tagged: no turnover, operating profit or profit before tax for the period'
const UNTAGGED = 'no figure is tagged for the current period'

/** Assets − liabilities = equity: the filing states net assets in every case here. */
const balances = (t: Test, m: AccountsExtraction) => {
  const { totalAssets, totalLiabilities, totalEquity } = m.accounts
  t.ok(totalAssets !== undefined && totalLiabilities !== undefined && totalEquity !== undefined, 'assets, liabilities and equity all read')
  t.equal(totalAssets! - totalLiabilities!, totalEquity, 'total assets − total liabilities = total equity')
}
/** Every profit and loss field missing, with the same reason, and none of them zero. */
const noProfitAndLoss = (t: Test, m: AccountsExtraction, reason: string) => {
  for (const field of PROFIT_AND_LOSS) {
    t.notOk(field in m.accounts, `${field} is not read`)
    t.equal(m.missingReasons[field], reason, `${field}: ${reason}`)
  }
}
const onlyColumn = (t: Test, m: AccountsExtraction, column: 'group' | 'entity') =>
  t.ok(m.facts.every(f => f.scope === column), `every figure from the ${column === 'group' ? 'consolidated' : 'entity\'s own'} column`)

t.test('Maurice Crouch (Growers) Ltd, 00390616, 2020: Caseware, FRC 2019, filleted small company', async t => {
  const m = real('00390616-2020-12-31.xhtml')
  t.match(m, { periodStart: '2020-01-01', periodEnd: '2020-12-31', scope: 'entity' })
  t.equal(m.companyNumber, '00390616', 'the filing writes "390616": read as the register\'s eight characters')
  t.same(m.accounts, {
    cash: 2_165,
    currentAssets: 4_289_294,
    totalAssets: 22_925_795, // fixed assets 18,636,501 + current assets 4,289,294
    currentLiabilities: 1_121_114,
    totalLiabilities: 4_628_497, // creditors within a year 1,121,114 + after a year 3,278,414 + deferred tax provision 228,969
    totalEquity: 18_297_298,
    retainedEarnings: 8_030_350,
  })
  noProfitAndLoss(t, m, FILLETED)
  balances(t, m)
  onlyColumn(t, m, 'entity')
})

t.test('Croylek Limited, 00824514, 2020: Caseware, FRC 2014 taxonomy, filleted small company', async t => {
  const m = real('00824514-2020-12-31.xhtml')
  t.match(m, { periodStart: '2020-01-01', periodEnd: '2020-12-31', companyNumber: '00824514', scope: 'entity' })
  t.same(m.accounts, {
    cash: 832_736,
    currentAssets: 2_813_247,
    totalAssets: 3_146_347, // fixed assets 333,100 + current assets 2,813,247
    currentLiabilities: 780_477,
    totalLiabilities: 839_555, // creditors within a year 780,477 + deferred tax provision 59,078 (none due after a year: "-")
    totalEquity: 2_306_792,
    retainedEarnings: 2_303_042,
  })
  noProfitAndLoss(t, m, FILLETED)
  balances(t, m)
})

t.test('Corinthian Europe Limited, SC312961, 2020: Caseware, FRC 2019, a Scottish company, filleted', async t => {
  const m = real('SC312961-2020-09-30.xhtml')
  t.match(m, { periodStart: '2019-10-01', periodEnd: '2020-09-30', companyNumber: 'SC312961', scope: 'entity' })
  t.same(m.accounts, {
    cash: 9_559,
    currentAssets: 47_305,
    totalAssets: 47_405, // investments 100 + current assets 47,305
    currentLiabilities: 100,
    totalLiabilities: 100, // creditors within a year only
    totalEquity: 47_305,
    retainedEarnings: 16_845,
  })
  noProfitAndLoss(t, m, FILLETED)
  balances(t, m)
})

t.test('Software2 Group Limited, 11996607, 2020: Caseware group accounts with only the company\'s own statement tagged', async t => {
  // The consolidated statements are on the page but untagged; a stray consolidated context (the balance
  // sheet date) made the old reader treat every figure as the parent's and return nothing.
  const m = real('11996607-2020-12-31.xhtml')
  t.match(m, { periodStart: '2020-01-01', periodEnd: '2020-12-31', companyNumber: '11996607', scope: 'entity' })
  t.same(m.accounts, {
    cash: 22_300,
    currentAssets: 54_137,
    totalAssets: 5_116_853, // investments 5,062,716 + current assets 54,137 (company statement of financial position)
    currentLiabilities: 2_126_886,
    totalLiabilities: 2_659_302, // creditors within a year 2,126,886 + after a year 532,416
    totalEquity: 2_457_551,
    retainedEarnings: 1_469_492,
  })
  noProfitAndLoss(t, m, UNTAGGED_PL)
  balances(t, m)
  onlyColumn(t, m, 'entity')
})

t.test('Mazars Limited, 05380971, 2020: Caseware, FRC 2019, full accounts of a single company', async t => {
  const m = real('05380971-2020-08-31.xhtml')
  t.match(m, { periodStart: '2019-09-01', periodEnd: '2020-08-31', companyNumber: '05380971', scope: 'entity' })
  t.same(m.accounts, {
    revenue: 105_758_329,
    operatingProfit: 4_814_862,
    cash: 2_403,
    currentAssets: 12_199_295,
    totalAssets: 19_103_056, // investments 6,903,761 + current assets 12,199,295
    currentLiabilities: 13_961_829,
    totalLiabilities: 13_961_829, // creditors within a year only (net current liabilities of 1,762,534)
    totalEquity: 5_141_227,
    retainedEarnings: 2_121_011,
    profitBeforeTax: 4_840_466,
  })
  // no fixed assets to depreciate, no borrowings, no directors' note, no lease charge in its notes
  t.same(m.missing, ['depreciationAmortisation', 'cashInterestPayable', 'directorsRemuneration', 'rentPayable'])
  t.equal(m.missingReasons.cashInterestPayable, UNTAGGED)
  balances(t, m)
})

t.test('Sarginsons Industries Limited, 00541560, 2020: IRIS, FRC 2019, a loss before tax', async t => {
  const m = real('00541560-2020-11-30.xhtml')
  t.match(m, { periodStart: '2019-12-01', periodEnd: '2020-11-30', companyNumber: '00541560', scope: 'entity' })
  t.same(m.accounts, {
    revenue: 5_936_600,
    operatingProfit: -642_553,
    // the operating loss note splits depreciation by owned (189,166) and hire purchase (57,208) assets and
    // amortisation by goodwill (5) and software (5,279), with no totals: the fixed asset notes' charges for
    // the year, 246,374 + 5,284, are the same 251,658
    depreciationAmortisation: 251_658,
    cashInterestPayable: 67_928,
    cash: 25_957,
    currentAssets: 3_833_630,
    totalAssets: 5_457_756, // fixed assets 1,624,126 + current assets 3,833,630
    currentLiabilities: 2_957_910,
    totalLiabilities: 4_545_503, // creditors within a year 2,957,910 + after a year 1,326,798 + provisions 260,795
    totalEquity: 912_253,
    retainedEarnings: 911_503,
    profitBeforeTax: -680_481,
    directorsRemuneration: 16_622, // remuneration; pension contributions of 342 are shown apart
  })
  t.same(m.missing, ['rentPayable'])
  t.same(factFor(m, 'depreciationAmortisation')?.derivedFrom,
    ['ns6:IncreaseFromDepreciationChargeForYearPropertyPlantEquipment', 'ns6:IncreaseFromAmortisationChargeForYearIntangibleAssets'])
  balances(t, m)
})

t.test('Challenge Packaging Limited, 04415655, 2020: IRIS, FRC 2019, every field', async t => {
  const m = real('04415655-2020-12-31.xhtml')
  t.match(m, { periodStart: '2020-01-01', periodEnd: '2020-12-31', companyNumber: '04415655', scope: 'entity' })
  t.same(m.accounts, {
    revenue: 11_603_544,
    operatingProfit: 494_321,
    // DepreciationAmortisationExpense, tagged on the cash flow's "Depreciation charges"; the operating profit
    // note's lines (200,208 owned + 288,908 hire purchase + 19,644 goodwill) add to a pound less
    depreciationAmortisation: 508_761,
    cashInterestPayable: 84_120,
    cash: 23_883,
    currentAssets: 2_504_843,
    totalAssets: 5_809_186, // fixed assets 3,304,343 + current assets 2,504,843
    currentLiabilities: 3_123_883,
    totalLiabilities: 4_819_057, // creditors within a year 3,123,883 + after a year 1,321,631 + provisions 373,543
    totalEquity: 990_129,
    retainedEarnings: 782_469,
    profitBeforeTax: 410_201,
    directorsRemuneration: 416_691,
    // TotalOperatingLeasePayments with no purpose, which IRIS puts on its "Other operating leases" line;
    // "Hire of plant and machinery" (56,498) carries the plant member, and in XBRL is part of that total
    rentPayable: 407_543,
  })
  t.same(m.missing, [])
  t.match(factFor(m, 'depreciationAmortisation'), { concept: 'ns6:DepreciationAmortisationExpense' })
  balances(t, m)
})

t.test('BlueCrest Health Screening Limited, 08119445, 2020: IRIS, FRC 2019, every field', async t => {
  const m = real('08119445-2020-12-31.xhtml')
  t.match(m, { periodStart: '2020-01-01', periodEnd: '2020-12-31', companyNumber: '08119445', scope: 'entity' })
  t.same(m.accounts, {
    revenue: 13_511_844,
    operatingProfit: 1_888_773,
    depreciationAmortisation: 196_356, // depreciation of owned assets 72,295 + software amortisation 124,061
    cashInterestPayable: 4_863,
    cash: 1_397_978,
    currentAssets: 5_631_683,
    totalAssets: 6_020_585, // fixed assets 388,902 + current assets 5,631,683
    currentLiabilities: 3_069_153,
    totalLiabilities: 3_085_559, // creditors within a year 3,069,153 + provisions 16,406
    totalEquity: 2_935_026,
    retainedEarnings: 2_934_936,
    profitBeforeTax: 1_885_480,
    directorsRemuneration: 146_179,
    rentPayable: 158_056, // "Other operating leases", the only lease line
  })
  t.same(m.missing, [])
  balances(t, m)
})

t.test('P.J. Livesey Holdings Limited, 03195231, 2020: IRIS group accounts, company balance sheet tagged', async t => {
  // IRIS tags the parent's own balance sheet without dimensions, the notes to the consolidated profit and
  // loss account likewise, and leaves the consolidated statements untagged; one consolidated profit for the
  // year made the old reader read nothing at all. Each figure now says it is the undimensioned column.
  const m = real('03195231-2020-06-30.xhtml')
  t.match(m, { periodStart: '2019-07-01', periodEnd: '2020-06-30', companyNumber: '03195231', scope: 'entity' })
  t.same(m.accounts, {
    cashInterestPayable: 116_198, // interest payable note
    cash: 7_658_626,
    currentAssets: 35_702_566,
    totalAssets: 41_369_949, // company balance sheet: fixed assets 5,667,383 + current assets 35,702,566
    currentLiabilities: 6_172_106,
    totalLiabilities: 6_404_937, // creditors within a year 6,172,106 + deferred tax provision 232,831
    totalEquity: 34_965_012,
    retainedEarnings: 34_964_912,
    profitBeforeTax: 481_993, // tax note
    rentPayable: 3_640, // hire of plant and machinery, the only lease line, tagged by purpose
  })
  t.same(m.missing, ['revenue', 'operatingProfit', 'depreciationAmortisation', 'directorsRemuneration'])
  t.equal(m.missingReasons.revenue, UNTAGGED, 'the consolidated income statement is untagged')
  t.equal(m.missingReasons.depreciationAmortisation,
    'ns6:DepreciationExpensePropertyPlantEquipment is tagged only in parts (by class or ownership), with no total to add',
    'depreciation of owned assets (570,560) is tagged only under the ownership member')
  balances(t, m)
  onlyColumn(t, m, 'entity')
})

t.test('Ambio Capital Limited, 12040362, 2020: IRIS group accounts with net liabilities', async t => {
  const m = real('12040362-2020-12-31.xhtml')
  t.match(m, { periodStart: '2020-01-01', periodEnd: '2020-12-31', companyNumber: '12040362', scope: 'entity' })
  t.same(m.accounts, {
    cashInterestPayable: 1_554_759,
    cash: 364,
    currentAssets: 29_606,
    totalAssets: 17_237_785, // company statement of financial position: investments 17,208,179 + current assets 29,606
    currentLiabilities: 2_652_003,
    totalLiabilities: 20_688_182, // creditors within a year 2,652,003 + after a year 18,036,179
    totalEquity: -3_450_397, // net liabilities
    retainedEarnings: -3_544_348,
    profitBeforeTax: -2_002_189,
    directorsRemuneration: 456_183,
    rentPayable: 158_056,
  })
  t.same(m.missing, ['revenue', 'operatingProfit', 'depreciationAmortisation'])
  balances(t, m)
})

t.test('Flex Health Limited, 10087608, 2018: IRIS, FRC 2014 taxonomy, abridged, no current assets subtotal', async t => {
  const m = real('10087608-2018-03-31.xhtml')
  t.match(m, { periodStart: '2017-04-01', periodEnd: '2018-03-31', companyNumber: '10087608', scope: 'entity' })
  t.same(m.accounts, {
    cash: 67_236,
    // one current asset line and one fixed asset line: no subtotals tagged. Net current assets 24,884 +
    // creditors within a year 42,352 = 67,236, the cash; total assets less current liabilities 77,866 +
    // 42,352 = 120,218 = tangible assets 52,982 + cash 67,236
    currentAssets: 67_236,
    totalAssets: 120_218,
    currentLiabilities: 42_352,
    totalLiabilities: 87_970, // creditors within a year 42,352 + after a year 39,300 + provisions 6,318
    totalEquity: 32_248,
    retainedEarnings: 32_246,
  })
  // "the Statement of Income and Retained Earnings has not been delivered" is on the page, untagged
  noProfitAndLoss(t, m, UNTAGGED_PL)
  balances(t, m)
})

t.test('ProEdge Accounting Limited, 04457427, 2020: Digita, FRC 2019, micro-entity', async t => {
  const m = real('04457427-2020-12-31.xhtml')
  t.match(m, { periodStart: '2020-01-01', periodEnd: '2020-12-31', companyNumber: '04457427', scope: 'entity' })
  t.same(m.accounts, {
    currentAssets: 1_101,
    totalAssets: 1_101, // current assets, the only asset
    totalLiabilities: 0, // total assets 1,101 less net assets 1,101: the balance sheet has no liability line
    totalEquity: 1_101,
  })
  t.match(factFor(m, 'totalLiabilities'), { note: 'total assets £1,101 less net assets £1,101; no liability line is tagged' })
  noProfitAndLoss(t, m, MICRO)
  t.same(m.missing.filter(f => !PROFIT_AND_LOSS.includes(f)), ['cash', 'currentLiabilities', 'retainedEarnings'])
  balances(t, m)
})

t.test('Teamsport Racing Limited, 07219455, 2020: Digita group accounts, FRC 2014 taxonomy', async t => {
  const m = real('07219455-2020-06-30.xhtml')
  t.match(m, { periodStart: '2019-07-01', periodEnd: '2020-06-30', companyNumber: '07219455', scope: 'group' })
  t.same(m.accounts, {
    revenue: 27_240_615,
    operatingProfit: -3_364_959, // after exceptional items
    depreciationAmortisation: 4_560_054, // depreciation 4,082,393 + amortisation 477,661
    cashInterestPayable: 981_131,
    cash: 3_182_256,
    currentAssets: 6_073_107,
    totalAssets: 28_210_654, // fixed assets 22,137,547 + current assets 6,073,107
    currentLiabilities: 10_109_039,
    totalLiabilities: 22_628_724, // creditors within a year 10,109,039 + after a year 12,376,836 + provisions 142,849
    totalEquity: 5_581_930,
    retainedEarnings: 4_312_844,
    profitBeforeTax: -4_346_090,
    directorsRemuneration: 361_460, // remuneration; pension contributions of 12,630 are shown apart
    rentPayable: 5_724_866, // operating lease charge for property
  })
  t.same(m.missing, [])
  balances(t, m)
  onlyColumn(t, m, 'group')
})

t.test('Luigi TopCo Limited, 11010959, 2020: Digita group accounts, net liabilities, long-term creditors below the line', async t => {
  // The balance sheet ends at "total capital, reserves and long term liabilities": creditors due after a
  // year and provisions are listed beside equity, not above net assets.
  const m = real('11010959-2020-06-30.xhtml')
  t.match(m, { periodStart: '2019-07-01', periodEnd: '2020-06-30', companyNumber: '11010959', scope: 'group' })
  t.same(m.accounts, {
    revenue: 27_240_615,
    operatingProfit: -6_572_054,
    depreciationAmortisation: 7_442_319, // amortisation 3,359,926 + depreciation 4,082,393, tagged as one
    cashInterestPayable: 5_733_446,
    cash: 3_182_256,
    currentAssets: 6_074_596,
    totalAssets: 51_178_249, // fixed assets 45,103,653 + current assets 6,074,596
    currentLiabilities: 10_077_539,
    totalLiabilities: 75_022_218, // creditors within a year 10,077,539 + after a year 64,801,830 + provisions 142,849
    totalEquity: -23_843_969,
    retainedEarnings: -24_798_969,
    profitBeforeTax: -12_305_500,
    directorsRemuneration: 551_644,
    rentPayable: 5_724_866,
  })
  t.same(m.missing, [])
  balances(t, m)
  onlyColumn(t, m, 'group')
})

t.test('Demo TV Limited, 05078870, 2020: Sage group accounts, provisions tagged only in the notes', async t => {
  const m = real('05078870-2020-09-30.xhtml')
  t.match(m, { periodStart: '2019-10-01', periodEnd: '2020-09-30', scope: 'group' })
  t.equal(m.companyNumber, '05078870', 'the filing writes "5078870"')
  t.same(m.accounts, {
    revenue: 21_444_801,
    operatingProfit: 2_245_991,
    depreciationAmortisation: 66_736, // depreciation of tangible assets; nothing amortised
    cashInterestPayable: 805,
    cash: 3_639_263,
    currentAssets: 5_849_203,
    totalAssets: 6_005_155, // fixed assets 155,952 + current assets 5,849,203
    currentLiabilities: 3_699_239,
    // creditors within a year 3,699,239 + deferred tax provision 17,252: the provision's balance sheet line
    // is not tagged (only the provisions note is), so the figure is total assets less net assets
    totalLiabilities: 3_716_491,
    totalEquity: 2_288_664, // non-controlling interests of 431,398 included
    retainedEarnings: 1_848_256,
    profitBeforeTax: 2_159_151,
    directorsRemuneration: 333_572,
  })
  t.same(m.missing, ['rentPayable'])
  t.match(factFor(m, 'totalLiabilities'), {
    derivedFrom: ['core:FixedAssets', 'core:CurrentAssets', 'core:NetAssetsLiabilities'],
    note: 'total assets £6,005,155 less net assets £2,288,664; the liability lines tagged add up to £3,699,239',
  })
  balances(t, m)
  onlyColumn(t, m, 'group')
})

t.test('Go Green Devon Limited, 05969206, 2017: Companies House\'s micro-entity form, net liabilities tagged without their sign', async t => {
  const m = real('05969206-2017-10-31.xhtml')
  t.match(m, { periodStart: '2016-11-01', periodEnd: '2017-10-31', companyNumber: '05969206', scope: 'entity' })
  t.same(m.accounts, {
    currentAssets: 2_909,
    totalAssets: 2_909, // current assets; fixed assets and prepayments "-"
    currentLiabilities: 6_719,
    totalLiabilities: 6_719, // creditors within a year; after a year, provisions and accruals 0
    // the page shows "(3,810)" for net assets and reserves, and the form tags 3,810 without sign="-":
    // current assets 2,909 less creditors 6,719 is −3,810
    totalEquity: -3_810,
  })
  t.match(factFor(m, 'totalEquity'), { note: /^tagged as £3,810 without sign="-"/ })
  noProfitAndLoss(t, m, MICRO)
  balances(t, m)
})
