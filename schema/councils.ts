import { Type, type Static } from 'typebox'
import { LaCode } from './common.js'

export const Council = Type.Object({
  laCode: LaCode,
  name: Type.String(),
  region: Type.String(),
  childrenLookedAfter: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
}, { title: 'Council', additionalProperties: false })
export type Council = Static<typeof Council>

export const CouncilList = Type.Object({ items: Type.Array(Council) }, { title: 'CouncilList', additionalProperties: false })
export const CouncilParams = Type.Object({ laCode: LaCode }, { additionalProperties: false })
export const CouncilUpdate = Type.Object({
  childrenLookedAfter: Type.Union([Type.Integer({ minimum: 0, maximum: 1_000_000 }), Type.Null()]),
}, { title: 'CouncilUpdate', additionalProperties: false })
