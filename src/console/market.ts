// The market (CONSOLE.md): the hex map of the 153 councils shaded by the share of their
// looked-after children placed with red- or amber-rated groups, the groups by rating, the groups
// to bring into the scheme and what is overdue. The regulator's alone, through the commands.
import type { FastifyPluginAsync } from 'fastify'
import { marketExposure } from '../commands/market.js'
import { designationCandidates, overdue } from '../commands/oversight.js'
import type { Rating } from '../domain/rating.js'
import { marketMap } from './pictures/market-map.js'
import { RATINGS } from './words.js'

const market: FastifyPluginAsync = async (app) => {
  app.get('/market', { onRequest: app.signedIn('readMarket') }, async (req, reply) => {
    const deps = app.deps()
    const [exposure, candidates, late] = await Promise.all([
      marketExposure(deps, req.actor), designationCandidates(deps, req.actor), overdue(deps, req.actor),
    ])
    const shares = Object.fromEntries(exposure.councils.map((c) => [c.laCode, c.share]))
    const names = Object.fromEntries(exposure.councils.map((c) => [c.laCode, c.name]))
    const mostExposed = exposure.councils.filter((c) => c.share !== null && c.share > 0)
      .sort((a, b) => b.share! - a.share! || a.name.localeCompare(b.name)).slice(0, 10)
    return reply.view('pages/market.njk', {
      map: marketMap({ id: 'market-map', shares, names }),
      totals: (Object.keys(RATINGS) as Rating[]).map((r) => ({ tag: RATINGS[r], groups: exposure.groupsByRating[r], href: `/providers?rating=${r}` })),
      mostExposed,
      candidates: candidates.items.map((c) => ({ ...c, ratingTag: RATINGS[c.rating as Rating] })),
      late,
    })
  })
}
export default market
