import { and, desc, eq, lt, sql } from 'drizzle-orm'
import { auditLog } from '../schema.js'
import type { Queryable } from '../client.js'
import type { Actor } from '../../domain/actor.js'
import { chainTextAround } from '../../domain/audit-chain.js'

export type AuditRow = typeof auditLog.$inferSelect

export interface AuditChange {
  action: string
  objectType: string
  objectId: string
  summary: Record<string, unknown>
}

/**
 * The statement that appends one entry, to run in the transaction that makes the change (alone, or
 * as a CTE of that change's own statement). The entry is numbered and hashed when the transaction
 * commits (migration 0007), over the same canonical text `chainHash` reads back: a concurrent
 * writer waits on the chain for the commit alone.
 */
export function auditEntry(actor: Actor, change: AuditChange, now: Date) {
  const at = now.toISOString()
  const { head, tail } = chainTextAround({
    at, actorSub: actor.sub, actorRole: actor.role, action: change.action, objectType: change.objectType, objectId: change.objectId, summary: change.summary,
  })
  return sql`insert into audit_log (seq, at, actor_sub, actor_role, action, object_type, object_id, summary, prev_hash, hash, chain_head, chain_tail)
    values (-nextval('audit_log_pending_seq'), ${at}::timestamptz, ${actor.sub}::text, ${actor.role}::text, ${change.action}::text,
            ${change.objectType}::text, ${change.objectId}::text, ${JSON.stringify(change.summary)}::jsonb, '', '', ${head}::text, ${tail}::text)`
}

/** Appends one entry to the chain, in the transaction that makes the change. */
export async function appendAudit(tx: Queryable, actor: Actor, change: AuditChange, now = new Date()) {
  await tx.execute(auditEntry(actor, change, now))
}

export async function listAudit(db: Queryable, q: { before?: number; limit: number; objectType?: string; objectId?: string; actorSub?: string }) {
  return db.select().from(auditLog)
    .where(and(
      q.before ? lt(auditLog.seq, q.before) : undefined,
      q.objectType ? eq(auditLog.objectType, q.objectType) : undefined,
      q.objectId ? eq(auditLog.objectId, q.objectId) : undefined,
      q.actorSub ? eq(auditLog.actorSub, q.actorSub) : undefined,
    ))
    .orderBy(desc(auditLog.seq))
    .limit(q.limit + 1)
}

/** Every entry in sequence order, in pages, for verification. */
export async function* walkAudit(db: Queryable, pageSize = 5000) {
  let after = 0
  for (;;) {
    const rows = await db.select().from(auditLog).where(sql`${auditLog.seq} > ${after}`).orderBy(auditLog.seq).limit(pageSize)
    for (const r of rows) yield { ...r, at: r.at.toISOString() }
    if (rows.length < pageSize) return
    after = rows[rows.length - 1].seq
  }
}
