// Annual returns: each version written whole in one transaction (the filed document as JSONB for
// reproduction, and its parts normalised for indexed queries). A version is never changed after;
// only `superseded_by` is set once, when the next version is filed.
import { createHash } from 'node:crypto'
import { and, desc, eq, getTableColumns, isNull, sql } from 'drizzle-orm'
import { canonicalJson } from '../../domain/canonical-json.js'
import { annualReturns, returnPlacements } from '../schema.js'
import { rowsOf, type Queryable } from '../client.js'
import type { AnnualReturn } from '../../domain/annual-return.js'

// A return as the routes read it: the document once, as JSONB (its text copy and the accounts are read in bulk, by assessments).
const { document: _document, accounts: _accounts, ...returnColumns } = getTableColumns(annualReturns)
export type ReturnRow = Omit<typeof annualReturns.$inferSelect, 'document' | 'accounts'>

/**
 * A return's document as it is stored: its RFC 8785 text, the same for any key order a client
 * sends. Its SHA-256 is the return's `bodySha256`, so anyone holding the text can check it.
 */
export function filedDocument(body: AnnualReturn): { text: string; sha256: string } {
  const text = canonicalJson(body)
  return { text, sha256: createHash('sha256').update(text).digest('hex') }
}

/**
 * The CTEs that write a return's parts from the stored document, reading `r(id, body)`: shared by
 * the filing path and the benchmark's bulk seeding, so the normalised parts have one definition.
 * It defines the CTEs `f`, `c`, `s` and `p`: a statement that embeds it must not reuse those names.
 */
export const RETURN_PARTS_CTES = `f as (
      insert into return_facilities (return_id, idx, lender, kind, shareholder_loan, committed, drawn, maturity_date, interest_rate_pct, pik)
      select r.id, (f.ord - 1)::int, f.v->>'lender', f.v->>'kind', (f.v->>'shareholderLoan')::boolean,
             (f.v->>'committed')::bigint, (f.v->>'drawn')::bigint, (f.v->>'maturityDate')::date,
             (f.v->>'interestRatePct')::numeric, (f.v->>'pik')::boolean
      from r, jsonb_array_elements(r.body->'facilities') with ordinality as f(v, ord)
    ), c as (
      insert into return_covenants (return_id, facility_idx, idx, metric, kind, "limit", actual, test_date)
      select r.id, (f.ord - 1)::int, (c.ord - 1)::int, c.v->>'metric', c.v->>'kind',
             (c.v->>'limit')::numeric, (c.v->>'actual')::numeric, (c.v->>'testDate')::date
      from r, jsonb_array_elements(r.body->'facilities') with ordinality as f(v, ord),
           jsonb_array_elements(f.v->'covenants') with ordinality as c(v, ord)
    ), s as (
      insert into return_settings (return_id, urn, name, kind, places, la_code)
      select r.id, s."urn", s."name", s."kind", s."places", s."laCode"
      from r, jsonb_to_recordset(r.body->'settings') as s("urn" text, "name" text, "kind" text, "places" int, "laCode" text)
    ), p as (
      insert into return_placements (return_id, la_code, children)
      select r.id, p."laCode", p."children"
      from r, jsonb_to_recordset(r.body->'placements') as p("laCode" text, "children" int)
    )`

export async function findReturn(db: Queryable, id: string) {
  const [row] = await db.select(returnColumns).from(annualReturns).where(eq(annualReturns.id, id)).limit(1)
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

/** The councils a return places children with, and how many each, as stored. */
export async function placementsOf(db: Queryable, returnId: string) {
  return db.select({ laCode: returnPlacements.laCode, children: returnPlacements.children }).from(returnPlacements)
    .where(eq(returnPlacements.returnId, returnId))
}
