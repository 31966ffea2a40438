// The regulator's worklists: groups to bring into the scheme, and what is overdue.
import type { Deps } from './deps.js'
import { authorise } from './authorise.js'
import { designatedProviders, designationCandidates as candidateRows } from '../db/queries/providers.js'
import { overdueRequirements } from '../db/queries/requirements.js'
import type { Actor } from '../domain/actor.js'
import type { Flag } from '../domain/assess-return.js'
import { filingDueBy } from '../domain/filing-deadline.js'

/** Groups not yet designated whose latest return raised CONT-DIFFICULT-TO-REPLACE, and why. */
export async function designationCandidates(deps: Deps, actor: Actor) {
  authorise(actor, 'readWorklists')
  const rows = await candidateRows(deps.db)
  return {
    items: rows.map((r) => {
      const flag = r.output ? (JSON.parse(r.output).flags as Flag[]).find((f) => f.ruleId === 'CONT-DIFFICULT-TO-REPLACE') : undefined
      return { providerId: r.p.id, name: r.p.name, kind: r.p.kind, rating: r.p.rating, returnId: r.p.latestReturnId!, periodEnd: r.periodEnd, why: flag?.explanation ?? '' }
    }),
  }
}

/** Designated groups late with their return, and requirements past their due date. */
export async function overdue(deps: Deps, actor: Actor) {
  authorise(actor, 'readWorklists')
  const today = deps.now.toISOString().slice(0, 10)
  const filings = (await designatedProviders(deps.db)).flatMap((d) => {
    const dueBy = filingDueBy(d.periodEnd ?? null, (d.designatedAt ?? d.p.createdAt).toISOString().slice(0, 10))
    return dueBy < today ? [{ providerId: d.p.id, name: d.p.name, lastPeriodEnd: d.periodEnd ?? null, dueBy }] : []
  })
  const reqs = await overdueRequirements(deps.db, today)
  return {
    filings: filings.sort((a, b) => a.dueBy.localeCompare(b.dueBy)),
    requirements: reqs.map((r) => ({ id: r.requirement.id, providerId: r.requirement.providerId, name: r.providerName, kind: r.requirement.kind, dueDate: r.requirement.dueDate })),
  }
}
