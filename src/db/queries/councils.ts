import { asc, eq } from 'drizzle-orm'
import { councils } from '../schema.js'
import type { Database, Queryable } from '../client.js'
import type { Actor } from '../../domain/actor.js'
import { appendAudit } from './audit.js'

export const councilView = (c: typeof councils.$inferSelect) =>
  ({ laCode: c.laCode, name: c.name, region: c.region, childrenLookedAfter: c.childrenLookedAfter })

export const listCouncils = (db: Queryable) => db.select().from(councils).orderBy(asc(councils.laCode))

/** laCode → children looked after (null when unknown), as the rules read it. */
export async function councilFigures(db: Queryable): Promise<Record<string, number | null>> {
  const rows = await db.select({ laCode: councils.laCode, n: councils.childrenLookedAfter }).from(councils)
  return Object.fromEntries(rows.map((r) => [r.laCode, r.n]))
}

export async function updateCouncil(db: Database, actor: Actor, laCode: string, childrenLookedAfter: number | null, now: Date) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(councils).where(eq(councils.laCode, laCode)).for('update')
    if (!before) return undefined
    const [row] = await tx.update(councils).set({ childrenLookedAfter, updatedAt: now }).where(eq(councils.laCode, laCode)).returning()
    await appendAudit(tx, actor, {
      action: 'council.update', objectType: 'council', objectId: laCode,
      summary: { childrenLookedAfter: { from: before.childrenLookedAfter, to: childrenLookedAfter } },
    }, now)
    return row
  })
}
