// Forms (MoJ's setUpRequestParsing and setUpCsrf): urlencoded bodies, and a CSRF token in every
// page's `csrfToken` that every POST must send back as `_csrf`. The secret lives in the session;
// a POST without the token, or with another session's, is refused with the 403 page.
import fp from 'fastify-plugin'
import formbody from '@fastify/formbody'
import csrf from '@fastify/csrf-protection'

export default fp(async (app) => {
  await app.register(formbody, { bodyLimit: 64 * 1024 })
  await app.register(csrf, { sessionPlugin: '@fastify/secure-session', getToken: (req) => (req.body as { _csrf?: string } | undefined)?._csrf })

  app.addHook('onRequest', async (_req, reply) => {
    reply.locals.csrfToken = reply.generateCsrf()
  })
  app.addHook('preHandler', (req, reply, done) => {
    if (req.method !== 'POST') return done()
    app.csrfProtection(req, reply, done)
  })
}, { name: 'console-forms', dependencies: ['console-session'] })
