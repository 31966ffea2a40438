// Resolves a filed ownership graph to its ultimate owners (RULES.md, "Ownership resolution").
// Linear in the graph's size apart from the cross-holdings, which are solved one cycle at a time:
// strongly connected components are taken sinks first, so everything an entity owns into is known
// before its own figure is, and only a cycle's members need solving together.

import { solveCrossHolding } from './cross-holding.js'
import { roundParts, roundPct } from './percentages.js'
import { adjacency, strongComponents, type Components } from './scc.js'
import type {
  EntityKind, OwnershipCycle, OwnershipEntity, OwnershipGraph, OwnershipInterest, OwnershipResolution,
  PrivateEquityHolder, ResolvedEntity, UltimateController,
} from './types.js'

/** Jurisdictions whose presence on a chain to an ultimate controller makes it offshore (OWN-OFFSHORE). */
export const OFFSHORE_JURISDICTIONS: readonly string[] = ['JE', 'GG', 'IM', 'KY', 'VG', 'BM', 'LU']

export interface ResolutionSettings {
  /** effectivePct from which a root is an ultimate controller (and a PE holder counts); default 25 */
  ultimateControllerPct?: number
  offshoreJurisdictions?: readonly string[]
}

/** an adjacency whose slots name their interests (edges) */
type Links = ReturnType<typeof adjacency>

const PRIVATE_EQUITY: readonly EntityKind[] = ['private_equity_fund', 'fund_manager']
/** Binary noise on thresholds: 0.7 × 0.35 × 100 is 24.499999999999996, not 24.5. */
const NOISE = 1e-9

/**
 * What an interest carries: its weight as a fraction (its shares, else its votes; 0 when neither is
 * known) and whether it controls (declared, else a majority of votes, else of shares). Each
 * percentage is checked once: this runs for every interest of a filed graph.
 */
const interestTerms = (i: OwnershipInterest): { weight: number; controls: boolean } => {
  const shares = isPct(i.sharesPct) ? i.sharesPct : undefined
  const votes = isPct(i.votingPct) ? i.votingPct : undefined
  return {
    weight: shares !== undefined ? shares / 100 : votes !== undefined ? votes / 100 : 0,
    controls: i.control === true || (votes !== undefined ? votes > 50 : shares !== undefined && shares > 50),
  }
}

const isPct = (v: number | undefined): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0

/**
 * The network the resolution walks: one edge per interest that carries weight or control (an
 * interest of unknown weight without control links nothing). Edges run owner → owned.
 */
interface Network {
  n: number
  entities: OwnershipEntity[]
  reporting: number
  from: Int32Array
  to: Int32Array
  /** weight as a fraction, 0 for a control-only interest */
  weight: Float64Array
  controlling: Uint8Array
  /** 0 where the owner's figure leaves it out: a first leg of its own indirect interest's chain */
  counts: Uint8Array
  /** interests the edge stands for on a path (an indirect one stands for its whole chain) */
  length: Int32Array
  /** an indirect edge whose chain passes through an offshore entity */
  offshoreVia: Uint8Array
  interest: Int32Array
  /** owned by an interest of known weight, or an intermediary of an indirect interest's chain */
  owned: Uint8Array
  /** the entity is in an offshore jurisdiction */
  offshore: Uint8Array
  notes: string[]
}

const buildNetwork = (graph: OwnershipGraph, offshore: ReadonlySet<string>): Network => {
  // One insertion per entity, taken backwards so that a ref's first declaration is the one kept
  // (a second is refused by checkOwnership; the first stands).
  const declared = graph.entities
  const index = new Map<string, number>()
  for (let k = declared.length - 1; k >= 0; k--) index.set(declared[k].ref, k)
  let entities = declared
  if (index.size < declared.length) {
    // some ref is declared twice: the first declarations, renumbered
    entities = []
    for (let k = 0; k < declared.length; k++) {
      if (index.get(declared[k].ref) === k) { index.set(declared[k].ref, entities.length); entities.push(declared[k]) }
    }
  }
  const n = entities.length
  const notes: string[] = []
  const owned = new Uint8Array(n)
  const offshoreEntity = new Uint8Array(n)
  // Entities share a few jurisdictions: each spelling is upper-cased and looked up once.
  const offshoreSpelling = new Map<string, boolean>()
  for (let v = 0; v < n; v++) {
    const j = entities[v].jurisdiction
    let isOffshore = offshoreSpelling.get(j)
    if (isOffshore === undefined) offshoreSpelling.set(j, isOffshore = offshore.has(j.toUpperCase()))
    if (isOffshore) offshoreEntity[v] = 1
  }
  const interests = graph.interests
  const capacity = interests.length
  const from = new Int32Array(capacity)
  const to = new Int32Array(capacity)
  const weight = new Float64Array(capacity)
  const controlling = new Uint8Array(capacity)
  const counts = new Uint8Array(capacity).fill(1)
  const length = new Int32Array(capacity).fill(1)
  const offshoreVia = new Uint8Array(capacity)
  const interest = new Int32Array(capacity)
  const firstLegs = new Map<number, Set<number>>() // indirect owner → its chains' intermediaries
  let m = 0
  for (let k = 0; k < capacity; k++) {
    const i = interests[k]
    const owner = index.get(i.owner)
    const ownedEntity = index.get(i.owned)
    if (owner === undefined || ownedEntity === undefined) {
      const missing = owner === undefined ? i.owner : i.owned
      notes.push(`Interest ${k} (${i.owner} → ${i.owned}) names "${missing}", which is not declared: it was left out.`)
      continue
    }
    if (i.indirect && i.through) {
      let legs = firstLegs.get(owner)
      if (!legs) firstLegs.set(owner, legs = new Set())
      for (const ref of i.through) {
        const via = index.get(ref)
        if (via === undefined) continue
        owned[via] = 1
        legs.add(via)
        length[m]++
        if (offshoreEntity[via]) offshoreVia[m] = 1
      }
    }
    const { weight: w, controls } = interestTerms(i)
    if (!(w > 0) && !controls) {
      notes.push(`Interest ${k} (${i.owner} → ${i.owned}) gives no known share, votes or control: it resolves nothing.`)
      length[m] = 1
      offshoreVia[m] = 0
      continue
    }
    from[m] = owner
    to[m] = ownedEntity
    weight[m] = w
    if (w > 0) owned[ownedEntity] = 1
    controlling[m] = controls ? 1 : 0
    interest[m] = k
    m++
  }
  // the first legs of an owner's own indirect chains are inside its indirect figure already
  if (firstLegs.size) for (let e = 0; e < m; e++) if (firstLegs.get(from[e])?.has(to[e])) counts[e] = 0
  return {
    n, entities, reporting: index.get(graph.reportingEntity) ?? -1,
    from: from.subarray(0, m), to: to.subarray(0, m), weight: weight.subarray(0, m),
    controlling: controlling.subarray(0, m), counts: counts.subarray(0, m), length: length.subarray(0, m),
    offshoreVia: offshoreVia.subarray(0, m), interest: interest.subarray(0, m), owned, offshore: offshoreEntity, notes,
  }
}

export const resolveOwnership = (graph: OwnershipGraph, settings: ResolutionSettings = {}): OwnershipResolution => {
  const threshold = settings.ultimateControllerPct ?? 25
  const offshore = new Set((settings.offshoreJurisdictions ?? OFFSHORE_JURISDICTIONS).map(j => j.toUpperCase()))
  const net = buildNetwork(graph, offshore)
  const { n, entities, reporting: R, from, to, controlling } = net
  if (R < 0) {
    return {
      reportingEntity: graph.reportingEntity, entities: [], ultimateControllers: [], resolvedPct: 0,
      resolvedPctRounded: 0, peBacked: false, peHolders: [], offshore: false, depth: 0, cycles: [],
      notes: [...net.notes, `The reporting entity "${graph.reportingEntity}" is not declared: nothing resolves.`],
    }
  }
  const out = adjacency(n, from, to)
  const into = adjacency(n, to, from)
  const components = strongComponents(n, out)

  const notes = [...net.notes]
  const { x, reaches, heaviestVia } = settle(net, out, into, components, notes)

  // controls: a path of controlling interests down to R
  const controls = new Uint8Array(n)
  const controlVia = new Int32Array(n).fill(-1)
  controls[R] = 1
  walkUp(R, into, (e, owner) => {
    if (!controlling[e] || controls[owner]) return false
    controls[owner] = 1
    controlVia[owner] = e
    return true
  })

  const pct = (v: number) => x[v] * 100
  const qualifies = (v: number) => pct(v) >= threshold - NOISE || controls[v] === 1

  const pathOf = (v: number) => {
    const via = x[v] > 0 ? heaviestVia : controlVia
    const refs = [entities[v].ref]
    const since: string[] = []
    for (let cur = v, steps = 0; cur !== R && via[cur] >= 0 && steps <= n; steps++) {
      const e = via[cur]
      const i = graph.interests[net.interest[e]]
      if (i.indirect) refs.push(...(i.through ?? []))
      if (i.since) since.push(i.since)
      cur = to[e]
      refs.push(entities[cur].ref)
    }
    return { refs, heldSince: since.length ? since.reduce((a, b) => (b > a ? b : a)) : undefined }
  }

  // The roots, and what the unidentified hold unresolved, in one pass over the entities (each a
  // read of its object, which a filed graph of 100,000 spreads over memory). The rounded figures of
  // the roots add up to the rounded resolvedPct.
  const root = new Uint8Array(n)
  const rootList: number[] = []
  const rounded = new Float64Array(n)
  let resolvedPct = 0
  for (let v = 0; v < n; v++) {
    rounded[v] = roundPct(pct(v))
    if (net.owned[v]) continue
    if (entities[v].unidentified) {
      if (x[v] > 0) notes.push(`${label(entities[v])} is not identified: the ${roundPct(pct(v))}% it holds stays unresolved.`)
      continue
    }
    root[v] = 1
    rootList.push(v)
    resolvedPct += pct(v)
  }
  const rootRounded = roundParts(rootList.map(pct))
  rootList.forEach((v, k) => { rounded[v] = rootRounded[k] })

  const resolvedEntities: ResolvedEntity[] = entities.map((e, v) => ({
    ref: e.ref, name: e.name, kind: e.kind, jurisdiction: e.jurisdiction,
    effectivePct: pct(v), controls: controls[v] === 1, root: root[v] === 1, effectivePctRounded: rounded[v],
  }))

  const controllers = rootList.filter(qualifies).sort((a, b) => x[b] - x[a] || a - b)
  const ultimateControllers: UltimateController[] = controllers.map(v => ({
    ref: entities[v].ref, name: entities[v].name, kind: entities[v].kind, jurisdiction: entities[v].jurisdiction,
    effectivePct: pct(v), effectivePctRounded: rounded[v], controls: controls[v] === 1, path: pathOf(v).refs,
  }))

  const peHolders: PrivateEquityHolder[] = []
  for (let v = 0; v < n; v++) {
    if (!qualifies(v) || !PRIVATE_EQUITY.includes(entities[v].kind)) continue
    const { heldSince } = pathOf(v)
    peHolders.push({
      ref: entities[v].ref, name: entities[v].name, effectivePct: pct(v), controls: controls[v] === 1,
      ...(heldSince ? { heldSince } : {}),
    })
  }

  const { offshore: offshoreChain, depth } = chainsToControllers(net, out, components, reaches, controllers)

  return {
    reportingEntity: graph.reportingEntity,
    entities: resolvedEntities,
    ultimateControllers,
    resolvedPct,
    resolvedPctRounded: roundPct(resolvedPct),
    peBacked: peHolders.length > 0,
    peHolders,
    offshore: offshoreChain,
    depth,
    cycles: crossHoldings(net, out, components, root),
    notes,
  }
}

const label = (e: OwnershipEntity) => `"${e.name}" (${e.ref})`

const divergent = (members: ArrayLike<number>, net: Network) =>
  `Cross-holding ${Array.from(members, v => net.entities[v].ref).join(', ')} holds itself wholly: the series does not ` +
  'converge, so only its members\' holdings outside it are counted.'

/** Breadth-first from `start` up the owners; `visit(edge, owner)` says whether to go on from the owner. */
const walkUp = (start: number, into: Links, visit: (e: number, owner: number) => boolean) => {
  const queue = new Int32Array(into.start.length)
  let head = 0
  let tail = 0
  queue[tail++] = start
  while (head < tail) {
    const v = queue[head++]
    for (let k = into.start[v]; k < into.start[v + 1]; k++) {
      const owner = into.target[k]
      if (owner === start) continue
      if (visit(into.edgeOf[k], owner)) queue[tail++] = owner
    }
  }
}

/**
 * Takes the components sinks first, so that whatever an entity owns into is settled before it is:
 * - x: its effective share of R as a fraction. x_E = Σ w·x_F over E's interests, x_R = 1: R's own
 *   interests are not followed, every path ends where it first reaches R. A cycle's members are
 *   solved together (cross-holding.ts).
 * - reaches: some path of weight or control leads from it down to R.
 * - heaviestVia: the first interest of its heaviest path (largest product of weights) to R.
 *   Weights are at most 1, so a cycle never makes a path heavier: within a cycle the heaviest paths
 *   are found like shortest paths (Dijkstra), between components by one pass.
 */
const settle = (
  net: Network, out: Links, into: Links, components: Components, notes: string[],
) => {
  const { n, reporting: R, weight, counts } = net
  const { first: componentStart, members } = components
  const figures: Figures = {
    x: new Float64Array(n), reaches: new Uint8Array(n), best: new Float64Array(n), heaviestVia: new Int32Array(n).fill(-1),
    position: new Int32Array(n), settled: new Uint8Array(n), heap: undefined,
  }
  const { x, reaches, best, heaviestVia } = figures
  x[R] = reaches[R] = best[R] = 1
  for (let c = 0; c < components.count; c++) {
    if (componentStart[c + 1] - componentStart[c] > 1) {
      settleCycle(net, out, into, components, c, figures, notes)
      continue
    }
    const v = members[componentStart[c]]
    if (v === R) continue
    let s = 0
    let self = 0
    let heaviest = 0
    let first = -1
    for (let k = out.start[v]; k < out.start[v + 1]; k++) {
      const e = out.edgeOf[k]
      const t = out.target[k]
      if (t === v) { if (counts[e]) self += weight[e]; continue }
      if (reaches[t]) reaches[v] = 1
      if (!counts[e]) continue
      s += weight[e] * x[t]
      const path = Math.min(weight[e], 1) * best[t]
      if (path > heaviest) { heaviest = path; first = e }
    }
    if (self >= 1 && s > 0) notes.push(divergent([v], net))
    x[v] = self > 0 && self < 1 ? s / (1 - self) : s
    best[v] = heaviest
    heaviestVia[v] = first
  }
  return { x, reaches, heaviestVia }
}

/** settle's figures per entity, and the scratch its cycles share */
interface Figures {
  x: Float64Array
  reaches: Uint8Array
  best: Float64Array
  heaviestVia: Int32Array
  /** a cycle member's place in its cycle */
  position: Int32Array
  settled: Uint8Array
  heap: MaxHeap | undefined
}

/**
 * A cycle (component c): what its members reach outside it, then the members together. Kept apart
 * from settle's loop over the components, so that the loop is optimised on its own: with this
 * rarer work inline (allocations, the solver, the heap), V8 threw the loop's optimised code away
 * and recompiled it on every resolution of a large graph.
 */
const settleCycle = (
  net: Network, out: Links, into: Links, components: Components, c: number, figures: Figures, notes: string[],
) => {
  const { n, reporting: R, from, weight, counts } = net
  const { of: componentOf, first: componentStart, members } = components
  const { x, reaches, best, heaviestVia, position, settled } = figures
  const m = members.subarray(componentStart[c], componentStart[c + 1])
  let size = 0
  for (const v of m) position[v] = v === R ? -1 : size++
  const outside = new Float64Array(size)
  const rows: number[] = []
  const cols: number[] = []
  const ws: number[] = []
  let reached = componentOf[R] === c
  for (const v of m) {
    if (v === R) continue
    for (let k = out.start[v]; k < out.start[v + 1]; k++) {
      const e = out.edgeOf[k]
      const t = out.target[k]
      const inside = componentOf[t] === c && t !== R
      if (!inside && reaches[t]) reached = true
      if (!counts[e] || weight[e] === 0) continue
      if (inside) { rows.push(position[v]); cols.push(position[t]); ws.push(weight[e]); continue }
      outside[position[v]] += weight[e] * x[t]
      const path = Math.min(weight[e], 1) * best[t]
      if (path > best[v]) { best[v] = path; heaviestVia[v] = e }
    }
  }
  if (!reached) return // reaches nothing: every member stays at 0
  for (const v of m) reaches[v] = 1
  const solved = solveCrossHolding(size, new Int32Array(rows), new Int32Array(cols), new Float64Array(ws), outside)
  if (!solved) notes.push(divergent(m.filter(v => v !== R), net))
  for (const v of m) if (v !== R) x[v] = solved ? solved[position[v]] : outside[position[v]]

  const heap = figures.heap ??= new MaxHeap(from.length + n + 1)
  for (const v of m) if (best[v] > 0) heap.push(best[v], v)
  while (heap.size > 0) {
    const f = heap.popNode()
    if (settled[f]) continue
    settled[f] = 1
    for (let k = into.start[f]; k < into.start[f + 1]; k++) {
      const e = into.edgeOf[k]
      const owner = into.target[k]
      if (owner === R || componentOf[owner] !== c || settled[owner] || !counts[e] || !(weight[e] > 0)) continue
      const path = Math.min(weight[e], 1) * best[f]
      if (path > best[owner]) { best[owner] = path; heaviestVia[owner] = e; heap.push(path, owner) }
    }
  }
}

class MaxHeap {
  private readonly keys: Float64Array
  private readonly nodes: Int32Array
  size = 0
  constructor(capacity: number) {
    this.keys = new Float64Array(capacity)
    this.nodes = new Int32Array(capacity)
  }
  push(key: number, node: number) {
    let i = this.size++
    while (i > 0) {
      const p = (i - 1) >> 1
      if (this.keys[p] >= key) break
      this.keys[i] = this.keys[p]; this.nodes[i] = this.nodes[p]; i = p
    }
    this.keys[i] = key; this.nodes[i] = node
  }
  popNode(): number {
    const top = this.nodes[0]
    const key = this.keys[--this.size]
    const node = this.nodes[this.size]
    let i = 0
    for (;;) {
      let c = 2 * i + 1
      if (c >= this.size) break
      if (c + 1 < this.size && this.keys[c + 1] > this.keys[c]) c++
      if (this.keys[c] <= key) break
      this.keys[i] = this.keys[c]; this.nodes[i] = this.nodes[c]; i = c
    }
    this.keys[i] = key; this.nodes[i] = node
    return top
  }
}

/**
 * Whether a chain from an ultimate controller down to R passes through (or starts at) an offshore
 * entity, and the most interests on any such chain. Taken over the components sinks first; a
 * cycle is counted as its members less one (the longest simple path through it), so it is bounded.
 */
const chainsToControllers = (
  net: Network, out: Links, components: Components, reaches: Uint8Array, controllers: number[],
) => {
  const { reporting: R, length, offshoreVia, offshore } = net
  // finding the chains takes every component once: with no controller but R, none is needed
  if (!controllers.some(v => v !== R)) return { offshore: false, depth: 0 }
  const { of: componentOf, first, members } = components
  const depthTo = new Int32Array(components.count)
  const offshoreTo = new Uint8Array(components.count)
  const home = componentOf[R]
  for (let c = 0; c < components.count; c++) {
    if (!reaches[members[first[c]]]) continue
    let off = false
    for (let j = first[c]; j < first[c + 1]; j++) if (members[j] !== R && offshore[members[j]]) off = true
    let deepest = 0
    for (let j = first[c]; j < first[c + 1]; j++) {
      const v = members[j]
      if (v === R) continue
      for (let k = out.start[v]; k < out.start[v + 1]; k++) {
        const e = out.edgeOf[k]
        const t = out.target[k]
        if (!reaches[t]) continue
        if (offshoreVia[e]) off = true
        if (componentOf[t] === c) continue
        deepest = Math.max(deepest, length[e] + (t === R ? 0 : depthTo[componentOf[t]]))
        if (t !== R && offshoreTo[componentOf[t]]) off = true
      }
    }
    // R's own cycle: its other members reach R within it
    depthTo[c] = (c === home ? 0 : deepest) + first[c + 1] - first[c] - 1
    offshoreTo[c] = off ? 1 : 0
  }
  let depth = 0
  let off = false
  for (const v of controllers) {
    if (v === R) continue
    depth = Math.max(depth, depthTo[componentOf[v]])
    if (offshoreTo[componentOf[v]]) off = true
  }
  return { offshore: off, depth }
}

/** Every cycle of interests (and an entity holding its own shares), and whether a root owns into it. */
const crossHoldings = (
  net: Network, out: Links, components: Components, root: Uint8Array,
): OwnershipCycle[] => {
  const { n, entities, from, to, weight } = net
  const { first, members } = components
  const selfHeld = new Uint8Array(n)
  for (let e = 0; e < from.length; e++) if (from[e] === to[e]) selfHeld[from[e]] = 1
  const cyclic: number[] = []
  for (let c = 0; c < components.count; c++) {
    if (first[c + 1] - first[c] > 1 || selfHeld[members[first[c]]]) cyclic.push(c)
  }
  if (cyclic.length === 0) return []
  // everything a root owns into, through interests of known weight
  const reached = new Uint8Array(n)
  const queue = new Int32Array(n)
  let tail = 0
  for (let v = 0; v < n; v++) if (root[v]) { reached[v] = 1; queue[tail++] = v }
  for (let head = 0; head < tail; head++) {
    const v = queue[head]
    for (let k = out.start[v]; k < out.start[v + 1]; k++) {
      const t = out.target[k]
      if (weight[out.edgeOf[k]] > 0 && !reached[t]) { reached[t] = 1; queue[tail++] = t }
    }
  }
  // in the order of their first members (each component's members are ascending)
  return cyclic
    .sort((a, b) => members[first[a]] - members[first[b]])
    .map(c => {
      const m = members.subarray(first[c], first[c + 1])
      return { refs: Array.from(m, v => entities[v].ref), ownedByRoot: m.some(v => reached[v] === 1) }
    })
}
