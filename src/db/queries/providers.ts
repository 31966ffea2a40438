// Provider groups and the decisions designating them into the scheme.
import { and, asc, count, desc, eq, gt, ilike, or, sql } from 'drizzle-orm'
import { annualReturns, assessments, designations, providers } from '../schema.js'
import type { Queryable } from '../client.js'

export type ProviderRow = typeof providers.$inferSelect
export type DesignationRow = typeof designations.$inferSelect

export async function insertProvider(tx: Queryable, row: typeof providers.$inferInsert) {
  const [inserted] = await tx.insert(providers).values(row).returning()
  return inserted
}

export async function findProvider(db: Queryable, id: string) {
  const [row] = await db.select().from(providers).where(eq(providers.id, id)).limit(1)
  return row
}

/** A LIKE pattern matching `text` anywhere, its own `%`, `_` and `\` taken literally. */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

export async function listProviders(db: Queryable, q: {
  after?: [string, string]; limit: number; rating?: ProviderRow['rating']; designated?: boolean; peBacked?: boolean; onlyId?: string
  /** part of the name, in any case */
  name?: string
}) {
  return db.select().from(providers).where(and(
    q.onlyId ? eq(providers.id, q.onlyId) : undefined,
    q.name ? ilike(providers.name, containing(q.name)) : undefined,
    q.rating ? eq(providers.rating, q.rating) : undefined,
    q.designated !== undefined ? eq(providers.designated, q.designated) : undefined,
    q.peBacked !== undefined ? eq(providers.peBacked, q.peBacked) : undefined,
    q.after ? or(gt(providers.createdAt, new Date(q.after[0])),
      and(eq(providers.createdAt, new Date(q.after[0])), gt(providers.id, q.after[1]))) : undefined,
  )).orderBy(asc(providers.createdAt), asc(providers.id)).limit(q.limit + 1)
}

export async function listDesignations(db: Queryable, providerId: string) {
  return db.select().from(designations).where(eq(designations.providerId, providerId)).orderBy(desc(designations.decidedAt), desc(designations.id))
}

/** Sets whether the group is designated; undefined when there is no such group. */
export async function setDesignated(tx: Queryable, providerId: string, designated: boolean) {
  const [row] = await tx.update(providers).set({ designated }).where(eq(providers.id, providerId)).returning()
  return row
}

export async function insertDesignation(tx: Queryable, row: typeof designations.$inferInsert) {
  const [inserted] = await tx.insert(designations).values(row).returning()
  return inserted
}

/**
 * Groups not yet designated whose latest return raised CONT-DIFFICULT-TO-REPLACE, by name, each
 * with its latest return's period end and the output of that return's latest assessment.
 */
export async function designationCandidates(db: Queryable) {
  return db.select({
    p: providers, periodEnd: annualReturns.periodEnd,
    output: sql<string | null>`(select ${assessments.output} from ${assessments} where ${assessments.returnId} = ${providers.latestReturnId} order by ${assessments.seq} desc limit 1)`,
  }).from(providers)
    .innerJoin(annualReturns, eq(annualReturns.id, providers.latestReturnId))
    .where(and(eq(providers.designated, false), eq(providers.difficultToReplace, true)))
    .orderBy(providers.name)
}

/** Designated groups, each with its latest return's period end and when it was last designated. */
export async function designatedProviders(db: Queryable) {
  return db.select({
    p: providers, periodEnd: annualReturns.periodEnd,
    designatedAt: sql<Date | null>`(select max(${designations.decidedAt}) from ${designations} where ${designations.providerId} = ${providers.id} and ${designations.designated})`.mapWith(designations.decidedAt),
  }).from(providers)
    .leftJoin(annualReturns, eq(annualReturns.id, providers.latestReturnId))
    .where(eq(providers.designated, true))
}

export async function countProviders(db: Queryable) {
  const [{ n }] = await db.select({ n: count() }).from(providers)
  return n
}
