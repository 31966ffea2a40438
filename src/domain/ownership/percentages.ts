// Percentages are shown to two decimals; parts that make up a whole are rounded so that the
// rounded parts add up to the rounded whole (three thirds show as 33.33 + 33.33 + 33.34 = 100.00).

/** Hundredths, tolerant of binary noise such as 24.999999999999996. */
const hundredths = (v: number) => v * 100 + 1e-7

export const roundPct = (v: number): number => Math.floor(hundredths(v) + 0.5) / 100

/** Rounds each part to two decimals so that they sum to the whole rounded (largest remainder). */
export const roundParts = (parts: readonly number[]): number[] => {
  const whole = Math.floor(hundredths(parts.reduce((s, v) => s + v, 0)) + 0.5)
  const floors = parts.map(v => Math.floor(hundredths(v)))
  let short = whole - floors.reduce((s, v) => s + v, 0)
  const order = parts
    .map((v, i) => ({ i, rest: hundredths(v) - floors[i] }))
    .sort((a, b) => b.rest - a.rest || a.i - b.i)
  for (let k = 0; short > 0 && k < order.length; k++, short--) floors[order[k].i]++
  for (let k = order.length - 1; short < 0 && k >= 0; k--) if (floors[order[k].i] > 0) { floors[order[k].i]--; short++ }
  return floors.map(h => h / 100)
}
