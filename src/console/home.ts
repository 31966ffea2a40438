// The home page: signed out, what the service is and Sign in; signed in, the person's own home.
// A provider's is its group's: its rating and latest assessment, the requirements awaiting its
// response, and filing.
import type { FastifyPluginAsync } from 'fastify'
import type { Deps } from '../commands/deps.js'
import { latestAssessmentOfProvider } from '../commands/assessments.js'
import { requirementsOfProvider } from '../commands/requirements.js'
import { listReturns } from '../commands/returns.js'
import type { Actor } from '../domain/actor.js'
import type { Rating } from '../domain/rating.js'
import { Problem } from '../problems.js'
import { homeFor } from './reads.js'
import { registerOverview } from '../commands/flags.js'
import { councilSummary } from './councils.js'
import { REQUIREMENT_KINDS, requirementTag } from './requirements.js'
import { RATINGS, SEVERITIES } from './words.js'

/** What a provider's home shows beside its group: the latest assessment, what awaits an answer. */
async function providerHome(deps: Deps, actor: Actor & { role: 'provider' }) {
  const id = actor.providerId
  const [assessment, requirements, returns] = await Promise.all([
    latestAssessmentOfProvider(deps, actor, id).catch((err) => {
      if (err instanceof Problem && err.status === 404) return undefined // no return filed yet
      throw err
    }),
    requirementsOfProvider(deps, actor, id),
    listReturns(deps, actor, id, { limit: 50 }),
  ])
  const latest = returns.items.filter((r) => r.supersededBy === null).sort((a, b) => b.periodEnd.localeCompare(a.periodEnd))[0]
  return {
    latest,
    assessment: assessment && {
      ...assessment,
      ratingTag: RATINGS[(assessment.rating ?? 'unrated') as Rating],
      flags: [...assessment.flags].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'red' ? -1 : 1))
        .map((f) => ({ ...f, severityTag: SEVERITIES[f.severity as 'red' | 'amber'] })),
    },
    awaiting: requirements.items.filter((r) => r.status === 'open')
      .map((r) => ({ ...r, kindText: REQUIREMENT_KINDS[r.kind] ?? r.kind, tag: requirementTag(r) })),
  }
}

const home: FastifyPluginAsync = async (app) => {
  app.get('/', async (req, reply) => {
    const notice = req.session.get('notice')
    if (notice) req.session.set('notice', undefined)
    if (!req.session.get('user')) return reply.view('pages/start.njk', { notice })
    const home = await homeFor(app.deps(), req.actor)
    // A council's home summarises its pages: the groups holding its children, the notices awaiting it.
    const summary = home.role === 'council' ? await councilSummary(app.deps(), req.actor, home.council.laCode) : undefined
    const provider = req.actor.role === 'provider' ? await providerHome(app.deps(), req.actor) : undefined
    const overview = home.role === 'regulator' ? await registerOverview(app.deps(), req.actor) : undefined
    return reply.view(`pages/home-${home.role}.njk`, { home, notice, summary, overview, ...provider })
  })
}
export default home
