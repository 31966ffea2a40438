// A small deterministic PRNG for the demo market: the same seed gives the same market, byte for byte.

/** FNV-1a hash of a string, mixed with a base seed: each group draws from its own stream. */
export function seedOf(text: string, base: number): number {
  let h = (0x811c9dc5 ^ base) >>> 0
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h
}

/** mulberry32: 32-bit state, good enough spread for demo figures, no dependencies. */
export class Rng {
  private state: number
  constructor(seed: number) { this.state = seed >>> 0 }

  /** uniform in [0, 1) */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** integer in [lo, hi], both inclusive */
  int(lo: number, hi: number): number { return lo + Math.floor(this.next() * (hi - lo + 1)) }

  pick<T>(items: readonly T[]): T { return items[Math.floor(this.next() * items.length)] }

  /** one item, chosen with probability proportional to its weight */
  weighted<T>(items: readonly T[], weight: (item: T) => number): T {
    const total = items.reduce((s, i) => s + weight(i), 0)
    let r = this.next() * total
    for (const item of items) {
      r -= weight(item)
      if (r < 0) return item
    }
    return items[items.length - 1]
  }
}
