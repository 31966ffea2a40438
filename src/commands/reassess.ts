// The whole market at once: reassessment under the ruleset in force, and market stress tests.
// Batched: the market is read in slices of a few queries each; the domain assesses each group; the
// writes go back in bulk statements, all in one transaction (a reassessment lands whole or not at all).
import { randomUUID } from 'node:crypto'
import { and, eq, gte, inArray, isNotNull, lte, sql, type SQL } from 'drizzle-orm'
import type { Database, Queryable } from '../db/client.js'
import { annualReturns, flags, providers } from '../db/schema.js'
import { councilFigures } from '../db/queries/councils.js'
import type { Actor } from '../domain/actor.js'
import type { Accounts, AnnualReturn } from '../domain/annual-return.js'
import { assess, type Assessment } from '../domain/assess.js'
import { jsonEqual } from '../domain/canonical-json.js'
import { ebitdaOf, type PreviousReturn } from '../domain/metrics.js'
import { registerChanges, stabilityRating, standingAfter, type Rating } from '../domain/rating.js'
import type { Ruleset } from '../domain/ruleset.js'
import { applyStress, type StressScenario } from '../domain/stress.js'
import { OPEN_STATUSES } from '../db/queries/flags.js'
import { appendAudit } from '../db/queries/audit.js'
import { rulesetInForce } from '../db/queries/rulesets.js'
import { holdRegister } from '../db/queries/standing.js'
import { ownershipOf } from './assess-return.js'
import type { GroupToAssess } from './assessing.js'
import { Assessors } from './assessors.js'

/** A provider's latest return as the market queries read it: the document still as JSON text. */
interface MarketRow {
  providerId: string
  name: string
  rating: Rating
  peBacked: boolean | null
  difficultToReplace: boolean | null
  openFlags: string[]
  /** a failure-likely notice is in force (kept on the provider's row) */
  noticeInForce: boolean
  returnId: string
  periodEnd: string
  body: string
  firstSubmittedAt: string
  previousAccounts: Accounts | null
  /** the inputs the return's latest assessment read (none before its first) */
  latestInputsSha256: string | null
}

export interface MarketReturn extends Omit<MarketRow, 'body' | 'firstSubmittedAt' | 'previousAccounts' | 'latestInputsSha256'> {
  body: AnnualReturn
  firstSubmittedAt: Date
  previous: PreviousReturn | null
}

const SLICE = 1000
const chunks = <T>(xs: T[], n = SLICE) => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, (i + 1) * n))

const previousOf = (accounts: Accounts | null): PreviousReturn | null =>
  accounts ? { ebitda: ebitdaOf(accounts), operatingProfit: accounts.operatingProfit } : null

/** Providers' latest returns (those given, or those between two ids), with what an assessment reads beside each. */
function marketRows(db: Queryable, which: { providerIds?: string[]; from?: string; to?: string; latestInputs?: boolean }): Promise<MarketRow[]> {
  // the period's first version: lateness runs from it
  const first = sql`(select r1.submitted_at from returns r1 where r1.provider_id = ${annualReturns.providerId}
    and r1.period_end = ${annualReturns.periodEnd} and r1.version = 1)`
  // the latest version of the provider's period before this one
  const previousAccounts = sql`(select pr.body->'accounts' from returns pr where pr.provider_id = ${annualReturns.providerId}
    and pr.superseded_by is null and pr.period_end < ${annualReturns.periodEnd} order by pr.period_end desc limit 1)`
  return db.select({
    providerId: providers.id, name: providers.name, rating: providers.rating, peBacked: providers.peBacked,
    difficultToReplace: providers.difficultToReplace, openFlags: providers.openFlags, noticeInForce: providers.noticeInForce,
    returnId: annualReturns.id, periodEnd: annualReturns.periodEnd, body: sql<string>`${annualReturns.body}::text`, firstSubmittedAt: sql<string>`${first}`,
    previousAccounts: sql<Accounts | null>`${previousAccounts}`,
    // only a reassessment stores inputs, and needs to know which are stored already
    latestInputsSha256: which.latestInputs
      ? sql<string | null>`(select a.inputs_sha256 from assessments a where a.return_id = ${annualReturns.id} order by a.seq desc limit 1)`
      : sql<null>`null`,
  }).from(providers).innerJoin(annualReturns, eq(annualReturns.id, providers.latestReturnId))
    .where(and(
      which.providerIds ? inArray(providers.id, which.providerIds) : undefined,
      which.from ? gte(providers.id, which.from) : undefined,
      which.to ? lte(providers.id, which.to) : undefined,
    ))
    .orderBy(providers.id) as Promise<MarketRow[]>
}

/** Every provider's latest return (or those given), parsed, with what its assessment reads beside it. */
export async function loadMarket(db: Queryable, providerIds?: string[]) {
  const rows = await marketRows(db, { providerIds })
  const market: MarketReturn[] = rows.map(({ body, firstSubmittedAt, previousAccounts, latestInputsSha256: _, ...row }) => ({
    ...row, body: JSON.parse(body) as AnnualReturn, firstSubmittedAt: new Date(firstSubmittedAt), previous: previousOf(previousAccounts),
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
 * this one (`assessors`; on this thread when none are given or the market is small).
 */
export async function reassessMarket(db: Database, actor: Actor, now: Date, assessors = new Assessors(0)): Promise<ReassessmentSummary> {
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
      writing = writing.then(() => tx.execute(statement))
      writing.catch(() => {}) // handled: awaited (and thrown) after the loop, rolling everything back
    }
    // A slice read and assessed: the worker threads take it as soon as its rows arrive.
    const work = (slice: string[]) => {
      const which = { from: slice[0], to: slice.at(-1)!, latestInputs: true }
      const done = Promise.all([
        marketRows(tx, which),
        tx.select({
          id: flags.id, providerId: flags.providerId, periodEnd: flags.periodEnd, ruleId: flags.ruleId, severity: flags.severity, status: flags.status,
          explanation: flags.explanation, evidence: flags.evidence,
        }).from(flags).where(and(inArray(flags.status, OPEN_STATUSES), gte(flags.providerId, which.from), lte(flags.providerId, which.to))),
      ]).then(async ([rows, open]) => {
        const groups: GroupToAssess[] = rows.map((m) => ({
          body: m.body, previous: previousOf(m.previousAccounts), submittedAt: new Date(m.firstSubmittedAt).toISOString(),
        }))
        return { rows, open, assessed: await assessors.run({ ruleset, councils: councilsRead, groups }) }
      })
      done.catch(() => {}) // handled: awaited in turn
      return done
    }

    const newFlags: { id: string; providerId: string; periodEnd: string; returnId: string; assessmentId: string; ruleId: string; severity: string; explanation: string; evidence: unknown }[] = []
    const updates: { id: string; severity: string; explanation: string; evidence: unknown; return_id: string; assessment_id: string }[] = []
    const resolved: string[] = []
    const events: { id: string; flagId: string; kind: string; fromStatus?: string; toStatus?: string; text: string }[] = []
    const standings: { id: string; rating: Rating; pe_backed: boolean; difficult: boolean; open_flags: string[] }[] = []
    const summary: ReassessmentSummary = { rulesetVersion: ruleset.version, assessed: 0, flagsRaised: 0, flagsCleared: 0, ratingsMoved: [], changes: [], durationMs: 0 }

    // Three slices are read (and assessed) ahead of the one being recorded.
    const pending = slices.slice(0, 3).map(work)
    for (let k = 0; k < slices.length; k++) {
      if (k + 3 < slices.length) pending.push(work(slices[k + 3]))
      const { rows, open, assessed } = await pending[k]
      const openByProvider = new Map<string, typeof open>()
      for (const f of open) {
        const list = openByProvider.get(f.providerId)
        if (list) list.push(f)
        else openByProvider.set(f.providerId, [f])
      }

      const rowsToStore: { id: string; returnId: string; providerId: string; rulesetVersion: string; reason: string; output: string; inputsSha256: string }[] = []
      // An unchanged return reads the inputs its last assessment read: they are stored once, by content.
      const newInputs: { sha256: string; inputs: string }[] = []
      rows.forEach((m, i) => {
        const a = assessed[i]
        const assessmentId = randomUUID()
        rowsToStore.push({ id: assessmentId, returnId: m.returnId, providerId: m.providerId, rulesetVersion: ruleset.version, reason: 'reassessment', output: a.output, inputsSha256: a.inputsSha256 })
        if (a.inputsSha256 !== m.latestInputsSha256) newInputs.push({ sha256: a.inputsSha256, inputs: a.inputsText })
        const providerOpen = openByProvider.get(m.providerId) ?? []
        const changes = registerChanges(providerOpen.filter((f) => f.periodEnd === m.periodEnd), a.flags)
        for (const f of changes.open) {
          const id = randomUUID()
          newFlags.push({ id, providerId: m.providerId, periodEnd: m.periodEnd, returnId: m.returnId, assessmentId, ruleId: f.ruleId, severity: f.severity, explanation: f.explanation, evidence: f.evidence })
          events.push({ id: randomUUID(), flagId: id, kind: 'raised', toStatus: 'open', text: f.explanation })
        }
        for (const { entry, flag } of changes.update) {
          // The same finding on the same return: nothing to record (the entry keeps the assessment that last changed it).
          if (entry.severity === flag.severity && entry.explanation === flag.explanation && jsonEqual(entry.evidence, flag.evidence)) continue
          updates.push({ id: entry.id, severity: flag.severity, explanation: flag.explanation, evidence: flag.evidence, return_id: m.returnId, assessment_id: assessmentId })
          events.push({ id: randomUUID(), flagId: entry.id, kind: 'evidence_updated', text: flag.explanation })
        }
        for (const e of changes.resolve) {
          resolved.push(e.id)
          events.push({ id: randomUUID(), flagId: e.id, kind: 'transition', fromStatus: e.status, toStatus: 'resolved', text: `No longer raised under ruleset ${ruleset.version}` })
        }
        const { rating, openFlags: open_flags } = standingAfter(providerOpen, changes, m.noticeInForce)
        const difficult = a.flags.some((f) => f.ruleId === 'CONT-DIFFICULT-TO-REPLACE')
        if (rating !== m.rating || a.peBacked !== m.peBacked || difficult !== m.difficultToReplace || open_flags.join() !== m.openFlags.join()) {
          standings.push({ id: m.providerId, rating, pe_backed: a.peBacked, difficult, open_flags })
        }
        if (rating !== m.rating) summary.ratingsMoved.push({ providerId: m.providerId, name: m.name, from: m.rating, to: rating })
        if (changes.open.length || changes.resolve.length) {
          summary.changes.push({ providerId: m.providerId, raised: changes.open.map((f) => f.ruleId), cleared: changes.resolve.map((e) => e.ruleId) })
        }
        summary.flagsRaised += changes.open.length
        summary.flagsCleared += changes.resolve.length
        summary.assessed++
      })
      // One statement per slice with JSON parameters: no per-row parameters to build, bind or plan.
      write(sql`
        with ai as (
          insert into assessment_inputs (sha256, inputs)
          select v.sha256, v.inputs from jsonb_to_recordset(${json(newInputs)}) as v(sha256 text, inputs text)
          on conflict do nothing
        )
        insert into assessments (id, return_id, provider_id, ruleset_version, reason, assessed_at, output, inputs_sha256)
        select v.id, v."returnId", v."providerId", v."rulesetVersion", v.reason, ${at}, v.output, v."inputsSha256"
        from jsonb_to_recordset(${json(rowsToStore)}) as v(id uuid, "returnId" uuid, "providerId" uuid, "rulesetVersion" text, reason text, output text, "inputsSha256" text)`)
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
