// Ownership resolution at scale beside one linear pass over the same graph: reading every entity
// and interest once into the adjacency any resolver needs. Resolution does that pass and more
// (control chains, percentages through the layers, cycles), so the ratio is what the more costs.
import { resolveOwnership } from '../../../src/domain/ownership/resolve.js'
// The benchmark's graph generator; it is to move out of src/domain (into scripts/bench or src/demo).
import { syntheticOwnershipGraph } from '../../../src/demo/synthetic-ownership.js'
import { atMost, benchCase } from '../case.js'
import { comparedTimes, timeAlternating } from '../harness.js'

export default benchCase({
  name: 'ownership',
  measures: 'resolving an ownership graph of 100,000 entities and 300,000 interests (resolveOwnership)',
  baseline: 'one linear pass over the same graph, building the owners of every entity',
  goals: [atMost(3, 'one linear pass')],
  async run() {
    const graph = syntheticOwnershipGraph(100_000, 300_000, 42)
    const t = await timeAlternating({
      baseline: () => {
        const owners = new Map<string, string[]>()
        for (const e of graph.entities) owners.set(e.ref, [])
        for (const i of graph.interests) owners.get(i.owned)?.push(i.owner)
        return owners
      },
      value: () => resolveOwnership(graph),
    })
    return [comparedTimes(t, 'cpu')]
  },
})
