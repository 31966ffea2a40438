// Notices to councils and their addressees.
import { and, desc, eq, inArray, isNull } from 'drizzle-orm'
import { noticeAddressees, notices, providers } from '../schema.js'
import type { Queryable } from '../client.js'

export type NoticeRow = typeof notices.$inferSelect
export type AddresseeRow = typeof noticeAddressees.$inferSelect

/** Whether a "failure likely" notice is in force for the provider (what its row's `notice_in_force` keeps). */
export async function noticeInForce(db: Queryable, providerId: string): Promise<boolean> {
  const [row] = await db.select({ id: notices.id }).from(notices)
    .where(and(eq(notices.providerId, providerId), isNull(notices.withdrawnAt), eq(notices.kind, 'failure_likely'))).limit(1)
  return row !== undefined
}

export async function insertNotice(tx: Queryable, row: typeof notices.$inferInsert) {
  const [notice] = await tx.insert(notices).values(row).returning()
  return notice
}

/** The councils a notice is addressed to, each with its own children count, in the order given. */
export async function insertAddressees(tx: Queryable, noticeId: string, lines: { laCode: string; children: number }[]) {
  if (!lines.length) return []
  return tx.insert(noticeAddressees).values(lines.map((l) => ({ noticeId, laCode: l.laCode, children: l.children }))).returning()
}

export async function findNotice(db: Queryable, id: string) {
  const [row] = await db.select().from(notices).where(eq(notices.id, id)).limit(1)
  return row
}

export async function addresseesOf(db: Queryable, noticeId: string) {
  return db.select().from(noticeAddressees).where(eq(noticeAddressees.noticeId, noticeId)).orderBy(noticeAddressees.laCode)
}

/** The addressees of several notices in one query, by notice (each list by council code). */
export async function addresseesOfMany(db: Queryable, noticeIds: string[]): Promise<Map<string, AddresseeRow[]>> {
  const byNotice = new Map<string, AddresseeRow[]>(noticeIds.map((id) => [id, []]))
  if (!noticeIds.length) return byNotice
  const rows = await db.select().from(noticeAddressees).where(inArray(noticeAddressees.noticeId, noticeIds))
    .orderBy(noticeAddressees.noticeId, noticeAddressees.laCode)
  for (const r of rows) byNotice.get(r.noticeId)?.push(r)
  return byNotice
}

/** Notices addressed to a council, newest first, with its own line. */
export async function noticesForCouncil(db: Queryable, laCode: string) {
  return db.select({ notice: notices, addressee: noticeAddressees, providerName: providers.name }).from(noticeAddressees)
    .innerJoin(notices, eq(notices.id, noticeAddressees.noticeId))
    .innerJoin(providers, eq(providers.id, notices.providerId))
    .where(eq(noticeAddressees.laCode, laCode)).orderBy(desc(notices.issuedAt))
}

export async function noticesOfProvider(db: Queryable, providerId: string) {
  return db.select().from(notices).where(eq(notices.providerId, providerId)).orderBy(desc(notices.issuedAt))
}

/** Records a council's acknowledgement, once: undefined when already acknowledged. */
export async function setAcknowledged(tx: Queryable, noticeId: string, laCode: string, by: string, now: Date) {
  const rows = await tx.update(noticeAddressees).set({ acknowledgedBy: by, acknowledgedAt: now })
    .where(and(eq(noticeAddressees.noticeId, noticeId), eq(noticeAddressees.laCode, laCode), isNull(noticeAddressees.acknowledgedAt)))
    .returning()
  return rows[0]
}

/** Withdraws a notice in force: undefined when it was withdrawn already. */
export async function setWithdrawn(tx: Queryable, noticeId: string, by: string, reason: string, now: Date) {
  const rows = await tx.update(notices).set({ withdrawnBy: by, withdrawnAt: now, withdrawalReason: reason })
    .where(and(eq(notices.id, noticeId), isNull(notices.withdrawnAt))).returning()
  return rows[0]
}
