import { and, desc, eq, lt, sql } from 'drizzle-orm'
import { auditLog } from '../schema.js'
import type { Queryable } from '../client.js'
import type { Actor } from '../../domain/actor.js'
import { chainHash, GENESIS_HASH } from '../../domain/audit-chain.js'

// Any constant: serialises appends so the chain cannot fork under concurrent transactions.
const AUDIT_LOCK = 7340021

export interface AuditChange {
  action: string
  objectType: string
  objectId: string
  summary: Record<string, unknown>
}

/** Appends one entry to the chain. Call inside the transaction that makes the change, last. */
export async function appendAudit(tx: Queryable, actor: Actor, change: AuditChange, now = new Date()) {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`)
  const [last] = await tx.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1)
  const entry = {
    seq: (last?.seq ?? 0) + 1,
    at: now.toISOString(),
    actorSub: actor.sub,
    actorRole: actor.role,
    action: change.action,
    objectType: change.objectType,
    objectId: change.objectId,
    summary: change.summary,
  }
  const prevHash = last?.hash ?? GENESIS_HASH
  const hash = chainHash(prevHash, entry)
  await tx.insert(auditLog).values({ ...entry, at: now, prevHash, hash })
  return entry.seq
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
