// Annual returns: each version written whole in one transaction (the filed document as JSONB for
// reproduction, and its parts normalised for indexed queries). A version is never changed after;
// only `superseded_by` is set once, when the next version is filed.
import { randomUUID, createHash } from 'node:crypto'
import { and, desc, eq, isNull, sql } from 'drizzle-orm'
import canonicalize from 'canonicalize'
import {
  annualReturns, providers, returnCovenants, returnFacilities, returnPlacements, returnSettings,
} from '../schema.js'
import { rowsOf, type Queryable, type Tx } from '../client.js'
import type { AnnualReturn } from '../../domain/annual-return.js'

export type ReturnRow = typeof annualReturns.$inferSelect

export const bodySha256 = (body: AnnualReturn) => createHash('sha256').update(canonicalize(body) ?? '').digest('hex')

// Drivers cap the parameters of one statement (65,535): insert large parts in slices.
async function insertInSlices<T>(rows: T[], size: number, insert: (slice: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size))
}

/** Writes one version and its parts. The caller holds the transaction. */
export async function insertReturnVersion(tx: Tx, v: {
  id?: string; providerId: string; body: AnnualReturn; version: number; supersedes: string | null; submittedAt: Date; submittedBy: string
}): Promise<ReturnRow> {
  const id = v.id ?? randomUUID()
  const [row] = await tx.insert(annualReturns).values({
    id, providerId: v.providerId, periodStart: v.body.periodStart, periodEnd: v.body.periodEnd,
    version: v.version, supersedes: v.supersedes, submittedAt: v.submittedAt, submittedBy: v.submittedBy,
    bodySha256: bodySha256(v.body), body: v.body,
  }).returning()
  const b = v.body
  await insertInSlices(b.facilities.map((f, idx) => ({
    returnId: id, idx, lender: f.lender, kind: f.kind, shareholderLoan: f.shareholderLoan, committed: f.committed,
    drawn: f.drawn, maturityDate: f.maturityDate, interestRatePct: f.interestRatePct === undefined ? null : String(f.interestRatePct), pik: f.pik ?? null,
  })), 2000, (rows) => tx.insert(returnFacilities).values(rows))
  await insertInSlices(b.facilities.flatMap((f, facilityIdx) => f.covenants.map((c, idx) => ({
    returnId: id, facilityIdx, idx, metric: c.metric, kind: c.kind, limit: String(c.limit), actual: String(c.actual), testDate: c.testDate,
  }))), 2000, (rows) => tx.insert(returnCovenants).values(rows))
  await insertInSlices(b.settings.map((s) => ({ returnId: id, urn: s.urn, name: s.name, kind: s.kind, places: s.places, laCode: s.laCode })),
    2000, (rows) => tx.insert(returnSettings).values(rows))
  await insertInSlices(b.placements.map((p) => ({ returnId: id, laCode: p.laCode, children: p.children })),
    2000, (rows) => tx.insert(returnPlacements).values(rows))
  return row
}

/** Marks `id` superseded by `by`, only if it is still the latest version. False when it was not. */
export async function supersede(tx: Tx, id: string, by: string) {
  const updated = await tx.update(annualReturns).set({ supersededBy: by })
    .where(and(eq(annualReturns.id, id), isNull(annualReturns.supersededBy))).returning({ id: annualReturns.id })
  return updated.length === 1
}

/** Points the provider at its latest return: the newest version of its latest period. */
export async function refreshLatestReturn(tx: Tx, providerId: string) {
  const [latest] = await tx.select({ id: annualReturns.id }).from(annualReturns)
    .where(and(eq(annualReturns.providerId, providerId), isNull(annualReturns.supersededBy)))
    .orderBy(desc(annualReturns.periodEnd)).limit(1)
  await tx.update(providers).set({ latestReturnId: latest?.id ?? null }).where(eq(providers.id, providerId))
  return latest?.id ?? null
}

export async function findReturn(db: Queryable, id: string) {
  const [row] = await db.select().from(annualReturns).where(eq(annualReturns.id, id)).limit(1)
  return row
}

/** The version of a period that has not been superseded. */
export async function findLatestOfPeriod(db: Queryable, providerId: string, periodEnd: string) {
  const [row] = await db.select({ id: annualReturns.id, version: annualReturns.version }).from(annualReturns)
    .where(and(eq(annualReturns.providerId, providerId), eq(annualReturns.periodEnd, periodEnd), isNull(annualReturns.supersededBy)))
    .limit(1)
  return row
}

export async function listReturns(db: Queryable, providerId: string, q: { after?: [string, number, string]; limit: number }) {
  return db.select({
    id: annualReturns.id, providerId: annualReturns.providerId, periodStart: annualReturns.periodStart, periodEnd: annualReturns.periodEnd,
    version: annualReturns.version, supersedes: annualReturns.supersedes, supersededBy: annualReturns.supersededBy,
    submittedAt: annualReturns.submittedAt, submittedBy: annualReturns.submittedBy, bodySha256: annualReturns.bodySha256,
  }).from(annualReturns).where(and(
    eq(annualReturns.providerId, providerId),
    // Newest first; versions filed in the same instant by version, then id: a total order.
    q.after ? sql`(${annualReturns.submittedAt}, ${annualReturns.version}, ${annualReturns.id}) < (${q.after[0]}::timestamptz, ${q.after[1]}::int, ${q.after[2]}::uuid)` : undefined,
  )).orderBy(desc(annualReturns.submittedAt), desc(annualReturns.version), desc(annualReturns.id)).limit(q.limit + 1)
}

/** Counts of the stored returns and their parts (tests use it to prove nothing was half-written). */
export async function countParts(db: Queryable) {
  const one = async (table: string) =>
    rowsOf<{ n: number }>(await db.execute(sql.raw(`select count(*)::int as n from ${table}`)))[0].n
  return {
    returns: await one('returns'), facilities: await one('return_facilities'), covenants: await one('return_covenants'),
    settings: await one('return_settings'), placements: await one('return_placements'),
  }
}
