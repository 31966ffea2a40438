// Reading assessments and stability: a group's latest assessment, a return version's, every one
// of them; the stability view everyone may read; the providers holding a council's children.
import type { Deps } from './deps.js'
import { authorise } from './authorise.js'
import { visibleReturn } from './returns.js'
import { assessmentsOfReturn as assessmentRows, latestAssessmentOfReturn } from '../db/queries/assessments.js'
import { findProvider } from '../db/queries/providers.js'
import { providersOfCouncil, stabilityOf, stabilityOne, type StabilityView } from '../db/queries/stability.js'
import { mayActForCouncil, mayReadProvider } from '../domain/access.js'
import type { Actor } from '../domain/actor.js'
import { forbidden, notFound } from '../problems.js'
import { storedAssessmentView, type AssessmentView } from '../views/assessments.js'

/** The latest assessment of the group's latest return, with the group's current rating. */
export async function latestAssessmentOfProvider(deps: Deps, actor: Actor, providerId: string): Promise<AssessmentView> {
  authorise(actor, 'readAssessments')
  if (!mayReadProvider(actor, providerId)) throw notFound('provider')
  const provider = await findProvider(deps.db, providerId)
  if (!provider) throw notFound('provider')
  if (!provider.latestReturnId) throw notFound('assessment: the group has not filed a return')
  const row = await latestAssessmentOfReturn(deps.db, provider.latestReturnId)
  if (!row) throw notFound('assessment')
  return storedAssessmentView(row, provider.rating)
}

/** That return version's latest assessment. */
export async function assessmentOfReturn(deps: Deps, actor: Actor, returnId: string): Promise<AssessmentView> {
  authorise(actor, 'readAssessments')
  await visibleReturn(deps, actor, returnId)
  const row = await latestAssessmentOfReturn(deps.db, returnId)
  if (!row) throw notFound('assessment')
  return storedAssessmentView(row)
}

/** Every assessment of that return version, newest first (filing, reassessments). */
export async function assessmentsOfReturn(deps: Deps, actor: Actor, returnId: string) {
  authorise(actor, 'readAssessments')
  await visibleReturn(deps, actor, returnId)
  return { items: (await assessmentRows(deps.db, returnId)).map((r) => storedAssessmentView(r)) }
}

/** Is this provider stable? What anyone, a council included, may know: never a figure. */
export async function stability(deps: Deps, actor: Actor, providerId: string): Promise<StabilityView> {
  authorise(actor, 'readStability')
  if (!mayReadProvider(actor, providerId)) throw notFound('provider')
  const v = await stabilityOne(deps.db, providerId)
  if (!v) throw notFound('provider')
  return v
}

/** The providers holding a council's children, most children first, with their stability. */
export async function councilProviders(deps: Deps, actor: Actor, laCode: string) {
  authorise(actor, 'readCouncilProviders')
  if (!mayActForCouncil(actor, laCode)) throw forbidden('A council sees only its own children\'s providers')
  const holding = await providersOfCouncil(deps.db, laCode)
  const views = await stabilityOf(deps.db, holding.map((h) => h.providerId))
  const items = holding.map((h) => ({ children: h.children, ...views.get(h.providerId)! }))
    .sort((a, b) => b.children - a.children || a.name.localeCompare(b.name))
  return { laCode, items }
}
