// Strongly connected components of a graph in compressed adjacency form (CSR): Tarjan's algorithm
// with an explicit stack, because filed graphs may be deep enough (100k entities) to overflow the
// call stack.

/** A directed graph on nodes 0..n-1: the targets of node v are `target[start[v]..start[v+1]-1]`. */
export interface Adjacency {
  start: Int32Array
  target: Int32Array
}

/**
 * The components in one flat list, like an adjacency: component c's members, ascending, are
 * `members[first[c]..first[c+1]-1]`. A large filed graph has about as many components as
 * entities, most of one entity: an array (or a typed subarray) each is garbage the collector pays for.
 */
export interface Components {
  /** component of each node */
  of: Int32Array
  /** how many components; a component comes after every component it reaches (sinks first) */
  count: number
  first: Int32Array
  members: Int32Array
}

export const strongComponents = (n: number, adj: Adjacency): Components => {
  const { start, target } = adj
  const index = new Int32Array(n).fill(-1)
  const low = new Int32Array(n)
  const onStack = new Uint8Array(n)
  const of = new Int32Array(n).fill(-1)
  const stack = new Int32Array(n)
  let stackTop = 0
  const callNode = new Int32Array(n)
  const callNext = new Int32Array(n) // position in the node's targets to resume from
  const first = new Int32Array(n + 1)
  const members = new Int32Array(n)
  let count = 0
  let counter = 0

  for (let s = 0; s < n; s++) {
    if (index[s] !== -1) continue
    let depth = 0
    callNode[0] = s
    callNext[0] = start[s]
    index[s] = low[s] = counter++
    stack[stackTop++] = s
    onStack[s] = 1
    while (depth >= 0) {
      const v = callNode[depth]
      const end = start[v + 1]
      let descended = false
      while (callNext[depth] < end) {
        const w = target[callNext[depth]++]
        if (index[w] === -1) {
          index[w] = low[w] = counter++
          stack[stackTop++] = w
          onStack[w] = 1
          depth++
          callNode[depth] = w
          callNext[depth] = start[w]
          descended = true
          break
        }
        if (onStack[w] && index[w] < low[v]) low[v] = index[w]
      }
      if (descended) continue
      if (low[v] === index[v]) {
        let size = 0
        while (stack[stackTop - 1 - size] !== v) size++
        size++
        const at = first[count]
        stackTop -= size
        for (let k = 0; k < size; k++) {
          const w = stack[stackTop + k]
          members[at + k] = w
          onStack[w] = 0
          of[w] = count
        }
        if (size > 1) members.subarray(at, at + size).sort()
        first[++count] = at + size
      }
      depth--
      if (depth >= 0) {
        const parent = callNode[depth]
        if (low[v] < low[parent]) low[parent] = low[v]
      }
    }
  }
  return { of, count, first, members }
}

/** Builds the adjacency of nodes 0..n-1 from edge lists; `edgeOf` maps each slot back to its edge. */
export const adjacency = (n: number, from: Int32Array, to: Int32Array): Adjacency & { edgeOf: Int32Array } => {
  const start = new Int32Array(n + 1)
  for (let e = 0; e < from.length; e++) start[from[e] + 1]++
  for (let v = 0; v < n; v++) start[v + 1] += start[v]
  const fill = start.slice(0, n)
  const target = new Int32Array(from.length)
  const edgeOf = new Int32Array(from.length)
  for (let e = 0; e < from.length; e++) {
    const slot = fill[from[e]]++
    target[slot] = to[e]
    edgeOf[slot] = e
  }
  return { start, target, edgeOf }
}
