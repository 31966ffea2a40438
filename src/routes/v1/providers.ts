import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  DesignationUpdate, Provider, ProviderCreate, ProviderListQuery, ProviderPage, ProviderParams, ProviderWithDesignations,
} from '../../../schema/providers.js'
import { withProblems } from '../../../schema/problems.js'
import {
  createProvider, designate, designationView, findProvider, listDesignations, listProviders, providerView,
} from '../../db/queries/providers.js'
import { decodeCursor, paginate } from '../../db/cursor.js'
import { assertProviderScope } from '../../plugins/auth.js'
import { notFound } from '../../problems.js'

const providers: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/providers', {
    onRequest: app.allow('regulator'),
    schema: {
      tags: ['providers'], summary: 'Register a provider group', body: ProviderCreate,
      response: { 201: Provider, ...withProblems(400, 409, 415, 422) },
    },
  }, async (req, reply) => {
    const row = await createProvider(app.db, req.actor, req.body, app.now())
    reply.code(201).header('location', `/v1/providers/${row.id}`)
    return providerView(row)
  })

  app.get('/providers', {
    onRequest: app.allow('regulator', 'provider'),
    schema: {
      tags: ['providers'], summary: 'List provider groups (a provider token sees only its own)',
      querystring: ProviderListQuery, response: { 200: ProviderPage, ...withProblems(400) },
    },
  }, async (req) => {
    const { limit = 50, cursor, rating, designated, peBacked } = req.query
    const after = decodeCursor(cursor, ['timestamp', 'uuid']) as [string, string] | undefined
    const rows = await listProviders(app.db, {
      after, limit, rating, designated, peBacked,
      onlyId: req.actor.role === 'provider' ? req.actor.providerId : undefined,
    })
    const page = paginate(rows, limit, (p) => [p.createdAt.toISOString(), p.id])
    return { items: page.items.map(providerView), nextCursor: page.nextCursor }
  })

  app.get('/providers/:id', {
    onRequest: app.allow('regulator', 'provider'),
    schema: {
      tags: ['providers'], summary: 'One provider group, with its designation history',
      params: ProviderParams, response: { 200: ProviderWithDesignations, ...withProblems(400, 404) },
    },
  }, async (req) => {
    assertProviderScope(req.actor, req.params.id)
    const row = await findProvider(app.db, req.params.id)
    if (!row) throw notFound('provider')
    const history = await listDesignations(app.db, row.id)
    return { ...providerView(row), designations: history.map(designationView) }
  })

  app.put('/providers/:id/designation', {
    onRequest: app.allow('regulator'),
    schema: {
      tags: ['providers'], summary: 'Designate a group into the scheme (or take it out), with a reason',
      params: ProviderParams, body: DesignationUpdate, response: { 200: ProviderWithDesignations, ...withProblems(400, 404, 415, 422) },
    },
  }, async (req) => {
    const done = await designate(app.db, req.actor, req.params.id, req.body, app.now())
    if (!done) throw notFound('provider')
    const history = await listDesignations(app.db, req.params.id)
    return { ...providerView(done.provider), designations: history.map(designationView) }
  })
}
export default providers
