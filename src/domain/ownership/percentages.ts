// Percentages are shown to two decimals; parts that make up a whole are rounded so that the
// rounded parts add up to the rounded whole (three thirds show as 33.33 + 33.33 + 33.34 = 100.00).

/** Hundredths, tolerant of binary noise such as 24.999999999999996. */
const hundredths = (v: number) => v * 100 + 1e-7

export const roundPct = (v: number): number => Math.floor(hundredths(v) + 0.5) / 100

/**
 * Rounds each part to two decimals so that they sum to the whole rounded (largest remainder): the
 * parts with the largest remainders (on a tie, the earlier part) take the hundredths the floors
 * fall short by; should the floors overshoot, those with the smallest (on a tie, the later part)
 * give them back.
 */
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
  // NaN when a part is not finite: then nothing is moved
  const short = Math.floor(hundredths(sum) + 0.5) - floorSum
  // Who moves is decided by a threshold remainder rather than by sorting the parts with a
  // comparator: a plain sort of the remainders is native, and the roots of a filed graph can be
  // tens of thousands of parts.
  if (short > 0) {
    const take = Math.min(short, n)
    const threshold = rests.slice().sort()[n - take]
    let ties = take
    for (let i = 0; i < n; i++) if (rests[i] > threshold) ties--
    for (let i = 0; i < n; i++) if (rests[i] > threshold || (rests[i] === threshold && ties-- > 0)) floors[i]++
  } else if (short < 0) {
    // only a part of at least a hundredth can give one back
    const givers = rests.filter((_, i) => floors[i] > 0).sort()
    if (givers.length > 0) {
      const give = Math.min(-short, givers.length)
      const threshold = givers[give - 1]
      let ties = give
      for (let i = 0; i < n; i++) if (floors[i] > 0 && rests[i] < threshold) ties--
      for (let i = n - 1; i >= 0; i--) {
        if (floors[i] > 0 && (rests[i] < threshold || (rests[i] === threshold && ties-- > 0))) floors[i]--
      }
    }
  }
  const rounded = new Array<number>(n)
  for (let i = 0; i < n; i++) rounded[i] = floors[i] / 100
  return rounded
}
