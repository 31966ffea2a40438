// The hash-chained audit log, newest first (regulators).
import type { Deps } from './deps.js'
import { authorise } from './authorise.js'
import { decodeCursor, paginate } from './cursor.js'
import { listAudit as listAuditRows } from '../db/queries/audit.js'
import type { Actor } from '../domain/actor.js'
import { auditEntryView } from '../views/audit.js'

export async function listAudit(deps: Deps, actor: Actor, q: { limit?: number; cursor?: string; objectType?: string; objectId?: string; actor?: string }) {
  authorise(actor, 'readAudit')
  const { limit = 50, cursor, objectType, objectId } = q
  const before = decodeCursor(cursor, ['int'])?.[0] as number | undefined
  const rows = await listAuditRows(deps.db, { before, limit, objectType, objectId, actorSub: q.actor })
  const page = paginate(rows, limit, (r) => [r.seq])
  return { items: page.items.map(auditEntryView), nextCursor: page.nextCursor }
}
