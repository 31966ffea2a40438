// How a resolved ownership reads: the graph's entities with their effective interests, the
// ultimate controllers with their heaviest path, and what makes the structure opaque.
import type { Static } from 'typebox'
import type { OwnershipResolutionView } from '../../schema/ownership.js'
import type { OwnershipGraph, OwnershipResolution } from '../domain/ownership/types.js'

export function ownershipView(graph: OwnershipGraph, r: OwnershipResolution, asOf: string): Static<typeof OwnershipResolutionView> {
  return {
    asOf,
    reportingEntity: r.reportingEntity,
    entities: r.entities.map((e) => ({ ref: e.ref, name: e.name, kind: e.kind, jurisdiction: e.jurisdiction, effectivePct: e.effectivePctRounded, controls: e.controls, root: e.root })),
    interests: graph.interests,
    ultimateControllers: r.ultimateControllers.map((u) => ({ ref: u.ref, name: u.name, kind: u.kind, jurisdiction: u.jurisdiction, effectivePct: u.effectivePctRounded, controls: u.controls, path: u.path })),
    resolvedPct: r.resolvedPctRounded,
    peBacked: r.peBacked,
    offshore: r.offshore,
    depth: r.depth,
    cycles: r.cycles.map((c) => c.refs),
    opaqueCycles: r.cycles.filter((c) => !c.ownedByRoot).map((c) => c.refs),
    notes: r.notes,
  }
}
