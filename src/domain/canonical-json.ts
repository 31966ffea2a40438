// RFC 8785 (JCS) canonical JSON for values already known to be JSON: parsed request bodies that
// validation has checked (finite numbers, no lone surrogates). The canonicalize library is the
// reference (the tests hold this to it on generated values); it re-checks every string for lone
// surrogates, tracks cycles and concatenates strings level by level, which made hashing a full
// return cost more than assessing it. Here a copy with sorted keys goes through the native
// JSON.stringify, whose numbers and strings are RFC 8785's.

// Objects list integer-like keys first whatever their insertion order: those go the slow way.
const INDEX_LIKE = /^(?:0|[1-9]\d*)$/

const sorted = (value: unknown): unknown => {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError('not a finite number')
    return value
  }
  if (Array.isArray(value)) {
    const out = new Array(value.length)
    for (let i = 0; i < value.length; i++) out[i] = sorted(value[i] ?? null)
    return out
  }
  const record = value as Record<string, unknown>
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(record).sort()) {
    if (INDEX_LIKE.test(key)) throw new IndexLikeKey()
    out[key] = sorted(record[key])
  }
  return out
}

class IndexLikeKey extends Error {}

const slow = (value: unknown): string => {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (Array.isArray(value)) return `[${value.map((v) => slow(v ?? null)).join(',')}]`
  const record = value as Record<string, unknown>
  return `{${Object.keys(record).sort().filter((k) => record[k] !== undefined && typeof record[k] !== 'function')
    .map((k) => `${JSON.stringify(k)}:${slow(record[k])}`).join(',')}}`
}

/** Keys in UTF-16 code unit order (Array.prototype.sort's), JSON.stringify's numbers and strings. */
export function canonicalJson(value: unknown): string {
  try {
    return JSON.stringify(sorted(value)) ?? 'null'
  } catch (err) {
    if (err instanceof IndexLikeKey) return slow(value)
    throw err
  }
}

/**
 * Whether two JSON values are the same, key order aside: what comparing their canonical texts
 * says, without writing either out (the register compares every open flag's evidence).
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i] ?? null, b[i] ?? null)) return false
    return true
  }
  if (Array.isArray(b)) return false
  const x = a as Record<string, unknown>
  const y = b as Record<string, unknown>
  let members = 0
  for (const key of Object.keys(x)) {
    if (x[key] === undefined) continue
    members++
    if (!Object.hasOwn(y, key) || y[key] === undefined || !jsonEqual(x[key], y[key])) return false
  }
  for (const key of Object.keys(y)) if (y[key] !== undefined) members--
  return members === 0
}
