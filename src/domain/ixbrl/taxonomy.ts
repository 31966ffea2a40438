// Which taxonomy concepts carry each accounts field of the return.
//
// Names are the published ones, not guessed: checked against FRC taxonomy material, accounts software
// that files with Companies House, and the concepts and dimension members found in filed accounts:
// - FRC core (FRS 102 / FRS 101 / FRS 105), `http://xbrl.frc.org.uk/fr/<date>/core`, and FRC business
//   `http://xbrl.frc.org.uk/cd/<date>/business`. Creditors are one concept, `Creditors`, split by
//   `MaturitiesOrExpirationPeriodsDimension` (WithinOneYear / AfterOneYear) or by
//   `FinancialInstrumentCurrentNon-currentDimension` (CurrentFinancialInstruments / Non-currentFinancialInstruments);
//   retained earnings are `Equity` at `EquityClassesDimension = RetainedEarningsAccumulatedLosses`, which is a
//   domain member and never a fact of its own.
// - IFRS full, `http(s)://xbrl.ifrs.org/taxonomy/<date>/ifrs-full`, as UK-adopted IFRS filings use it.
//
// Group and company columns: in the FRC taxonomy the consolidated figures carry
// `bus:GroupCompanyDataDimension = bus:Consolidated` and the undimensioned figures are the reporting
// company's own (Consolidated is not the dimension's default: filings state it explicitly). In IFRS the
// default of `ConsolidatedAndSeparateFinancialStatementsAxis` is the group, and the company's own
// figures carry `SeparateMember`.
import type { Accounts } from '../annual-return.js'

export type Taxonomy = 'frc-core' | 'frc-business' | 'ifrs-full'

/** Which taxonomy a namespace belongs to, whatever its release date. */
export const taxonomyOf = (namespace: string): Taxonomy | undefined => {
  const path = namespace.replace(/^https?:\/\//, '')
  if (path.startsWith('xbrl.frc.org.uk/fr/') && path.endsWith('/core')) return 'frc-core'
  if (path.startsWith('xbrl.frc.org.uk/cd/') && path.endsWith('/business')) return 'frc-business'
  if (path === 'www.xbrl.org/uk/cd/business/2009-09-01') return 'frc-business' // the older UK GAAP business namespace
  if (path.startsWith('xbrl.ifrs.org/taxonomy/') && path.endsWith('/ifrs-full')) return 'ifrs-full'
  return undefined
}

export interface Named { taxonomy: Taxonomy; local: string }
const core = (local: string): Named => ({ taxonomy: 'frc-core', local })
const ifrs = (local: string): Named => ({ taxonomy: 'ifrs-full', local })
export const bus = (local: string): Named => ({ taxonomy: 'frc-business', local })

/** A concept, and the dimension members (beyond the group/company one) its fact must carry: exactly these. */
export interface Tagging { concept: Named; members: { dimension: Named; member: Named }[] }
const tag = (concept: Named, ...members: [Named, Named][]): Tagging =>
  ({ concept, members: members.map(([dimension, member]) => ({ dimension, member })) })

const maturity = core('MaturitiesOrExpirationPeriodsDimension')
const currentness = core('FinancialInstrumentCurrentNon-currentDimension')
const creditorsWithinOneYear = [
  tag(core('Creditors'), [maturity, core('WithinOneYear')]),
  tag(core('Creditors'), [currentness, core('CurrentFinancialInstruments')]),
  tag(core('Creditors'), [maturity, core('WithinOneYear')], [currentness, core('CurrentFinancialInstruments')]),
]
const creditorsAfterOneYear = [
  tag(core('Creditors'), [maturity, core('AfterOneYear')]),
  tag(core('Creditors'), [currentness, core('Non-currentFinancialInstruments')]),
  tag(core('Creditors'), [maturity, core('AfterOneYear')], [currentness, core('Non-currentFinancialInstruments')]),
]

export type AccountsField =
  | 'revenue' | 'operatingProfit' | 'depreciationAmortisation' | 'cashInterestPayable' | 'cash' | 'currentAssets'
  | 'totalAssets' | 'currentLiabilities' | 'totalLiabilities' | 'totalEquity' | 'retainedEarnings'

export interface Component { taggings: Tagging[]; required: boolean }

export interface FieldRule {
  field: AccountsField & keyof Accounts
  period: 'duration' | 'instant'
  /**
   * Sign convention. The return holds costs, assets and liabilities as positive amounts, which is
   * also how the taxonomies define these concepts (debit expenses and assets, credit liabilities,
   * positive when there is a cost or a balance). None of them can be negative in substance, and
   * filers often tag the bracketed presentation with sign="-", so they are read as magnitudes.
   * Profits and equity keep the sign as filed: a loss is negative.
   */
  magnitude: boolean
  /** concepts that state the field, best first */
  tagged: Tagging[]
  /** when no concept states it: the sum of these, each the first of its taggings found */
  derived?: Component[][]
}

export const FIELD_RULES: readonly FieldRule[] = [
  {
    field: 'revenue', period: 'duration', magnitude: true,
    tagged: [tag(core('TurnoverRevenue')), tag(ifrs('Revenue')), tag(ifrs('RevenueFromContractsWithCustomers'))],
  },
  {
    field: 'operatingProfit', period: 'duration', magnitude: false,
    tagged: [tag(core('OperatingProfitLoss')), tag(ifrs('ProfitLossFromOperatingActivities'))],
  },
  {
    // FRS 102's statutory line is "depreciation and other amounts written off", impairment included.
    field: 'depreciationAmortisation', period: 'duration', magnitude: true,
    tagged: [
      tag(core('DepreciationAmortisationImpairmentExpense')),
      tag(ifrs('DepreciationAndAmortisationExpense')),
      tag(ifrs('DepreciationAmortisationAndImpairmentLossReversalOfImpairmentLossRecognisedInProfitOrLoss')),
    ],
  },
  {
    // The profit and loss charge: the accounts do not split cash interest from accrued or rolled-up interest.
    field: 'cashInterestPayable', period: 'duration', magnitude: true,
    tagged: [
      tag(core('InterestPayableSimilarChargesFinanceCosts')), tag(core('InterestExpense')),
      tag(ifrs('FinanceCosts')), tag(ifrs('InterestExpense')),
    ],
  },
  {
    field: 'cash', period: 'instant', magnitude: true,
    tagged: [tag(core('CashBankOnHand')), tag(core('CashCashEquivalents')), tag(ifrs('CashAndCashEquivalents'))],
  },
  {
    field: 'currentAssets', period: 'instant', magnitude: true,
    tagged: [tag(core('CurrentAssets')), tag(ifrs('CurrentAssets'))],
  },
  {
    field: 'totalAssets', period: 'instant', magnitude: true,
    tagged: [tag(core('TotalAssets')), tag(ifrs('Assets'))],
    derived: [
      [
        // FRS 102 formats: every asset heading above the line
        { taggings: [tag(core('FixedAssets'))], required: false },
        { taggings: [tag(core('CurrentAssets'))], required: true },
        { taggings: [tag(core('PrepaymentsAccruedIncomeNotExpressedWithinCurrentAssetSubtotal'))], required: false },
        { taggings: [tag(core('CalledUpShareCapitalNotPaidNotExpressedAsCurrentAsset'))], required: false },
      ],
      [
        { taggings: [tag(ifrs('NoncurrentAssets'))], required: false },
        { taggings: [tag(ifrs('CurrentAssets'))], required: true },
      ],
    ],
  },
  {
    field: 'currentLiabilities', period: 'instant', magnitude: true,
    tagged: [...creditorsWithinOneYear, tag(ifrs('CurrentLiabilities'))],
  },
  {
    field: 'totalLiabilities', period: 'instant', magnitude: true,
    tagged: [tag(core('TotalLiabilities')), tag(ifrs('Liabilities'))],
    derived: [
      [
        { taggings: creditorsWithinOneYear, required: true },
        { taggings: creditorsAfterOneYear, required: false },
        { taggings: [tag(core('ProvisionsForLiabilitiesBalanceSheetSubtotal'))], required: false },
        { taggings: [tag(core('AccruedLiabilitiesNotExpressedWithinCreditorsSubtotal'))], required: false },
      ],
      [
        { taggings: [tag(ifrs('CurrentLiabilities'))], required: true },
        { taggings: [tag(ifrs('NoncurrentLiabilities'))], required: false },
      ],
    ],
  },
  {
    // Net assets equal equity by construction; used only where capital and reserves are not tagged.
    field: 'totalEquity', period: 'instant', magnitude: false,
    tagged: [tag(core('Equity')), tag(ifrs('Equity')), tag(core('NetAssetsLiabilities'))],
  },
  {
    field: 'retainedEarnings', period: 'instant', magnitude: false,
    tagged: [
      tag(core('Equity'), [core('EquityClassesDimension'), core('RetainedEarningsAccumulatedLosses')]),
      tag(ifrs('RetainedEarnings')),
    ],
  },
]

/** The dimension that separates group from company columns, and its members. */
export const GROUP_COMPANY = {
  frc: { dimension: bus('GroupCompanyDataDimension'), group: bus('Consolidated') },
  ifrs: {
    dimension: ifrs('ConsolidatedAndSeparateFinancialStatementsAxis'),
    group: ifrs('ConsolidatedMember'),
    company: ifrs('SeparateMember'),
  },
} as const

export const REPORT = {
  companyNumber: bus('UKCompaniesHouseRegisteredNumber'),
  periodStart: bus('StartDateForPeriodCoveredByReport'),
  periodEnd: bus('EndDateForPeriodCoveredByReport'),
} as const

export const ISO4217 = 'http://www.xbrl.org/2003/iso4217'
