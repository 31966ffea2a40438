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

export interface AnnualReturn {
  periodStart: string
  periodEnd: string
  accounts: Accounts
  accountsSource?: AccountsSource
  facilities: Facility[]
  ownership: OwnershipSection
  settings: Setting[]
  placements: Placement[]
}
