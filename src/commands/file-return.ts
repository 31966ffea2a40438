// Filing and amending an annual return: read what the assessment needs, validate, assess (pure),
// then write the version, its placements, its assessment, its register changes, the provider's
// standing, the audit entry and the idempotent response in ONE transaction, so a failure at any
// point leaves nothing behind. A filing is two statements (the context; the version with all it
// changes), and a third with an Idempotency-Key (the stored response).
import { randomUUID } from 'node:crypto'
import type { Tx } from '../db/client.js'
import type { CouncilDeps, IdempotencyRecorder } from './deps.js'
import { authorise } from './authorise.js'
import { visibleReturn } from './returns.js'
import { mayReadProvider } from '../domain/access.js'
import type { Actor } from '../domain/actor.js'
import type { AnnualReturn } from '../domain/annual-return.js'
import { assess } from '../domain/assess-return.js'
import { ebitdaOf } from '../domain/metrics.js'
import { extractOf } from '../domain/quality.js'
import { registerChanges, standingAfter } from '../domain/rating.js'
import { validateReturn } from '../domain/return-validation.js'
import { ownershipOf } from '../domain/return-ownership.js'
import { filedDocument, findLatestOfPeriod } from '../db/queries/returns.js'
import { PROBLEMS_CHECKED } from '../domain/problem-budget.js'
import { filingContext, writeFiledVersion, type FilingContext } from '../db/queries/filing.js'
import { assessmentRow } from '../db/queries/assessments.js'
import { holdRegister } from '../db/queries/standing.js'
import { rulesetOfSeq } from '../db/queries/rulesets.js'
import { auditEntry } from '../db/queries/audit.js'
import { isUniqueViolation } from '../db/errors.js'
import { conflict, notFound, validationProblem, type Problem } from '../problems.js'
import { assessmentView } from '../views/assessments.js'

/** A filing reads the councils' codes to check the return's placements and settings. */
export type FilingDeps = CouncilDeps

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

/**
 * The register's lock (shared), then everything the filing reads: sent together, in one round trip.
 * The connection runs them in order, so the read's snapshot is taken once the lock is held.
 */
async function contextFor(tx: Tx, providerId: string, body: AnnualReturn) {
  const [, ctx] = await Promise.all([holdRegister(tx), filingContext(tx, {
    providerId, periodEnd: body.periodEnd, laCodes: body.placements.map((p) => p.laCode), urns: body.settings.map((s) => s.urn), ixbrlSha256: body.accountsSource?.ixbrlSha256,
  })])
  return ctx
}

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
    // the register in force, read with the context (read always; recorded under 2027.2 on)
    ofstedRegister: extractOf(ctx.ofstedRegister, body.settings),
    ruleset: await rulesetOfSeq(tx, deps.db, ctx.rulesetSeq),
  })
  const id = randomUUID()
  const stored = assessmentRow({ returnId: id, providerId, assessment, reason: 'filing', now })

  // The register for this period (RULES.md, "Stability rating"), and the rating it leaves.
  const changes = registerChanges(ctx.openFlags.filter((f) => f.periodEnd === body.periodEnd), assessment.flags)
  const raised = changes.open.map((f) => ({
    id: randomUUID(), providerId, periodEnd: body.periodEnd, returnId: id, assessmentId: stored.id,
    ruleId: f.ruleId, severity: f.severity, explanation: f.explanation, evidence: f.evidence,
  }))
  const events = [
    ...raised.map((f) => ({ id: randomUUID(), flagId: f.id, kind: 'raised', toStatus: 'open', text: f.explanation })),
    ...changes.update.map(({ flag, raised }) => ({ id: randomUUID(), flagId: flag.id, kind: 'evidence_updated', text: raised.explanation })),
    ...changes.resolve.map((f) => ({
      id: randomUUID(), flagId: f.id, kind: 'transition', fromStatus: f.status, toStatus: 'resolved', text: 'No longer raised by the latest assessment of this period',
    })),
  ]
  const { rating, openFlags } = standingAfter(ctx.openFlags, changes, ctx.noticeInForce)

  const document = filedDocument(body)
  const sha256 = document.sha256
  const written = await writeFiledVersion(tx, {
    id, providerId, body, document: document.text, bodySha256: sha256, version: v.version, supersedes: v.supersedes, submittedAt: now, actor,
    assessment: stored,
    register: {
      raise: raised,
      update: changes.update.map(({ flag, raised }) => ({
        id: flag.id, severity: raised.severity, explanation: raised.explanation, evidence: raised.evidence, returnId: id, assessmentId: stored.id,
      })),
      resolve: changes.resolve.map((f) => f.id),
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
      ...assessmentView({ id: stored.id, returnId: id, rulesetVersion: assessment.rulesetVersion, reason: 'filing', assessedAt: now, ofstedLoadId: stored.ofstedLoadId }, assessment, rating),
      register: {
        raised: changes.open.map((f) => f.ruleId as string),
        updated: changes.update.map((u) => u.flag.ruleId),
        cleared: changes.resolve.map((f) => f.ruleId),
      },
    },
  }
}

/** Runs a filing's transaction; `taken` is the conflict to answer when the index refuses the version. */
async function inTransaction(deps: FilingDeps, recorder: IdempotencyRecorder, taken: () => Promise<Problem>,
  run: (tx: Tx) => Promise<ReturnReceipt>) {
  try {
    return await deps.db.transaction(async (tx) => {
      // `run` reads the context first, holding the register (`contextFor`).
      const result = { status: 201, body: await run(tx) }
      await recorder.record(tx, result.status, result.body)
      return result
    })
  } catch (err) {
    if (isUniqueViolation(err)) throw await taken()
    throw err
  }
}

/**
 * Whether the actor may file for this group: a provider only for its own (another group does not
 * exist for it). The API asks before it claims an Idempotency-Key; `fileReturn` asks again.
 */
export function assertMayFile(actor: Actor, providerId: string) {
  authorise(actor, 'fileReturn')
  if (!mayReadProvider(actor, providerId)) throw notFound('provider')
}

/** Files version 1 of a period's return, assessed, with its receipt stored for the Idempotency-Key if any. */
export async function fileReturn(deps: FilingDeps, actor: Actor, providerId: string, body: AnnualReturn, recorder: IdempotencyRecorder) {
  assertMayFile(actor, providerId)
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

/** Files version n+1 of the latest version `returnId` (same period), superseding it. */
export async function amendReturn(deps: FilingDeps, actor: Actor, returnId: string, body: AnnualReturn, recorder: IdempotencyRecorder) {
  authorise(actor, 'amendReturn')
  const previous = await visibleReturn(deps, actor, returnId)
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
