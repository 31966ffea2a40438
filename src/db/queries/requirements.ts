// The regulator's requirements of a provider, and the provider's responses.
import { and, asc, desc, eq, inArray, lt } from 'drizzle-orm'
import { providers, requirementResponses, requirements } from '../schema.js'
import type { Queryable } from '../client.js'

export type RequirementRow = typeof requirements.$inferSelect
export type RequirementResponseRow = typeof requirementResponses.$inferSelect

export async function insertRequirement(tx: Queryable, row: typeof requirements.$inferInsert) {
  const [inserted] = await tx.insert(requirements).values(row).returning()
  return inserted
}

export async function findRequirement(db: Queryable, id: string) {
  const [row] = await db.select().from(requirements).where(eq(requirements.id, id)).limit(1)
  return row
}

/** A provider's requirements, newest first. */
export async function requirementsOf(db: Queryable, providerId: string) {
  return db.select().from(requirements).where(eq(requirements.providerId, providerId)).orderBy(desc(requirements.requiredAt))
}

/** The responses to these requirements, oldest first. */
export async function responsesTo(db: Queryable, requirementIds: string[]) {
  if (!requirementIds.length) return []
  return db.select().from(requirementResponses).where(inArray(requirementResponses.requirementId, requirementIds)).orderBy(asc(requirementResponses.respondedAt))
}

export async function insertResponse(tx: Queryable, row: typeof requirementResponses.$inferInsert) {
  const [inserted] = await tx.insert(requirementResponses).values(row).returning()
  return inserted
}

export async function setAnswered(tx: Queryable, requirementId: string) {
  await tx.update(requirements).set({ status: 'answered' }).where(eq(requirements.id, requirementId))
}

/** Open requirements past their due date, with the provider's name. */
export async function overdueRequirements(db: Queryable, today: string) {
  return db.select({ requirement: requirements, providerName: providers.name }).from(requirements)
    .innerJoin(providers, eq(providers.id, requirements.providerId))
    .where(and(eq(requirements.status, 'open'), lt(requirements.dueDate, today)))
    .orderBy(asc(requirements.dueDate))
}
