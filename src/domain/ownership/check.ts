// Structural checks on a filed ownership graph: what makes a filing refused (422) before it is
// resolved. Pointers are into the request body, whose ownership section is `/ownership`.

import type { OwnershipGraph } from './types.js'

export interface OwnershipProblem {
  pointer: string
  detail: string
}

/** Rounding the filer may have done on each holding: 33.34 + 33.33 + 33.34 is still a whole. */
const ROUNDING = 0.01

export const checkOwnership = (graph: OwnershipGraph): OwnershipProblem[] => {
  const problems: OwnershipProblem[] = []
  const declared = new Map<string, number>()
  graph.entities.forEach((e, k) => {
    const first = declared.get(e.ref)
    if (first === undefined) declared.set(e.ref, k)
    else problems.push({ pointer: `/ownership/entities/${k}/ref`, detail: `"${e.ref}" is declared more than once (first at /ownership/entities/${first})` })
  })
  const named = (ref: string) => {
    const k = declared.get(ref)
    return k === undefined ? `"${ref}"` : `"${graph.entities[k].name}" (${ref})`
  }

  const shares = new Map<string, number>()
  const votes = new Map<string, number>()
  const ownedBySomeone = new Set<string>()
  graph.interests.forEach((i, k) => {
    const at = `/ownership/interests/${k}`
    for (const side of ['owner', 'owned'] as const) {
      if (!declared.has(i[side])) problems.push({ pointer: `${at}/${side}`, detail: `"${i[side]}" is not a declared entity` })
    }
    i.through?.forEach((ref, j) => {
      if (!declared.has(ref)) problems.push({ pointer: `${at}/through/${j}`, detail: `"${ref}" is not a declared entity` })
    })
    for (const field of ['sharesPct', 'votingPct'] as const) {
      const v = i[field]
      if (v !== undefined && !(Number.isFinite(v) && v >= 0 && v <= 100)) {
        problems.push({ pointer: `${at}/${field}`, detail: 'must be a percentage between 0 and 100' })
      }
    }
    ownedBySomeone.add(i.owned)
    // an indirect interest restates a chain whose last leg is already among the interests into `owned`
    if (i.indirect) return
    if (typeof i.sharesPct === 'number') shares.set(i.owned, (shares.get(i.owned) ?? 0) + i.sharesPct)
    if (typeof i.votingPct === 'number') votes.set(i.owned, (votes.get(i.owned) ?? 0) + i.votingPct)
  })

  for (const [totals, what] of [[shares, 'shares'], [votes, 'voting rights']] as const) {
    for (const [ref, total] of totals) {
      const k = declared.get(ref)
      if (k === undefined || total <= 100 + ROUNDING) continue
      problems.push({
        pointer: `/ownership/entities/${k}`,
        detail: `the interests into ${named(ref)} add up to ${Math.round(total * 100) / 100}% of its ${what}, more than 100%`,
      })
    }
  }

  if (!declared.has(graph.reportingEntity)) {
    problems.push({ pointer: '/ownership/reportingEntity', detail: `"${graph.reportingEntity}" is not a declared entity` })
  } else if (!ownedBySomeone.has(graph.reportingEntity) && declared.size > 1) {
    problems.push({
      pointer: '/ownership/reportingEntity',
      detail: `no interest owns the reporting entity ${named(graph.reportingEntity)}; only an entity filing alone (such as a charity) may be owned by no one`,
    })
  }
  return problems
}
