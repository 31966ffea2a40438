import { randomUUID } from 'node:crypto'
import { and, asc, desc, eq, inArray, lt } from 'drizzle-orm'
import { providers, requirementResponses, requirements } from '../schema.js'
import type { Queryable } from '../client.js'
import type { Actor } from '../../domain/actor.js'

export type RequirementRow = typeof requirements.$inferSelect

export async function createRequirement(tx: Queryable, actor: Actor, providerId: string,
  input: { kind: RequirementRow['kind']; detail: string; dueDate: string }, now: Date) {
  const [row] = await tx.insert(requirements).values({
    id: randomUUID(), providerId, ...input, status: 'open', requiredBy: actor.sub, requiredAt: now,
  }).returning()
  return row
}

export async function findRequirement(db: Queryable, id: string) {
  const [row] = await db.select().from(requirements).where(eq(requirements.id, id)).limit(1)
  return row
}

export async function requirementsOf(db: Queryable, providerId: string) {
  const rows = await db.select().from(requirements).where(eq(requirements.providerId, providerId)).orderBy(desc(requirements.requiredAt))
  const responses = rows.length
    ? await db.select().from(requirementResponses).where(inArray(requirementResponses.requirementId, rows.map((r) => r.id))).orderBy(asc(requirementResponses.respondedAt))
    : []
  return rows.map((r) => ({ requirement: r, responses: responses.filter((x) => x.requirementId === r.id) }))
}

export async function respond(tx: Queryable, actor: Actor, requirementId: string, input: { documentReference: string; text: string }, now: Date) {
  const [response] = await tx.insert(requirementResponses).values({
    id: randomUUID(), requirementId, ...input, respondedBy: actor.sub, respondedAt: now,
  }).returning()
  await tx.update(requirements).set({ status: 'answered' }).where(eq(requirements.id, requirementId))
  return response
}

/** Open requirements past their due date, with the provider's name. */
export async function overdueRequirements(db: Queryable, today: string) {
  return db.select({ requirement: requirements, providerName: providers.name }).from(requirements)
    .innerJoin(providers, eq(providers.id, requirements.providerId))
    .where(and(eq(requirements.status, 'open'), lt(requirements.dueDate, today)))
    .orderBy(asc(requirements.dueDate))
}
