import { Type } from 'typebox'
import { IsoDate } from './common.js'

export const AccountsFact = Type.Object({
  field: Type.String(),
  concept: Type.Union([Type.String(), Type.Null()], { description: 'The taxonomy concept as tagged; null when derived' }),
  contextRef: Type.Union([Type.String(), Type.Null()]),
  period: Type.String({ description: 'YYYY-MM-DD (instant) or YYYY-MM-DD/YYYY-MM-DD (duration)' }),
  value: Type.Integer({ description: 'Whole pounds' }),
  scope: Type.Optional(Type.Enum(['group', 'entity'], { description: 'The column read for this field: the consolidated figures where the filing has them, else the entity\'s own (undimensioned)' })),
  derivedFrom: Type.Optional(Type.Array(Type.String(), { description: 'The concepts a derived figure adds up' })),
  components: Type.Optional(Type.Array(Type.Object({ concept: Type.String(), contextRef: Type.String(), value: Type.Number() }, { additionalProperties: false }), { description: 'The facts a derived figure adds up; one subtracted has a negative value' })),
  note: Type.Optional(Type.String({ description: 'How the figure was worked out where the filing\'s tags do not state it directly' })),
}, { title: 'AccountsFact', additionalProperties: false })

export const IxbrlReading = Type.Object({
  ixbrlSha256: Type.String({ description: 'Cite this as accountsSource.ixbrlSha256 in a return' }),
  scope: Type.Enum(['group', 'entity'], { description: 'group when any figure was read from the consolidated column, else entity; each fact says which it came from' }),
  accounts: Type.Object({}, { additionalProperties: true, description: 'The return\'s accounts fields found, in whole pounds, with profitBeforeTax, directorsRemuneration and rentPayable where the filing tags them' }),
  facts: Type.Array(AccountsFact),
  missing: Type.Array(Type.String()),
  missingReasons: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'Why each missing field is missing, e.g. filleted or micro-entity accounts deliver no profit and loss account' })),
  periodStart: Type.Union([IsoDate, Type.Null()]),
  periodEnd: Type.Union([IsoDate, Type.Null()]),
  companyNumber: Type.Union([Type.String(), Type.Null()]),
}, { title: 'IxbrlReading', additionalProperties: false })
