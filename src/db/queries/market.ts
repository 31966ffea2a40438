// The whole market as a reassessment and the market's stress tests read it: every provider's latest
// return with what its assessment reads beside it; and the reassessment's bulk insert.
import { inArray, isNotNull, sql } from 'drizzle-orm'
import { executePrepared, rowsOf, type Queryable } from '../client.js'
import { flags, providers } from '../schema.js'
import { OPEN_STATUSES } from '../../domain/register.js'
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

/** A slice of the market as its statement gives it: three JSON texts (see `readSlice`). */
export interface SliceRow {
  size: number
  /** the groups, in provider id order, each as `MarketGroup` (commands/reassess-slice.ts) */
  groups: string
  /** an array of the same groups' return documents, in the same order */
  bodies: string
  /** the slice's open flags (`OpenFlag`) */
  open: string
}

/**
 * A slice of the market (providers `from` to `to` with a return) as one row of JSON texts: the
 * groups, their documents and their open flags. One statement, kept prepared, so all three read one
 * snapshot, and both arrays are in provider id order.
 */
export async function readSlice(tx: Queryable, from: string, to: string): Promise<SliceRow> {
  const [row] = await executePrepared<SliceRow>(tx, sql`
  select count(*)::int as size,
    coalesce(json_agg(json_build_object(
      'providerId', p.id, 'name', p.name, 'rating', p.rating, 'peBacked', p.pe_backed,
      'difficultToReplace', p.difficult_to_replace, 'openFlags', p.open_flags, 'noticeInForce', p.notice_in_force,
      'returnId', r.id, 'periodEnd', r.period_end, 'firstSubmittedAt', ${firstSubmittedAt},
      'previousAccounts', ${previousAccounts},
      -- the inputs its latest assessment read: stored already, unless they change
      'latestInputsSha256', (select a.inputs_sha256 from assessments a where a.return_id = r.id order by a.seq desc limit 1)
    ) order by p.id), '[]')::text as groups,
    '[' || coalesce(string_agg(r.document, ',' order by p.id), '') || ']' as bodies,
    (select coalesce(json_agg(json_build_object('id', flags.id, 'providerId', flags.provider_id, 'periodEnd', flags.period_end,
       'ruleId', flags.rule_id, 'severity', flags.severity, 'status', flags.status, 'explanation', flags.explanation, 'evidence', flags.evidence)), '[]')
     from flags where flags.provider_id >= ${from}::uuid and flags.provider_id <= ${to}::uuid
       and ${inArray(flags.status, [...OPEN_STATUSES])})::text as open
  from providers p join returns r on r.id = p.latest_return_id
  where p.id >= ${from}::uuid and p.id <= ${to}::uuid`)
  return { ...row, size: Number(row.size) }
}

/**
 * A reassessed slice's assessments, and the inputs not stored yet, from the JSON texts its worker
 * wrote: one statement, kept prepared.
 */
export function storeReassessments(tx: Queryable, v: { rulesetVersion: string; now: Date; assessments: string; inputs: string }) {
  return executePrepared(tx, sql`
        with ai as (
          insert into assessment_inputs (sha256, inputs)
          select v.sha256, v.inputs from jsonb_to_recordset(${v.inputs}::jsonb) as v(sha256 text, inputs text)
          on conflict do nothing
        )
        insert into assessments (id, return_id, provider_id, ruleset_version, reason, assessed_at, output, inputs_sha256)
        select v.id, v."returnId", v."providerId", ${v.rulesetVersion}::text, 'reassessment', ${v.now.toISOString()}::timestamptz, v.output, v."inputsSha256"
        from jsonb_to_recordset(${v.assessments}::jsonb) as v(id uuid, "returnId" uuid, "providerId" uuid, output text, "inputsSha256" text)`)
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
}

/** Every provider's latest return (or those given), with what its assessment reads beside it, by provider id. */
export async function marketReturns(db: Queryable, providerIds?: string[]) {
  return rowsOf<MarketReturnRow>(await db.execute(sql`
    select p.id as "providerId", p.name, p.rating, p.pe_backed as "peBacked", p.difficult_to_replace as "difficultToReplace",
      p.open_flags as "openFlags", p.notice_in_force as "noticeInForce", r.id as "returnId", r.period_end::text as "periodEnd",
      r.document as body, ${firstSubmittedAt} as "firstSubmittedAt", ${previousAccounts} as "previousAccounts"
    from providers p join returns r on r.id = p.latest_return_id
    ${providerIds ? sql`where p.id in (select x::uuid from jsonb_array_elements_text(${JSON.stringify(providerIds)}::jsonb) as x)` : sql``}
    order by p.id`))
}
