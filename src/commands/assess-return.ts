// Assessing one return version: read its ownership, the figures it is compared with, the ruleset in
// force; assess (pure); store the assessment with its exact inputs; apply it to the register; and
// refresh the provider's standing. Runs inside the caller's transaction.
import { and, eq } from 'drizzle-orm'
import type { Queryable } from '../db/client.js'
import { annualReturns, providers } from '../db/schema.js'
import type { Actor } from '../domain/actor.js'
import type { AnnualReturn } from '../domain/annual-return.js'
import { assess, type Assessment } from '../domain/assess.js'
import { resolveOwnership } from '../domain/ownership/resolve.js'
import { resolveBods } from '../domain/ownership/bods.js'
import type { OwnershipGraph, OwnershipResolution } from '../domain/ownership/types.js'
import type { Ruleset } from '../domain/ruleset.js'
import { councilFiguresFor, insertAssessment, previousReturnOf } from '../db/queries/assessments.js'
import { applyToRegister } from '../db/queries/flags.js'
import { rulesetInForce } from '../db/queries/rulesets.js'
import { refreshStanding } from '../db/queries/standing.js'
import { ixbrlAccountsFor } from '../db/queries/ixbrl.js'

/** The ownership a return files, as a graph, resolved (BODS is read as in force at the period end). */
export function ownershipOf(body: AnnualReturn): { graph: OwnershipGraph; resolution: OwnershipResolution } {
  const o = body.ownership
  if ('bods' in o) return resolveBods(o.bods, o.reportingEntity, body.periodEnd)
  return { graph: o, resolution: resolveOwnership(o) }
}

export interface AssessedReturn {
  assessmentId: string
  assessment: Assessment
  rating: string
  register: { raised: string[]; updated: string[]; cleared: string[] }
}

export async function assessReturn(tx: Queryable, actor: Actor, row: {
  id: string; providerId: string; periodEnd: string; body: AnnualReturn
}, opts: { reason: 'filing' | 'reassessment'; now: Date; ruleset?: Ruleset }): Promise<AssessedReturn> {
  const body = row.body
  const ruleset = opts.ruleset ?? (await rulesetInForce(tx)).ruleset
  // Late filing is measured from when the period was first filed, not from an amendment.
  const [first] = await tx.select({ submittedAt: annualReturns.submittedAt }).from(annualReturns)
    .where(and(eq(annualReturns.providerId, row.providerId), eq(annualReturns.periodEnd, row.periodEnd), eq(annualReturns.version, 1)))
  const { resolution } = ownershipOf(body)
  const assessment = assess({
    annualReturn: body,
    previous: await previousReturnOf(tx, row.providerId, row.periodEnd),
    councils: await councilFiguresFor(tx, body.placements.map((p) => p.laCode)),
    ownership: resolution,
    submittedAt: (first?.submittedAt ?? opts.now).toISOString(),
    ixbrlAccounts: body.accountsSource ? await ixbrlAccountsFor(tx, row.providerId, body.accountsSource.ixbrlSha256) : undefined,
    ruleset,
  })
  const assessmentId = await insertAssessment(tx, { returnId: row.id, providerId: row.providerId, assessment, reason: opts.reason, now: opts.now })
  const register = await applyToRegister(tx, actor, {
    providerId: row.providerId, periodEnd: row.periodEnd, returnId: row.id, assessmentId, flags: assessment.flags, now: opts.now,
  })
  const [p] = await tx.select({ latestReturnId: providers.latestReturnId }).from(providers).where(eq(providers.id, row.providerId))
  const rating = await refreshStanding(tx, row.providerId, p?.latestReturnId === row.id
    ? { peBacked: resolution.peBacked, difficultToReplace: assessment.flags.some((f) => f.ruleId === 'CONT-DIFFICULT-TO-REPLACE') }
    : {})
  return { assessmentId, assessment, rating, register }
}

/** What a filing's receipt and the assessment routes show (no inputs: they are the return itself). */
export const assessmentView = (a: { assessmentId: string; returnId: string; assessedAt: Date; reason: string; rating?: string },
  assessment: Pick<Assessment, 'rulesetVersion' | 'metrics' | 'flags'>) => ({
  id: a.assessmentId,
  returnId: a.returnId,
  rulesetVersion: assessment.rulesetVersion,
  reason: a.reason,
  assessedAt: a.assessedAt.toISOString(),
  ...(a.rating ? { rating: a.rating } : {}),
  metrics: assessment.metrics as unknown as Record<string, unknown>,
  flags: assessment.flags,
})
