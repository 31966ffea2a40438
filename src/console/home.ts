// The home page: signed out, what the service is and Sign in; signed in, the person's own home.
import type { FastifyPluginAsync } from 'fastify'
import { homeFor } from './reads.js'

const home: FastifyPluginAsync = async (app) => {
  app.get('/', async (req, reply) => {
    const notice = req.session.get('notice')
    if (notice) req.session.set('notice', undefined)
    if (!req.session.get('user')) return reply.view('pages/start.njk', { notice })
    const home = await homeFor(app.deps(), req.actor)
    return reply.view(`pages/home-${home.role}.njk`, { home, notice })
  })
}
export default home
