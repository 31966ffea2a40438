import type { Covenant } from './annual-return.js'

/**
 * Room before breach as a fraction of the limit (RULES.md `covenantHeadroom`); negative = breached.
 * max-type (leverage ≤ 6.5): (limit − actual) / limit; min-type (interest cover ≥ 2.0):
 * (actual − limit) / limit. Divided by |limit| so the sign still means breach for a negative
 * limit; a limit of 0 (or so near it that the fraction overflows) has no fraction to give, so the
 * headroom is undefined (null).
 */
export const covenantHeadroom = (c: Pick<Covenant, 'kind' | 'limit' | 'actual'>): number | null => {
  const headroom = (c.kind === 'max' ? c.limit - c.actual : c.actual - c.limit) / Math.abs(c.limit)
  return Number.isFinite(headroom) ? headroom : null
}
