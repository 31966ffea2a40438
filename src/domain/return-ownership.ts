// The ownership a return files, resolved: what filing, reassessment, stress tests and the ownership
// routes all read from a return.
import type { AnnualReturn } from './annual-return.js'
import { resolveOwnership } from './ownership/resolve.js'
import { resolveBods } from './ownership/bods.js'
import type { OwnershipGraph, OwnershipResolution } from './ownership/types.js'

/** The ownership a return files, as a graph, resolved (BODS is read as in force at the period end). */
export function ownershipOf(body: AnnualReturn): { graph: OwnershipGraph; resolution: OwnershipResolution } {
  const o = body.ownership
  if ('bods' in o) return resolveBods(o.bods, o.reportingEntity, body.periodEnd)
  return { graph: o, resolution: resolveOwnership(o) }
}
