// Ofsted's register as loaded: numbered loads, each with its settings; the latest load is in force.
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm'
import { ofstedLoads, ofstedSettings } from '../schema.js'
import { executePrepared, rowsOf, type Queryable } from '../client.js'
import { LOCKS } from '../locks.js'
import type { OfstedSetting } from '../../domain/ofsted-register.js'
import { extractOf, type OfstedRegisterExtract, type RegisterEntry, type RegisterRead } from '../../domain/quality.js'
import type { Setting } from '../../domain/annual-return.js'

export type OfstedLoad = typeof ofstedLoads.$inferSelect

/**
 * The number of the load this transaction is about to write, taken under a lock held to its end:
 * loads are numbered without gaps, in the order they commit, so the latest number is the register
 * in force.
 */
export async function nextLoadId(tx: Queryable): Promise<number> {
  await tx.execute(sql`select pg_advisory_xact_lock(${LOCKS.ofstedLoads}::bigint)`)
  const [row] = await tx.select({ last: sql<number | null>`max(${ofstedLoads.id})` }).from(ofstedLoads)
  return Number(row?.last ?? 0) + 1
}

export async function insertLoad(tx: Queryable, load: OfstedLoad) {
  await tx.insert(ofstedLoads).values(load)
}

/** Rows a statement writes: one JSON parameter each, small enough to build and parse quickly. */
const BATCH = 10_000

/**
 * Writes a load's settings: a statement per 10,000 settings, each one JSON array of rows read by
 * json_to_recordset (no per-row parameters to bind or plan; the same on PGlite and PostgreSQL; json,
 * not jsonb, as nothing is kept of it). Short keys keep the text small; URN order fills the key's
 * index from one end.
 */
export async function insertSettings(tx: Queryable, loadId: number, settings: readonly OfstedSetting[]) {
  const inOrder = [...settings].sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0))
  for (let from = 0; from < inOrder.length; from += BATCH) {
    const rows = inOrder.slice(from, from + BATCH).map((s) => ({
      u: s.urn, r: s.row, t: s.provisionType, n: s.name, s: s.registrationStatus, p: s.places,
      a: s.localAuthority, j: s.judgement, d: s.inspectionDate,
    }))
    await executePrepared(tx, sql`insert into ofsted_settings (load_id, urn, row, provision_type, name, registration_status, places, local_authority, judgement, inspection_date)
      select ${loadId}::int, v.u, v.r, v.t, v.n, v.s, v.p, v.a, v.j, v.d
      from json_to_recordset(${JSON.stringify(rows)}::json) as v(u text, r int, t text, n text, s text, p int, a text, j text, d date)`)
  }
}

/** The register in force: the latest load, or undefined when none has been loaded. */
export async function currentLoad(db: Queryable): Promise<OfstedLoad | undefined> {
  const [row] = await db.select().from(ofstedLoads).orderBy(desc(ofstedLoads.id)).limit(1)
  return row
}

export type OfstedSettingRow = typeof ofstedSettings.$inferSelect

/** One setting of the register in force by its (normalised) URN: undefined when it, or any load, is absent. */
export async function settingInForce(db: Queryable, urn: string): Promise<OfstedSettingRow | undefined> {
  const [row] = await db.select().from(ofstedSettings)
    .where(and(eq(ofstedSettings.loadId, sql`(select max(${ofstedLoads.id}) from ${ofstedLoads})`), eq(ofstedSettings.urn, urn)))
  return row
}

/** The whole rows of these (normalised) URNs in a load, by URN; URNs the load lacks are absent. */
export async function settingsInForce(db: Queryable, loadId: number, urns: readonly string[]): Promise<Map<string, OfstedSettingRow>> {
  if (urns.length === 0) return new Map()
  const rows = await db.select().from(ofstedSettings).where(and(eq(ofstedSettings.loadId, loadId), inArray(ofstedSettings.urn, [...new Set(urns)])))
  return new Map(rows.map((r) => [r.urn, r]))
}

/**
 * The entries of these (normalised) URNs in a load, by URN; URNs the load lacks are absent. With
 * registerExtract (src/domain/quality.ts), what an assessment reads of that load.
 */
export async function registerEntries(db: Queryable, loadId: number, urns: readonly string[]): Promise<Map<string, RegisterEntry>> {
  const rows = rowsOf<{ urn: string; registrationStatus: string; judgement: RegisterEntry['judgement'] }>(await db.execute(sql`
    select s.urn, s.registration_status as "registrationStatus", s.judgement
    from ofsted_settings s
    where s.load_id = ${loadId}::int and s.urn in (select jsonb_array_elements_text(${JSON.stringify(urns)}::jsonb))`))
  return new Map(rows.map((r) => [r.urn, { registrationStatus: r.registrationStatus, judgement: r.judgement }]))
}


// What an assessment reads of the register, as SQL, so that a filing's one read and a
// reassessment's slices select the entries alike. A return's URN is compared as normaliseUrn
// (src/domain/quality.ts) compares it, without case or the space String.prototype.trim removes
// (a filed URN is validated as Ofsted writes it, so this changes nothing today; it keeps SQL and
// the domain agreeing should validation loosen); the register's URNs are stored normalised. Filing and reassessment select with the same
// expression and the domain then looks each URN up in what was selected, so both read one extract.
const TRIMMED = ' \t\n\v\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff'

/** A URN of a return (SQL text) as the register's are stored. */
export const urnSql = (urn: SQL) => sql`upper(btrim(${urn}, ${TRIMMED}::text))`

/** The number of the load in force (null before any). */
export const loadInForceSql = sql`(select max(id) from ofsted_loads)`

/**
 * A RegisterRead as jsonb (null when `loadId` is null): the load's entries whose URNs are among
 * `urns`, a query of one text column of normalised URNs.
 */
export const registerReadSql = (loadId: SQL, urns: SQL) => sql`(select case when l.id is null then null else jsonb_build_object('loadId', l.id,
    'entries', (select coalesce(jsonb_object_agg(s.urn, jsonb_build_object('judgement', s.judgement, 'registrationStatus', s.registration_status)), '{}'::jsonb)
                from ofsted_settings s where s.load_id = l.id and s.urn in (${urns}))) end
  from (select ${loadId} as id) l)`

/** The normalised URNs of these settings' URNs (raw, as filed), as the query registerReadSql takes. */
export const filedUrnsSql = (urns: readonly string[]) =>
  sql`select ${urnSql(sql`x`)} from jsonb_array_elements_text(${JSON.stringify(urns)}::jsonb) as x`

/**
 * What an assessment reads of the register in force for a return's settings, in one statement: the
 * load's number and the entries of the return's URNs; null when no register has been loaded (the
 * quality metrics are then undefined). A filing reads the same within its context (filing.ts).
 */
export async function registerInForce(db: Queryable, settings: readonly Setting[]): Promise<OfstedRegisterExtract | null> {
  const [row] = rowsOf<{ register: RegisterRead | null }>(await db.execute(sql`
    select ${registerReadSql(loadInForceSql, filedUrnsSql(settings.map((s) => s.urn)))} as register`))
  return extractOf(row.register, settings)
}
