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

export type Taxonomy = 'frc-core' | 'frc-business' | 'frc-direp' | 'ifrs-full'

/** Which taxonomy a namespace belongs to, whatever its release date. */
export const taxonomyOf = (namespace: string): Taxonomy | undefined => {
  const path = namespace.replace(/^https?:\/\//, '')
  if (path.startsWith('xbrl.frc.org.uk/fr/') && path.endsWith('/core')) return 'frc-core'
  if (path.startsWith('xbrl.frc.org.uk/cd/') && path.endsWith('/business')) return 'frc-business'
  if (path === 'www.xbrl.org/uk/cd/business/2009-09-01') return 'frc-business' // the older UK GAAP business namespace
  if (path.startsWith('xbrl.frc.org.uk/reports/') && path.endsWith('/direp')) return 'frc-direp'
  if (path.startsWith('xbrl.ifrs.org/taxonomy/') && path.endsWith('/ifrs-full')) return 'ifrs-full'
  return undefined
}

export interface Named { taxonomy: Taxonomy; local: string }
const core = (local: string): Named => ({ taxonomy: 'frc-core', local })
const ifrs = (local: string): Named => ({ taxonomy: 'ifrs-full', local })
export const bus = (local: string): Named => ({ taxonomy: 'frc-business', local })
const direp = (local: string): Named => ({ taxonomy: 'frc-direp', local })

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

/**
 * The accounts fields read from a filing: the return's, and the three optional ones ruleset 2027.1 adds
 * (`profitBeforeTax`, `directorsRemuneration`, `rentPayable`).
 */
export type AccountsField =
  | 'revenue' | 'operatingProfit' | 'depreciationAmortisation' | 'cashInterestPayable' | 'cash' | 'currentAssets'
  | 'totalAssets' | 'currentLiabilities' | 'totalLiabilities' | 'totalEquity' | 'retainedEarnings'
  | 'profitBeforeTax' | 'directorsRemuneration' | 'rentPayable'

export interface Component {
  taggings: Tagging[]
  required: boolean
  /** a subtotal that may be negative (net current liabilities): taken with its sign, not as a magnitude */
  signed?: true
  /** taken away from the total rather than added */
  subtract?: true
  /** when its concepts are tagged only under further members (in parts, no total), the sum cannot be made */
  whole?: true
}

export interface FieldRule {
  field: AccountsField
  period: 'duration' | 'instant'
  /**
   * Sign convention. The return holds costs, assets and liabilities as positive amounts, which is
   * also how the taxonomies define these concepts (debit expenses and assets, credit liabilities,
   * positive when there is a cost or a balance). None of them can be negative in substance, and
   * filers often tag the bracketed presentation with sign="-", so they are read as magnitudes.
   * Profits and equity keep the sign as filed: a loss is negative.
   */
  magnitude: boolean
  /** a figure of the profit and loss account or its notes: filleted and micro-entity accounts have none */
  profitAndLoss?: true
  /** concepts that state the field, best first */
  tagged: Tagging[]
  /** when no concept states it: the sum of these, each the first of its taggings found; at least one part must be */
  derived?: Component[][]
}

const leasePurpose = core('OperatingLeasePurposeDimension')

export const FIELD_RULES: readonly FieldRule[] = [
  {
    field: 'revenue', period: 'duration', magnitude: true, profitAndLoss: true,
    tagged: [tag(core('TurnoverRevenue')), tag(ifrs('Revenue')), tag(ifrs('RevenueFromContractsWithCustomers'))],
  },
  {
    field: 'operatingProfit', period: 'duration', magnitude: false, profitAndLoss: true,
    tagged: [tag(core('OperatingProfitLoss')), tag(ifrs('ProfitLossFromOperatingActivities'))],
  },
  {
    // FRS 102's statutory line is "depreciation and other amounts written off", impairment included;
    // most filings tag the charge without impairment, or only its two parts in the operating profit note.
    field: 'depreciationAmortisation', period: 'duration', magnitude: true, profitAndLoss: true,
    tagged: [
      tag(core('DepreciationAmortisationImpairmentExpense')),
      tag(core('DepreciationAmortisationExpense')),
      tag(ifrs('DepreciationAndAmortisationExpense')),
      tag(ifrs('DepreciationAmortisationAndImpairmentLossReversalOfImpairmentLossRecognisedInProfitOrLoss')),
    ],
    // Else its two parts, each from the operating profit note or, failing that, the charge for the year in
    // the fixed asset notes. A part tagged only by class or ownership (owned and leased assets, goodwill
    // and software) has no total to add: the sum would be short, so there is none.
    derived: [[
      {
        taggings: [
          tag(core('DepreciationExpensePropertyPlantEquipment')), tag(core('DepreciationImpairmentExpensePropertyPlantEquipment')),
          tag(core('IncreaseFromDepreciationChargeForYearPropertyPlantEquipment')),
        ],
        required: false, whole: true,
      },
      {
        taggings: [
          tag(core('AmortisationExpenseIntangibleAssets')), tag(core('AmortisationImpairmentExpenseIntangibleAssets')),
          tag(core('IncreaseFromAmortisationChargeForYearIntangibleAssets')),
        ],
        required: false, whole: true,
      },
    ]],
  },
  {
    // The profit and loss charge: the accounts do not split cash interest from accrued or rolled-up interest.
    field: 'cashInterestPayable', period: 'duration', magnitude: true, profitAndLoss: true,
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
    derived: [[
      // A balance sheet with one current asset line shows no subtotal: net current assets add back creditors
      // due within a year (and take away prepayments shown outside current assets, which they include).
      { taggings: [tag(core('NetCurrentAssetsLiabilities'))], required: true, signed: true },
      { taggings: creditorsWithinOneYear, required: true },
      { taggings: [tag(core('PrepaymentsAccruedIncomeNotExpressedWithinCurrentAssetSubtotal'))], required: false, subtract: true },
    ]],
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
        // no asset subtotals tagged: total assets less current liabilities, plus those liabilities
        { taggings: [tag(core('TotalAssetsLessCurrentLiabilities'))], required: true, signed: true },
        { taggings: creditorsWithinOneYear, required: true },
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
    // Also held to the balance sheet identity against net assets: see the mapping.
    field: 'totalLiabilities', period: 'instant', magnitude: true,
    tagged: [tag(core('TotalLiabilities')), tag(ifrs('Liabilities'))],
    derived: [
      [
        // below the line in the FRS 102 formats: every heading between total assets and net assets
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
  {
    field: 'profitBeforeTax', period: 'duration', magnitude: false, profitAndLoss: true,
    tagged: [tag(core('ProfitLossOnOrdinaryActivitiesBeforeTax')), tag(ifrs('ProfitLossBeforeTax'))],
  },
  {
    // The aggregate the Companies Act asks for: every director's remuneration for qualifying services, in the
    // FRC's directors' report taxonomy. The highest paid director's figure is the same concept under
    // EntityOfficersDimension, so never read. (IFRS has only key management personnel, a wider group.)
    field: 'directorsRemuneration', period: 'duration', magnitude: true, profitAndLoss: true,
    tagged: [tag(direp('DirectorRemuneration'))],
  },
  {
    // Operating lease rentals charged in the year: the total across what is leased, else its parts
    // (land and buildings, plant and other assets) as the operating profit note lists them.
    field: 'rentPayable', period: 'duration', magnitude: true, profitAndLoss: true,
    tagged: [tag(core('TotalOperatingLeasePayments')), tag(core('MinimumOperatingLeasePaymentsRecognisedAsExpense'))],
    derived: [[
      { taggings: [tag(core('TotalOperatingLeasePayments'), [leasePurpose, core('LandBuildingsUnderOperatingLeases')])], required: false },
      { taggings: [tag(core('TotalOperatingLeasePayments'), [leasePurpose, core('PlantEquipmentOtherAssetsUnderOperatingLeases')])], required: false },
    ]],
  },
]

/** The concepts that describe net assets, for the balance sheet identity. */
export const NET_ASSETS: readonly Tagging[] = [tag(core('NetAssetsLiabilities')), tag(core('Equity')), tag(ifrs('Equity'))]

/** Business-taxonomy facts that say what accounts a filing holds. */
export const ACCOUNTS_SCOPE = {
  /** ScopeAccountsDimension = ConsolidatedGroupCompanyAccounts: the filing presents group accounts */
  dimension: bus('ScopeAccountsDimension'),
  group: bus('ConsolidatedGroupCompanyAccounts'),
} as const

/** Business-taxonomy facts that say a filing has no profit and loss account. */
export const NO_PROFIT_AND_LOSS = {
  /** AccountingStandardsDimension = Micro-entities: FRS 105 accounts, delivered without one */
  accountingStandards: bus('AccountingStandardsDimension'),
  microEntities: bus('Micro-entities'),
  /** true on a single company's accounts: the profit and loss account is not delivered (filleted) */
  notPublished: direp('EntityHasTakenExemptionUnderCompaniesActInNotPublishingItsOwnProfitLossAccountTruefalse'),
  /** lines of the profit and loss account itself: a filing that tags none for the period has none tagged */
  statementLines: [
    core('TurnoverRevenue'), core('CostSales'), core('GrossProfitLoss'), core('AdministrativeExpenses'), core('OperatingProfitLoss'),
    core('ProfitLossOnOrdinaryActivitiesBeforeTax'), ifrs('Revenue'), ifrs('RevenueFromContractsWithCustomers'),
    ifrs('ProfitLossFromOperatingActivities'), ifrs('ProfitLossBeforeTax'),
  ],
} as const

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
