import { randomUUID } from 'node:crypto'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Notice, NoticeCreate, NoticeList, NoticeParams, NoticeWithdrawal } from '../../../schema/workflow.js'
import { ProviderParams } from '../../../schema/providers.js'
import { CouncilParams } from '../../../schema/councils.js'
import { withProblems } from '../../../schema/problems.js'
import {
  acknowledge, addresseesOf, addresseesOfMany, findNotice, issueNotice, noticesForCouncil, noticesOfProvider, withdraw,
  type AddresseeRow, type NoticeRow,
} from '../../db/queries/notices.js'
import { findProvider } from '../../db/queries/providers.js'
import { holdRegister, refreshStanding } from '../../db/queries/standing.js'
import { appendAudit } from '../../db/queries/audit.js'
import { enqueueEvent } from '../../db/queries/webhooks.js'
import { conflict, forbidden, notFound } from '../../problems.js'
import type { Actor } from '../../domain/actor.js'

/** A council sees only its own line; a regulator sees every council and who has not acknowledged. */
export function noticeView(n: NoticeRow, providerName: string, addressees: AddresseeRow[], actor: Actor) {
  const lines = actor.role === 'council' ? addressees.filter((a) => a.laCode === actor.laCode) : addressees
  return {
    id: n.id, providerId: n.providerId, providerName, kind: n.kind, summary: n.summary, inForce: n.withdrawnAt === null,
    issuedAt: n.issuedAt.toISOString(), issuedBy: n.issuedBy, withdrawnAt: n.withdrawnAt?.toISOString() ?? null, withdrawalReason: n.withdrawalReason,
    addressees: lines.map((a) => ({ laCode: a.laCode, children: a.children, acknowledgedAt: a.acknowledgedAt?.toISOString() ?? null, acknowledgedBy: a.acknowledgedBy })),
    ...(actor.role === 'regulator' ? { unacknowledged: addressees.filter((a) => !a.acknowledgedAt).map((a) => a.laCode) } : {}),
  }
}

/** What a council's webhook receives: its own line, never another council's. */
const eventPayload = (type: string, n: NoticeRow, providerName: string, a: AddresseeRow | undefined) => ({
  type, noticeId: n.id, kind: n.kind, providerId: n.providerId, providerName, summary: n.summary,
  children: a?.children ?? 0, issuedAt: n.issuedAt.toISOString(), withdrawnAt: n.withdrawnAt?.toISOString() ?? null,
  withdrawalReason: n.withdrawalReason,
})

const notices: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/providers/:id/notices', {
    onRequest: app.allow('regulator'),
    schema: {
      tags: ['notices'], summary: 'Warn every council in the provider\'s latest placements that its failure is likely',
      params: ProviderParams, body: NoticeCreate, response: { 201: Notice, ...withProblems(400, 404, 415, 422) },
    },
  }, async (req, reply) => {
    const provider = await findProvider(app.db, req.params.id)
    if (!provider) throw notFound('provider')
    const now = app.now()
    const { notice, addressees } = await app.db.transaction(async (tx) => {
      await holdRegister(tx)
      const issued = await issueNotice(tx, req.actor, provider.id, req.body, now)
      await refreshStanding(tx, provider.id)
      const byCouncil = new Map(issued.addressees.map((a) => [a.laCode, a]))
      await enqueueEvent(tx, {
        eventId: issued.notice.id, eventType: 'notice.issued', laCodes: [...byCouncil.keys()],
        payloadFor: (laCode) => eventPayload('notice.issued', issued.notice, provider.name, byCouncil.get(laCode)),
      }, now)
      await appendAudit(tx, req.actor, {
        action: 'notice.issue', objectType: 'notice', objectId: issued.notice.id,
        summary: { providerId: provider.id, kind: req.body.kind, councils: issued.addressees.map((a) => a.laCode) },
      }, now)
      return issued
    })
    reply.code(201).header('location', `/v1/notices/${notice.id}`)
    return noticeView(notice, provider.name, addressees, req.actor)
  })

  app.get('/providers/:id/notices', {
    onRequest: app.allow('regulator'),
    schema: { tags: ['notices'], summary: 'Every notice about a provider, newest first', params: ProviderParams, response: { 200: NoticeList, ...withProblems(400, 404) } },
  }, async (req) => {
    const provider = await findProvider(app.db, req.params.id)
    if (!provider) throw notFound('provider')
    const rows = await noticesOfProvider(app.db, provider.id)
    const addressees = await addresseesOfMany(app.db, rows.map((n) => n.id))
    return { items: rows.map((n) => noticeView(n, provider.name, addressees.get(n.id) ?? [], req.actor)) }
  })

  app.get('/councils/:laCode/notices', {
    onRequest: app.allow('regulator', 'council'),
    schema: { tags: ['notices'], summary: 'The notices addressed to a council, newest first', params: CouncilParams, response: { 200: NoticeList, ...withProblems(400) } },
  }, async (req) => {
    if (req.actor.role === 'council' && req.actor.laCode !== req.params.laCode) throw forbidden('A council sees only its own notices')
    const rows = await noticesForCouncil(app.db, req.params.laCode)
    // A council sees its own line only; a regulator every addressee of each notice.
    const all = req.actor.role === 'regulator' ? await addresseesOfMany(app.db, rows.map((r) => r.notice.id)) : undefined
    return { items: rows.map((r) => noticeView(r.notice, r.providerName, all?.get(r.notice.id) ?? [r.addressee], req.actor)) }
  })

  const addressed = async (actor: Actor, id: string) => {
    const n = await findNotice(app.db, id)
    if (!n) throw notFound('notice')
    const addressees = await addresseesOf(app.db, n.id)
    if (actor.role === 'council' && !addressees.some((a) => a.laCode === actor.laCode)) throw notFound('notice')
    return { n, addressees, provider: (await findProvider(app.db, n.providerId))! }
  }

  app.get('/notices/:id', {
    onRequest: app.allow('regulator', 'council'),
    schema: { tags: ['notices'], summary: 'One notice (a council must be addressed by it)', params: NoticeParams, response: { 200: Notice, ...withProblems(400, 404) } },
  }, async (req) => {
    const { n, addressees, provider } = await addressed(req.actor, req.params.id)
    return noticeView(n, provider.name, addressees, req.actor)
  })

  app.post('/notices/:id/acknowledgements', {
    onRequest: app.allow('council'),
    schema: { tags: ['notices'], summary: 'Acknowledge a notice addressed to your council (once)', params: NoticeParams, response: { 201: Notice, ...withProblems(400, 404, 409) } },
  }, async (req, reply) => {
    const { n, provider } = await addressed(req.actor, req.params.id)
    const laCode = (req.actor as Extract<Actor, { role: 'council' }>).laCode
    const now = app.now()
    const done = await app.db.transaction(async (tx) => {
      const row = await acknowledge(tx, n.id, laCode, req.actor.sub, now)
      if (!row) return undefined
      await appendAudit(tx, req.actor, { action: 'notice.acknowledge', objectType: 'notice', objectId: n.id, summary: { laCode } }, now)
      return row
    })
    if (!done) throw conflict('Your council has already acknowledged this notice')
    reply.code(201)
    return noticeView(n, provider.name, await addresseesOf(app.db, n.id), req.actor)
  })

  app.post('/notices/:id/withdrawal', {
    onRequest: app.allow('regulator'),
    schema: { tags: ['notices'], summary: 'Withdraw a notice, with the reason; councils are told', params: NoticeParams, body: NoticeWithdrawal, response: { 200: Notice, ...withProblems(400, 404, 409, 415, 422) } },
  }, async (req) => {
    const { n, addressees, provider } = await addressed(req.actor, req.params.id)
    const now = app.now()
    const withdrawn = await app.db.transaction(async (tx) => {
      await holdRegister(tx)
      const row = await withdraw(tx, n.id, req.actor.sub, req.body.reason, now)
      if (!row) return undefined
      await refreshStanding(tx, n.providerId)
      const byCouncil = new Map(addressees.map((a) => [a.laCode, a]))
      await enqueueEvent(tx, {
        eventId: randomUUID(), eventType: 'notice.withdrawn', laCodes: [...byCouncil.keys()],
        payloadFor: (laCode) => eventPayload('notice.withdrawn', row, provider.name, byCouncil.get(laCode)),
      }, now)
      await appendAudit(tx, req.actor, { action: 'notice.withdraw', objectType: 'notice', objectId: n.id, summary: { reason: req.body.reason } }, now)
      return row
    })
    if (!withdrawn) throw conflict('This notice has already been withdrawn')
    return noticeView(withdrawn, provider.name, addressees, req.actor)
  })
}
export default notices
