// The whole market at once: reassessment under the ruleset in force, and market stress tests.
// Batched: the market is read in slices of one statement each; worker threads assess each slice; the
// writes go back in bulk statements, all in one transaction (a reassessment lands whole or not at all).
import { inArray, isNotNull, sql, type SQL } from 'drizzle-orm'
import { executePrepared, rowsOf, type Database, type Queryable } from '../db/client.js'
import { flags, providers } from '../db/schema.js'
import { OPEN_STATUSES } from '../db/queries/flags.js'
import { councilFigures } from '../db/queries/councils.js'
import type { Actor } from '../domain/actor.js'
import type { AnnualReturn } from '../domain/annual-return.js'
import { assess, type Assessment } from '../domain/assess-return.js'
import { previousReturnOf, type PreviousReturn } from '../domain/metrics.js'
import { stabilityRating, type Rating } from '../domain/rating.js'
import type { Ruleset } from '../domain/ruleset.js'
import { applyStress, type StressScenario } from '../domain/stress.js'
import { appendAudit } from '../db/queries/audit.js'
import { rulesetInForce } from '../db/queries/rulesets.js'
import { holdRegister } from '../db/queries/standing.js'
import { ownershipOf } from '../domain/return-ownership.js'
import type { MarketGroup, SliceReassessed, SliceToAssess } from './reassess-slice.js'
import { AssessorThreads } from './assessor-threads.js'

/** A provider's latest return as the market's stress tests read it. */
export interface MarketReturn extends Omit<MarketGroup, 'firstSubmittedAt' | 'previousAccounts' | 'latestInputsSha256'> {
  body: AnnualReturn
  firstSubmittedAt: Date
  previous: PreviousReturn | null
}

/** Providers a reassessment reads in one statement and hands to a worker thread as one task. */
const SLICE = 500
const chunks = <T>(xs: T[], n = SLICE) => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, (i + 1) * n))

// What an assessment reads beside a provider's latest return `r` (of provider `p`), as SQL.
// The period's first version: lateness runs from it.
const firstSubmittedAt = sql`(select r1.submitted_at from returns r1 where r1.provider_id = r.provider_id
  and r1.period_end = r.period_end and r1.version = 1)`
// The accounts of the latest version of the provider's period before this one.
const previousAccounts = sql`(select pr.accounts from returns pr where pr.provider_id = r.provider_id
  and pr.superseded_by is null and pr.period_end < r.period_end order by pr.period_end desc limit 1)`

/**
 * A slice of the market (providers `from` to `to` with a return) as one row of JSON texts: the
 * groups, their documents and their open register entries. One statement, so all three read one
 * snapshot, and both arrays are in provider id order.
 */
const sliceToAssess = (from: string, to: string) => sql`
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
       and ${inArray(flags.status, OPEN_STATUSES)})::text as open
  from providers p join returns r on r.id = p.latest_return_id
  where p.id >= ${from}::uuid and p.id <= ${to}::uuid`

/** Every provider's latest return (or those given), parsed, with what its assessment reads beside it. */
export async function loadMarket(db: Queryable, providerIds?: string[]) {
  const rows = rowsOf<Omit<MarketGroup, 'latestInputsSha256' | 'firstSubmittedAt'> & { body: string; firstSubmittedAt: string | Date }>(await db.execute(sql`
    select p.id as "providerId", p.name, p.rating, p.pe_backed as "peBacked", p.difficult_to_replace as "difficultToReplace",
      p.open_flags as "openFlags", p.notice_in_force as "noticeInForce", r.id as "returnId", r.period_end::text as "periodEnd",
      r.document as body, ${firstSubmittedAt} as "firstSubmittedAt", ${previousAccounts} as "previousAccounts"
    from providers p join returns r on r.id = p.latest_return_id
    ${providerIds ? sql`where p.id in (select x::uuid from jsonb_array_elements_text(${JSON.stringify(providerIds)}::jsonb) as x)` : sql``}
    order by p.id`))
  const market: MarketReturn[] = rows.map(({ body, firstSubmittedAt, previousAccounts, ...row }) => ({
    ...row, body: JSON.parse(body) as AnnualReturn, firstSubmittedAt: new Date(firstSubmittedAt),
    previous: previousReturnOf(previousAccounts),
  }))
  return { market, councils: await councilFigures(db) }
}

function assessOne(m: MarketReturn, councilFigures: Record<string, number | null>, ruleset: Ruleset, body = m.body,
  ownership = ownershipOf(body).resolution): Assessment {
  return assess({
    annualReturn: body, previous: m.previous, councils: councilFigures, ownership,
    submittedAt: m.firstSubmittedAt.toISOString(), ruleset,
    // The iXBRL figures a return cites are not re-read in bulk; the filing's assessment compared them.
  })
}

export interface ReassessmentSummary {
  rulesetVersion: string
  assessed: number
  flagsRaised: number
  flagsCleared: number
  ratingsMoved: { providerId: string; name: string; from: Rating; to: Rating }[]
  changes: { providerId: string; raised: string[]; cleared: string[] }[]
  durationMs: number
}

/**
 * Reassesses every provider's latest return, slice by slice, in one transaction. Three things run
 * at once: the database reads the next slices and stores the last one's assessments (the
 * statements queue on the transaction's connection, in order), while the worker threads assess
 * this one (`AssessorThreads`; on this thread when none are given or the market is small). A slice
 * travels as three JSON texts, one statement's single row, and comes back as the insert's JSON
 * text: this thread parses and serialises nothing per group.
 */
export async function reassessMarket(db: Database, actor: Actor, now: Date, assessors = new AssessorThreads(0)): Promise<ReassessmentSummary> {
  const started = performance.now()
  return db.transaction(async (tx) => {
    // No other writer to the register commits while the market is read and reassessed.
    await holdRegister(tx, 'exclusive')
    const { ruleset } = await rulesetInForce(tx)
    const councilsRead = await councilFigures(tx)
    const ids = (await tx.select({ id: providers.id }).from(providers).where(isNotNull(providers.latestReturnId)).orderBy(providers.id)).map((p) => p.id)
    const slices = chunks(ids)

    const at = sql`${now.toISOString()}::timestamptz`
    const json = (rows: unknown[]) => sql`${JSON.stringify(rows)}::jsonb`
    let writing: Promise<unknown> = Promise.resolve()
    const write = (statement: SQL) => {
      writing = writing.then(() => executePrepared(tx, statement))
      writing.catch(() => {}) // handled: awaited (and thrown) after the loop, rolling everything back
    }
    // A slice read and assessed: the worker threads take it as soon as its row arrives.
    const work = (slice: string[]) => {
      const done = executePrepared<Omit<SliceToAssess, 'ruleset' | 'councils'>>(tx, sliceToAssess(slice[0], slice.at(-1)!)).then(([row]) => {
        return assessors.run({ ruleset, councils: councilsRead, ...row, size: Number(row.size) })
      })
      done.catch(() => {}) // handled: awaited in turn
      return done
    }

    const newFlags: SliceReassessed['register']['open'] = []
    const updates: SliceReassessed['register']['update'] = []
    const resolved: string[] = []
    const events: SliceReassessed['register']['events'] = []
    const standings: SliceReassessed['standings'] = []
    const summary: ReassessmentSummary = { rulesetVersion: ruleset.version, assessed: 0, flagsRaised: 0, flagsCleared: 0, ratingsMoved: [], changes: [], durationMs: 0 }

    // Three slices are read (and assessed) ahead of the one being recorded.
    const pending = slices.slice(0, 3).map(work)
    for (let k = 0; k < slices.length; k++) {
      if (k + 3 < slices.length) pending.push(work(slices[k + 3]))
      const done = await pending[k]
      newFlags.push(...done.register.open)
      updates.push(...done.register.update)
      resolved.push(...done.register.resolve)
      events.push(...done.register.events)
      standings.push(...done.standings)
      summary.ratingsMoved.push(...done.ratingsMoved)
      summary.changes.push(...done.changes)
      summary.flagsRaised += done.flagsRaised
      summary.flagsCleared += done.flagsCleared
      summary.assessed += done.assessed
      // One statement per slice with JSON parameters: no per-row parameters to build, bind or plan.
      write(sql`
        with ai as (
          insert into assessment_inputs (sha256, inputs)
          select v.sha256, v.inputs from jsonb_to_recordset(${done.inputs}::jsonb) as v(sha256 text, inputs text)
          on conflict do nothing
        )
        insert into assessments (id, return_id, provider_id, ruleset_version, reason, assessed_at, output, inputs_sha256)
        select v.id, v."returnId", v."providerId", ${ruleset.version}::text, 'reassessment', ${at}, v.output, v."inputsSha256"
        from jsonb_to_recordset(${done.assessments}::jsonb) as v(id uuid, "returnId" uuid, "providerId" uuid, output text, "inputsSha256" text)`)
    }
    await writing

    for (const c of chunks(newFlags)) {
      await tx.execute(sql`insert into flags (id, provider_id, period_end, return_id, assessment_id, rule_id, severity, status, explanation, evidence, raised_at, updated_at)
        select v.id, v."providerId", v."periodEnd", v."returnId", v."assessmentId", v."ruleId", v.severity, 'open', v.explanation, v.evidence, ${at}, ${at}
        from jsonb_to_recordset(${json(c)}) as v(id uuid, "providerId" uuid, "periodEnd" date, "returnId" uuid, "assessmentId" uuid, "ruleId" text, severity text, explanation text, evidence jsonb)`)
    }
    for (const c of chunks(updates)) {
      await tx.execute(sql`update flags set severity = v.severity, explanation = v.explanation, evidence = v.evidence,
        return_id = v.return_id, assessment_id = v.assessment_id, revision = flags.revision + 1, updated_at = ${at}
        from jsonb_to_recordset(${json(c)}) as v(id uuid, severity text, explanation text, evidence jsonb, return_id uuid, assessment_id uuid)
        where flags.id = v.id`)
    }
    for (const c of chunks(resolved)) {
      await tx.execute(sql`update flags set status = 'resolved', revision = flags.revision + 1, updated_at = ${at}
        where flags.id in (select x::uuid from jsonb_array_elements_text(${json(c)}) as x)`)
    }
    for (const c of chunks(events)) {
      await tx.execute(sql`insert into flag_events (id, flag_id, at, actor_sub, actor_role, kind, from_status, to_status, text)
        select v.id, v."flagId", ${at}, ${actor.sub}::text, ${actor.role}::text, v.kind, v."fromStatus", v."toStatus", v.text
        from jsonb_to_recordset(${json(c)}) as v(id uuid, "flagId" uuid, kind text, "fromStatus" text, "toStatus" text, text text)`)
    }
    for (const c of chunks(standings)) {
      await tx.execute(sql`update providers set rating = v.rating, pe_backed = v.pe_backed, difficult_to_replace = v.difficult,
        open_flags = v.open_flags
        from jsonb_to_recordset(${json(c)}) as v(id uuid, rating text, pe_backed boolean, difficult boolean, open_flags text[])
        where providers.id = v.id`)
    }
    summary.durationMs = Math.round(performance.now() - started)
    await appendAudit(tx, actor, {
      action: 'market.reassess', objectType: 'ruleset', objectId: ruleset.version,
      summary: { assessed: summary.assessed, flagsRaised: summary.flagsRaised, flagsCleared: summary.flagsCleared, ratingsMoved: summary.ratingsMoved.length },
    }, now)
    return summary
  })
}

const tally = (ratings: Rating[]) => ({
  red: ratings.filter((r) => r === 'red').length, amber: ratings.filter((r) => r === 'amber').length,
  green: ratings.filter((r) => r === 'green').length,
})

/** The flags and rating a return gives today and under a scenario (nothing stored). */
export function stressOne(m: MarketReturn, councilFigures: Record<string, number | null>, ruleset: Ruleset, scenario: StressScenario) {
  const ownership = ownershipOf(m.body).resolution
  const today = assessOne(m, councilFigures, ruleset, m.body, ownership)
  const stressed = assessOne(m, councilFigures, ruleset, applyStress(m.body, scenario), ownership)
  const rate = (a: Assessment) => stabilityRating({
    openFlagSeverities: a.flags.filter((f) => f.severity !== 'info').map((f) => f.severity as 'red' | 'amber'),
    noticeInForce: m.noticeInForce, hasAcceptedReturn: true,
  })
  return {
    today: { rating: rate(today), metrics: today.metrics as unknown as Record<string, unknown>, flags: today.flags },
    stressed: { rating: rate(stressed), metrics: stressed.metrics as unknown as Record<string, unknown>, flags: stressed.flags },
  }
}

export async function stressMarket(db: Queryable, scenario: StressScenario) {
  const { ruleset } = await rulesetInForce(db)
  const { market, councils: councilFigures } = await loadMarket(db)
  const results = market.map((m) => ({ m, ...stressOne(m, councilFigures, ruleset, scenario) }))
  const order: Record<Rating, number> = { red: 0, amber: 1, green: 2, unrated: 3 }
  return {
    rulesetVersion: ruleset.version,
    scenario,
    groups: results.length,
    today: tally(results.map((r) => r.today.rating)),
    stressed: tally(results.map((r) => r.stressed.rating)),
    turned: results.filter((r) => order[r.stressed.rating] < order[r.today.rating])
      .map((r) => ({ providerId: r.m.providerId, name: r.m.name, from: r.today.rating, to: r.stressed.rating,
        flags: r.stressed.flags.filter((f) => f.severity !== 'info').map((f) => f.ruleId) }))
      .sort((a, b) => order[a.to] - order[b.to] || a.name.localeCompare(b.name)),
  }
}
