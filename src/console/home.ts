// The home page: signed out, what the service is and Sign in; signed in, the person's own home.
import type { FastifyPluginAsync } from 'fastify'
import { homeFor } from './reads.js'
import { councilSummary } from './councils.js'

const home: FastifyPluginAsync = async (app) => {
  app.get('/', async (req, reply) => {
    const notice = req.session.get('notice')
    if (notice) req.session.set('notice', undefined)
    if (!req.session.get('user')) return reply.view('pages/start.njk', { notice })
    const home = await homeFor(app.deps(), req.actor)
    // A council's home summarises its pages: the groups holding its children, the notices awaiting it.
    const summary = home.role === 'council' ? await councilSummary(app.deps(), req.actor, home.council.laCode) : undefined
    return reply.view(`pages/home-${home.role}.njk`, { home, notice, summary })
  })
}
export default home
