// Councils' contact addresses and the outbox's email deliveries, with every attempt (the webhook
// deliveries' statements, queries/webhooks.ts, for the email channel).
import { and, asc, desc, eq, inArray, lt, lte, or, sql } from 'drizzle-orm'
import { councilContacts, emailAttempts, emailDeliveries } from '../schema.js'
import type { Queryable } from '../client.js'

export type EmailDeliveryRow = typeof emailDeliveries.$inferSelect
export type EmailAttemptRow = typeof emailAttempts.$inferSelect

export const contactsOf = (db: Queryable, laCode: string) =>
  db.select().from(councilContacts).where(eq(councilContacts.laCode, laCode)).orderBy(asc(councilContacts.email))

/** Replaces the council's addresses with `emails` (an address kept keeps when it was added). */
export async function replaceContacts(tx: Queryable, laCode: string, emails: string[], by: string, now: Date) {
  const kept = emails.length ? sql`and email not in (${sql.join(emails.map((e) => sql`${e}`), sql`, `)})` : sql``
  await tx.execute(sql`delete from council_contacts where la_code = ${laCode} ${kept}`)
  if (emails.length) {
    await tx.insert(councilContacts).values(emails.map((email) => ({ laCode, email, addedBy: by, addedAt: now }))).onConflictDoNothing()
  }
}

/** The addresses of these councils. */
export const contactsOfMany = (tx: Queryable, laCodes: string[]) =>
  tx.select({ laCode: councilContacts.laCode, email: councilContacts.email }).from(councilContacts)
    .where(inArray(councilContacts.laCode, laCodes)).orderBy(asc(councilContacts.laCode), asc(councilContacts.email))

/** Pending email deliveries of an event; an (event, council, address) already written adds nothing. */
export async function insertEmailDeliveries(tx: Queryable, rows: (typeof emailDeliveries.$inferInsert)[]) {
  return tx.insert(emailDeliveries).values(rows).onConflictDoNothing().returning({ id: emailDeliveries.id })
}

/** Up to `limit` email deliveries due at `now`, locked; rows another worker holds are skipped. */
export async function dueEmails(tx: Queryable, now: Date, limit: number) {
  return tx.select({ id: emailDeliveries.id }).from(emailDeliveries)
    .where(and(eq(emailDeliveries.status, 'pending'), lte(emailDeliveries.nextAttemptAt, now)))
    .orderBy(asc(emailDeliveries.nextAttemptAt), asc(emailDeliveries.id))
    .limit(limit)
    .for('update', { skipLocked: true })
}

/** Counts an attempt of each and pushes its next attempt to `until` (the lease). */
export async function leaseEmails(tx: Queryable, ids: string[], until: Date) {
  return tx.update(emailDeliveries)
    .set({ attempts: sql`${emailDeliveries.attempts} + 1`, nextAttemptAt: until })
    .where(inArray(emailDeliveries.id, ids))
    .returning()
}

export async function insertEmailAttempt(tx: Queryable, row: typeof emailAttempts.$inferInsert) {
  await tx.insert(emailAttempts).values(row)
}

const pending = (id: string) => and(eq(emailDeliveries.id, id), eq(emailDeliveries.status, 'pending'))

/** A success always counts (Notify has the email). */
export async function setEmailDelivered(tx: Queryable, id: string, now: Date, notifyId: string | null) {
  await tx.update(emailDeliveries).set({ status: 'delivered', deliveredAt: now, notifyId }).where(pending(id))
}

/** A failure reschedules only if no later claim of the row has happened meanwhile. */
export async function setEmailNextAttempt(tx: Queryable, id: string, attempt: number, at: Date) {
  await tx.update(emailDeliveries).set({ nextAttemptAt: at }).where(and(pending(id), eq(emailDeliveries.attempts, attempt)))
}

/** Gives up, on the same condition. */
export async function setEmailFailed(tx: Queryable, id: string, attempt: number) {
  await tx.update(emailDeliveries).set({ status: 'failed' }).where(and(pending(id), eq(emailDeliveries.attempts, attempt)))
}

/** One page of a council's email deliveries, newest first (one more row than the page). */
export async function listEmailDeliveries(db: Queryable, laCode: string, q: { after?: [string, string]; limit: number }) {
  return db.select().from(emailDeliveries).where(and(
    eq(emailDeliveries.laCode, laCode),
    q.after ? or(lt(emailDeliveries.createdAt, new Date(q.after[0])),
      and(eq(emailDeliveries.createdAt, new Date(q.after[0])), lt(emailDeliveries.id, q.after[1]))) : undefined,
  )).orderBy(desc(emailDeliveries.createdAt), desc(emailDeliveries.id)).limit(q.limit + 1)
}

/** The attempts of these deliveries, by delivery, each list in order. */
export async function emailAttemptsOf(db: Queryable, deliveryIds: string[]) {
  const attempts = deliveryIds.length === 0 ? [] : await db.select().from(emailAttempts)
    .where(inArray(emailAttempts.deliveryId, deliveryIds))
    .orderBy(asc(emailAttempts.attempt), asc(emailAttempts.attemptedAt))
  const byDelivery = new Map<string, EmailAttemptRow[]>()
  for (const a of attempts) byDelivery.set(a.deliveryId, [...(byDelivery.get(a.deliveryId) ?? []), a])
  return byDelivery
}
