// How a webhook, its deliveries and a signing key rotation read.
import type { Static } from 'typebox'
import type { Delivery, SigningKeyRotation, Webhook } from '../../schema/webhooks.js'
import type { AttemptRow, DeliveryRow, WebhookRow } from '../db/queries/webhooks.js'

export const webhookView = (w: WebhookRow): Static<typeof Webhook> =>
  ({ id: w.id, laCode: w.laCode, url: w.url, active: w.active, createdAt: w.createdAt.toISOString() })

export const deliveryView = (d: DeliveryRow & { attemptLog: AttemptRow[] }): Static<typeof Delivery> => ({
  id: d.id,
  eventId: d.eventId,
  eventType: d.eventType,
  status: d.status,
  attempts: d.attempts,
  createdAt: d.createdAt.toISOString(),
  nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
  deliveredAt: d.deliveredAt?.toISOString() ?? null,
  attemptLog: d.attemptLog.map((a) => ({
    attempt: a.attempt, attemptedAt: a.attemptedAt.toISOString(), statusCode: a.statusCode, error: a.error, durationMs: a.durationMs,
  })),
})

export const signingKeyRotationView = (key: { kid: string; createdAt: Date }, retired: { kid: string; retiredAt: Date }[]): Static<typeof SigningKeyRotation> => ({
  kid: key.kid, createdAt: key.createdAt.toISOString(),
  retired: retired.map((r) => ({ kid: r.kid, retiredAt: r.retiredAt.toISOString() })),
})
