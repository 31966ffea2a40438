// Webhooks, their delivery log, and the service's published signing keys.
import { Type, type Static, type TSchema } from 'typebox'
import { LaCode, Page, PageQuery, Uuid } from './common.js'

const DateTime = Type.String({ format: 'date-time' })
const nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()])

export const CouncilWebhookParams = Type.Object({ laCode: LaCode }, { additionalProperties: false })
export const WebhookParams = Type.Object({ laCode: LaCode, id: Uuid }, { additionalProperties: false })

export const WebhookCreate = Type.Object({
  url: Type.String({
    minLength: 1, maxLength: 2000,
    description: 'Where to POST each event: https only (http to a loopback address only where the service allows it, for tests)',
    examples: ['https://notices.example.gov.uk/provider-oversight'],
  }),
}, { title: 'WebhookCreate', additionalProperties: false })
export type WebhookCreate = Static<typeof WebhookCreate>

export const Webhook = Type.Object({
  id: Uuid,
  laCode: LaCode,
  url: Type.String(),
  active: Type.Boolean(),
  createdAt: DateTime,
}, { title: 'Webhook', additionalProperties: false })

export const WebhookList = Type.Object({ items: Type.Array(Webhook) }, { title: 'WebhookList', additionalProperties: false })

export const DeliveryAttempt = Type.Object({
  attempt: Type.Integer({ minimum: 1 }),
  attemptedAt: DateTime,
  statusCode: nullable(Type.Integer({ description: 'The receiver\'s HTTP status; null when there was no answer' })),
  error: nullable(Type.String({ description: 'Why the attempt failed, when it did' })),
  durationMs: Type.Integer({ minimum: 0 }),
}, { title: 'WebhookDeliveryAttempt', additionalProperties: false })

export const Delivery = Type.Object({
  id: Uuid,
  eventId: Type.String({ format: 'uuid', description: 'The same on every attempt: receivers de-duplicate on it' }),
  eventType: Type.String({ examples: ['notice.issued', 'notice.withdrawn'] }),
  status: Type.Enum(['pending', 'delivered', 'failed'], { description: 'failed: no 2xx within 24 hours, or the webhook was deactivated' }),
  attempts: Type.Integer({ minimum: 0, description: 'Attempts begun so far' }),
  createdAt: DateTime,
  nextAttemptAt: nullable(DateTime),
  deliveredAt: nullable(DateTime),
  attemptLog: Type.Array(DeliveryAttempt),
}, { title: 'WebhookDelivery', additionalProperties: false })

export const DeliveryPage = Page(Delivery, 'WebhookDeliveryPage')
export const DeliveryQuery = PageQuery

/** A public key as published (RFC 7517): EC P-256 for ES256. */
export const PublicJwk = Type.Object({
  kty: Type.String(),
  crv: Type.Optional(Type.String()),
  x: Type.Optional(Type.String()),
  y: Type.Optional(Type.String()),
  kid: Type.String(),
  alg: Type.String(),
  use: Type.String(),
}, { title: 'PublicJwk', additionalProperties: false })

export const Jwks = Type.Object({ keys: Type.Array(PublicJwk) }, {
  title: 'Jwks',
  description: 'The keys that sign webhook deliveries: the current one, and any retired in the last 30 days',
  additionalProperties: false,
})

export const SigningKeyRotation = Type.Object({
  kid: Type.String({ description: 'The new current key' }),
  createdAt: DateTime,
  retired: Type.Array(Type.Object({ kid: Type.String(), retiredAt: DateTime }, { additionalProperties: false }),
    { description: 'Keys retired now; they stay in the JWKS for 30 days' }),
}, { title: 'SigningKeyRotation', additionalProperties: false })

// ---- Notices by email: a council's contact addresses and the log of what was emailed to them.

export const CouncilContactsUpdate = Type.Object({
  emails: Type.Array(Type.String({ format: 'email', maxLength: 320 }), {
    maxItems: 20, uniqueItems: true,
    description: 'Every address notices to this council are emailed to (through GOV.UK Notify); [] emails no one',
    examples: [['childrens.commissioning@camden.gov.uk']],
  }),
}, { title: 'CouncilContactsUpdate', additionalProperties: false })

export const CouncilContacts = Type.Object({
  laCode: LaCode,
  emails: Type.Array(Type.String()),
  /** the email channel is off on a database that lacks its tables (their migration is pending) */
  emailEnabled: Type.Boolean({ description: 'Whether this service emails notices at all (GOV.UK Notify configured); when false, deliveries are logged as not sent' }),
}, { title: 'CouncilContacts', additionalProperties: false })

export const EmailDelivery = Type.Object({
  id: Uuid,
  eventId: Type.String({ format: 'uuid' }),
  eventType: Type.String({ examples: ['notice.issued', 'notice.withdrawn'] }),
  email: Type.String(),
  status: Type.Enum(['pending', 'delivered', 'failed'], { description: 'delivered: GOV.UK Notify accepted it; failed: refused, not configured, or not accepted within 24 hours' }),
  attempts: Type.Integer({ minimum: 0 }),
  createdAt: DateTime,
  nextAttemptAt: nullable(DateTime),
  deliveredAt: nullable(DateTime),
  notifyId: nullable(Type.String({ description: 'GOV.UK Notify\'s id of the email' })),
  attemptLog: Type.Array(DeliveryAttempt),
}, { title: 'EmailDelivery', additionalProperties: false })

export const EmailDeliveryPage = Page(EmailDelivery, 'EmailDeliveryPage')
