// Notices that a provider's failure is likely: issued to every council holding its children (by its
// latest return's placements), acknowledged by each council, withdrawn with a reason. Issuing and
// withdrawing change the provider's standing (a notice in force makes it red) and tell the
// councils' webhooks, in the same transaction.
import { randomUUID } from 'node:crypto'
import type { Deps } from './deps.js'
import { authorise } from './authorise.js'
import { refreshStanding } from './standing.js'
import { enqueueEvent } from '../delivery/outbox.js'
import {
  addresseesOf, addresseesOfMany, findNotice, insertAddressees, insertNotice, noticesForCouncil as noticesForCouncilRows,
  noticesOfProvider as noticesOfProviderRows, setAcknowledged, setWithdrawn,
} from '../db/queries/notices.js'
import { findProvider } from '../db/queries/providers.js'
import { placementsOf } from '../db/queries/returns.js'
import { holdRegister } from '../db/queries/standing.js'
import { appendAudit } from '../db/queries/audit.js'
import { mayActForCouncil, maySeeNotice } from '../domain/access.js'
import type { Actor } from '../domain/actor.js'
import { conflict, forbidden, notFound } from '../problems.js'
import { noticeEventData, noticeView, type NoticeView } from '../views/notices.js'

export async function issueNotice(deps: Deps, actor: Actor, providerId: string, input: { kind: 'failure_likely'; summary: string }): Promise<NoticeView> {
  authorise(actor, 'issueNotice')
  const provider = await findProvider(deps.db, providerId)
  if (!provider) throw notFound('provider')
  const { now } = deps
  const { notice, addressees } = await deps.db.transaction(async (tx) => {
    await holdRegister(tx)
    // Addressed to every council in the latest placements, each with its own children count.
    const latest = await findProvider(tx, provider.id)
    const placements = latest?.latestReturnId ? await placementsOf(tx, latest.latestReturnId) : []
    const notice = await insertNotice(tx, {
      id: randomUUID(), providerId: provider.id, kind: input.kind, summary: input.summary, returnId: latest?.latestReturnId ?? null, issuedBy: actor.sub, issuedAt: now,
    })
    const addressees = await insertAddressees(tx, notice.id, placements)
    await refreshStanding(tx, provider.id)
    const byCouncil = new Map(addressees.map((a) => [a.laCode, a]))
    await enqueueEvent(tx, {
      eventId: notice.id, eventType: 'notice.issued', laCodes: [...byCouncil.keys()],
      payloadFor: (laCode) => noticeEventData('notice.issued', notice, provider.name, byCouncil.get(laCode)),
    }, now)
    await appendAudit(tx, actor, {
      action: 'notice.issue', objectType: 'notice', objectId: notice.id,
      summary: { providerId: provider.id, kind: input.kind, councils: addressees.map((a) => a.laCode) },
    }, now)
    return { notice, addressees }
  })
  return noticeView(notice, provider.name, addressees, actor)
}

export async function noticesOfProvider(deps: Deps, actor: Actor, providerId: string) {
  authorise(actor, 'readProviderNotices')
  const provider = await findProvider(deps.db, providerId)
  if (!provider) throw notFound('provider')
  const rows = await noticesOfProviderRows(deps.db, provider.id)
  const addressees = await addresseesOfMany(deps.db, rows.map((n) => n.id))
  return { items: rows.map((n) => noticeView(n, provider.name, addressees.get(n.id) ?? [], actor)) }
}

export async function noticesForCouncil(deps: Deps, actor: Actor, laCode: string) {
  authorise(actor, 'readCouncilNotices')
  if (!mayActForCouncil(actor, laCode)) throw forbidden('A council sees only its own notices')
  const rows = await noticesForCouncilRows(deps.db, laCode)
  // A council sees its own line only; a regulator every addressee of each notice.
  const all = actor.role === 'regulator' ? await addresseesOfMany(deps.db, rows.map((r) => r.notice.id)) : undefined
  return { items: rows.map((r) => noticeView(r.notice, r.providerName, all?.get(r.notice.id) ?? [r.addressee], actor)) }
}

/** The notice, if the actor may see it (a council only one addressed to it: another does not exist for it). */
async function visibleNotice(deps: Deps, actor: Actor, id: string) {
  const n = await findNotice(deps.db, id)
  if (!n) throw notFound('notice')
  const addressees = await addresseesOf(deps.db, n.id)
  if (!maySeeNotice(actor, addressees)) throw notFound('notice')
  return { n, addressees, provider: (await findProvider(deps.db, n.providerId))! }
}

export async function getNotice(deps: Deps, actor: Actor, id: string): Promise<NoticeView> {
  authorise(actor, 'readNotice')
  const { n, addressees, provider } = await visibleNotice(deps, actor, id)
  return noticeView(n, provider.name, addressees, actor)
}

export async function acknowledgeNotice(deps: Deps, actor: Actor, id: string): Promise<NoticeView> {
  authorise(actor, 'acknowledgeNotice')
  const { n, provider } = await visibleNotice(deps, actor, id)
  const laCode = (actor as Extract<Actor, { role: 'council' }>).laCode
  const { now } = deps
  const done = await deps.db.transaction(async (tx) => {
    const row = await setAcknowledged(tx, n.id, laCode, actor.sub, now)
    if (!row) return undefined
    await appendAudit(tx, actor, { action: 'notice.acknowledge', objectType: 'notice', objectId: n.id, summary: { laCode } }, now)
    return row
  })
  if (!done) throw conflict('Your council has already acknowledged this notice')
  return noticeView(n, provider.name, await addresseesOf(deps.db, n.id), actor)
}

export async function withdrawNotice(deps: Deps, actor: Actor, id: string, reason: string): Promise<NoticeView> {
  authorise(actor, 'withdrawNotice')
  const { n, addressees, provider } = await visibleNotice(deps, actor, id)
  const { now } = deps
  const withdrawn = await deps.db.transaction(async (tx) => {
    await holdRegister(tx)
    const row = await setWithdrawn(tx, n.id, actor.sub, reason, now)
    if (!row) return undefined
    await refreshStanding(tx, n.providerId)
    const byCouncil = new Map(addressees.map((a) => [a.laCode, a]))
    await enqueueEvent(tx, {
      eventId: randomUUID(), eventType: 'notice.withdrawn', laCodes: [...byCouncil.keys()],
      payloadFor: (laCode) => noticeEventData('notice.withdrawn', row, provider.name, byCouncil.get(laCode)),
    }, now)
    await appendAudit(tx, actor, { action: 'notice.withdraw', objectType: 'notice', objectId: n.id, summary: { reason } }, now)
    return row
  })
  if (!withdrawn) throw conflict('This notice has already been withdrawn')
  return noticeView(withdrawn, provider.name, addressees, actor)
}
