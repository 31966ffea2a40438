// RFC 8785 (JCS) canonical JSON for values already known to be JSON: parsed request bodies that
// validation has checked (finite numbers, no lone surrogates). The canonicalize library is the
// reference (the tests hold this to it on generated values); it re-checks every string for lone
// surrogates, tracks cycles and concatenates strings level by level, which made hashing a full
// return cost more than assessing it. Here a copy with sorted keys goes through the native
// JSON.stringify, whose numbers and strings are RFC 8785's. (Writing the text by hand was slower
// than that copy; so was one native JSON.stringify given the sorted union of all keys as a
// replacer array, which V8 serialises off its fast path, looking up every listed key in every object.)

// Objects list integer-like keys first whatever their insertion order: those go the slow way.
const INDEX_LIKE = /^(?:0|[1-9]\d*)$/
const isIndexLike = (key: string) => {
  const c = key.charCodeAt(0)
  return c >= 0x30 && c <= 0x39 && INDEX_LIKE.test(key)
}

// Most objects have a dozen keys or fewer; for those an insertion sort by `>` (UTF-16 code units,
// as the default sort compares) costs a fraction of Array.prototype.sort, which was a third of
// the whole canonicalisation of a full return.
const sortKeys = (keys: string[]) => {
  if (keys.length > 16) return keys.sort()
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]
    let j = i - 1
    for (; j >= 0 && keys[j] > key; j--) keys[j + 1] = keys[j]
    keys[j + 1] = key
  }
  return keys
}

// JSON has no NaN or Infinity (JSON.stringify would write null): refused, on either path.
const finite = (value: unknown) => {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError('not a finite number')
  return value
}

const sorted = (value: unknown): unknown => {
  if (value === null || typeof value !== 'object') return finite(value)
  if (Array.isArray(value)) {
    const out = new Array(value.length)
    for (let i = 0; i < value.length; i++) out[i] = sorted(value[i] ?? null)
    return out
  }
  const record = value as Record<string, unknown>
  const out: Record<string, unknown> = {}
  const keys = sortKeys(Object.keys(record))
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]
    if (isIndexLike(key)) throw new IndexLikeKey()
    out[key] = sorted(record[key])
  }
  return out
}

class IndexLikeKey extends Error {}

// What JSON.stringify leaves out of an object and writes as null in an array.
const omitted = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol'

const slow = (value: unknown): string => {
  if (value === null || typeof value !== 'object') return JSON.stringify(finite(value)) ?? 'null'
  if (Array.isArray(value)) return `[${value.map((v) => (omitted(v) ? 'null' : slow(v))).join(',')}]`
  const record = value as Record<string, unknown>
  return `{${sortKeys(Object.keys(record)).filter((k) => !omitted(record[k]))
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
