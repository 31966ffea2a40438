// The councils with children's services (reference data) and their children-looked-after figures.
import { asc, eq } from 'drizzle-orm'
import { councils } from '../schema.js'
import type { Queryable } from '../client.js'

export type CouncilRow = typeof councils.$inferSelect

export const listCouncils = (db: Queryable) => db.select().from(councils).orderBy(asc(councils.laCode))

/** Loads the reference list into a database that lacks any of it; a council already there is kept as it is. */
export async function ensureCouncils(db: Queryable, rows: (typeof councils.$inferInsert)[]) {
  await db.insert(councils).values(rows).onConflictDoNothing({ target: councils.laCode })
}

/** laCode → children looked after (null when unknown), as the rules read it. */
export async function councilFigures(db: Queryable): Promise<Record<string, number | null>> {
  const rows = await db.select({ laCode: councils.laCode, n: councils.childrenLookedAfter }).from(councils)
  return Object.fromEntries(rows.map((r) => [r.laCode, r.n]))
}

/** The council, locked for the rest of the transaction. */
export async function lockCouncil(tx: Queryable, laCode: string) {
  const [row] = await tx.select().from(councils).where(eq(councils.laCode, laCode)).for('update')
  return row
}

export async function setChildrenLookedAfter(tx: Queryable, laCode: string, childrenLookedAfter: number | null, now: Date) {
  const [row] = await tx.update(councils).set({ childrenLookedAfter, updatedAt: now }).where(eq(councils.laCode, laCode)).returning()
  return row
}
