// Councils' webhooks and the transactional outbox of their deliveries.
//
// Why a small outbox and not a job-queue library: the event has to be written in the same
// transaction as the notice that causes it (or a rolled-back notice could still be announced,
// and a committed one lost), on both of our drivers. pg-boss, graphile-worker and the like need
// a real PostgreSQL server, their own schema and long-lived LISTEN connections; they do not run
// on PGlite, which has one connection and no server. One table, claimed with
// `SELECT … FOR UPDATE SKIP LOCKED`, gives the same guarantees (at-least-once, several workers
// never claiming the same row, nothing lost on a restart) in ~100 lines on both.
import { randomUUID } from 'node:crypto'
import { and, asc, desc, eq, inArray, lt, lte, or, sql } from 'drizzle-orm'
import { webhookAttempts, webhookDeliveries, webhooks } from '../schema.js'
import type { Database, Queryable } from '../client.js'
import type { Actor } from '../../domain/actor.js'
import { appendAudit } from './audit.js'
import { councilWebhooksLock } from '../locks.js'
import { urlForAudit } from '../../delivery/target.js'
import { conflict } from '../../problems.js'

export type WebhookRow = typeof webhooks.$inferSelect
export type DeliveryRow = typeof webhookDeliveries.$inferSelect
export type AttemptRow = typeof webhookAttempts.$inferSelect
export type EventType = 'notice.issued' | 'notice.withdrawn'

export const webhookView = (w: WebhookRow) =>
  ({ id: w.id, laCode: w.laCode, url: w.url, active: w.active, createdAt: w.createdAt.toISOString() })

export async function registerWebhook(db: Database, actor: Actor, laCode: string, url: string, now: Date) {
  return db.transaction(async (tx) => {
    // One lock per council: two registrations of the same URL cannot both pass the check.
    await tx.execute(sql`select pg_advisory_xact_lock(${councilWebhooksLock(laCode)})`)
    const [same] = await tx.select({ id: webhooks.id }).from(webhooks)
      .where(and(eq(webhooks.laCode, laCode), eq(webhooks.url, url), eq(webhooks.active, true))).limit(1)
    if (same) throw conflict('This council already has an active webhook at this URL', { webhookId: same.id })
    const [row] = await tx.insert(webhooks).values({ id: randomUUID(), laCode, url, active: true, createdBy: actor.sub, createdAt: now }).returning()
    await appendAudit(tx, actor, {
      action: 'webhook.register', objectType: 'webhook', objectId: row.id, summary: { laCode, url: urlForAudit(url) },
    }, now)
    return row
  })
}

export const listWebhooks = (db: Queryable, laCode: string) =>
  db.select().from(webhooks).where(eq(webhooks.laCode, laCode)).orderBy(asc(webhooks.createdAt), asc(webhooks.id))

/** The webhook, if it is this council's (another council's does not exist for it). */
export async function findWebhook(db: Queryable, laCode: string, id: string) {
  const [row] = await db.select().from(webhooks).where(and(eq(webhooks.id, id), eq(webhooks.laCode, laCode))).limit(1)
  return row
}

/**
 * Deactivates a webhook (no more events are written for it) and gives up its pending
 * deliveries, which show as failed in its log. Audited; deactivating twice changes nothing.
 */
export async function deactivateWebhook(db: Database, actor: Actor, laCode: string, id: string, now: Date) {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(webhooks).where(and(eq(webhooks.id, id), eq(webhooks.laCode, laCode))).for('update')
    if (!row || !row.active) return row
    const [updated] = await tx.update(webhooks).set({ active: false }).where(eq(webhooks.id, id)).returning()
    const cancelled = await tx.update(webhookDeliveries).set({ status: 'failed' })
      .where(and(eq(webhookDeliveries.webhookId, id), eq(webhookDeliveries.status, 'pending')))
      .returning({ id: webhookDeliveries.id })
    await appendAudit(tx, actor, {
      action: 'webhook.deactivate', objectType: 'webhook', objectId: id,
      summary: { laCode, url: urlForAudit(row.url), pendingDeliveriesAbandoned: cancelled.length },
    }, now)
    return updated
  })
}

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
 * council, due now. Call it inside the transaction that makes the event, so the event is sent
 * if and only if that transaction commits. Writing the same event id twice adds nothing.
 * Returns the number of deliveries written.
 */
export async function enqueueEvent(tx: Queryable, event: OutboxEvent, now: Date): Promise<number> {
  const laCodes = [...new Set(event.laCodes)]
  if (laCodes.length === 0) return 0
  const targets = await tx.select({ id: webhooks.id, laCode: webhooks.laCode }).from(webhooks)
    .where(and(inArray(webhooks.laCode, laCodes), eq(webhooks.active, true)))
    .orderBy(asc(webhooks.laCode), asc(webhooks.id))
  if (targets.length === 0) return 0
  const payloads = new Map(laCodes.map((la) => [la, event.payloadFor(la)]))
  const written = await tx.insert(webhookDeliveries).values(targets.map((w) => ({
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
  }))).onConflictDoNothing().returning({ id: webhookDeliveries.id })
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
export async function claimDue(db: Database, now: Date, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
  return db.transaction(async (tx) => {
    const due = await tx.select({ id: webhookDeliveries.id }).from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.nextAttemptAt, now)))
      .orderBy(asc(webhookDeliveries.nextAttemptAt), asc(webhookDeliveries.id))
      .limit(limit)
      .for('update', { skipLocked: true })
    if (due.length === 0) return []
    const claimed = await tx.update(webhookDeliveries)
      .set({ attempts: sql`${webhookDeliveries.attempts} + 1`, nextAttemptAt: new Date(now.getTime() + leaseMs) })
      .where(inArray(webhookDeliveries.id, due.map((d) => d.id)))
      .returning()
    const urls = new Map((await tx.select({ id: webhooks.id, url: webhooks.url }).from(webhooks)
      .where(inArray(webhooks.id, [...new Set(claimed.map((c) => c.webhookId))]))).map((w) => [w.id, w.url]))
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
export async function recordAttempt(db: Database, claimed: Pick<ClaimedDelivery, 'id' | 'attempt'>, result: AttemptResult, now: Date) {
  await db.transaction(async (tx) => {
    await tx.insert(webhookAttempts).values({
      id: randomUUID(), deliveryId: claimed.id, attempt: claimed.attempt, attemptedAt: result.attemptedAt,
      statusCode: result.statusCode, error: result.error, durationMs: result.durationMs,
    })
    const pending = and(eq(webhookDeliveries.id, claimed.id), eq(webhookDeliveries.status, 'pending'))
    if (result.then.status === 'delivered') {
      await tx.update(webhookDeliveries).set({ status: 'delivered', deliveredAt: now }).where(pending)
    } else if (result.then.status === 'pending') {
      await tx.update(webhookDeliveries).set({ nextAttemptAt: result.then.nextAttemptAt })
        .where(and(pending, eq(webhookDeliveries.attempts, claimed.attempt)))
    } else {
      await tx.update(webhookDeliveries).set({ status: 'failed' })
        .where(and(pending, eq(webhookDeliveries.attempts, claimed.attempt)))
    }
  })
}

/** One page of a webhook's deliveries, newest first, each with its attempts in order. */
export async function listDeliveries(db: Queryable, webhookId: string, q: { after?: [string, string]; limit: number }) {
  const rows = await db.select().from(webhookDeliveries).where(and(
    eq(webhookDeliveries.webhookId, webhookId),
    q.after ? or(lt(webhookDeliveries.createdAt, new Date(q.after[0])),
      and(eq(webhookDeliveries.createdAt, new Date(q.after[0])), lt(webhookDeliveries.id, q.after[1]))) : undefined,
  )).orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id)).limit(q.limit + 1)
  const ids = rows.slice(0, q.limit).map((r) => r.id)
  const attempts = ids.length === 0 ? [] : await db.select().from(webhookAttempts)
    .where(inArray(webhookAttempts.deliveryId, ids))
    .orderBy(asc(webhookAttempts.attempt), asc(webhookAttempts.attemptedAt))
  const byDelivery = new Map<string, AttemptRow[]>()
  for (const a of attempts) byDelivery.set(a.deliveryId, [...(byDelivery.get(a.deliveryId) ?? []), a])
  return rows.map((r) => ({ ...r, attemptLog: byDelivery.get(r.id) ?? [] }))
}

export const deliveryView = (d: DeliveryRow & { attemptLog: AttemptRow[] }) => ({
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
