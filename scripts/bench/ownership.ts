// Ownership resolution at scale: 100,000 entities and 300,000 interests, beside the floor any
// resolver pays (one linear pass building the adjacency it needs).
import { performance } from 'node:perf_hooks'
import { resolveOwnership } from '../../src/domain/ownership/resolve.js'
import { syntheticOwnershipGraph } from '../../src/demo/synthetic-ownership.js'
import { median, type BenchResult } from './harness.js'

export function ownershipCases(): BenchResult[] {
  const graph = syntheticOwnershipGraph(100_000, 300_000, 42)
  const floor: number[] = []
  const times: number[] = []
  for (let i = 0; i < 3; i++) {
    let t = performance.now()
    const owners = new Map<string, string[]>()
    for (const e of graph.entities) owners.set(e.ref, [])
    for (const i2 of graph.interests) owners.get(i2.owned)?.push(i2.owner)
    floor.push(performance.now() - t)
    t = performance.now()
    resolveOwnership(graph)
    times.push(performance.now() - t)
  }
  const value = median(times)
  const baseline = median(floor)
  return [{
    name: 'ownership resolution, 100,000 entities / 300,000 interests', value, unit: 'ms', baseline, ratio: value / baseline,
    goal: '<= 1000 ms', met: value <= 1000,
  }]
}
