// The whole market at once: reassessment under the ruleset in force, and market stress tests.
// Batched: a handful of queries load every latest return; the domain assesses each; the writes go
// back in bulk statements, all in one transaction (a reassessment lands whole or not at all).
import { randomUUID } from 'node:crypto'
import { and, eq, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm'
import type { Database, Queryable } from '../db/client.js'
import { annualReturns, flags, providers } from '../db/schema.js'
import { councilFigures } from '../db/queries/councils.js'
import type { Actor } from '../domain/actor.js'
import type { AnnualReturn } from '../domain/annual-return.js'
import { assess, type Assessment } from '../domain/assess.js'
import { canonicalJson } from '../domain/canonical-json.js'
import { ebitdaOf, type PreviousReturn } from '../domain/metrics.js'
import { registerChanges, stabilityRating, standingAfter, type Rating } from '../domain/rating.js'
import type { Ruleset } from '../domain/ruleset.js'
import { applyStress, type StressScenario } from '../domain/stress.js'
import { assessmentRow } from '../db/queries/assessments.js'
import { OPEN_STATUSES } from '../db/queries/flags.js'
import { noticesInForce } from '../db/queries/notices.js'
import { appendAudit } from '../db/queries/audit.js'
import { rulesetInForce } from '../db/queries/rulesets.js'
import { ownershipOf } from './assess-return.js'

export interface MarketReturn {
  providerId: string
  name: string
  rating: Rating
  peBacked: boolean | null
  difficultToReplace: boolean | null
  openFlags: string[]
  returnId: string
  periodEnd: string
  body: AnnualReturn
  firstSubmittedAt: Date
  previous: PreviousReturn | null
}

const CHUNK = 1000
const chunks = <T>(xs: T[], n = CHUNK) => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, (i + 1) * n))

/** Every provider's latest return, with what its assessment reads beside it. */
export async function loadMarket(db: Queryable, providerIds?: string[]) {
  const first = sql`(select r1.submitted_at from returns r1 where r1.provider_id = ${annualReturns.providerId}
    and r1.period_end = ${annualReturns.periodEnd} and r1.version = 1)`
  const latest = await db.select({
    providerId: providers.id, name: providers.name, rating: providers.rating, peBacked: providers.peBacked,
    difficultToReplace: providers.difficultToReplace, openFlags: providers.openFlags, returnId: annualReturns.id,
    periodEnd: annualReturns.periodEnd, body: annualReturns.body, firstSubmittedAt: sql<string>`${first}`,
  }).from(providers).innerJoin(annualReturns, eq(annualReturns.id, providers.latestReturnId))
    .where(providerIds ? inArray(providers.id, providerIds) : undefined)
  // The latest version of each provider's period before its latest.
  const prev = await db.selectDistinctOn([annualReturns.providerId], {
    providerId: annualReturns.providerId, accounts: sql<AnnualReturn['accounts']>`${annualReturns.body}->'accounts'`,
  }).from(annualReturns)
    .innerJoin(providers, eq(providers.id, annualReturns.providerId))
    .where(and(isNull(annualReturns.supersededBy),
      lt(annualReturns.periodEnd, sql`(select l.period_end from returns l where l.id = ${providers.latestReturnId})`),
      providerIds ? inArray(providers.id, providerIds) : undefined))
    .orderBy(annualReturns.providerId, sql`${annualReturns.periodEnd} desc`)
  const previous = new Map(prev.map((p) => [p.providerId, { ebitda: ebitdaOf(p.accounts), operatingProfit: p.accounts.operatingProfit }]))
  const figures = await councilFigures(db)
  const market: MarketReturn[] = latest.map((l) => ({
    providerId: l.providerId, name: l.name, rating: l.rating, peBacked: l.peBacked, difficultToReplace: l.difficultToReplace, openFlags: l.openFlags,
    returnId: l.returnId, periodEnd: l.periodEnd,
    body: l.body as AnnualReturn, firstSubmittedAt: new Date(l.firstSubmittedAt), previous: previous.get(l.providerId) ?? null,
  }))
  return { market, councils: figures }
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

export async function reassessMarket(db: Database, actor: Actor, now: Date): Promise<ReassessmentSummary> {
  const started = performance.now()
  return db.transaction(async (tx) => {
    const { ruleset } = await rulesetInForce(tx)
    const { market, councils: councilFigures } = await loadMarket(tx)
    const open = await tx.select({
      id: flags.id, providerId: flags.providerId, periodEnd: flags.periodEnd, ruleId: flags.ruleId, severity: flags.severity, status: flags.status,
      explanation: flags.explanation, evidence: flags.evidence,
    })
      .from(flags).where(inArray(flags.status, OPEN_STATUSES))
    const openByProvider = new Map<string, typeof open>()
    for (const f of open) openByProvider.set(f.providerId, [...(openByProvider.get(f.providerId) ?? []), f])
    const notices = await noticesInForce(tx, market.map((m) => m.providerId))

    // Every write is one statement per chunk with one JSON parameter: no per-row parameters to
    // build, bind or plan. The assessments go out chunk by chunk while the next are worked out, so
    // the database stores one chunk as this process assesses the next; the writes stay in order.
    const at = sql`${now.toISOString()}::timestamptz`
    const json = (rows: unknown[]) => sql`${JSON.stringify(rows)}::jsonb`
    let writing: Promise<unknown> = Promise.resolve()
    const write = (statement: SQL) => {
      writing = writing.then(() => tx.execute(statement))
      writing.catch(() => {}) // handled: awaited (and thrown) after the loop, rolling everything back
    }
    const storeAssessments = (rows: ReturnType<typeof assessmentRow>[]) => write(sql`
      insert into assessments (id, return_id, provider_id, ruleset_version, reason, assessed_at, output, inputs)
      select v.id, v."returnId", v."providerId", v."rulesetVersion", v.reason, ${at}, v.output, v.inputs
      from jsonb_to_recordset(${json(rows)}) as v(id uuid, "returnId" uuid, "providerId" uuid, "rulesetVersion" text, reason text, output text, inputs jsonb)`)

    let assessmentRows: ReturnType<typeof assessmentRow>[] = []
    const newFlags: { id: string; providerId: string; periodEnd: string; returnId: string; assessmentId: string; ruleId: string; severity: string; explanation: string; evidence: unknown }[] = []
    const updates: { id: string; severity: string; explanation: string; evidence: unknown; return_id: string; assessment_id: string }[] = []
    const resolved: string[] = []
    const events: { id: string; flagId: string; kind: string; fromStatus?: string; toStatus?: string; text: string }[] = []
    const standings: { id: string; rating: Rating; pe_backed: boolean; difficult: boolean; open_flags: string[] }[] = []
    const summary: ReassessmentSummary = { rulesetVersion: ruleset.version, assessed: 0, flagsRaised: 0, flagsCleared: 0, ratingsMoved: [], changes: [], durationMs: 0 }

    for (const m of market) {
      const ownership = ownershipOf(m.body).resolution
      const assessment = assessOne(m, councilFigures, ruleset, m.body, ownership)
      const row = assessmentRow({ returnId: m.returnId, providerId: m.providerId, assessment, reason: 'reassessment', now })
      assessmentRows.push(row)
      const providerOpen = openByProvider.get(m.providerId) ?? []
      const changes = registerChanges(providerOpen.filter((f) => f.periodEnd === m.periodEnd), assessment.flags)
      for (const f of changes.open) {
        const id = randomUUID()
        newFlags.push({ id, providerId: m.providerId, periodEnd: m.periodEnd, returnId: m.returnId, assessmentId: row.id, ruleId: f.ruleId, severity: f.severity, explanation: f.explanation, evidence: f.evidence })
        events.push({ id: randomUUID(), flagId: id, kind: 'raised', toStatus: 'open', text: f.explanation })
      }
      for (const { entry, flag } of changes.update) {
        // The same finding on the same return: nothing to record (the entry keeps the assessment that last changed it).
        if (entry.severity === flag.severity && entry.explanation === flag.explanation && canonicalJson(entry.evidence) === canonicalJson(flag.evidence)) continue
        updates.push({ id: entry.id, severity: flag.severity, explanation: flag.explanation, evidence: flag.evidence, return_id: m.returnId, assessment_id: row.id })
        events.push({ id: randomUUID(), flagId: entry.id, kind: 'evidence_updated', text: flag.explanation })
      }
      for (const e of changes.resolve) {
        resolved.push(e.id)
        events.push({ id: randomUUID(), flagId: e.id, kind: 'transition', fromStatus: e.status, toStatus: 'resolved', text: `No longer raised under ruleset ${ruleset.version}` })
      }
      const { rating, openFlags: open_flags } = standingAfter(providerOpen, changes, notices.has(m.providerId))
      const difficult = assessment.flags.some((f) => f.ruleId === 'CONT-DIFFICULT-TO-REPLACE')
      if (rating !== m.rating || ownership.peBacked !== m.peBacked || difficult !== m.difficultToReplace || open_flags.join() !== m.openFlags.join()) {
        standings.push({ id: m.providerId, rating, pe_backed: ownership.peBacked, difficult, open_flags })
      }
      if (rating !== m.rating) summary.ratingsMoved.push({ providerId: m.providerId, name: m.name, from: m.rating, to: rating })
      if (changes.open.length || changes.resolve.length) {
        summary.changes.push({ providerId: m.providerId, raised: changes.open.map((f) => f.ruleId), cleared: changes.resolve.map((e) => e.ruleId) })
      }
      summary.flagsRaised += changes.open.length
      summary.flagsCleared += changes.resolve.length
      summary.assessed++
      if (assessmentRows.length === CHUNK) {
        storeAssessments(assessmentRows)
        assessmentRows = []
        // A turn of the event loop: the chunk's statement goes out before the next is assessed.
        await new Promise((resolve) => setImmediate(resolve))
      }
    }
    if (assessmentRows.length) storeAssessments(assessmentRows)
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
export function stressOne(m: MarketReturn, councilFigures: Record<string, number | null>, ruleset: Ruleset, scenario: StressScenario, noticeInForce: boolean) {
  const ownership = ownershipOf(m.body).resolution
  const today = assessOne(m, councilFigures, ruleset, m.body, ownership)
  const stressed = assessOne(m, councilFigures, ruleset, applyStress(m.body, scenario), ownership)
  const rate = (a: Assessment) => stabilityRating({
    openFlagSeverities: a.flags.filter((f) => f.severity !== 'info').map((f) => f.severity as 'red' | 'amber'),
    noticeInForce, hasAcceptedReturn: true,
  })
  return {
    today: { rating: rate(today), metrics: today.metrics as unknown as Record<string, unknown>, flags: today.flags },
    stressed: { rating: rate(stressed), metrics: stressed.metrics as unknown as Record<string, unknown>, flags: stressed.flags },
  }
}

export async function stressMarket(db: Queryable, scenario: StressScenario) {
  const { ruleset } = await rulesetInForce(db)
  const { market, councils: councilFigures } = await loadMarket(db)
  const notices = await noticesInForce(db, market.map((m) => m.providerId))
  const results = market.map((m) => ({ m, ...stressOne(m, councilFigures, ruleset, scenario, notices.has(m.providerId)) }))
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
