import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  DesignationUpdate, Provider, ProviderCreate, ProviderListQuery, ProviderPage, ProviderParams, ProviderWithDesignations,
} from '../../../schema/providers.js'
import { withProblems } from '../../../schema/problems.js'
import { createProvider, designateProvider, getProvider, listProviders } from '../../commands/providers.js'

const providers: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/providers', {
    onRequest: app.allow('createProvider'),
    schema: {
      tags: ['providers'], summary: 'Register a provider group', body: ProviderCreate,
      response: { 201: Provider, ...withProblems(400, 409, 415, 422) },
    },
  }, async (req, reply) => {
    const provider = await createProvider(app.deps(), req.actor, req.body)
    reply.code(201).header('location', `/v1/providers/${provider.id}`)
    return provider
  })

  app.get('/providers', {
    onRequest: app.allow('listProviders'),
    schema: {
      tags: ['providers'], summary: 'List provider groups (a provider token sees only its own)',
      querystring: ProviderListQuery, response: { 200: ProviderPage, ...withProblems(400) },
    },
  }, async (req) => listProviders(app.deps(), req.actor, req.query))

  app.get('/providers/:id', {
    onRequest: app.allow('readProvider'),
    schema: {
      tags: ['providers'], summary: 'One provider group, with its designation history',
      params: ProviderParams, response: { 200: ProviderWithDesignations, ...withProblems(400, 404) },
    },
  }, async (req) => getProvider(app.deps(), req.actor, req.params.id))

  app.put('/providers/:id/designation', {
    onRequest: app.allow('designate'),
    schema: {
      tags: ['providers'], summary: 'Designate a group into the scheme (or take it out), with a reason',
      params: ProviderParams, body: DesignationUpdate, response: { 200: ProviderWithDesignations, ...withProblems(400, 404, 415, 422) },
    },
  }, async (req) => {
    return designateProvider(app.deps(), req.actor, req.params.id, req.body)
  })
}
export default providers
