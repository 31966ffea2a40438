// Annual returns: each version written whole in one transaction (the filed document's text, the
// parts SQL reads beside it, and its placements as rows, which councils' queries read by council).
// A version is never changed after; only `superseded_by` is set once, when the next version is filed.
import { createHash } from 'node:crypto'
import { and, desc, eq, getTableColumns, isNull, sql } from 'drizzle-orm'
import { canonicalJson } from '../../domain/canonical-json.js'
import { annualReturns, returnPlacements } from '../schema.js'
import { rowsOf, type Queryable } from '../client.js'
import type { AnnualReturn } from '../../domain/annual-return.js'

// A return as the routes read it: its document (parsed here), without the parts kept beside it for SQL.
const {
  document: _document, accounts: _accounts, settingUrns: _settingUrns, services: _services, relatedParties: _relatedParties, ...returnColumns
} = getTableColumns(annualReturns)
export type ReturnRow = Omit<typeof annualReturns.$inferSelect, 'document' | 'accounts' | 'settingUrns' | 'services' | 'relatedParties'> & { body: unknown }

/**
 * A return's document as it is stored: its RFC 8785 text, the same for any key order a client
 * sends. Its SHA-256 is the return's `bodySha256`, so anyone holding the text can check it.
 */
export function filedDocument(body: AnnualReturn): { text: string; sha256: string } {
  const text = canonicalJson(body)
  return { text, sha256: createHash('sha256').update(text).digest('hex') }
}

/**
 * What is written with a return's document, each as JSON text taken from the same body: the parts
 * kept beside it (accounts, settings' URNs, service lines, related parties) and the placements its
 * rows are made from. The filing path and the benchmark's bulk seeding both write them from here.
 */
export function storedParts(body: AnnualReturn) {
  return {
    accounts: JSON.stringify(body.accounts),
    settingUrns: JSON.stringify(body.settings.map((s) => s.urn)),
    services: body.services === undefined ? null : JSON.stringify(body.services),
    relatedParties: body.relatedParties === undefined ? null : JSON.stringify(body.relatedParties),
    placements: JSON.stringify(body.placements),
  }
}

/**
 * The CTE that writes returns' placements, reading `rp(id, placements)` (the returns written, each
 * with its `storedParts` placements as JSONB): shared by the filing path and the benchmark's bulk
 * seeding. It defines the CTE `p`: a statement that embeds it must not reuse that name.
 */
export const RETURN_PLACEMENTS_CTE = `p as (
      insert into return_placements (return_id, la_code, children)
      select rp.id, p."laCode", p."children"
      from rp, jsonb_to_recordset(rp.placements) as p("laCode" text, "children" int)
    )`

export async function findReturn(db: Queryable, id: string): Promise<ReturnRow | undefined> {
  const [row] = await db.select({ ...returnColumns, document: annualReturns.document }).from(annualReturns).where(eq(annualReturns.id, id)).limit(1)
  if (!row) return undefined
  const { document, ...rest } = row
  return { ...rest, body: JSON.parse(document) as unknown }
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

/** Counts of the stored returns, their placements and their settings' URNs (tests use it to prove nothing was half-written). */
export async function countParts(db: Queryable) {
  return rowsOf<{ returns: number; placements: number; settingUrns: number }>(await db.execute(sql`
    select (select count(*)::int from returns) as returns, (select count(*)::int from return_placements) as placements,
           (select coalesce(sum(jsonb_array_length(setting_urns)), 0)::int from returns) as "settingUrns"`))[0]
}

/** The councils a return places children with, and how many each, as stored. */
export async function placementsOf(db: Queryable, returnId: string) {
  return db.select({ laCode: returnPlacements.laCode, children: returnPlacements.children }).from(returnPlacements)
    .where(eq(returnPlacements.returnId, returnId))
}
