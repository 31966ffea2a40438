// The filing path's two statements: everything an assessment of a new version reads, in one
// query; and the version with its placements, its assessment, what it does to the register, the
// provider's standing and the audit entry, in one statement. A filing is a handful of round trips, not dozens: this is
// the route providers' systems retry against, and a slow one holds the audit chain back.
import { sql, type SQL } from 'drizzle-orm'
import { executePrepared, type Queryable } from '../client.js'
import type { Accounts, AnnualReturn } from '../../domain/annual-return.js'
import type { Rating } from '../../domain/rating.js'
import type { OpenFlag } from '../../domain/register.js'
import { RETURN_PLACEMENTS_CTE, storedParts } from './returns.js'
import { OPEN_STATUSES_SQL, registerWrites, type RegisterWrites } from './flags.js'
import { filedUrnsSql, loadInForceSql, registerReadSql } from './ofsted.js'
import type { RegisterRead } from '../../domain/quality.js'

/** What a filing reads of the provider's open flags (every period). */
export type FilingOpenFlag = Pick<OpenFlag, 'id' | 'periodEnd' | 'ruleId' | 'severity' | 'status'>

export interface FilingContext {
  /** false: no such provider */
  providerExists: boolean
  /** the period end of the provider's latest return, if any */
  latestPeriodEnd: string | null
  /** the version of this period that has not been superseded */
  existingId: string | null
  /** when version 1 of this period was filed (late filing runs from it) */
  firstSubmittedAt: string | null
  /** the accounts of the latest version of the period before this one */
  previousAccounts: Accounts | null
  /** children looked after by the councils the return places with */
  councils: Record<string, number | null>
  /** the seq of the ruleset in force, to check the cached one against */
  rulesetSeq: number
  /** the accounts read from the cited iXBRL document, if it was read for this group */
  ixbrlAccounts: Partial<Accounts> | null
  /** the provider's open flags, every period */
  openFlags: FilingOpenFlag[]
  noticeInForce: boolean
  /** the Ofsted register in force, for the return's settings' URNs; null before any load */
  ofstedRegister: RegisterRead | null
}

/** Everything a filing's validation and assessment read, in one statement. */
export async function filingContext(db: Queryable, q: { providerId: string; periodEnd: string; laCodes: string[]; urns: string[]; ixbrlSha256?: string }): Promise<FilingContext> {
  const pid = sql`${q.providerId}::uuid`
  const pe = sql`${q.periodEnd}::date`
  const [row] = await executePrepared<{ ctx: FilingContext }>(db, sql`
    select jsonb_build_object(
      'providerExists', exists (select 1 from providers where id = ${pid}),
      'latestPeriodEnd', (select l.period_end from providers p join returns l on l.id = p.latest_return_id where p.id = ${pid}),
      'existingId', (select id from returns where provider_id = ${pid} and period_end = ${pe} and superseded_by is null),
      'firstSubmittedAt', (select submitted_at from returns where provider_id = ${pid} and period_end = ${pe} and version = 1),
      'previousAccounts', (select accounts from returns where provider_id = ${pid} and period_end < ${pe}
                           and superseded_by is null order by period_end desc limit 1),
      'councils', (select coalesce(jsonb_object_agg(la_code, children_looked_after), '{}'::jsonb) from councils
                   where la_code in (select jsonb_array_elements_text(${JSON.stringify(q.laCodes)}::jsonb))),
      'rulesetSeq', (select max(seq) from rulesets),
      'ixbrlAccounts', (select accounts from ixbrl_extractions where provider_id = ${pid} and sha256 = ${q.ixbrlSha256 ?? null}::text),
      'openFlags', (select coalesce(jsonb_agg(jsonb_build_object('id', id, 'periodEnd', period_end, 'ruleId', rule_id,
                        'severity', severity, 'status', status) order by raised_at, id), '[]'::jsonb)
                      from flags where provider_id = ${pid} and status in (${OPEN_STATUSES_SQL})),
      'noticeInForce', exists (select 1 from notices where provider_id = ${pid} and withdrawn_at is null and kind = 'failure_likely'),
      'ofstedRegister', ${registerReadSql(loadInForceSql, filedUrnsSql(q.urns))}
    ) as ctx`)
  return row.ctx
}

export interface FiledVersion {
  id: string
  providerId: string
  body: AnnualReturn
  /** the body's stored text (`filedDocument`), kept as the document */
  document: string
  bodySha256: string
  version: number
  /** the version this one supersedes: it must still be the latest, or nothing is written */
  supersedes: string | null
  submittedAt: Date
  actor: { sub: string; role: string }
  assessment: { id: string; rulesetVersion: string; output: string; inputsSha256: string; inputsText: string; ofstedLoadId: number | null }
  /** what the assessment does to the register (written only with the version) */
  register: RegisterWrites
  standing: { becomesLatest: boolean; rating: Rating; peBacked: boolean; difficultToReplace: boolean; openFlags: string[]; noticeInForce: boolean }
  /** the audit entry's insert (`auditEntry`): it joins this statement */
  audit: SQL
}

/**
 * Writes a version, its placements, its assessment, its register changes, the provider's standing and
 * the audit entry in ONE statement. Returns false when the version it supersedes has been
 * superseded already: the caller, which holds the transaction, must then roll it back.
 */
export async function writeFiledVersion(tx: Queryable, v: FiledVersion): Promise<boolean> {
  const b = v.body
  const parts = storedParts(b)
  const at = sql`${v.submittedAt.toISOString()}::timestamptz`
  const pid = sql`${v.providerId}::uuid`
  const latest = sql`${v.standing.becomesLatest}::boolean`
  const register = registerWrites(v.register, at, v.actor, sql`exists (select 1 from r)`)
  const result = await executePrepared<{ id: string }>(tx, sql`
    with superseded as (
      update returns set superseded_by = ${v.id}::uuid
      where id = ${v.supersedes}::uuid and superseded_by is null
      returning id
    ), r as (
      insert into returns (id, provider_id, period_start, period_end, version, supersedes, submitted_at, submitted_by, body_sha256, document,
                           accounts, setting_urns, services, related_parties)
      select ${v.id}::uuid, ${pid}, ${b.periodStart}::date, ${b.periodEnd}::date, ${v.version}::int, ${v.supersedes}::uuid,
             ${at}, ${v.actor.sub}::text, ${v.bodySha256}::text, ${v.document}::text,
             ${parts.accounts}::jsonb, ${parts.settingUrns}::jsonb, ${parts.services}::jsonb, ${parts.relatedParties}::jsonb
      where ${v.supersedes}::uuid is null or exists (select 1 from superseded)
      returning id
    ), rp as (
      select r.id, ${parts.placements}::jsonb as placements from r
    ), ${sql.raw(RETURN_PLACEMENTS_CTE)}, ai as (
      insert into assessment_inputs (sha256, inputs) select ${v.assessment.inputsSha256}::text, ${v.assessment.inputsText}::text
      from r on conflict do nothing
    ), a as (
      insert into assessments (id, return_id, provider_id, ruleset_version, reason, assessed_at, output, inputs_sha256, ofsted_load_id)
      select ${v.assessment.id}::uuid, r.id, ${pid}, ${v.assessment.rulesetVersion}::text, 'filing', ${at},
             ${v.assessment.output}::text, ${v.assessment.inputsSha256}::text, ${v.assessment.ofstedLoadId}::int
      from r returning id
    ), nf as (
      ${register.raise}
    ), uf as (
      ${register.update}
    ), rf as (
      ${register.resolve}
    ), fe as (
      ${register.events}
    ), audited as (
      ${v.audit}
    ), standing as (
      update providers set
        rating = ${v.standing.rating}::text,
        open_flags = array(select jsonb_array_elements_text(${JSON.stringify(v.standing.openFlags)}::jsonb)),
        notice_in_force = ${v.standing.noticeInForce}::boolean,
        latest_return_id = case when ${latest} then r.id else providers.latest_return_id end,
        last_return_period_end = case when ${latest} then ${b.periodEnd}::date else providers.last_return_period_end end,
        pe_backed = case when ${latest} then ${v.standing.peBacked}::boolean else providers.pe_backed end,
        difficult_to_replace = case when ${latest} then ${v.standing.difficultToReplace}::boolean else providers.difficult_to_replace end
      from r where providers.id = ${pid}
    )
    select id from r`)
  return result.length === 1
}
