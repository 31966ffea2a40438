import { and, desc, eq, lt, sql } from 'drizzle-orm'
import { auditLog } from '../schema.js'
import { rowsOf, type Queryable } from '../client.js'
import type { Actor } from '../../domain/actor.js'
import { chainTextAround, GENESIS_HASH } from '../../domain/audit-chain.js'

export interface AuditChange {
  action: string
  objectType: string
  objectId: string
  summary: Record<string, unknown>
}

/**
 * Appends one entry to the chain. Call inside the transaction that makes the change, last: the lock
 * it takes (which serialises appends, so the chain cannot fork) is held until that commits.
 * Two round trips: the lock, then an insert that numbers and hashes the entry against the last one
 * in the database itself, over the same canonical text `chainHash` reads back.
 */
export async function appendAudit(tx: Queryable, actor: Actor, change: AuditChange, now = new Date()) {
  // A constant lock key and no parameters: a simple query, one round trip.
  await tx.execute(sql.raw('select pg_advisory_xact_lock(7340021)'))
  const at = now.toISOString()
  const { head, tail } = chainTextAround({
    at, actorSub: actor.sub, actorRole: actor.role, action: change.action, objectType: change.objectType, objectId: change.objectId, summary: change.summary,
  })
  const [row] = rowsOf<{ seq: string | number }>(await tx.execute(sql`
    insert into audit_log (seq, at, actor_sub, actor_role, action, object_type, object_id, summary, prev_hash, hash)
    select n.seq, ${at}::timestamptz, ${actor.sub}::text, ${actor.role}::text, ${change.action}::text, ${change.objectType}::text,
           ${change.objectId}::text, ${JSON.stringify(change.summary)}::jsonb, n.prev,
           encode(sha256(convert_to(n.prev || ${head}::text || n.seq::text || ${tail}::text, 'UTF8')), 'hex')
    from (select coalesce(l.seq, 0) + 1 as seq, coalesce(l.hash, ${GENESIS_HASH}::text) as prev
          from (select 1) one left join lateral (select seq, hash from audit_log order by seq desc limit 1) l on true) n
    returning seq`))
  return Number(row.seq)
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
