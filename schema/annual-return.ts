// The annual return as filed (API.md, "Annual returns"): structure only. Whether the figures
// make sense together (period length, drawn within committed, ownership adding up) is
// src/domain/return-validation.ts.
import { Type, type Static } from 'typebox'
import { IsoDate, LaCode, MONEY_LIMIT, Money, NonNegativeMoney, Pct } from './common.js'

const signed = (description: string) => Type.With(Money, { description })
const pounds = (description: string) => Type.With(NonNegativeMoney, { description })
const Name = (description: string) => Type.String({ minLength: 1, maxLength: 200, description })
/** A count of children or places: a whole number; 100 000 is beyond any group. */
const Count = (description: string) => Type.Integer({ minimum: 0, maximum: 100_000, description })

export const AuditOpinion = Type.Enum(['unqualified', 'qualified', 'adverse', 'disclaimer', 'none'],
  { title: 'AuditOpinion' })

export const Accounts = Type.Object({
  revenue: pounds('Turnover for the period'),
  ebitda: Type.Optional(signed('Earnings before interest, tax, depreciation and amortisation')),
  operatingProfit: signed('Operating profit (negative for a loss)'),
  depreciationAmortisation: Type.Optional(pounds('Depreciation and amortisation charged in the period')),
  cashInterestPayable: pounds('Interest paid or payable in cash (PIK interest excluded)'),
  cash: pounds('Cash at bank at the period end'),
  currentAssets: pounds('Current assets at the period end'),
  totalAssets: pounds('Total assets at the period end'),
  currentLiabilities: pounds('Creditors falling due within one year'),
  totalLiabilities: pounds('All creditors and provisions'),
  totalEquity: signed('Net assets (negative when liabilities exceed assets)'),
  retainedEarnings: signed('Profit and loss reserve'),
  reportedBorrowings: Type.Optional(pounds('Borrowings as stated in the accounts')),
  goingConcernMaterialUncertainty: Type.Boolean({ description: 'The auditor reported a material uncertainty on going concern' }),
  auditOpinion: AuditOpinion,
  profitBeforeTax: Type.Optional(signed('Profit before tax, after all interest (negative for a loss)')),
  directorsRemuneration: Type.Optional(pounds("Directors' remuneration charged in the period")),
  rentPayable: Type.Optional(pounds('Every rent and lease charge in the profit and loss account, related parties\' included')),
}, { title: 'Accounts', description: "The group's consolidated accounts for the period, in whole pounds", additionalProperties: false })

export const AccountsSource = Type.Object({
  ixbrlSha256: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the iXBRL document the accounts were read from, lowercase hex' }),
}, { title: 'AccountsSource', additionalProperties: false })

export const Covenant = Type.Object({
  metric: Type.Enum(['leverage', 'interest_cover', 'liquidity', 'other']),
  kind: Type.Enum(['max', 'min'], { description: 'max: actual must stay at or below the limit; min: at or above' }),
  // headroom is measured as a fraction of the limit, so a limit must be positive
  limit: Type.Number({ exclusiveMinimum: 0, maximum: MONEY_LIMIT, description: 'A ratio (6.5 for 6.5x) or whole pounds for liquidity' }),
  actual: Type.Number({ minimum: -MONEY_LIMIT, maximum: MONEY_LIMIT, description: 'The tested figure, in the limit\'s unit' }),
  testDate: IsoDate,
}, { title: 'Covenant', description: "A lender's financial test and its latest result", additionalProperties: false })

export const FacilityKind = Type.Enum(['term_loan', 'revolving_credit', 'unitranche', 'bond', 'loan_notes', 'lease', 'other'],
  { title: 'FacilityKind' })

export const Facility = Type.Object({
  lender: Name('Lender, noteholder or lessor'),
  kind: FacilityKind,
  shareholderLoan: Type.Boolean({ description: 'Owed to a shareholder (e.g. investor loan notes)' }),
  committed: pounds('Facility limit'),
  drawn: pounds('Outstanding at the period end, rolled-up PIK interest included'),
  maturityDate: IsoDate,
  interestRatePct: Type.Optional(Type.With(Pct, { description: 'All-in annual rate, percent' })),
  pik: Type.Optional(Type.Boolean({ description: 'Interest is rolled up (payment in kind), not paid in cash' })),
  covenants: Type.Array(Covenant, { maxItems: 50 }),
}, { title: 'Facility', description: 'A debt facility, loan note, bond or lease of the group', additionalProperties: false })

const Ref = (description: string) => Type.String({ minLength: 1, maxLength: 100, description })

export const EntityKind = Type.Enum(['company', 'private_equity_fund', 'fund_manager', 'trust', 'person', 'public_body', 'charity', 'other'],
  { title: 'EntityKind' })

export const OwnershipEntity = Type.Object({
  ref: Ref('Identifier of the entity within this return'),
  name: Name('Registered name, or the person\'s name'),
  kind: EntityKind,
  jurisdiction: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2, e.g. GB, JE, LU, KY' }),
  companyNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'Registration number in its jurisdiction' })),
  since: Type.Optional(IsoDate),
}, { title: 'OwnershipEntity', additionalProperties: false })

export const OwnershipInterest = Type.Object({
  owner: Ref('ref of the holder'),
  owned: Ref('ref of the entity held'),
  sharesPct: Type.Optional(Type.With(Pct, { description: 'Share of the equity held' })),
  votingPct: Type.Optional(Type.With(Pct, { description: 'Share of the votes held' })),
  control: Type.Optional(Type.Boolean({ description: 'The holder controls the entity held (board, general partner, veto)' })),
  since: Type.Optional(IsoDate),
}, { title: 'OwnershipInterest', additionalProperties: false })

export const NativeOwnership = Type.Object({
  reportingEntity: Ref('ref of the entity filing the return'),
  entities: Type.Array(OwnershipEntity, { minItems: 1, maxItems: 5000 }),
  interests: Type.Array(OwnershipInterest, { maxItems: 10_000 }),
}, { title: 'NativeOwnership', description: 'The ownership chain from the reporting entity up to its ultimate owners', additionalProperties: false })

export const BodsOwnership = Type.Object({
  // each statement is checked against BODS 0.4 by the domain, which can point into it
  bods: Type.Array(Type.Object({}, { additionalProperties: true }), {
    minItems: 1, maxItems: 20_000, description: 'Beneficial Ownership Data Standard 0.4 statements',
  }),
  reportingEntity: Type.String({ minLength: 1, maxLength: 500, description: 'recordId of the entity statement for the group filing' }),
}, { title: 'BodsOwnership', description: 'Ownership as BODS 0.4 statements', additionalProperties: false })

/**
 * Native or BODS: chosen by the presence of `bods`, so that a bad body is reported against the
 * one form it was meant to be (an anyOf would list the other form's complaints too).
 */
export const Ownership = Type.Unsafe<Static<typeof NativeOwnership> | Static<typeof BodsOwnership>>({
  title: 'Ownership',
  description: 'Native ownership graph, or BODS 0.4 statements when `bods` is present',
  type: 'object',
  if: { type: 'object', required: ['bods'] },
  then: BodsOwnership,
  else: NativeOwnership,
})

export const SettingKind = Type.Enum(['childrens_home', 'fostering_agency', 'secure', 'residential_family_centre', 'other'],
  { title: 'SettingKind' })

export const Setting = Type.Object({
  urn: Type.String({ minLength: 1, maxLength: 20, description: 'Ofsted unique reference number, e.g. SC123456' }),
  name: Name('Name as registered with Ofsted'),
  kind: SettingKind,
  places: Count('Registered places (approved fostering places for an agency)'),
  laCode: Type.With(LaCode, { description: 'Council area the setting is in' }),
}, { title: 'Setting', description: 'A setting registered with Ofsted', additionalProperties: false })

export const Placement = Type.Object({
  laCode: Type.With(LaCode, { description: 'Council that placed the children' }),
  children: Count('Children that council had placed with the group at the period end'),
}, { title: 'Placement', additionalProperties: false })

export const ServiceKind = Type.Enum(['childrens_homes', 'fostering', 'other'], { title: 'ServiceKind' })

export const ServiceLine = Type.Object({
  kind: ServiceKind,
  revenue: pounds("The service line's revenue for the period"),
  childWeeks: Type.Number({ minimum: 0, maximum: 10_000_000, description: 'Weeks of placement delivered in the period: children × weeks (may be fractional)' }),
}, { title: 'ServiceLine', description: 'Revenue and placement weeks of one service line; at most one line per kind', additionalProperties: false })

export const RelatedPartyRelationship = Type.Enum(['owner', 'owner_affiliate', 'director', 'other'], { title: 'RelatedPartyRelationship' })

export const RelatedPartyPayments = Type.Object({
  rent: Type.Optional(pounds('Rent and lease charges paid to it')),
  managementFees: Type.Optional(pounds('Management, monitoring and advisory fees paid to it')),
  interest: Type.Optional(pounds('Shareholder-loan and loan-note interest, paid or rolled up')),
  dividends: Type.Optional(pounds('Dividends paid to it')),
  other: Type.Optional(pounds('Other charges paid to it above operating profit')),
}, { title: 'RelatedPartyPayments', description: 'What the group paid it in the period, whole pounds; absent: none', additionalProperties: false })

export const RelatedParty = Type.Object({
  name: Name('Name of the related party'),
  relationship: RelatedPartyRelationship,
  ref: Type.Optional(Ref('The entity of the ownership section it is: a native ref, or with BODS the recordId of an entity or person statement')),
  payments: RelatedPartyPayments,
}, { title: 'RelatedParty', description: 'An owner, an owner\'s other company, a director or another related party, and what it was paid', additionalProperties: false })

export const AnnualReturnBody = Type.Object({
  periodStart: Type.With(IsoDate, { description: 'First day of the financial period' }),
  periodEnd: Type.With(IsoDate, { description: 'Last day of the financial period' }),
  accounts: Accounts,
  accountsSource: Type.Optional(AccountsSource),
  facilities: Type.Array(Facility, { maxItems: 500 }),
  ownership: Ownership,
  settings: Type.Array(Setting, { maxItems: 5000 }),
  placements: Type.Array(Placement, { maxItems: 153, description: 'One line per council' }),
  services: Type.Optional(Type.Array(ServiceLine, { maxItems: 3, description: 'Revenue by service line; their revenue may not exceed accounts.revenue' })),
  relatedParties: Type.Optional(Type.Array(RelatedParty, { maxItems: 1000, description: 'Payments to related parties in the period; an empty list declares none' })),
}, {
  title: 'AnnualReturn',
  description: "A provider group's annual return for one financial period",
  additionalProperties: false,
})
export type AnnualReturnBody = Static<typeof AnnualReturnBody>
