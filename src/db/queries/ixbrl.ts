import { and, eq } from 'drizzle-orm'
import { ixbrlExtractions } from '../schema.js'
import type { Queryable } from '../client.js'
import type { AccountsExtraction } from '../../domain/ixbrl/index.js'

export type ExtractionRow = typeof ixbrlExtractions.$inferSelect

export async function rememberExtraction(db: Queryable, providerId: string, sha256: string, x: AccountsExtraction, now: Date) {
  await db.insert(ixbrlExtractions).values({
    providerId, sha256, companyNumber: x.companyNumber ?? null, periodStart: x.periodStart ?? null, periodEnd: x.periodEnd ?? null,
    accounts: x.accounts, facts: x.facts, readAt: now,
  }).onConflictDoNothing()
}

export async function findExtraction(db: Queryable, providerId: string, sha256: string) {
  const [row] = await db.select().from(ixbrlExtractions)
    .where(and(eq(ixbrlExtractions.providerId, providerId), eq(ixbrlExtractions.sha256, sha256))).limit(1)
  return row
}

