import { randomUUID } from 'node:crypto'
import { and, desc, eq, inArray, isNull } from 'drizzle-orm'
import { noticeAddressees, notices, providers, returnPlacements } from '../schema.js'
import type { Queryable } from '../client.js'
import type { Actor } from '../../domain/actor.js'

export type NoticeRow = typeof notices.$inferSelect
export type AddresseeRow = typeof noticeAddressees.$inferSelect

/** Whether a "failure likely" notice is in force for the provider (what its row's `notice_in_force` keeps). */
export async function noticeInForce(db: Queryable, providerId: string): Promise<boolean> {
  const [row] = await db.select({ id: notices.id }).from(notices)
    .where(and(eq(notices.providerId, providerId), isNull(notices.withdrawnAt), eq(notices.kind, 'failure_likely'))).limit(1)
  return row !== undefined
}

/**
 * Issues a notice addressed to every council in the provider's latest placements, each with its
 * own children count. The caller holds the transaction (the outbox joins it).
 */
export async function issueNotice(tx: Queryable, actor: Actor, providerId: string, input: { kind: 'failure_likely'; summary: string }, now: Date) {
  const [p] = await tx.select({ latestReturnId: providers.latestReturnId }).from(providers).where(eq(providers.id, providerId))
  const placements = p?.latestReturnId
    ? await tx.select({ laCode: returnPlacements.laCode, children: returnPlacements.children }).from(returnPlacements)
      .where(eq(returnPlacements.returnId, p.latestReturnId))
    : []
  const [notice] = await tx.insert(notices).values({
    id: randomUUID(), providerId, kind: input.kind, summary: input.summary, returnId: p?.latestReturnId ?? null, issuedBy: actor.sub, issuedAt: now,
  }).returning()
  const addressees = placements.length
    ? await tx.insert(noticeAddressees).values(placements.map((pl) => ({ noticeId: notice.id, laCode: pl.laCode, children: pl.children }))).returning()
    : []
  return { notice, addressees }
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

/** Records a council's acknowledgement, once. False when already acknowledged. */
export async function acknowledge(tx: Queryable, noticeId: string, laCode: string, by: string, now: Date) {
  const rows = await tx.update(noticeAddressees).set({ acknowledgedBy: by, acknowledgedAt: now })
    .where(and(eq(noticeAddressees.noticeId, noticeId), eq(noticeAddressees.laCode, laCode), isNull(noticeAddressees.acknowledgedAt)))
    .returning()
  return rows[0]
}

export async function withdraw(tx: Queryable, noticeId: string, by: string, reason: string, now: Date) {
  const rows = await tx.update(notices).set({ withdrawnBy: by, withdrawnAt: now, withdrawalReason: reason })
    .where(and(eq(notices.id, noticeId), isNull(notices.withdrawnAt))).returning()
  return rows[0]
}
