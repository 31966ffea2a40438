// The risk register: entries raised by assessments, and their history.
import { randomUUID } from 'node:crypto'
import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { flagEvents, flags, providers } from '../schema.js'
import type { Queryable } from '../client.js'
import type { Actor } from '../../domain/actor.js'

export type FlagRow = typeof flags.$inferSelect
export type FlagStatus = FlagRow['status']
import { OPEN_STATUSES as OPEN } from '../../domain/register.js'
export const OPEN_STATUSES = OPEN as FlagStatus[]

/** A provider's open entries (rule and severity), for its rating and stability view. */
export async function openEntries(db: Queryable, providerId: string) {
  return db.select({ ruleId: flags.ruleId, severity: flags.severity }).from(flags)
    .where(and(eq(flags.providerId, providerId), inArray(flags.status, OPEN_STATUSES)))
}

export async function listFlags(db: Queryable, q: {
  providerId?: string; ruleId?: string; status?: FlagStatus; severity?: 'red' | 'amber'; rating?: string
  after?: [number, string, string]; limit: number
}) {
  // Severity first (red before amber), then oldest first, then id: a total order for the cursor.
  const sevRank = sql<number>`case when ${flags.severity} = 'red' then 0 else 1 end`
  return db.select({ flag: flags, providerName: providers.name, providerRating: providers.rating }).from(flags)
    .innerJoin(providers, eq(providers.id, flags.providerId))
    .where(and(
      q.providerId ? eq(flags.providerId, q.providerId) : undefined,
      q.ruleId ? eq(flags.ruleId, q.ruleId) : undefined,
      q.status ? eq(flags.status, q.status) : undefined,
      q.severity ? eq(flags.severity, q.severity) : undefined,
      q.rating ? eq(providers.rating, q.rating as 'red') : undefined,
      q.after ? sql`(${sevRank}, ${flags.raisedAt}, ${flags.id}) > (${q.after[0]}::int, ${q.after[1]}::timestamptz, ${q.after[2]}::uuid)` : undefined,
    ))
    .orderBy(sevRank, asc(flags.raisedAt), asc(flags.id))
    .limit(q.limit + 1)
}

export async function findFlag(db: Queryable, id: string) {
  const [row] = await db.select().from(flags).where(eq(flags.id, id)).limit(1)
  return row
}

export async function flagHistory(db: Queryable, id: string) {
  return db.select().from(flagEvents).where(eq(flagEvents.flagId, id)).orderBy(asc(flagEvents.seq))
}


/**
 * Moves an entry to `to` if its revision is still `expectedRevision` (the If-Match). Returns the
 * updated row, or undefined when someone changed it first.
 */
export async function transitionFlag(tx: Queryable, actor: Actor, flag: FlagRow, to: FlagStatus, rationale: string | undefined, expectedRevision: number, now: Date) {
  const [row] = await tx.update(flags).set({ status: to, revision: sql`${flags.revision} + 1`, updatedAt: now })
    .where(and(eq(flags.id, flag.id), eq(flags.revision, expectedRevision))).returning()
  if (!row) return undefined
  await tx.insert(flagEvents).values({
    id: randomUUID(), flagId: flag.id, at: now, actorSub: actor.sub, actorRole: actor.role,
    kind: 'transition', fromStatus: flag.status, toStatus: to, text: rationale ?? null,
  })
  return row
}

export async function addFlagNote(tx: Queryable, actor: Actor, flagId: string, text: string, now: Date) {
  const id = randomUUID()
  await tx.insert(flagEvents).values({ id, flagId, at: now, actorSub: actor.sub, actorRole: actor.role, kind: 'note', text })
  return id
}
