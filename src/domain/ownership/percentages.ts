// Percentages are shown to two decimals; parts that make up a whole are rounded so that the
// rounded parts add up to the rounded whole (three thirds show as 33.33 + 33.33 + 33.34 = 100.00).

/** Hundredths, tolerant of binary noise such as 24.999999999999996. */
const hundredths = (v: number) => v * 100 + 1e-7

export const roundPct = (v: number): number => Math.floor(hundredths(v) + 0.5) / 100

/** Rounds each part to two decimals so that they sum to the whole rounded (largest remainder). */
export const roundParts = (parts: readonly number[]): number[] => {
  const n = parts.length
  const floors = new Float64Array(n)
  const rests = new Float64Array(n)
  let sum = 0
  let floorSum = 0
  for (let i = 0; i < n; i++) {
    const v = parts[i]
    const h = hundredths(v)
    floors[i] = Math.floor(h)
    rests[i] = h - floors[i]
    sum += v
    floorSum += floors[i]
  }
  let short = Math.floor(hundredths(sum) + 0.5) - floorSum
  if (short !== 0) {
    const order = new Array<number>(n)
    for (let i = 0; i < n; i++) order[i] = i
    order.sort((a, b) => rests[b] - rests[a] || a - b)
    for (let k = 0; short > 0 && k < n; k++, short--) floors[order[k]]++
    for (let k = n - 1; short < 0 && k >= 0; k--) if (floors[order[k]] > 0) { floors[order[k]]--; short++ }
  }
  const rounded = new Array<number>(n)
  for (let i = 0; i < n; i++) rounded[i] = floors[i] / 100
  return rounded
}
