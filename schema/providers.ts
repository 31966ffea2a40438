import { Type, type Static } from 'typebox'
import { Page, PageQuery, Uuid } from './common.js'

export const ProviderKind = Type.Enum(['private', 'voluntary', 'local_authority'])
export const Rating = Type.Enum(['red', 'amber', 'green', 'unrated'])

export const ProviderCreate = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  companyNumber: Type.String({ pattern: '^(\\d{8}|[A-Z]{2}\\d{6})$', description: 'Companies House number (8 digits, or a 2-letter prefix and 6 digits)' }),
  kind: ProviderKind,
}, { title: 'ProviderCreate', additionalProperties: false })
export type ProviderCreate = Static<typeof ProviderCreate>

export const Provider = Type.Object({
  id: Uuid,
  name: Type.String(),
  companyNumber: Type.String(),
  kind: ProviderKind,
  designated: Type.Boolean(),
  rating: Rating,
  peBacked: Type.Union([Type.Boolean(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
}, { title: 'Provider', additionalProperties: false })
export type Provider = Static<typeof Provider>

export const ProviderPage = Page(Provider, 'ProviderPage')

export const ProviderListQuery = Type.Object({
  ...PageQuery.properties,
  rating: Type.Optional(Rating),
  designated: Type.Optional(Type.Boolean()),
  peBacked: Type.Optional(Type.Boolean()),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Part of the group\'s name, in any case (`care` finds "Harbour Care Ltd")' })),
}, { additionalProperties: false })

export const ProviderParams = Type.Object({ id: Uuid }, { additionalProperties: false })

export const DesignationUpdate = Type.Object({
  designated: Type.Boolean(),
  reason: Type.String({ minLength: 1, maxLength: 2000 }),
  responsibleIndividual: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'The group\'s responsible senior individual: optional, recorded with the decision when given' })),
}, { title: 'DesignationUpdate', additionalProperties: false })

export const Designation = Type.Object({
  id: Uuid,
  designated: Type.Boolean(),
  reason: Type.String(),
  responsibleIndividual: Type.Union([Type.String(), Type.Null()]),
  decidedBy: Type.String(),
  decidedAt: Type.String({ format: 'date-time' }),
}, { title: 'Designation', additionalProperties: false })

export const ProviderWithDesignations = Type.Object({
  ...Provider.properties,
  designations: Type.Array(Designation),
}, { title: 'ProviderDetail', additionalProperties: false })
