// The market as the regulator looks at it: for each council, the share of its looked-after
// children placed with red- or amber-rated groups (the market map), and how many groups hold each
// rating. Read from the groups' latest returns and the councils' children-looked-after figures.
import type { Deps } from './deps.js'
import { authorise } from './authorise.js'
import { listCouncils } from '../db/queries/councils.js'
import { groupsByRating, placementsByCouncilAndRating } from '../db/queries/stability.js'
import type { Actor } from '../domain/actor.js'
import type { Rating } from '../domain/rating.js'

export interface CouncilExposure {
  laCode: string
  name: string
  childrenLookedAfter: number | null
  /** children placed with groups rated red or amber, as their returns say */
  placedRedOrAmber: number
  /** every child placed with a group that files, as their returns say */
  placed: number
  /** placedRedOrAmber over childrenLookedAfter (at most 1); null without a figure */
  share: number | null
}

export async function marketExposure(deps: Deps, actor: Actor) {
  authorise(actor, 'readMarket')
  const [councils, placements, ratings] = await Promise.all([listCouncils(deps.db), placementsByCouncilAndRating(deps.db), groupsByRating(deps.db)])
  const placed = new Map<string, { risky: number; all: number }>()
  for (const p of placements) {
    const c = placed.get(p.laCode) ?? { risky: 0, all: 0 }
    c.all += p.children
    if (p.rating === 'red' || p.rating === 'amber') c.risky += p.children
    placed.set(p.laCode, c)
  }
  const items: CouncilExposure[] = councils.map((c) => {
    const p = placed.get(c.laCode) ?? { risky: 0, all: 0 }
    const share = c.childrenLookedAfter ? Math.min(1, p.risky / c.childrenLookedAfter) : null
    return { laCode: c.laCode, name: c.name, childrenLookedAfter: c.childrenLookedAfter, placedRedOrAmber: p.risky, placed: p.all, share }
  })
  const groups: Record<Rating, number> = { red: 0, amber: 0, green: 0, unrated: 0 }
  for (const r of ratings) groups[r.rating as Rating] = r.groups
  return { councils: items, groupsByRating: groups }
}
