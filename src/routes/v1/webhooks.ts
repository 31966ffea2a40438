// Councils' webhooks and their delivery logs; rotation of the keys that sign deliveries. Who may
// do what is the commands' (commands/webhooks.ts).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import {
  CouncilWebhookParams, DeliveryPage, DeliveryQuery, SigningKeyRotation, Webhook, WebhookCreate, WebhookList, WebhookParams,
} from '../../../schema/webhooks.js'
import { withProblems } from '../../../schema/problems.js'
import { deactivateWebhook, listWebhooks, registerWebhook, webhookDeliveries } from '../../commands/webhooks.js'
import { rotateSigningKey } from '../../commands/signing-keys.js'

const webhooks: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/councils/:laCode/webhooks', {
    onRequest: app.allow('registerWebhook'),
    schema: {
      tags: ['webhooks'], summary: 'Register a webhook: every notice to this council is POSTed there as a signed JWS',
      description: 'The council\'s own token only. The body of each delivery is a compact JWS (ES256, `content-type: application/jose`) '
        + 'signed with a key published at `/.well-known/jwks.json`; headers `x-event-id` (de-duplicate on it), `x-event-type`, '
        + '`x-delivery-attempt`. Any 2xx answer is a delivery; otherwise it is retried with backoff for 24 hours.',
      params: CouncilWebhookParams, body: WebhookCreate,
      response: { 201: Webhook, ...withProblems(400, 404, 409, 415, 422) },
    },
  }, async (req, reply) => {
    const hook = await registerWebhook(app.deps(), req.actor, req.params.laCode, req.body.url)
    reply.code(201).header('location', `/v1/councils/${hook.laCode}/webhooks/${hook.id}`)
    return hook
  })

  app.get('/councils/:laCode/webhooks', {
    onRequest: app.allow('readWebhooks'),
    schema: {
      tags: ['webhooks'], summary: 'A council\'s webhooks, active and deactivated',
      params: CouncilWebhookParams, response: { 200: WebhookList, ...withProblems(400, 404) },
    },
  }, async (req) => listWebhooks(app.deps(), req.actor, req.params.laCode))

  app.delete('/councils/:laCode/webhooks/:id', {
    onRequest: app.allow('deactivateWebhook'),
    schema: {
      tags: ['webhooks'], summary: 'Deactivate a webhook: no further events; its pending deliveries are abandoned (failed)',
      params: WebhookParams, response: { 204: Type.Null({ description: 'Deactivated (or already inactive)' }), ...withProblems(400, 404) },
    },
  }, async (req, reply) => {
    await deactivateWebhook(app.deps(), req.actor, req.params.laCode, req.params.id)
    return reply.code(204).send(null)
  })

  app.get('/councils/:laCode/webhooks/:id/deliveries', {
    onRequest: app.allow('readDeliveries'),
    schema: {
      tags: ['webhooks'], summary: 'The delivery log of a webhook: every event, newest first, with every attempt',
      params: WebhookParams, querystring: DeliveryQuery, response: { 200: DeliveryPage, ...withProblems(400, 404) },
    },
  }, async (req) => webhookDeliveries(app.deps(), req.actor, req.params.laCode, req.params.id, req.query))

  app.post('/signing-keys/rotations', {
    onRequest: app.allow('rotateSigningKey'),
    schema: {
      tags: ['webhooks'], summary: 'Rotate the key that signs webhook deliveries; the old one stays published for 30 days',
      response: { 201: SigningKeyRotation, ...withProblems() },
    },
  }, async (req, reply) => {
    const rotation = await rotateSigningKey(app.deps(), req.actor)
    reply.code(201)
    return rotation
  })
}
export default webhooks
