// The risk register as the regulator works it: the list (and its CSV export), one flag with its
// evidence and history, moving a flag through review, and notes.
import type { Deps } from './deps.js'
import { authorise } from './authorise.js'
import { decodeCursor, paginate } from './cursor.js'
import { refreshStanding } from './standing.js'
import {
  findFlag, flagHistory, insertFlagEvent, listFlags as listFlagRows, openFlagsBySeverityAndStatus, registerKeyOf, setFlagStatus,
  type FlagFilters, type FlagRow, type RegisterKey,
} from '../db/queries/flags.js'
import { findProvider } from '../db/queries/providers.js'
import { holdRegister } from '../db/queries/standing.js'
import { groupsByRating } from '../db/queries/stability.js'
import { appendAudit } from '../db/queries/audit.js'
import type { Actor } from '../domain/actor.js'
import { checkTransition, OPEN_STATUSES, type OpenStatus, type TransitionTarget } from '../domain/register.js'
import type { Rating } from '../domain/rating.js'
import { conflict, notFound, Problem, validationProblem } from '../problems.js'
import { flagDetailView, flagEtag, flagSummaryView, type FlagDetailView, type FlagSummaryView } from '../views/flags.js'

export type { FlagFilters }

/** The register at a glance: its open flags by severity and status, and the groups by rating. */
export async function registerOverview(deps: Deps, actor: Actor) {
  authorise(actor, 'readRegister')
  const [flags, ratings] = await Promise.all([openFlagsBySeverityAndStatus(deps.db), groupsByRating(deps.db)])
  const open = { red: {} as Record<OpenStatus, number>, amber: {} as Record<OpenStatus, number> }
  for (const severity of ['red', 'amber'] as const) for (const status of OPEN_STATUSES) open[severity][status] = 0
  for (const f of flags) if (f.severity === 'red' || f.severity === 'amber') open[f.severity][f.status as OpenStatus] = f.n
  const groups: Record<Rating, number> = { red: 0, amber: 0, green: 0, unrated: 0 }
  for (const r of ratings) groups[r.rating as Rating] = r.groups
  return { open, groups }
}

/** One page of the register: red before amber, oldest first. */
export async function listFlags(deps: Deps, actor: Actor, q: FlagFilters & { limit?: number; cursor?: string }) {
  authorise(actor, 'readRegister')
  const { limit = 50, cursor, ...filters } = q
  const after = decodeCursor(cursor, ['int', 'timestamp', 'uuid']) as RegisterKey | undefined
  const rows = await listFlagRows(deps.db, { ...filters, after, limit })
  const page = paginate(rows, limit, (r) => registerKeyOf(r.flag))
  return { items: page.items.map((r) => flagSummaryView(r.flag, { name: r.providerName, rating: r.providerRating })), nextCursor: page.nextCursor }
}

/** The whole filtered register in the list's order, read from the database a page at a time (the CSV export). */
export async function* exportFlags(deps: Deps, actor: Actor, filters: FlagFilters): AsyncGenerator<FlagSummaryView> {
  authorise(actor, 'readRegister')
  const PAGE = 500
  let after: RegisterKey | undefined
  for (;;) {
    const rows = await listFlagRows(deps.db, { ...filters, after, limit: PAGE })
    for (const r of rows.slice(0, PAGE)) yield flagSummaryView(r.flag, { name: r.providerName, rating: r.providerRating })
    if (rows.length <= PAGE) return
    after = registerKeyOf(rows[PAGE - 1].flag)
  }
}

async function detail(deps: Deps, flag: FlagRow): Promise<FlagDetailView> {
  const provider = (await findProvider(deps.db, flag.providerId))!
  return flagDetailView(flag, provider, await flagHistory(deps.db, flag.id))
}

/** A flag with its evidence, history and notes, and the ETag a transition must send back. */
export async function getFlag(deps: Deps, actor: Actor, id: string): Promise<{ etag: string; flag: FlagDetailView }> {
  authorise(actor, 'readRegister')
  const flag = await findFlag(deps.db, id)
  if (!flag) throw notFound('flag')
  return { etag: flagEtag(flag), flag: await detail(deps, flag) }
}

/**
 * Moves a flag through review, if `ifMatch` is still its ETag (or `*`): open → under_review →
 * escalated → resolved | dismissed (RULES.md; domain/register.ts). The provider's standing moves
 * with it, in the same transaction.
 */
export async function transitionFlag(deps: Deps, actor: Actor, id: string, change: { to: TransitionTarget; rationale?: string }, ifMatch: string | undefined) {
  authorise(actor, 'workFlags')
  if (!ifMatch) throw new Problem('precondition-required', 'If-Match is required: send the ETag of GET /v1/flags/{id}')
  const flag = await findFlag(deps.db, id)
  if (!flag) throw notFound('flag')
  if (ifMatch !== flagEtag(flag) && ifMatch !== '*') throw new Problem('precondition-failed', 'The flag has changed since you read it: fetch it again')
  const check = checkTransition(flag.status, change.to, change.rationale)
  if (!check.ok && check.reason === 'rationale') throw validationProblem([{ pointer: '/rationale', detail: check.detail }])
  if (!check.ok) throw conflict(check.detail)
  const { now } = deps
  const updated = await deps.db.transaction(async (tx) => {
    await holdRegister(tx)
    const row = await setFlagStatus(tx, flag.id, change.to, flag.revision, now)
    if (!row) return undefined
    await insertFlagEvent(tx, actor, { flagId: flag.id, kind: 'transition', fromStatus: flag.status, toStatus: change.to, text: change.rationale ?? null }, now)
    await refreshStanding(tx, flag.providerId)
    await appendAudit(tx, actor, {
      action: 'flag.transition', objectType: 'flag', objectId: flag.id,
      summary: { providerId: flag.providerId, ruleId: flag.ruleId, from: flag.status, to: change.to, rationale: change.rationale ?? null },
    }, now)
    return row
  })
  if (!updated) throw new Problem('precondition-failed', 'The flag changed while this request was made: fetch it again')
  return { etag: flagEtag(updated), flag: await detail(deps, updated) }
}

/** Adds a note to a flag's history (notes are append-only). */
export async function addFlagNote(deps: Deps, actor: Actor, id: string, text: string): Promise<FlagDetailView> {
  authorise(actor, 'workFlags')
  const flag = await findFlag(deps.db, id)
  if (!flag) throw notFound('flag')
  const { now } = deps
  await deps.db.transaction(async (tx) => {
    const noteId = await insertFlagEvent(tx, actor, { flagId: flag.id, kind: 'note', text }, now)
    await appendAudit(tx, actor, { action: 'flag.note', objectType: 'flag', objectId: flag.id, summary: { noteId, text } }, now)
  })
  return detail(deps, flag)
}
