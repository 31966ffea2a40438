// What a webhook delivery carries: the stored event, as JWT claims a receiver can check.
import type { ClaimedDelivery } from './outbox.js'

/** The `iss` of every event: who signed it. */
export const EVENT_ISSUER = 'provider-oversight'

/**
 * The signed payload: the event as written to the outbox (`eventId`, `eventType`, `laCode`,
 * `occurredAt`, `data`) plus `iss`, `aud` (the council it is addressed to), `jti` (the event
 * id, to de-duplicate on) and `iat` (when the event happened). It is the same on every attempt;
 * only the signature differs (ES256 signatures are randomised, and a rotation changes the key).
 */
export function eventClaims(d: Pick<ClaimedDelivery, 'eventId' | 'laCode' | 'createdAt' | 'payload'>): Record<string, unknown> {
  return {
    iss: EVENT_ISSUER,
    aud: d.laCode,
    jti: d.eventId,
    iat: Math.floor(d.createdAt.getTime() / 1000),
    ...d.payload,
  }
}
