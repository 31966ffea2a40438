// The risk register: the flags assessments raise, and their history.
import { randomUUID } from 'node:crypto'
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm'
import { flagEvents, flags, providers } from '../schema.js'
import { rowsOf, type Queryable } from '../client.js'
import type { Actor } from '../../domain/actor.js'
import { OPEN_STATUSES, type FlagStatus } from '../../domain/register.js'

export type FlagRow = typeof flags.$inferSelect
export type FlagEventRow = typeof flagEvents.$inferSelect

/** The open statuses as SQL text, for the statements written out by hand. */
export const OPEN_STATUSES_SQL = sql.raw(OPEN_STATUSES.map((s) => `'${s}'`).join(', '))

/** A provider's open flags (rule and severity), for its rating and stability view. */
export async function openFlagsOf(db: Queryable, providerId: string) {
  return db.select({ ruleId: flags.ruleId, severity: flags.severity }).from(flags)
    .where(and(eq(flags.providerId, providerId), inArray(flags.status, [...OPEN_STATUSES])))
}

export interface FlagFilters { providerId?: string; ruleId?: string; status?: FlagStatus; severity?: 'red' | 'amber'; rating?: string }

/** The register's order: red before amber, then oldest first, then id (a total order, for the cursor). */
export type RegisterKey = [number, string, string]
export const registerKeyOf = (f: FlagRow): RegisterKey => [f.severity === 'red' ? 0 : 1, f.raisedAt.toISOString(), f.id]

export async function listFlags(db: Queryable, q: FlagFilters & { after?: RegisterKey; limit: number }) {
  const sevRank = sql<number>`case when ${flags.severity} = 'red' then 0 else 1 end`
  return db.select({ flag: flags, providerName: providers.name, providerRating: providers.rating }).from(flags)
    .innerJoin(providers, eq(providers.id, flags.providerId))
    .where(and(
      q.providerId ? eq(flags.providerId, q.providerId) : undefined,
      q.ruleId ? eq(flags.ruleId, q.ruleId) : undefined,
      q.status ? eq(flags.status, q.status) : undefined,
      q.severity ? eq(flags.severity, q.severity) : undefined,
      q.rating ? eq(providers.rating, q.rating as 'red') : undefined,
      q.after ? sql`(${sevRank}, ${flags.raisedAt}, ${flags.id}) > (${q.after[0]}::int, ${q.after[1]}::timestamptz, ${q.after[2]}::uuid)` : undefined,
    ))
    .orderBy(sevRank, asc(flags.raisedAt), asc(flags.id))
    .limit(q.limit + 1) // the extra row says whether a next page exists
}

export async function findFlag(db: Queryable, id: string) {
  const [row] = await db.select().from(flags).where(eq(flags.id, id)).limit(1)
  return row
}

export async function flagHistory(db: Queryable, id: string) {
  return db.select().from(flagEvents).where(eq(flagEvents.flagId, id)).orderBy(asc(flagEvents.seq))
}

/** The first flag of a provider for a rule still `open`, oldest first (the demo seed works on it). */
export async function firstOpenFlag(db: Queryable, providerId: string, ruleId: string) {
  const [row] = await db.select().from(flags).where(and(eq(flags.providerId, providerId), eq(flags.ruleId, ruleId), eq(flags.status, 'open')))
    .orderBy(asc(flags.raisedAt)).limit(1)
  return row
}

/**
 * Moves a flag to `to` if its revision is still `expectedRevision` (the If-Match). Returns the
 * updated row, or undefined when someone changed it first.
 */
export async function setFlagStatus(tx: Queryable, id: string, to: FlagStatus, expectedRevision: number, now: Date) {
  const [row] = await tx.update(flags).set({ status: to, revision: sql`${flags.revision} + 1`, updatedAt: now })
    .where(and(eq(flags.id, id), eq(flags.revision, expectedRevision))).returning()
  return row
}

export async function insertFlagEvent(tx: Queryable, actor: Actor, e: {
  flagId: string; kind: FlagEventRow['kind']; fromStatus?: string | null; toStatus?: string | null; text: string | null
}, now: Date) {
  const id = randomUUID()
  await tx.insert(flagEvents).values({
    id, flagId: e.flagId, at: now, actorSub: actor.sub, actorRole: actor.role,
    kind: e.kind, fromStatus: e.fromStatus ?? null, toStatus: e.toStatus ?? null, text: e.text,
  })
  return id
}

/** Open flags by severity and status (the register's overview on the regulator's home). */
export async function openFlagsBySeverityAndStatus(db: Queryable) {
  return rowsOf<{ severity: string; status: string; n: number }>(await db.execute(sql`
    select severity, status, count(*)::int as n from flags where status in (${OPEN_STATUSES_SQL}) group by severity, status`))
}

/** Open flags by severity (the metrics gauge). */
export async function countOpenFlags(db: Queryable) {
  return rowsOf<{ severity: string; n: number }>(await db.execute(sql`select severity, count(*)::int as n from flags where status in (${OPEN_STATUSES_SQL}) group by severity`))
}

// ---- what an assessment does to the register: one shape for a filing and a reassessment -------

/** A flag an assessment raises for the first time in its period. */
export interface RaisedFlag {
  id: string; providerId: string; periodEnd: string; returnId: string; assessmentId: string
  ruleId: string; severity: string; explanation: string; evidence: unknown
}
/** A flag raised again: its evidence (and severity) as the new assessment has it. */
export interface UpdatedFlag { id: string; severity: string; explanation: string; evidence: unknown; returnId: string; assessmentId: string }
/** An event of a flag's history the assessment writes. */
export interface AssessedFlagEvent { id: string; flagId: string; kind: string; fromStatus?: string | null; toStatus?: string | null; text: string | null }

export interface RegisterWrites {
  raise: RaisedFlag[]
  update: UpdatedFlag[]
  /** ids of the flags no longer raised: resolved, as the system */
  resolve: string[]
  events: AssessedFlagEvent[]
}

// Each kind is one statement reading its rows from JSON: no per-row parameters to build, bind or
// plan. `when` makes a statement wait on a condition (a filing's: its version was written).
const raiseSql = (rows: RaisedFlag[], at: SQL, when?: SQL) => sql`insert into flags (id, provider_id, period_end, return_id, assessment_id, rule_id, severity, status, explanation, evidence, raised_at, updated_at)
      select v.id, v."providerId", v."periodEnd", v."returnId", v."assessmentId", v."ruleId", v.severity, 'open', v.explanation, v.evidence, ${at}, ${at}
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as v(id uuid, "providerId" uuid, "periodEnd" date, "returnId" uuid, "assessmentId" uuid, "ruleId" text, severity text, explanation text, evidence jsonb)${when ? sql` where ${when}` : sql``}`

const updateSql = (rows: UpdatedFlag[], at: SQL, when?: SQL) => sql`update flags set severity = v.severity, explanation = v.explanation, evidence = v.evidence,
        return_id = v."returnId", assessment_id = v."assessmentId", revision = flags.revision + 1, updated_at = ${at}
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as v(id uuid, severity text, explanation text, evidence jsonb, "returnId" uuid, "assessmentId" uuid)
      where flags.id = v.id${when ? sql` and ${when}` : sql``}`

const resolveSql = (ids: string[], at: SQL, when?: SQL) => sql`update flags set status = 'resolved', revision = flags.revision + 1, updated_at = ${at}
      where flags.id in (select x::uuid from jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb) as x)${when ? sql` and ${when}` : sql``}`

const eventsSql = (rows: AssessedFlagEvent[], at: SQL, actor: { sub: string; role: string }, when?: SQL) => sql`insert into flag_events (id, flag_id, at, actor_sub, actor_role, kind, from_status, to_status, text)
      select v.id, v."flagId", ${at}, ${actor.sub}::text, ${actor.role}::text, v.kind, v."fromStatus", v."toStatus", v.text
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as v(id uuid, "flagId" uuid, kind text, "fromStatus" text, "toStatus" text, text text)${when ? sql` where ${when}` : sql``}`

/** The register writes of a filing, as CTEs of its one statement, made only when `when` holds. */
export const registerWrites = (w: RegisterWrites, at: SQL, actor: { sub: string; role: string }, when: SQL) => ({
  raise: raiseSql(w.raise, at, when),
  update: updateSql(w.update, at, when),
  resolve: resolveSql(w.resolve, at, when),
  events: eventsSql(w.events, at, actor, when),
})

// The same writes as statements of their own (a reassessment runs them a chunk at a time).
const timestamp = (now: Date) => sql`${now.toISOString()}::timestamptz`
export const raiseFlags = (tx: Queryable, rows: RaisedFlag[], now: Date) => tx.execute(raiseSql(rows, timestamp(now)))
export const updateFlags = (tx: Queryable, rows: UpdatedFlag[], now: Date) => tx.execute(updateSql(rows, timestamp(now)))
export const resolveFlags = (tx: Queryable, ids: string[], now: Date) => tx.execute(resolveSql(ids, timestamp(now)))
export const insertFlagEvents = (tx: Queryable, rows: AssessedFlagEvent[], now: Date, actor: Pick<Actor, 'sub' | 'role'>) =>
  tx.execute(eventsSql(rows, timestamp(now), actor))
