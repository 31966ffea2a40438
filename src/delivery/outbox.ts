// The transactional outbox of councils' webhooks: an event is written in the transaction that makes
// it (`enqueueEvent`), one pending delivery per active webhook of each council addressed, so it is
// sent if and only if that transaction commits; the worker (worker.ts) claims due deliveries and
// records each attempt, each in a short transaction of its own, none open while a receiver is called.
//
// Why a small outbox and not a job-queue library: the event has to be written in the same
// transaction as the notice that causes it (or a rolled-back notice could still be announced,
// and a committed one lost), on both of our drivers. pg-boss, graphile-worker and the like need
// a real PostgreSQL server, their own schema and long-lived LISTEN connections; they do not run
// on PGlite, which has one connection and no server. One table, claimed with
// `SELECT … FOR UPDATE SKIP LOCKED`, gives the same guarantees (at-least-once, several workers
// never claiming the same row, nothing lost on a restart) in ~100 lines on both.
import { randomUUID } from 'node:crypto'
import type { Database, Queryable } from '../db/client.js'
import {
  activeWebhooksOf, dueDeliveries, insertAttempt, insertDeliveries, leaseDeliveries, setDelivered, setFailed, setNextAttempt,
  webhookUrls, type EventType,
} from '../db/queries/webhooks.js'

export type { EventType }

export interface OutboxEvent {
  /** The id receivers de-duplicate on: one per event, the same for every council and attempt. */
  eventId: string
  eventType: EventType
  /** The councils addressed. */
  laCodes: string[]
  /** What that council may see of the event (its own children, never another council's). */
  payloadFor: (laCode: string) => Record<string, unknown>
}

/**
 * Writes the event to the outbox: one pending delivery per active webhook of each addressed
 * council, due now. Call it inside the transaction that makes the event. Writing the same event
 * id twice adds nothing. Returns the number of deliveries written.
 */
export async function enqueueEvent(tx: Queryable, event: OutboxEvent, now: Date): Promise<number> {
  const laCodes = [...new Set(event.laCodes)]
  if (laCodes.length === 0) return 0
  const targets = await activeWebhooksOf(tx, laCodes)
  if (targets.length === 0) return 0
  const payloads = new Map(laCodes.map((la) => [la, event.payloadFor(la)]))
  const written = await insertDeliveries(tx, targets.map((w) => ({
    id: randomUUID(),
    eventId: event.eventId,
    eventType: event.eventType,
    webhookId: w.id,
    laCode: w.laCode,
    payload: {
      eventId: event.eventId, eventType: event.eventType, laCode: w.laCode, occurredAt: now.toISOString(),
      data: payloads.get(w.laCode),
    },
    status: 'pending' as const,
    attempts: 0,
    nextAttemptAt: now,
    createdAt: now,
  })))
  return written.length
}

export interface ClaimedDelivery {
  id: string
  eventId: string
  eventType: string
  laCode: string
  url: string
  payload: Record<string, unknown>
  /** The number of this attempt (1 for the first). */
  attempt: number
  createdAt: Date
}

/**
 * Claims up to `limit` due deliveries for one attempt each. In one short transaction the rows
 * are locked (`FOR UPDATE SKIP LOCKED`: another worker skips them rather than waiting), their
 * attempt counted and their next attempt pushed `leaseMs` ahead. The HTTP call happens after
 * the commit; if this worker dies before recording the result, the rows fall due again when
 * the lease runs out, and another worker (or this one, restarted) tries them again.
 */
export async function claimDue(deps: { db: Database; now: Date }, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
  const { now } = deps
  return deps.db.transaction(async (tx) => {
    const due = await dueDeliveries(tx, now, limit)
    if (due.length === 0) return []
    const claimed = await leaseDeliveries(tx, due.map((d) => d.id), new Date(now.getTime() + leaseMs))
    const urls = await webhookUrls(tx, [...new Set(claimed.map((c) => c.webhookId))])
    return claimed.map((c) => ({
      id: c.id, eventId: c.eventId, eventType: c.eventType, laCode: c.laCode, url: urls.get(c.webhookId)!,
      payload: c.payload as Record<string, unknown>, attempt: c.attempts, createdAt: c.createdAt,
    }))
  })
}

export interface AttemptResult {
  attemptedAt: Date
  statusCode: number | null
  error: string | null
  durationMs: number
  /** For a failure: pending again at nextAttemptAt, or failed for good. */
  then: { status: 'delivered' } | { status: 'pending'; nextAttemptAt: Date } | { status: 'failed' }
}

/**
 * Records one attempt and its outcome. A success always counts (the receiver has the event);
 * a failure reschedules only if no later claim of the same row has happened meanwhile.
 */
export async function recordAttempt(deps: { db: Database; now: Date }, claimed: Pick<ClaimedDelivery, 'id' | 'attempt'>, result: AttemptResult) {
  await deps.db.transaction(async (tx) => {
    await insertAttempt(tx, {
      id: randomUUID(), deliveryId: claimed.id, attempt: claimed.attempt, attemptedAt: result.attemptedAt,
      statusCode: result.statusCode, error: result.error, durationMs: result.durationMs,
    })
    if (result.then.status === 'delivered') await setDelivered(tx, claimed.id, deps.now)
    else if (result.then.status === 'pending') await setNextAttempt(tx, claimed.id, claimed.attempt, result.then.nextAttemptAt)
    else await setFailed(tx, claimed.id, claimed.attempt)
  })
}
