// The annual return as the domain reads it: the filed body, already structurally valid.
// Money is integer whole pounds; dates are ISO 8601 strings (YYYY-MM-DD).
import type { OwnershipGraph } from './ownership/types.js'

export type AuditOpinion = 'unqualified' | 'qualified' | 'adverse' | 'disclaimer' | 'none'

export interface Accounts {
  revenue: number
  ebitda?: number
  operatingProfit: number
  depreciationAmortisation?: number
  cashInterestPayable: number
  cash: number
  currentAssets: number
  totalAssets: number
  currentLiabilities: number
  totalLiabilities: number
  totalEquity: number
  retainedEarnings: number
  reportedBorrowings?: number
  goingConcernMaterialUncertainty: boolean
  auditOpinion: AuditOpinion
  /** profit (negative: loss) before tax, after all interest; from ruleset 2027.1's return */
  profitBeforeTax?: number
  /** directors' remuneration charged in the period */
  directorsRemuneration?: number
  /** every rent and lease charge in the profit and loss account, related parties' included */
  rentPayable?: number
}

export type FacilityKind =
  | 'term_loan' | 'revolving_credit' | 'unitranche' | 'bond' | 'loan_notes' | 'lease' | 'other'

export interface Covenant {
  metric: 'leverage' | 'interest_cover' | 'liquidity' | 'other'
  kind: 'max' | 'min'
  limit: number
  actual: number
  testDate: string
}

export interface Facility {
  lender: string
  kind: FacilityKind
  shareholderLoan: boolean
  committed: number
  drawn: number
  maturityDate: string
  interestRatePct?: number
  pik?: boolean
  covenants: Covenant[]
}

export type SettingKind =
  | 'childrens_home' | 'fostering_agency' | 'secure' | 'residential_family_centre' | 'other'

export interface Setting { urn: string; name: string; kind: SettingKind; places: number; laCode: string }
export interface Placement { laCode: string; children: number }

/** Ownership as filed: native graph, or BODS 0.4 statements naming the reporting entity's recordId. */
export type OwnershipSection = OwnershipGraph | { bods: unknown[]; reportingEntity: string }

export interface AccountsSource { ixbrlSha256: string }

export type ServiceKind = 'childrens_homes' | 'fostering' | 'other'

/** A service line: its revenue and the weeks of placement it delivered (children × weeks). */
export interface ServiceLine { kind: ServiceKind; revenue: number; childWeeks: number }

export type RelatedPartyRelationship = 'owner' | 'owner_affiliate' | 'director' | 'other'

/** What the group paid a related party in the period (each amount whole pounds, absent: none). */
export interface RelatedPartyPayments {
  rent?: number
  managementFees?: number
  /** shareholder-loan and loan-note interest, paid or rolled up */
  interest?: number
  dividends?: number
  other?: number
}

export interface RelatedParty {
  name: string
  relationship: RelatedPartyRelationship
  /** the entity of the ownership section it is (a native ref, or a BODS entity or person recordId) */
  ref?: string
  payments: RelatedPartyPayments
}

export interface AnnualReturn {
  periodStart: string
  periodEnd: string
  accounts: Accounts
  accountsSource?: AccountsSource
  facilities: Facility[]
  ownership: OwnershipSection
  settings: Setting[]
  placements: Placement[]
  /** revenue and placement weeks by service line (RULES.md, ruleset 2027.1) */
  services?: ServiceLine[]
  /** payments to owners, their other companies, directors and other related parties (2027.1) */
  relatedParties?: RelatedParty[]
}
