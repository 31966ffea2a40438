// The regulator's requirements of a provider (a risk mitigation plan, an independent business
// review, information), and the provider's responses.
import { randomUUID } from 'node:crypto'
import type { Deps } from './deps.js'
import { authorise } from './authorise.js'
import { findProvider } from '../db/queries/providers.js'
import {
  findRequirement, insertRequirement, insertResponse, requirementsOf, responsesTo, setAnswered, type RequirementRow,
} from '../db/queries/requirements.js'
import { appendAudit } from '../db/queries/audit.js'
import { mayReadProvider } from '../domain/access.js'
import type { Actor } from '../domain/actor.js'
import { conflict, notFound } from '../problems.js'
import { requirementView } from '../views/requirements.js'

const today = (deps: Deps) => deps.now.toISOString().slice(0, 10)

export async function setRequirement(deps: Deps, actor: Actor, providerId: string,
  input: { kind: RequirementRow['kind']; detail: string; dueDate: string }) {
  authorise(actor, 'setRequirement')
  if (!await findProvider(deps.db, providerId)) throw notFound('provider')
  const { now } = deps
  const row = await deps.db.transaction(async (tx) => {
    const r = await insertRequirement(tx, { id: randomUUID(), providerId, ...input, status: 'open', requiredBy: actor.sub, requiredAt: now })
    await appendAudit(tx, actor, { action: 'requirement.create', objectType: 'requirement', objectId: r.id, summary: { providerId: r.providerId, kind: r.kind, dueDate: r.dueDate } }, now)
    return r
  })
  return requirementView(row, [], today(deps))
}

async function withResponses(deps: Deps, providerId: string) {
  const rows = await requirementsOf(deps.db, providerId)
  const responses = await responsesTo(deps.db, rows.map((r) => r.id))
  return rows.map((r) => ({ requirement: r, responses: responses.filter((x) => x.requirementId === r.id) }))
}

/** A group's requirements, newest first, each with its responses (the regulator, or the group itself). */
export async function requirementsOfProvider(deps: Deps, actor: Actor, providerId: string) {
  authorise(actor, 'readRequirements')
  if (!mayReadProvider(actor, providerId)) throw notFound('provider')
  if (!await findProvider(deps.db, providerId)) throw notFound('provider')
  return { items: (await withResponses(deps, providerId)).map((r) => requirementView(r.requirement, r.responses, today(deps))) }
}

/** One requirement with its responses (the regulator, or the group it was set for; to another group it does not exist). */
export async function getRequirement(deps: Deps, actor: Actor, id: string) {
  authorise(actor, 'readRequirements')
  const r = await findRequirement(deps.db, id)
  if (!r || !mayReadProvider(actor, r.providerId)) throw notFound('requirement')
  return requirementView(r, await responsesTo(deps.db, [r.id]), today(deps))
}

/** Answers a requirement of the actor's own group, once. */
export async function answerRequirement(deps: Deps, actor: Actor, id: string, input: { documentReference: string; text: string }) {
  authorise(actor, 'answerRequirement')
  const r = await findRequirement(deps.db, id)
  if (!r || !mayReadProvider(actor, r.providerId)) throw notFound('requirement')
  if (r.status !== 'open') throw conflict('This requirement has already been answered')
  const { now } = deps
  await deps.db.transaction(async (tx) => {
    const response = await insertResponse(tx, { id: randomUUID(), requirementId: r.id, ...input, respondedBy: actor.sub, respondedAt: now })
    await setAnswered(tx, r.id)
    await appendAudit(tx, actor, { action: 'requirement.respond', objectType: 'requirement', objectId: r.id, summary: { responseId: response.id, documentReference: input.documentReference } }, now)
  })
  const mine = (await withResponses(deps, r.providerId)).find((x) => x.requirement.id === r.id)!
  return requirementView(mine.requirement, mine.responses, today(deps))
}
