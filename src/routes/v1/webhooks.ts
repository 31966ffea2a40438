// Councils' webhooks and their delivery logs; rotation of the keys that sign deliveries.
//
// Who may do what: a council registers, lists and deactivates its own webhooks and reads their
// delivery logs (another council's laCode is 403; a webhook id of another council is 404).
// A regulator may list a council's webhooks and read the delivery logs (to see that a notice
// reached the council) but not register or deactivate one: where a council's notices go is
// the council's own choice. Providers: 403.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import {
  CouncilWebhookParams, DeliveryPage, DeliveryQuery, SigningKeyRotation, Webhook, WebhookCreate, WebhookList, WebhookParams,
} from '../../../schema/webhooks.js'
import { withProblems } from '../../../schema/problems.js'
import {
  deactivateWebhook, deliveryView, findWebhook, listDeliveries, listWebhooks, registerWebhook, webhookView,
} from '../../db/queries/webhooks.js'
import { rotateSigningKey } from '../../db/queries/signing-keys.js'
import { decodeCursor, paginate } from '../../db/cursor.js'
import { webhookUrlProblem } from '../../delivery/target.js'
import type { Actor } from '../../domain/actor.js'
import { forbidden, notFound, validationProblem } from '../../problems.js'

/** A council acts only for itself; a regulator reads any council's. */
function assertCouncilScope(actor: Actor, laCode: string, councilCodes: ReadonlySet<string>) {
  if (actor.role === 'council' && actor.laCode !== laCode) throw forbidden('A council token acts only for its own council')
  if (!councilCodes.has(laCode)) throw notFound('council')
}

const webhooks: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/councils/:laCode/webhooks', {
    onRequest: app.allow('council'),
    schema: {
      tags: ['webhooks'], summary: 'Register a webhook: every notice to this council is POSTed there as a signed JWS',
      description: 'The council\'s own token only. The body of each delivery is a compact JWS (ES256, `content-type: application/jose`) '
        + 'signed with a key published at `/.well-known/jwks.json`; headers `x-event-id` (de-duplicate on it), `x-event-type`, '
        + '`x-delivery-attempt`. Any 2xx answer is a delivery; otherwise it is retried with backoff for 24 hours.',
      params: CouncilWebhookParams, body: WebhookCreate,
      response: { 201: Webhook, ...withProblems(400, 404, 409, 415, 422) },
    },
  }, async (req, reply) => {
    assertCouncilScope(req.actor, req.params.laCode, app.councilCodes)
    const problem = webhookUrlProblem(req.body.url, app.config.webhookAllowHttpLoopback)
    if (problem) throw validationProblem([{ pointer: '/url', detail: problem }])
    const row = await registerWebhook(app.db, req.actor, req.params.laCode, req.body.url, app.now())
    reply.code(201).header('location', `/v1/councils/${row.laCode}/webhooks/${row.id}`)
    return webhookView(row)
  })

  app.get('/councils/:laCode/webhooks', {
    onRequest: app.allow('council', 'regulator'),
    schema: {
      tags: ['webhooks'], summary: 'A council\'s webhooks, active and deactivated',
      params: CouncilWebhookParams, response: { 200: WebhookList, ...withProblems(400, 404) },
    },
  }, async (req) => {
    assertCouncilScope(req.actor, req.params.laCode, app.councilCodes)
    return { items: (await listWebhooks(app.db, req.params.laCode)).map(webhookView) }
  })

  app.delete('/councils/:laCode/webhooks/:id', {
    onRequest: app.allow('council'),
    schema: {
      tags: ['webhooks'], summary: 'Deactivate a webhook: no further events; its pending deliveries are abandoned (failed)',
      params: WebhookParams, response: { 204: Type.Null({ description: 'Deactivated (or already inactive)' }), ...withProblems(400, 404) },
    },
  }, async (req, reply) => {
    assertCouncilScope(req.actor, req.params.laCode, app.councilCodes)
    const row = await deactivateWebhook(app.db, req.actor, req.params.laCode, req.params.id, app.now())
    if (!row) throw notFound('webhook')
    return reply.code(204).send(null)
  })

  app.get('/councils/:laCode/webhooks/:id/deliveries', {
    onRequest: app.allow('council', 'regulator'),
    schema: {
      tags: ['webhooks'], summary: 'The delivery log of a webhook: every event, newest first, with every attempt',
      params: WebhookParams, querystring: DeliveryQuery, response: { 200: DeliveryPage, ...withProblems(400, 404) },
    },
  }, async (req) => {
    assertCouncilScope(req.actor, req.params.laCode, app.councilCodes)
    const hook = await findWebhook(app.db, req.params.laCode, req.params.id)
    if (!hook) throw notFound('webhook')
    const { limit = 50, cursor } = req.query
    const after = decodeCursor(cursor, ['timestamp', 'uuid']) as [string, string] | undefined
    const rows = await listDeliveries(app.db, hook.id, { after, limit })
    const page = paginate(rows, limit, (d) => [d.createdAt.toISOString(), d.id])
    return { items: page.items.map(deliveryView), nextCursor: page.nextCursor }
  })

  app.post('/signing-keys/rotations', {
    onRequest: app.allow('regulator'),
    schema: {
      tags: ['webhooks'], summary: 'Rotate the key that signs webhook deliveries; the old one stays published for 30 days',
      response: { 201: SigningKeyRotation, ...withProblems() },
    },
  }, async (req, reply) => {
    const { key, retired } = await rotateSigningKey(app.db, req.actor, app.now())
    reply.code(201)
    return {
      kid: key.kid, createdAt: key.createdAt.toISOString(),
      retired: retired.map((r) => ({ kid: r.kid, retiredAt: r.retiredAt.toISOString() })),
    }
  })
}
export default webhooks
