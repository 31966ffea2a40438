import { randomUUID } from 'node:crypto'
import { and, asc, desc, eq, gt, or } from 'drizzle-orm'
import { designations, providers } from '../schema.js'
import type { Database, Queryable } from '../client.js'
import type { Actor } from '../../domain/actor.js'
import { appendAudit } from './audit.js'
import { isUniqueViolation } from '../errors.js'
import { conflict } from '../../problems.js'

export type ProviderRow = typeof providers.$inferSelect

export const providerView = (p: ProviderRow) => ({
  id: p.id, name: p.name, companyNumber: p.companyNumber, kind: p.kind, designated: p.designated,
  rating: p.rating, peBacked: p.peBacked, createdAt: p.createdAt.toISOString(),
})

export async function createProvider(db: Database, actor: Actor, input: { name: string; companyNumber: string; kind: ProviderRow['kind'] }, now: Date) {
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx.insert(providers).values({ id: randomUUID(), ...input, createdAt: now }).returning()
      await appendAudit(tx, actor, { action: 'provider.create', objectType: 'provider', objectId: row.id, summary: input }, now)
      return row
    })
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`A provider with company number ${input.companyNumber} already exists`)
    throw err
  }
}

export async function findProvider(db: Queryable, id: string) {
  const [row] = await db.select().from(providers).where(eq(providers.id, id)).limit(1)
  return row
}

export async function listProviders(db: Queryable, q: {
  after?: [string, string]; limit: number; rating?: ProviderRow['rating']; designated?: boolean; peBacked?: boolean; onlyId?: string
}) {
  return db.select().from(providers).where(and(
    q.onlyId ? eq(providers.id, q.onlyId) : undefined,
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

export async function designate(db: Database, actor: Actor, providerId: string,
  input: { designated: boolean; reason: string; responsibleIndividual?: string }, now: Date) {
  return db.transaction(async (tx) => {
    const [row] = await tx.update(providers).set({ designated: input.designated })
      .where(eq(providers.id, providerId)).returning()
    if (!row) return undefined
    const [decision] = await tx.insert(designations).values({
      id: randomUUID(), providerId, designated: input.designated, reason: input.reason,
      responsibleIndividual: input.responsibleIndividual ?? null, decidedBy: actor.sub, decidedAt: now,
    }).returning()
    await appendAudit(tx, actor, {
      action: input.designated ? 'provider.designate' : 'provider.undesignate', objectType: 'provider', objectId: providerId,
      summary: { designated: input.designated, reason: input.reason, responsibleIndividual: input.responsibleIndividual ?? null },
    }, now)
    return { provider: row, decision }
  })
}

export const designationView = (d: typeof designations.$inferSelect) => ({
  id: d.id, designated: d.designated, reason: d.reason, responsibleIndividual: d.responsibleIndividual,
  decidedBy: d.decidedBy, decidedAt: d.decidedAt.toISOString(),
})

