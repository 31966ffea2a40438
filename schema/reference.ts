// Reference data the regulator loads: Ofsted's register of children's social care settings.
import { Type, type Static } from 'typebox'
import { IsoDate, LaCode, Uuid } from './common.js'
import { SettingKind } from './annual-return.js'

const count = (description: string) => Type.Integer({ minimum: 0, description })

export const ByJudgement = Type.Object({
  outstanding: count('Settings judged Outstanding'),
  good: count('Settings judged Good'),
  requiresImprovement: count('Settings judged Requires improvement to be good (Adequate before 2015)'),
  inadequate: count('Settings judged Inadequate'),
  none: count('Settings without a judgement (not yet inspected, not judged)'),
}, { title: 'ByJudgement', additionalProperties: false })

export const OfstedRegisterLoad = Type.Object({
  loadId: Type.Integer({ minimum: 1, description: 'Loads are numbered 1, 2, 3… in the order they were made; the latest is in force' }),
  loadedAt: Type.String({ format: 'date-time' }),
  settings: count('Settings in the load'),
  byJudgement: ByJudgement,
}, { title: 'OfstedRegisterLoad', additionalProperties: false })
export type OfstedRegisterLoad = Static<typeof OfstedRegisterLoad>

export const Judgement = Type.Union([Type.Enum(['outstanding', 'good', 'requires_improvement', 'inadequate']), Type.Null()], {
  description: 'The latest "Overall experiences and progress of children and young people"; null when none (not yet inspected)',
})

export const OfstedSetting = Type.Object({
  loadId: Type.Integer({ minimum: 1, description: 'The load this entry is from (the one in force)' }),
  urn: Type.String({ description: 'Ofsted unique reference number, e.g. SC123456' }),
  row: Type.Integer({ minimum: 2, description: 'The row of the loaded file it came from (the header is row 1)' }),
  provisionType: Type.Union([Type.String(), Type.Null()]),
  name: Type.Union([Type.String(), Type.Null()], { description: 'As published (Ofsted publishes children\'s homes as REDACTED)' }),
  registrationStatus: Type.String({ description: 'As published; a setting is registered only when it is Active' }),
  places: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
  localAuthority: Type.Union([Type.String(), Type.Null()]),
  judgement: Judgement,
  inspectionDate: Type.Union([IsoDate, Type.Null()]),
}, { title: 'OfstedSetting', additionalProperties: false })
export type OfstedSetting = Static<typeof OfstedSetting>

export const OfstedSettingsQuery = Type.Object({
  urn: Type.Optional(Type.String({ minLength: 1, maxLength: 20, description: 'A setting\'s URN (case and surrounding space ignored); without it, the load in force' })),
}, { additionalProperties: false })

export const ProviderSettings = Type.Object({
  providerId: Uuid,
  returnId: Type.String({ format: 'uuid', description: 'The latest return, whose settings these are' }),
  periodEnd: IsoDate,
  register: Type.Union([Type.Object({ loadId: Type.Integer({ minimum: 1 }), loadedAt: Type.String({ format: 'date-time' }) }, { additionalProperties: false }), Type.Null()], {
    description: 'The Ofsted register load in force that the settings were read against; null when none has been loaded',
  }),
  settings: Type.Array(Type.Object({
    urn: Type.String({ description: 'As filed' }),
    name: Type.String({ description: 'As filed' }),
    kind: SettingKind,
    places: Type.Integer({ minimum: 0, description: 'As filed' }),
    laCode: LaCode,
    registered: Type.Union([Type.Boolean(), Type.Null()], { description: 'In the register with the status Active; null when no register is loaded' }),
    registrationStatus: Type.Union([Type.String(), Type.Null()], { description: 'As published; null when the register lacks the URN' }),
    judgement: Judgement,
    inspectionDate: Type.Union([IsoDate, Type.Null()]),
  }, { additionalProperties: false }), { description: 'In the order filed' }),
}, { title: 'ProviderSettings', additionalProperties: false })
