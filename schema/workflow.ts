import { Type } from 'typebox'
import { IsoDate, LaCode, Uuid } from './common.js'

const DateTime = Type.String({ format: 'date-time' })
const NullableDateTime = Type.Union([DateTime, Type.Null()])

export const RequirementKind = Type.Enum(['risk_mitigation_plan', 'independent_business_review', 'information'])

export const RequirementCreate = Type.Object({
  kind: RequirementKind,
  detail: Type.String({ minLength: 1, maxLength: 10_000 }),
  dueDate: IsoDate,
}, { title: 'RequirementCreate', additionalProperties: false })

export const RequirementResponseCreate = Type.Object({
  documentReference: Type.String({ minLength: 1, maxLength: 500, description: 'Where the regulator finds the document (e.g. a secure-transfer reference)' }),
  text: Type.String({ minLength: 1, maxLength: 20_000 }),
}, { title: 'RequirementResponseCreate', additionalProperties: false })

export const Requirement = Type.Object({
  id: Uuid,
  providerId: Uuid,
  kind: RequirementKind,
  detail: Type.String(),
  dueDate: IsoDate,
  status: Type.Enum(['open', 'answered']),
  overdue: Type.Boolean(),
  requiredBy: Type.String(),
  requiredAt: DateTime,
  responses: Type.Array(Type.Object({
    id: Uuid, documentReference: Type.String(), text: Type.String(), respondedBy: Type.String(), respondedAt: DateTime,
  }, { additionalProperties: false })),
}, { title: 'Requirement', additionalProperties: false })

export const RequirementList = Type.Object({ items: Type.Array(Requirement) }, { title: 'RequirementList', additionalProperties: false })
export const RequirementParams = Type.Object({ id: Uuid }, { additionalProperties: false })

export const NoticeCreate = Type.Object({
  kind: Type.Literal('failure_likely'),
  summary: Type.String({ minLength: 1, maxLength: 5000 }),
}, { title: 'NoticeCreate', additionalProperties: false })

export const NoticeWithdrawal = Type.Object({
  reason: Type.String({ minLength: 1, maxLength: 5000 }),
}, { title: 'NoticeWithdrawal', additionalProperties: false })

export const Addressee = Type.Object({
  laCode: LaCode,
  children: Type.Integer({ description: 'Children this council has placed with the provider' }),
  acknowledgedAt: NullableDateTime,
  acknowledgedBy: Type.Union([Type.String(), Type.Null()]),
}, { additionalProperties: false })

export const Notice = Type.Object({
  id: Uuid,
  providerId: Uuid,
  providerName: Type.String(),
  kind: Type.Literal('failure_likely'),
  summary: Type.String(),
  inForce: Type.Boolean(),
  issuedAt: DateTime,
  issuedBy: Type.String(),
  withdrawnAt: NullableDateTime,
  withdrawalReason: Type.Union([Type.String(), Type.Null()]),
  addressees: Type.Array(Addressee, { description: 'A council sees only its own line' }),
  unacknowledged: Type.Optional(Type.Array(LaCode, { description: 'Regulators: the councils yet to acknowledge' })),
}, { title: 'Notice', additionalProperties: false })

export const NoticeList = Type.Object({ items: Type.Array(Notice) }, { title: 'NoticeList', additionalProperties: false })
export const NoticeParams = Type.Object({ id: Uuid }, { additionalProperties: false })

export const DesignationCandidate = Type.Object({
  providerId: Uuid,
  name: Type.String(),
  kind: Type.String(),
  rating: Type.Enum(['red', 'amber', 'green', 'unrated']),
  returnId: Uuid,
  periodEnd: IsoDate,
  why: Type.String({ description: 'The CONT-DIFFICULT-TO-REPLACE explanation' }),
}, { additionalProperties: false })
export const DesignationCandidates = Type.Object({ items: Type.Array(DesignationCandidate) }, { title: 'DesignationCandidates', additionalProperties: false })

export const Overdue = Type.Object({
  filings: Type.Array(Type.Object({
    providerId: Uuid, name: Type.String(), lastPeriodEnd: Type.Union([IsoDate, Type.Null()]), dueBy: IsoDate,
  }, { additionalProperties: false }), { description: 'Designated groups that have not filed within 9 months of their period end' }),
  requirements: Type.Array(Type.Object({
    id: Uuid, providerId: Uuid, name: Type.String(), kind: RequirementKind, dueDate: IsoDate,
  }, { additionalProperties: false }), { description: 'Open requirements past their due date' }),
}, { title: 'Overdue', additionalProperties: false })

const ImpactLine = Type.Object({
  laCode: LaCode,
  name: Type.String(),
  region: Type.String(),
  children: Type.Integer(),
  childrenLookedAfter: Type.Union([Type.Integer(), Type.Null()]),
  shareOfChildrenLookedAfter: Type.Union([Type.Number(), Type.Null()], { description: 'children / the council\'s children looked after' }),
  settings: Type.Integer({ description: 'The provider\'s settings in this council\'s area' }),
  places: Type.Integer(),
}, { additionalProperties: false })

export const Impact = Type.Object({
  providerId: Uuid,
  name: Type.String(),
  returnId: Uuid,
  periodEnd: IsoDate,
  councils: Type.Array(ImpactLine, { description: 'Councils for whom the provider holds more than 10% of their children first' }),
  regions: Type.Array(Type.Object({ region: Type.String(), settings: Type.Integer(), places: Type.Integer(), children: Type.Integer() }, { additionalProperties: false })),
  totals: Type.Object({ children: Type.Integer(), councils: Type.Integer(), settings: Type.Integer(), places: Type.Integer(), councilsAbove10Pct: Type.Integer() }, { additionalProperties: false }),
}, { title: 'Impact', additionalProperties: false })

export const CouncilImpact = Type.Object({
  providerId: Uuid,
  name: Type.String(),
  periodEnd: IsoDate,
  line: ImpactLine,
}, { title: 'CouncilImpact', additionalProperties: false })
