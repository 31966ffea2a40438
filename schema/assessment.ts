import { Type } from 'typebox'
import { IsoDate, LaCode, Page, Uuid } from './common.js'

export const Severity = Type.Enum(['red', 'amber', 'info'])
export const Rating = Type.Enum(['red', 'amber', 'green', 'unrated'])
export const FlagStatus = Type.Enum(['open', 'under_review', 'escalated', 'resolved', 'dismissed'])
const AnyObject = (description: string) => Type.Object({}, { additionalProperties: true, description })

export const Flag = Type.Object({
  ruleId: Type.String(),
  severity: Severity,
  explanation: Type.String({ description: 'One line a regulator can paste into a letter' }),
  evidence: Type.Object({
    metrics: AnyObject('The metric values compared, unrounded'),
    thresholds: AnyObject('The thresholds crossed'),
    inputs: AnyObject('The filed figures the metrics came from, by JSON pointer into the assessment inputs'),
  }, { additionalProperties: true }),
}, { title: 'Flag', additionalProperties: false })

export const AssessmentView = Type.Object({
  id: Uuid,
  returnId: Uuid,
  rulesetVersion: Type.String(),
  reason: Type.Enum(['filing', 'reassessment']),
  assessedAt: Type.String({ format: 'date-time' }),
  rating: Type.Optional(Rating),
  metrics: AnyObject('Every metric of RULES.md; null where undefined'),
  flags: Type.Array(Flag),
}, { title: 'Assessment', additionalProperties: false })

export const AssessmentList = Type.Object({ items: Type.Array(AssessmentView) }, { title: 'AssessmentList', additionalProperties: false })

export const RuleDefinition = Type.Object({
  description: Type.String(),
  severities: Type.Array(Severity),
  thresholds: Type.Record(Type.String(), Type.Number()),
}, { additionalProperties: false })

export const Ruleset = Type.Object({
  version: Type.String({ pattern: '^[0-9]{4}\\.[1-9][0-9]*$', description: 'YYYY.N' }),
  rules: Type.Record(Type.String(), RuleDefinition),
}, { title: 'Ruleset', additionalProperties: false })

export const PublishedRuleset = Type.Object({
  ...Ruleset.properties,
  publishedAt: Type.String({ format: 'date-time' }),
  publishedBy: Type.String(),
  inForce: Type.Boolean(),
}, { title: 'PublishedRuleset', additionalProperties: false })

export const RulesetParams = Type.Object({ version: Type.String({ pattern: '^[0-9]{4}\\.[1-9][0-9]*$' }) }, { additionalProperties: false })
export const RulesetVersions = Type.Object({
  items: Type.Array(Type.Object({ version: Type.String(), publishedAt: Type.String({ format: 'date-time' }), publishedBy: Type.String(), inForce: Type.Boolean() }, { additionalProperties: false })),
}, { title: 'RulesetVersions', additionalProperties: false })

/** A flag on the register, as its list shows it. */
export const FlagSummary = Type.Object({
  id: Uuid,
  providerId: Uuid,
  providerName: Type.String(),
  providerRating: Rating,
  periodEnd: IsoDate,
  returnId: Uuid,
  assessmentId: Uuid,
  ruleId: Type.String(),
  severity: Type.Enum(['red', 'amber']),
  status: FlagStatus,
  explanation: Type.String(),
  raisedAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
}, { title: 'FlagSummary', additionalProperties: false })

export const RegisterPage = Page(FlagSummary, 'RegisterPage')

export const FlagQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
  status: Type.Optional(FlagStatus),
  severity: Type.Optional(Type.Enum(['red', 'amber'])),
  ruleId: Type.Optional(Type.String({ maxLength: 50 })),
  providerId: Type.Optional(Uuid),
  rating: Type.Optional(Rating),
}, { additionalProperties: false })

export const FlagParams = Type.Object({ id: Uuid }, { additionalProperties: false })

export const FlagEvent = Type.Object({
  at: Type.String({ format: 'date-time' }),
  actorSub: Type.String(),
  actorRole: Type.String(),
  kind: Type.Enum(['raised', 'evidence_updated', 'transition', 'note']),
  fromStatus: Type.Union([Type.String(), Type.Null()]),
  toStatus: Type.Union([Type.String(), Type.Null()]),
  text: Type.Union([Type.String(), Type.Null()]),
}, { additionalProperties: false })

export const FlagDetail = Type.Object({
  ...FlagSummary.properties,
  evidence: AnyObject('Metric values, thresholds crossed and the inputs they came from'),
  revision: Type.Integer(),
  history: Type.Array(FlagEvent),
}, { title: 'FlagDetail', additionalProperties: false })

/** What anyone, a council included, may know of a provider's stability: never a figure. */
export const StabilityView = Type.Object({
  providerId: Uuid,
  name: Type.String(),
  rating: Rating,
  designated: Type.Boolean(),
  peBacked: Type.Union([Type.Boolean(), Type.Null()]),
  noticeInForce: Type.Boolean(),
  openFlags: Type.Array(Type.String(), { description: 'Rule ids of open red and amber register entries' }),
  lastReturnPeriodEnd: Type.Union([IsoDate, Type.Null()]),
}, { title: 'StabilityView', additionalProperties: false })

export const CouncilProviders = Type.Object({
  laCode: LaCode,
  items: Type.Array(Type.Object({ children: Type.Integer(), ...StabilityView.properties }, { additionalProperties: false })),
}, { title: 'CouncilProviders', additionalProperties: false })

export const ReassessmentSummary = Type.Object({
  rulesetVersion: Type.String(),
  assessed: Type.Integer(),
  flagsRaised: Type.Integer(),
  flagsCleared: Type.Integer(),
  ratingsMoved: Type.Array(Type.Object({ providerId: Uuid, name: Type.String(), from: Rating, to: Rating }, { additionalProperties: false })),
  changes: Type.Array(Type.Object({ providerId: Uuid, raised: Type.Array(Type.String()), cleared: Type.Array(Type.String()) }, { additionalProperties: false })),
  durationMs: Type.Number(),
}, { title: 'ReassessmentSummary', additionalProperties: false })

export const StressScenario = Type.Object({
  ebitdaChangePct: Type.Optional(Type.Number({ minimum: -100, maximum: 1000, description: 'e.g. -20 for a 20% fall' })),
  interestRateBps: Type.Optional(Type.Number({ minimum: -1000, maximum: 5000, description: 'Basis points added to the rate on all drawn third-party debt' })),
  cashChangePct: Type.Optional(Type.Number({ minimum: -100, maximum: 1000 })),
}, { title: 'StressScenario', additionalProperties: false })

const Outcome = Type.Object({
  rating: Rating,
  metrics: AnyObject('Metrics'),
  flags: Type.Array(Flag),
}, { additionalProperties: false })

export const StressResult = Type.Object({
  providerId: Uuid,
  returnId: Uuid,
  rulesetVersion: Type.String(),
  scenario: StressScenario,
  today: Outcome,
  stressed: Outcome,
}, { title: 'StressResult', additionalProperties: false })

export const MarketStressResult = Type.Object({
  rulesetVersion: Type.String(),
  scenario: StressScenario,
  groups: Type.Integer(),
  today: Type.Object({ red: Type.Integer(), amber: Type.Integer(), green: Type.Integer() }, { additionalProperties: false }),
  stressed: Type.Object({ red: Type.Integer(), amber: Type.Integer(), green: Type.Integer() }, { additionalProperties: false }),
  turned: Type.Array(Type.Object({ providerId: Uuid, name: Type.String(), from: Rating, to: Rating, flags: Type.Array(Type.String()) }, { additionalProperties: false })),
}, { title: 'MarketStressResult', additionalProperties: false })

export const FlagTransition = Type.Object({
  to: Type.Enum(['under_review', 'escalated', 'resolved', 'dismissed']),
  rationale: Type.Optional(Type.String({ minLength: 1, maxLength: 5000, description: 'Required for resolved and dismissed' })),
}, { title: 'FlagTransition', additionalProperties: false })

export const FlagNote = Type.Object({
  text: Type.String({ minLength: 1, maxLength: 10_000 }),
}, { title: 'FlagNote', additionalProperties: false })

export const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(Type.String({ description: 'The ETag of GET /v1/flags/{id}; required' })),
}, { additionalProperties: true })
