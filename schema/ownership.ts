import { Type } from 'typebox'
import { IsoDate, Uuid } from './common.js'
import { EntityKind, Ownership, OwnershipInterest } from './annual-return.js'

const Pct2 = Type.Number({ description: 'Percentage, to two decimals' })

export const OwnershipResolutionView = Type.Object({
  providerId: Type.Optional(Uuid),
  returnId: Type.Optional(Uuid),
  asOf: IsoDate,
  reportingEntity: Type.String(),
  entities: Type.Array(Type.Object({
    ref: Type.String(), name: Type.String(), kind: EntityKind, jurisdiction: Type.String(),
    effectivePct: Pct2, controls: Type.Boolean(), root: Type.Boolean(),
  }, { additionalProperties: false })),
  interests: Type.Array(Type.Object({ ...OwnershipInterest.properties, indirect: Type.Optional(Type.Boolean()), through: Type.Optional(Type.Array(Type.String())) }, { additionalProperties: false })),
  ultimateControllers: Type.Array(Type.Object({
    ref: Type.String(), name: Type.String(), kind: EntityKind, jurisdiction: Type.String(),
    effectivePct: Pct2, controls: Type.Boolean(), path: Type.Array(Type.String(), { description: 'Heaviest path, controller first' }),
  }, { additionalProperties: false })),
  resolvedPct: Pct2,
  peBacked: Type.Boolean(),
  offshore: Type.Boolean(),
  depth: Type.Integer(),
  cycles: Type.Array(Type.Array(Type.String()), { description: 'Cross-holdings (refs)' }),
  opaqueCycles: Type.Array(Type.Array(Type.String()), { description: 'Cross-holdings that no root owns into (opacity)' }),
  notes: Type.Array(Type.String()),
}, { title: 'OwnershipResolution', additionalProperties: false })

export const ResolveQuery = Type.Object({
  asOf: Type.Optional(Type.With(IsoDate, { description: 'For BODS: read interests in force on this date (default today)' })),
}, { additionalProperties: false })

export const ResolveBody = Ownership

export const BodsPackage = Type.Array(Type.Object({}, { additionalProperties: true }), { title: 'BodsPackage', description: 'BODS 0.4 statements' })
