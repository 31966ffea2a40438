import { Type } from 'typebox'
import { IsoDate, Page, PageQuery, Uuid } from './common.js'
import { AnnualReturnBody } from './annual-return.js'
import { AccountsFact } from './ixbrl.js'

const NullableUuid = Type.Union([Uuid, Type.Null()])

export const ReturnParams = Type.Object({ returnId: Uuid }, { additionalProperties: false })

/** What filing or amending answers: the version created and its assessment. */
export const ReturnReceipt = Type.Object({
  id: Uuid,
  providerId: Uuid,
  periodStart: IsoDate,
  periodEnd: IsoDate,
  version: Type.Integer({ minimum: 1 }),
  supersedes: NullableUuid,
  status: Type.Literal('accepted'),
  submittedAt: Type.String({ format: 'date-time', description: 'Server time of receipt; late filing is measured from it' }),
  assessment: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()], { description: 'The assessment made in the same transaction' }),
}, { title: 'ReturnReceipt', additionalProperties: false })

export const ReturnSummary = Type.Object({
  id: Uuid,
  providerId: Uuid,
  periodStart: IsoDate,
  periodEnd: IsoDate,
  version: Type.Integer({ minimum: 1 }),
  supersedes: NullableUuid,
  supersededBy: NullableUuid,
  submittedAt: Type.String({ format: 'date-time' }),
  submittedBy: Type.String(),
  bodySha256: Type.String({ description: 'SHA-256 of the filed document in canonical JSON (RFC 8785)' }),
}, { title: 'ReturnSummary', additionalProperties: false })

export const ReturnPage = Page(ReturnSummary, 'ReturnPage')
export const ReturnListQuery = PageQuery

/** `GET /v1/returns/template.xlsx`: empty, or filled to amend a group's latest return. */
export const ReturnTemplateQuery = Type.Object({
  providerId: Type.Optional(Type.String({
    format: 'uuid', pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
    description: 'Fill the template with this group\'s latest return (the latest version of its latest period), to amend it',
  })),
}, { additionalProperties: false })

export const ReturnDetail = Type.Object({
  ...ReturnSummary.properties,
  body: AnnualReturnBody,
  accountsProvenance: Type.Optional(Type.Object({
    ixbrlSha256: Type.String(),
    companyNumber: Type.Union([Type.String(), Type.Null()]),
    facts: Type.Array(AccountsFact, { description: 'Where each figure read from the iXBRL came from' }),
  }, { additionalProperties: false, description: 'When the return cites an iXBRL source' })),
}, { title: 'ReturnDetail', additionalProperties: false })
