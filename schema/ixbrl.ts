import { Type } from 'typebox'
import { IsoDate } from './common.js'

export const AccountsFact = Type.Object({
  field: Type.String(),
  concept: Type.Union([Type.String(), Type.Null()], { description: 'The taxonomy concept as tagged; null when derived' }),
  contextRef: Type.Union([Type.String(), Type.Null()]),
  period: Type.String({ description: 'YYYY-MM-DD (instant) or YYYY-MM-DD/YYYY-MM-DD (duration)' }),
  value: Type.Integer({ description: 'Whole pounds' }),
  derivedFrom: Type.Optional(Type.Array(Type.String(), { description: 'The concepts a derived figure adds up' })),
  components: Type.Optional(Type.Array(Type.Object({ concept: Type.String(), contextRef: Type.String(), value: Type.Number() }, { additionalProperties: false }))),
}, { title: 'AccountsFact', additionalProperties: false })

export const IxbrlReading = Type.Object({
  ixbrlSha256: Type.String({ description: 'Cite this as accountsSource.ixbrlSha256 in a return' }),
  scope: Type.Enum(['group', 'entity'], { description: 'Whether the consolidated group or the single entity\'s figures were read' }),
  accounts: Type.Object({}, { additionalProperties: true, description: 'The return\'s accounts fields found, in whole pounds' }),
  facts: Type.Array(AccountsFact),
  missing: Type.Array(Type.String()),
  periodStart: Type.Union([IsoDate, Type.Null()]),
  periodEnd: Type.Union([IsoDate, Type.Null()]),
  companyNumber: Type.Union([Type.String(), Type.Null()]),
}, { title: 'IxbrlReading', additionalProperties: false })
