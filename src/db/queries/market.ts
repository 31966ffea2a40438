// The whole market as a reassessment and the market's stress tests read it: every provider's latest
// return with what its assessment reads beside it; and the reassessment's bulk insert.
import { inArray, isNotNull, sql } from 'drizzle-orm'
import { executePrepared, rowsOf, type Queryable } from '../client.js'
import { flags, providers } from '../schema.js'
import { OPEN_STATUSES } from '../../domain/register.js'
import type { RegisterRead } from '../../domain/quality.js'
import { loadInForceSql, registerReadSql, urnSql } from './ofsted.js'
import type { Accounts } from '../../domain/annual-return.js'
import type { Rating } from '../../domain/rating.js'

// What an assessment reads beside a provider's latest return `r` (of provider `p`), as SQL.
// The period's first version: lateness runs from it.
const firstSubmittedAt = sql`(select r1.submitted_at from returns r1 where r1.provider_id = r.provider_id
  and r1.period_end = r.period_end and r1.version = 1)`
// The accounts of the latest version of the provider's period before this one.
const previousAccounts = sql`(select pr.accounts from returns pr where pr.provider_id = r.provider_id
  and pr.superseded_by is null and pr.period_end < r.period_end order by pr.period_end desc limit 1)`

/** The providers with a return, in id order (a reassessment reads them in slices of this order). */
export async function providersWithReturns(db: Queryable): Promise<string[]> {
  return (await db.select({ id: providers.id }).from(providers).where(isNotNull(providers.latestReturnId)).orderBy(providers.id)).map((p) => p.id)
}

/** A slice of the market as its statements give it: JSON texts (see `readSlice`). */
export interface SliceRow {
  size: number
  /** the groups, in provider id order, each the JSON text of a `MarketGroup` (commands/reassess-slice.ts) */
  groups: string[]
  /** the same groups' return documents as stored, in the same order */
  bodies: string[]
  /** the slice's open flags (`OpenFlag`) */
  open: string
  /** the register load's entries for every URN the slice's returns list (`RegisterRead`), or null */
  register: string
}

/** The load in force, as a reassessment reads it once for every slice (null: none loaded). */
export async function loadInForce(db: Queryable): Promise<number | null> {
  const [row] = rowsOf<{ id: number | null }>(await db.execute(sql`select ${loadInForceSql} as id`))
  return row.id === null ? null : Number(row.id)
}

/**
 * A slice of the market (providers `from` to `to` with a return) as JSON texts: the groups, their
 * documents, their open flags and, from Ofsted register load `ofstedLoadId` (none when null), the
 * entries of their settings. Three statements, kept prepared, sent in one round trip: the
 * groups as rows, each its group's JSON and its document's stored text side by side (so both arrays
 * are in provider id order, pair by pair), passed on as they came, neither parsed; then the open flags; then the register's entries.
 * Aggregating the slice into one row in the database (ordered `json_agg` and `string_agg` of the
 * documents) cost several times the read itself (bench/README.md). The reassessment holds the
 * register exclusively, so nothing either statement reads changes between them.
 */
export async function readSlice(tx: Queryable, from: string, to: string, ofstedLoadId: number | null): Promise<SliceRow> {
  const [groups, [flagged], [read]] = await Promise.all([
    // Each return by its key (LATERAL ... OFFSET 0 keeps the planner from hashing every return in
    // the market for each slice of 500).
    executePrepared<{ g: string; document: string }>(tx, sql`
      select json_build_object(
        'providerId', p.id, 'name', p.name, 'rating', p.rating, 'peBacked', p.pe_backed,
        'difficultToReplace', p.difficult_to_replace, 'openFlags', p.open_flags, 'noticeInForce', p.notice_in_force,
        'returnId', r.id, 'periodEnd', r.period_end, 'firstSubmittedAt', ${firstSubmittedAt},
        'previousAccounts', ${previousAccounts},
        -- the inputs its latest assessment read: stored already, unless they change
        'latestInputsSha256', (select a.inputs_sha256 from assessments a where a.return_id = r.id order by a.seq desc limit 1)
      )::text as g, r.document
      from providers p cross join lateral (
        select r.id, r.provider_id, r.period_end, r.document from returns r where r.id = p.latest_return_id offset 0
      ) r
      where p.id >= ${from}::uuid and p.id <= ${to}::uuid
      order by p.id`),
    executePrepared<{ open: string }>(tx, sql`
      select coalesce(json_agg(json_build_object('id', flags.id, 'providerId', flags.provider_id, 'periodEnd', flags.period_end,
        'ruleId', flags.rule_id, 'severity', flags.severity, 'status', flags.status, 'explanation', flags.explanation, 'evidence', flags.evidence)), '[]')::text as open
      from flags where flags.provider_id >= ${from}::uuid and flags.provider_id <= ${to}::uuid
        and ${inArray(flags.status, [...OPEN_STATUSES])}`),
    // the settings' URNs as filing kept them beside the document (no document read)
    executePrepared<{ register: string }>(tx, sql`
      select coalesce(${registerReadSql(sql`${ofstedLoadId}::int`, sql`select ${urnSql(sql`u`)} from providers p2 join returns r2 on r2.id = p2.latest_return_id
         cross join jsonb_array_elements_text(r2.setting_urns) as u where p2.id >= ${from}::uuid and p2.id <= ${to}::uuid`)}::text, 'null') as register`),
  ])
  return {
    size: groups.length,
    groups: groups.map((x) => x.g),
    bodies: groups.map((x) => x.document),
    open: flagged.open,
    register: read.register,
  }
}

/**
 * A slice's assessments as the insert reads them: each column one text, its values joined by a
 * separator none of them can hold (`assessmentColumns` in commands/reassess-slice.ts joins them).
 * The outputs (about 3 KB of JSON each) go as they are, joined by U+001E, which JSON text never
 * holds raw (JSON.stringify writes every control character as an escape): no escaping them into a
 * JSON document here and no parsing it back there, which cost the database more than the rows'
 * insert itself.
 */
export interface AssessmentColumns {
  ids: string
  returnIds: string
  providerIds: string
  outputs: string
  inputsSha256: string
  /** empty for none */
  ofstedLoadIds: string
}

/**
 * A reassessed slice's assessments, and the inputs not stored yet (JSON text), as its worker wrote
 * them: one statement, kept prepared. `string_to_array` of an empty text is an empty array: a slice
 * of none inserts none.
 */
export function storeReassessments(tx: Queryable, v: { rulesetVersion: string; now: Date; assessments: AssessmentColumns; inputs: string }) {
  const a = v.assessments
  return executePrepared(tx, sql`
        with ai as (
          insert into assessment_inputs (sha256, inputs)
          select v.sha256, v.inputs from jsonb_to_recordset(${v.inputs}::jsonb) as v(sha256 text, inputs text)
          on conflict do nothing
        )
        insert into assessments (id, return_id, provider_id, ruleset_version, reason, assessed_at, output, inputs_sha256, ofsted_load_id)
        select v.id, v.return_id, v.provider_id, ${v.rulesetVersion}::text, 'reassessment', ${v.now.toISOString()}::timestamptz, v.output, v.inputs_sha256, v.ofsted_load_id
        from unnest(string_to_array(${a.ids}::text, ',')::uuid[], string_to_array(${a.returnIds}::text, ',')::uuid[],
          string_to_array(${a.providerIds}::text, ',')::uuid[], string_to_array(${a.outputs}::text, chr(30)),
          string_to_array(${a.inputsSha256}::text, ','), string_to_array(${a.ofstedLoadIds}::text, ',', '')::int[])
          as v(id, return_id, provider_id, output, inputs_sha256, ofsted_load_id)`)
}

/** A provider's latest return as the market's stress tests read it: the document as stored text. */
export interface MarketReturnRow {
  providerId: string
  name: string
  rating: Rating
  peBacked: boolean | null
  difficultToReplace: boolean | null
  openFlags: string[]
  noticeInForce: boolean
  returnId: string
  periodEnd: string
  /** the document's stored text */
  body: string
  firstSubmittedAt: string | Date
  previousAccounts: Accounts | null
  /** the register in force for the return's settings (null: none loaded) */
  ofstedRegister: RegisterRead | null
}

/** Every provider's latest return (or those given), with what its assessment reads beside it, by provider id. */
export async function marketReturns(db: Queryable, providerIds?: string[]) {
  return rowsOf<MarketReturnRow>(await db.execute(sql`
    select p.id as "providerId", p.name, p.rating, p.pe_backed as "peBacked", p.difficult_to_replace as "difficultToReplace",
      p.open_flags as "openFlags", p.notice_in_force as "noticeInForce", r.id as "returnId", r.period_end::text as "periodEnd",
      r.document as body, ${firstSubmittedAt} as "firstSubmittedAt", ${previousAccounts} as "previousAccounts",
      ${registerReadSql(loadInForceSql, sql`select ${urnSql(sql`u`)} from jsonb_array_elements_text(r.setting_urns) as u`)} as "ofstedRegister"
    from providers p join returns r on r.id = p.latest_return_id
    ${providerIds ? sql`where p.id in (select x::uuid from jsonb_array_elements_text(${JSON.stringify(providerIds)}::jsonb) as x)` : sql``}
    order by p.id`))
}
