// Councils' webhooks and the outbox of their deliveries (`delivery/outbox.ts` says why an outbox),
// with every attempt.
import { and, asc, desc, eq, inArray, lt, lte, or, sql } from 'drizzle-orm'
import { webhookAttempts, webhookDeliveries, webhooks } from '../schema.js'
import { rowsOf, type Queryable } from '../client.js'
import { councilWebhooksLock } from '../locks.js'

export type WebhookRow = typeof webhooks.$inferSelect
export type DeliveryRow = typeof webhookDeliveries.$inferSelect
export type AttemptRow = typeof webhookAttempts.$inferSelect
export type EventType = 'notice.issued' | 'notice.withdrawn'

/** One council's webhooks are registered one at a time (`councilWebhooksLock`). */
export async function lockCouncilWebhooks(tx: Queryable, laCode: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(${councilWebhooksLock(laCode)})`)
}

/** The council's active webhook at this URL, if any. */
export async function activeWebhookAt(db: Queryable, laCode: string, url: string) {
  const [row] = await db.select({ id: webhooks.id }).from(webhooks)
    .where(and(eq(webhooks.laCode, laCode), eq(webhooks.url, url), eq(webhooks.active, true))).limit(1)
  return row
}

export async function insertWebhook(tx: Queryable, row: typeof webhooks.$inferInsert) {
  const [inserted] = await tx.insert(webhooks).values(row).returning()
  return inserted
}

export const listWebhooks = (db: Queryable, laCode: string) =>
  db.select().from(webhooks).where(eq(webhooks.laCode, laCode)).orderBy(asc(webhooks.createdAt), asc(webhooks.id))

/** The webhook, if it is this council's (another council's does not exist for it). */
export async function findWebhook(db: Queryable, laCode: string, id: string) {
  const [row] = await db.select().from(webhooks).where(and(eq(webhooks.id, id), eq(webhooks.laCode, laCode))).limit(1)
  return row
}

/** The same, locked for the rest of the transaction. */
export async function lockWebhook(tx: Queryable, laCode: string, id: string) {
  const [row] = await tx.select().from(webhooks).where(and(eq(webhooks.id, id), eq(webhooks.laCode, laCode))).for('update')
  return row
}

export async function setInactive(tx: Queryable, id: string) {
  const [row] = await tx.update(webhooks).set({ active: false }).where(eq(webhooks.id, id)).returning()
  return row
}

/** Gives up a webhook's pending deliveries (they show as failed in its log); returns their ids. */
export async function abandonPendingDeliveries(tx: Queryable, webhookId: string) {
  return tx.update(webhookDeliveries).set({ status: 'failed' })
    .where(and(eq(webhookDeliveries.webhookId, webhookId), eq(webhookDeliveries.status, 'pending')))
    .returning({ id: webhookDeliveries.id })
}

/** The active webhooks of these councils, by council then id. */
export async function activeWebhooksOf(tx: Queryable, laCodes: string[]) {
  return tx.select({ id: webhooks.id, laCode: webhooks.laCode }).from(webhooks)
    .where(and(inArray(webhooks.laCode, laCodes), eq(webhooks.active, true)))
    .orderBy(asc(webhooks.laCode), asc(webhooks.id))
}

/** Pending deliveries of an event; an (event, webhook) already written adds nothing. Returns the ids written. */
export async function insertDeliveries(tx: Queryable, rows: (typeof webhookDeliveries.$inferInsert)[]) {
  return tx.insert(webhookDeliveries).values(rows).onConflictDoNothing().returning({ id: webhookDeliveries.id })
}

/** Up to `limit` deliveries due at `now`, locked; rows another worker holds are skipped, not waited for. */
export async function dueDeliveries(tx: Queryable, now: Date, limit: number) {
  return tx.select({ id: webhookDeliveries.id }).from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.nextAttemptAt, now)))
    .orderBy(asc(webhookDeliveries.nextAttemptAt), asc(webhookDeliveries.id))
    .limit(limit)
    .for('update', { skipLocked: true })
}

/** Counts an attempt of each and pushes its next attempt to `until` (the lease). */
export async function leaseDeliveries(tx: Queryable, ids: string[], until: Date) {
  return tx.update(webhookDeliveries)
    .set({ attempts: sql`${webhookDeliveries.attempts} + 1`, nextAttemptAt: until })
    .where(inArray(webhookDeliveries.id, ids))
    .returning()
}

/** The URLs of these webhooks, by id. */
export async function webhookUrls(db: Queryable, ids: string[]) {
  const rows = await db.select({ id: webhooks.id, url: webhooks.url }).from(webhooks).where(inArray(webhooks.id, ids))
  return new Map(rows.map((w) => [w.id, w.url]))
}

export async function insertAttempt(tx: Queryable, row: typeof webhookAttempts.$inferInsert) {
  await tx.insert(webhookAttempts).values(row)
}

const pending = (id: string) => and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.status, 'pending'))

/** A success always counts (the receiver has the event). */
export async function setDelivered(tx: Queryable, id: string, now: Date) {
  await tx.update(webhookDeliveries).set({ status: 'delivered', deliveredAt: now }).where(pending(id))
}

/** A failure reschedules only if no later claim of the row has happened meanwhile (its attempt count is still `attempt`). */
export async function setNextAttempt(tx: Queryable, id: string, attempt: number, at: Date) {
  await tx.update(webhookDeliveries).set({ nextAttemptAt: at }).where(and(pending(id), eq(webhookDeliveries.attempts, attempt)))
}

/** Gives up, on the same condition. */
export async function setFailed(tx: Queryable, id: string, attempt: number) {
  await tx.update(webhookDeliveries).set({ status: 'failed' }).where(and(pending(id), eq(webhookDeliveries.attempts, attempt)))
}

/** One page of a webhook's deliveries, newest first (one more row than the page: whether another follows). */
export async function listDeliveries(db: Queryable, webhookId: string, q: { after?: [string, string]; limit: number }) {
  return db.select().from(webhookDeliveries).where(and(
    eq(webhookDeliveries.webhookId, webhookId),
    q.after ? or(lt(webhookDeliveries.createdAt, new Date(q.after[0])),
      and(eq(webhookDeliveries.createdAt, new Date(q.after[0])), lt(webhookDeliveries.id, q.after[1]))) : undefined,
  )).orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id)).limit(q.limit + 1)
}

/** The attempts of these deliveries, by delivery, each list in order. */
export async function attemptsOf(db: Queryable, deliveryIds: string[]) {
  const attempts = deliveryIds.length === 0 ? [] : await db.select().from(webhookAttempts)
    .where(inArray(webhookAttempts.deliveryId, deliveryIds))
    .orderBy(asc(webhookAttempts.attempt), asc(webhookAttempts.attemptedAt))
  const byDelivery = new Map<string, AttemptRow[]>()
  for (const a of attempts) byDelivery.set(a.deliveryId, [...(byDelivery.get(a.deliveryId) ?? []), a])
  return byDelivery
}

/** Deliveries waiting to be made (the metrics gauge). */
export async function pendingDeliveryCount(db: Queryable) {
  const [r] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from webhook_deliveries where status = 'pending'`))
  return r?.n ?? 0
}
