import fp from 'fastify-plugin'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'

export const openapiInfo = {
  title: 'provider-oversight',
  version: '1.0.0',
  description: 'Financial oversight of the groups that run children\'s homes and fostering agencies in England: '
    + 'annual returns, ownership, risk assessment, the risk register, designation and notices to councils. '
    + 'Every error is RFC 9457 application/problem+json.',
}

/** `GET /v1/providers/{id}/returns` → `getV1ProvidersIdReturns`: stable, unique, derived from the route. */
export const operationIdOf = (method: string, url: string) =>
  method.toLowerCase() + url.split(/[/{}:.-]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join('')

export default fp(async (app) => {
  await app.register(swagger, {
    transform: ({ schema, url, route }) => {
      const s = { ...(schema ?? {}) } as Record<string, unknown>
      const method = Array.isArray(route.method) ? route.method[0] : route.method
      s.operationId ??= operationIdOf(method, url)
      s.description ??= s.summary
      return { schema: s as never, url }
    },
    openapi: {
      openapi: '3.1.0',
      info: { ...openapiInfo, contact: { name: 'Provider oversight team', email: 'provider-oversight@example.gov.uk' } },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
      security: [{ bearer: [] }],
      tags: [
        { name: 'health' }, { name: 'councils' }, { name: 'providers' }, { name: 'returns' },
        { name: 'ownership' }, { name: 'assessment' }, { name: 'register' }, { name: 'notices' }, { name: 'webhooks' }, { name: 'reference' }, { name: 'audit' },
      ],
    },
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
}, { name: 'swagger' })
