// The councils with children's services: read by everyone, their children-looked-after figures
// kept up to date by the regulator.
import type { Deps } from './deps.js'
import { authorise } from './authorise.js'
import { listCouncils as listCouncilRows, lockCouncil, setChildrenLookedAfter } from '../db/queries/councils.js'
import { appendAudit } from '../db/queries/audit.js'
import type { Actor } from '../domain/actor.js'
import { notFound } from '../problems.js'
import { councilView } from '../views/councils.js'

export async function listCouncils(deps: Deps, actor: Actor) {
  authorise(actor, 'readCouncils')
  return { items: (await listCouncilRows(deps.db)).map(councilView) }
}

export async function updateCouncil(deps: Deps, actor: Actor, laCode: string, childrenLookedAfter: number | null) {
  authorise(actor, 'updateCouncil')
  const { now } = deps
  const row = await deps.db.transaction(async (tx) => {
    const before = await lockCouncil(tx, laCode)
    if (!before) return undefined
    const row = await setChildrenLookedAfter(tx, laCode, childrenLookedAfter, now)
    await appendAudit(tx, actor, {
      action: 'council.update', objectType: 'council', objectId: laCode,
      summary: { childrenLookedAfter: { from: before.childrenLookedAfter, to: childrenLookedAfter } },
    }, now)
    return row
  })
  if (!row) throw notFound('council')
  return councilView(row)
}
