import { Type } from 'typebox'
import { Page } from './common.js'

export const AuditEntry = Type.Object({
  seq: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actorSub: Type.String(),
  actorRole: Type.String(),
  action: Type.String(),
  objectType: Type.String(),
  objectId: Type.String(),
  summary: Type.Record(Type.String(), Type.Unknown()),
  prevHash: Type.String(),
  hash: Type.String(),
}, { title: 'AuditEntry', additionalProperties: false })

export const AuditPage = Page(AuditEntry, 'AuditPage')

export const AuditQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
  objectType: Type.Optional(Type.String({ maxLength: 50 })),
  objectId: Type.Optional(Type.String({ maxLength: 100 })),
  actor: Type.Optional(Type.String({ maxLength: 200, description: 'The actor\'s `sub`' })),
}, { additionalProperties: false })
