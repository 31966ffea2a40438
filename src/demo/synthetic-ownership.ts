// A large ownership graph shaped like a private-equity structure, for the resolution benchmark:
// layers of holding companies under the reporting entity (each layer about four times the one
// below), co-investors holding into the layer below (sometimes two below), small cross-holdings
// within a layer, undeclared remainders, some votes-only and control interests. Deterministic in
// its seed.

import type { EntityKind, OwnershipEntity, OwnershipGraph, OwnershipInterest } from '../domain/ownership/types.js'
import { Rng } from './prng.js'

const random = (seed: number) => {
  const rng = new Rng(seed)
  return () => rng.next()
}

const JURISDICTIONS = ['JE', 'GG', 'LU', 'KY', 'IM', 'US', 'IE', 'NL']

export const syntheticOwnershipGraph = (entities: number, interests: number, seed = 1): OwnershipGraph => {
  const n = Math.max(1, Math.floor(entities))
  const next = random(seed)
  const pick = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)) // inclusive

  // layer k ≥ 1 holds entities 4^(k-1) .. 4^k − 1; layer 0 is the reporting entity
  const layerStart = [0, 1]
  while (layerStart[layerStart.length - 1] < n) layerStart.push(layerStart[layerStart.length - 1] * 4)
  const layerOf = (i: number) => {
    let k = 0
    while (layerStart[k + 1] <= i) k++
    return k
  }
  const layer = new Int32Array(n)
  for (let i = 0; i < n; i++) layer[i] = layerOf(i)
  const top = layer[n - 1]
  const inLayer = (k: number) => pick(layerStart[k], Math.min(layerStart[k + 1] ?? n, n) - 1)

  const owner: number[] = []
  const owned: number[] = []
  for (let i = 1; i < n && owner.length < interests; i++) { owner.push(i); owned.push(inLayer(layer[i] - 1)) }
  const paired = new Uint8Array(n)
  let attempts = 0
  while (owner.length < interests && n > 2 && attempts++ < interests * 4) {
    const i = pick(1, n - 1)
    if (next() < 0.01 && layer[i] >= 2 && owner.length + 2 <= interests) {
      // a cross-holding: two entities of one layer holding into each other
      const j = inLayer(layer[i])
      if (j === i || paired[i] || paired[j]) continue
      paired[i] = paired[j] = 1
      owner.push(i, j)
      owned.push(j, i)
      continue
    }
    const down = layer[i] >= 2 && next() < 0.1 ? 2 : 1
    owner.push(i)
    owned.push(inLayer(layer[i] - down))
  }

  // each entity's holders share between 60% and 100% of it; the rest is undeclared
  const m = owner.length
  const start = new Int32Array(n + 1)
  for (let e = 0; e < m; e++) start[owned[e] + 1]++
  for (let v = 0; v < n; v++) start[v + 1] += start[v]
  const fill = start.slice(0, n)
  const holders = new Int32Array(m)
  for (let e = 0; e < m; e++) holders[fill[owned[e]]++] = e
  const raw = new Float64Array(m)
  const sharesPct = new Float64Array(m)
  for (let v = 0; v < n; v++) {
    if (start[v] === start[v + 1]) continue
    const whole = next() < 0.5 ? 1 : 0.6 + 0.4 * next()
    let sum = 0
    for (let k = start[v]; k < start[v + 1]; k++) sum += raw[holders[k]] = 0.2 + next()
    for (let k = start[v]; k < start[v + 1]; k++) {
      const e = holders[k]
      sharesPct[e] = Math.floor((whole * raw[e] / sum) * 10000) / 100
    }
  }

  const kindOf = (i: number): EntityKind => {
    if (i === 0) return 'company'
    if (layer[i] < top) return next() < 0.05 ? 'trust' : 'company'
    const r = next()
    return r < 0.4 ? 'private_equity_fund' : r < 0.5 ? 'fund_manager' : r < 0.8 ? 'person' : 'company'
  }
  const graphEntities: OwnershipEntity[] = []
  for (let i = 0; i < n; i++) {
    graphEntities.push({
      ref: `e${i}`,
      name: `Entity ${i}`,
      kind: kindOf(i),
      jurisdiction: next() < 0.85 ? 'GB' : JURISDICTIONS[pick(0, JURISDICTIONS.length - 1)],
    })
  }
  const graphInterests: OwnershipInterest[] = owner.map((o, e) => {
    const r = next()
    const since = `${pick(2010, 2024)}-${String(pick(1, 12)).padStart(2, '0')}-01`
    const i: OwnershipInterest = { owner: `e${o}`, owned: `e${owned[e]}`, since }
    if (r < 0.05) i.votingPct = sharesPct[e]
    else i.sharesPct = sharesPct[e]
    if (r > 0.97) i.control = true
    return i
  })
  return { reportingEntity: 'e0', entities: graphEntities, interests: graphInterests }
}
