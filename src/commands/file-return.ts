// Filing and amending an annual return: read what the assessment needs, validate, assess (pure),
// then write the version, its parts, its assessment, its register changes, the provider's
// standing, the audit entry and the idempotent response in ONE transaction, so a failure at any
// point leaves nothing behind. A filing is two statements (the context; the version with all it
// changes), and a third with an Idempotency-Key (the stored response).
import { randomUUID } from 'node:crypto'
import type { Database, Tx } from '../db/client.js'
import type { Actor } from '../domain/actor.js'
import type { AnnualReturn } from '../domain/annual-return.js'
import { assess } from '../domain/assess.js'
import { ebitdaOf } from '../domain/metrics.js'
import { registerChanges, standingAfter } from '../domain/rating.js'
import { validateReturn } from '../domain/return-validation.js'
import { PROBLEMS_CHECKED } from '../domain/problem-budget.js'
import { filedDocument, findReturn, findLatestOfPeriod } from '../db/queries/returns.js'
import { filingContext, writeFiledVersion, type FilingContext } from '../db/queries/filing.js'
import { assessmentRow } from '../db/queries/assessments.js'
import { holdRegister } from '../db/queries/standing.js'
import { rulesetOfSeq } from '../db/queries/rulesets.js'
import { auditEntry } from '../db/queries/audit.js'
import { isUniqueViolation } from '../db/errors.js'
import { conflict, notFound, validationProblem, type Problem } from '../problems.js'
import type { IdempotencyRecorder } from '../plugins/idempotency.js'
import { assessmentView, ownershipOf } from './assess-return.js'

export interface FilingDeps {
  db: Database
  councils: ReadonlySet<string>
  now: Date
}

export interface ReturnReceipt {
  id: string
  providerId: string
  periodStart: string
  periodEnd: string
  version: number
  supersedes: string | null
  status: 'accepted'
  submittedAt: string
  assessment: Record<string, unknown>
}

const amendmentUrl = (id: string) => `/v1/returns/${id}/amendments`

function assertValid(body: AnnualReturn, deps: FilingDeps, ctx: FilingContext) {
  const problems = validateReturn(body, { today: deps.now.toISOString().slice(0, 10), councils: deps.councils }, PROBLEMS_CHECKED)
  // A cited iXBRL source must be one this group had read, so its figures can be compared.
  if (body.accountsSource && !ctx.ixbrlAccounts) {
    problems.push({ pointer: '/accountsSource/ixbrlSha256', detail: 'no iXBRL document with this SHA-256 has been read for this group: upload it to /v1/providers/{id}/accounts/ixbrl first' })
  }
  if (problems.length) throw validationProblem(problems)
}

const contextFor = (tx: Tx, providerId: string, body: AnnualReturn) => filingContext(tx, {
  providerId, periodEnd: body.periodEnd, laCodes: body.placements.map((p) => p.laCode), ixbrlSha256: body.accountsSource?.ixbrlSha256,
})

/**
 * Assesses and writes one version inside the caller's transaction; returns its receipt, or
 * undefined when the version it supersedes was superseded meanwhile (nothing written).
 */
async function writeVersion(tx: Tx, deps: FilingDeps, actor: Actor, ctx: FilingContext, v: {
  providerId: string; body: AnnualReturn; version: number; supersedes: string | null
}): Promise<ReturnReceipt | undefined> {
  const { body, providerId } = v
  const now = deps.now
  const { resolution } = ownershipOf(body)
  const previous = ctx.previousAccounts
  const assessment = assess({
    annualReturn: body,
    previous: previous ? { ebitda: ebitdaOf(previous), operatingProfit: previous.operatingProfit } : null,
    councils: ctx.councils,
    ownership: resolution,
    // Late filing is measured from when the period was first filed, not from an amendment.
    submittedAt: ctx.firstSubmittedAt ? new Date(ctx.firstSubmittedAt).toISOString() : now.toISOString(),
    ixbrlAccounts: ctx.ixbrlAccounts ?? undefined,
    ruleset: await rulesetOfSeq(tx, deps.db, ctx.rulesetSeq),
  })
  const id = randomUUID()
  const stored = assessmentRow({ returnId: id, providerId, assessment, reason: 'filing', now })

  // The register for this period (RULES.md, "Stability rating"), and the rating it leaves.
  const changes = registerChanges(ctx.openEntries.filter((e) => e.periodEnd === body.periodEnd), assessment.flags)
  const opened = changes.open.map((f) => ({ id: randomUUID(), ruleId: f.ruleId, severity: f.severity, explanation: f.explanation, evidence: f.evidence }))
  const events = [
    ...opened.map((f) => ({ id: randomUUID(), flagId: f.id, kind: 'raised', toStatus: 'open', text: f.explanation })),
    ...changes.update.map(({ entry, flag }) => ({ id: randomUUID(), flagId: entry.id, kind: 'evidence_updated', text: flag.explanation })),
    ...changes.resolve.map((e) => ({
      id: randomUUID(), flagId: e.id, kind: 'transition', fromStatus: e.status, toStatus: 'resolved', text: 'No longer raised by the latest assessment of this period',
    })),
  ]
  const { rating, openFlags } = standingAfter(ctx.openEntries, changes, ctx.noticeInForce)

  const document = filedDocument(body)
  const sha256 = document.sha256
  const written = await writeFiledVersion(tx, {
    id, providerId, body, document: document.text, bodySha256: sha256, version: v.version, supersedes: v.supersedes, submittedAt: now, actor,
    assessment: stored,
    register: {
      open: opened,
      update: changes.update.map(({ entry, flag }) => ({ id: entry.id, severity: flag.severity, explanation: flag.explanation, evidence: flag.evidence })),
      resolve: changes.resolve.map((e) => e.id),
      events,
    },
    standing: {
      becomesLatest: !ctx.latestPeriodEnd || body.periodEnd >= ctx.latestPeriodEnd,
      rating,
      peBacked: resolution.peBacked,
      difficultToReplace: assessment.flags.some((f) => f.ruleId === 'CONT-DIFFICULT-TO-REPLACE'),
      openFlags,
      noticeInForce: ctx.noticeInForce,
    },
    audit: auditEntry(actor, {
      action: v.version === 1 ? 'return.file' : 'return.amend', objectType: 'return', objectId: id,
      summary: { providerId, periodEnd: body.periodEnd, version: v.version, ...(v.supersedes ? { supersedes: v.supersedes } : {}), bodySha256: sha256 },
    }, now),
  })
  if (!written) return undefined
  return {
    id, providerId, periodStart: body.periodStart, periodEnd: body.periodEnd, version: v.version, supersedes: v.supersedes,
    status: 'accepted', submittedAt: now.toISOString(),
    assessment: {
      ...assessmentView({ assessmentId: stored.id, returnId: id, assessedAt: now, reason: 'filing', rating }, assessment),
      register: {
        raised: changes.open.map((f) => f.ruleId as string),
        updated: changes.update.map((u) => u.entry.ruleId),
        cleared: changes.resolve.map((e) => e.ruleId),
      },
    },
  }
}

/** Runs a filing's transaction; `taken` is the conflict to answer when the index refuses the version. */
async function inTransaction(deps: FilingDeps, recorder: IdempotencyRecorder, taken: () => Promise<Problem>,
  run: (tx: Tx) => Promise<ReturnReceipt>) {
  try {
    return await deps.db.transaction(async (tx) => {
      await holdRegister(tx)
      const result = { status: 201, body: await run(tx) }
      await recorder.record(tx, result.status, result.body)
      return result
    })
  } catch (err) {
    if (isUniqueViolation(err)) throw await taken()
    throw err
  }
}

export async function fileReturn(deps: FilingDeps, actor: Actor, providerId: string, body: AnnualReturn, recorder: IdempotencyRecorder) {
  const periodTaken = (existingId: string) => conflict(
    `A return for the period ending ${body.periodEnd} has already been filed; amend it instead`,
    { returnId: existingId, amendmentUrl: amendmentUrl(existingId) })
  // Another filing for the period won the race.
  const raced = async () => periodTaken((await findLatestOfPeriod(deps.db, providerId, body.periodEnd))?.id ?? 'unknown')
  return inTransaction(deps, recorder, raced, async (tx) => {
    const ctx = await contextFor(tx, providerId, body)
    if (!ctx.providerExists) throw notFound('provider')
    assertValid(body, deps, ctx)
    if (ctx.existingId) throw periodTaken(ctx.existingId)
    const receipt = await writeVersion(tx, deps, actor, ctx, { providerId, body, version: 1, supersedes: null })
    return receipt!
  })
}

export async function amendReturn(deps: FilingDeps, actor: Actor, returnId: string, body: AnnualReturn, recorder: IdempotencyRecorder) {
  const previous = await findReturn(deps.db, returnId)
  if (!previous || (actor.role === 'provider' && actor.providerId !== previous.providerId)) throw notFound('return')
  const periodProblems = [
    ...(body.periodStart !== previous.periodStart ? [{ pointer: '/periodStart', detail: `an amendment keeps the period: must be ${previous.periodStart}` }] : []),
    ...(body.periodEnd !== previous.periodEnd ? [{ pointer: '/periodEnd', detail: `an amendment keeps the period: must be ${previous.periodEnd}` }] : []),
  ]
  if (periodProblems.length) throw validationProblem(periodProblems)
  const notLatest = (latestId: string | null | undefined) => conflict(
    `Version ${previous.version} has been superseded; only the latest version can be amended`,
    { latestReturnId: latestId ?? undefined, amendmentUrl: latestId ? amendmentUrl(latestId) : undefined })
  const raced = async () => notLatest((await findLatestOfPeriod(deps.db, previous.providerId, previous.periodEnd))?.id)
  return inTransaction(deps, recorder, raced, async (tx) => {
    const ctx = await contextFor(tx, previous.providerId, body)
    assertValid(body, deps, ctx)
    // Only one amendment can supersede a version: a racing one finds it already taken.
    if (ctx.existingId !== previous.id) throw notLatest(ctx.existingId)
    const receipt = await writeVersion(tx, deps, actor, ctx, {
      providerId: previous.providerId, body, version: previous.version + 1, supersedes: previous.id,
    })
    if (!receipt) throw await raced()
    return receipt
  })
}
