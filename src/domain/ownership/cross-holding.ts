// A cross-holding (a cycle of interests) counts as the limit of the sum over ever-longer paths
// (RULES.md). For the members of one cycle that is the solution of x = W·x + c, where W holds the
// weights of the interests among them and c what each member reaches outside the cycle. The series
// converges exactly when W's spectral radius is below 1; it is not when every member's shares are
// held wholly inside the cycle (then nobody outside can own into it).

/** Up to this many members the system is solved exactly; beyond, by Gauss–Seidel iteration. */
const DENSE_LIMIT = 300
/** Work bound for the iteration (interest visits), so a slowly converging cycle cannot hang a request. */
const ITERATION_BUDGET = 50_000_000
const TOLERANCE = 1e-14

/**
 * Solves x = W·x + c for the `size` members of a cycle; W is given as (row, col, weight) triples,
 * row owning into col. Returns null when the series does not converge.
 */
export const solveCrossHolding = (
  size: number, rows: Int32Array, cols: Int32Array, weights: Float64Array, c: Float64Array,
): Float64Array | null =>
  size <= DENSE_LIMIT ? solveExactly(size, rows, cols, weights, c) : solveByIteration(size, rows, cols, weights, c)

const solveExactly = (
  n: number, rows: Int32Array, cols: Int32Array, weights: Float64Array, c: Float64Array,
): Float64Array | null => {
  // A = I − W, augmented with c
  const width = n + 1
  const a = new Float64Array(n * width)
  for (let i = 0; i < n; i++) { a[i * width + i] = 1; a[i * width + n] = c[i] }
  for (let k = 0; k < rows.length; k++) a[rows[k] * width + cols[k]] -= weights[k]
  for (let col = 0; col < n; col++) {
    let pivot = col
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r * width + col]) > Math.abs(a[pivot * width + col])) pivot = r
    // I − W is singular exactly when the cycle holds itself wholly (spectral radius 1)
    if (Math.abs(a[pivot * width + col]) < 1e-12) return null
    if (pivot !== col) {
      for (let k = col; k < width; k++) {
        const t = a[col * width + k]; a[col * width + k] = a[pivot * width + k]; a[pivot * width + k] = t
      }
    }
    const p = a[col * width + col]
    for (let r = col + 1; r < n; r++) {
      const f = a[r * width + col] / p
      if (f === 0) continue
      for (let k = col; k < width; k++) a[r * width + k] -= f * a[col * width + k]
    }
  }
  const x = new Float64Array(n)
  for (let i = n - 1; i >= 0; i--) {
    let s = a[i * width + n]
    for (let k = i + 1; k < n; k++) s -= a[i * width + k] * x[k]
    x[i] = s / a[i * width + i]
  }
  // With a spectral radius above 1 the solution of the linear system is not the series' limit:
  // it then has a negative component (Perron–Frobenius), which a sum of holdings never has.
  for (let i = 0; i < n; i++) {
    if (!(x[i] > -1e-9)) return null
    if (x[i] < 0) x[i] = 0
  }
  return x
}

const solveByIteration = (
  n: number, rows: Int32Array, cols: Int32Array, weights: Float64Array, c: Float64Array,
): Float64Array | null => {
  const start = new Int32Array(n + 1)
  for (let k = 0; k < rows.length; k++) start[rows[k] + 1]++
  for (let i = 0; i < n; i++) start[i + 1] += start[i]
  const fill = start.slice(0, n)
  const col = new Int32Array(rows.length)
  const w = new Float64Array(rows.length)
  for (let k = 0; k < rows.length; k++) { const s = fill[rows[k]]++; col[s] = cols[k]; w[s] = weights[k] }
  // From x = 0 the iterates only grow (every weight is ≥ 0), towards the limit or without bound.
  const x = new Float64Array(n)
  let work = 0
  for (;;) {
    let change = 0
    for (let i = 0; i < n; i++) {
      let s = c[i]
      for (let k = start[i]; k < start[i + 1]; k++) s += w[k] * x[col[k]]
      const d = s - x[i]
      if (d > change) change = d
      x[i] = s
      if (s > 1e6) return null
    }
    if (change <= TOLERANCE) return x
    work += rows.length + n
    if (work > ITERATION_BUDGET) return null
  }
}
