import t from 'tap'
import fc from 'fast-check'
import canonicalize from 'canonicalize'
import { canonicalJson, jsonEqual } from '../../src/domain/canonical-json.js'

t.test('the same text as the canonicalize library (RFC 8785) for any JSON value', async (t) => {
  fc.assert(fc.property(fc.jsonValue(), (v) => canonicalJson(v) === canonicalize(v)), { seed: 20261123, numRuns: 2000 })
  // keys that look like array indices are listed first by JavaScript objects, whatever their order
  fc.assert(fc.property(fc.dictionary(fc.oneof(fc.nat().map(String), fc.string()), fc.jsonValue()),
    (v) => canonicalJson({ nested: [v] }) === canonicalize({ nested: [v] })), { seed: 20261124, numRuns: 1000 })
  t.pass('3,000 generated values')
})

// The implementation before keys were insertion-sorted and the slow path written by hand: the
// oracle for byte-for-byte sameness on finite JSON values.
const previous = (value: unknown): string => {
  class IndexLike extends Error {}
  const sorted = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v
    if (Array.isArray(v)) return v.map((x) => sorted(x ?? null))
    const r = v as Record<string, unknown>
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(r).sort()) {
      if (/^(?:0|[1-9]\d*)$/.test(k)) throw new IndexLike()
      out[k] = sorted(r[k])
    }
    return out
  }
  const slow = (v: unknown): string => {
    if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null'
    if (Array.isArray(v)) return `[${v.map((x) => slow(x ?? null)).join(',')}]`
    const r = v as Record<string, unknown>
    return `{${Object.keys(r).sort().filter((k) => r[k] !== undefined && typeof r[k] !== 'function')
      .map((k) => `${JSON.stringify(k)}:${slow(r[k])}`).join(',')}}`
  }
  try {
    return JSON.stringify(sorted(value)) ?? 'null'
  } catch (err) {
    if (err instanceof IndexLike) return slow(value)
    throw err
  }
}

// Keys that sort differently by code unit than by code point or locale, index-like keys (and
// near misses), and objects wider than the insertion sort's bound.
// Index-like keys are rarer so that many values take the fast path throughout.
const key = fc.oneof(
  { arbitrary: fc.string({ unit: 'binary', maxLength: 4 }), weight: 8 },
  { arbitrary: fc.nat({ max: 30 }).map(String), weight: 1 },
  { arbitrary: fc.constantFrom('0', '00', '01', '-1', '1.5', '4294967295', '4294967294', '9007199254740993', '', 'a', 'A', 'é', '\uffff', '\ud83d\ude00', '\ue000', 'toString', 'constructor'), weight: 2 },
)
const json = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' },
    fc.constantFrom(null, true, false, 0, -0, 1e21, 1e-7, -1.5, Number.MAX_VALUE, Number.MIN_VALUE, 2 ** 53 + 2),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string({ unit: 'binary', maxLength: 6 }),
    fc.array(tie('v'), { maxLength: 5 }),
    fc.dictionary(key, tie('v'), { maxKeys: 6 }),
    fc.dictionary(key, tie('v'), { minKeys: 17, maxKeys: 24, depthIdentifier: 'wide' })),
})).v

t.test('the same bytes as the previous implementation and the reference, keys of every kind', async (t) => {
  let fast = 0
  fc.assert(fc.property(json, (v) => {
    if (!/"(?:0|[1-9]\d*)":/.test(JSON.stringify(v))) fast++
    const text = canonicalJson(v)
    return text === previous(v) && text === canonicalize(v)
  }), { seed: 20261125, numRuns: 3000 })
  t.ok(fast > 1000 && fast < 2900, `3,000 generated values, ${fast} without index-like keys`)
})

t.test('a non-finite number anywhere is refused with a RangeError, index-like keys or not', async (t) => {
  const poisoned = fc.tuple(json, fc.constantFrom(Number.NaN, Infinity, -Infinity), fc.boolean()).map(([v, bad, indexLike]) => {
    const nest = (x: unknown): unknown => (Array.isArray(x) ? [...x, bad] : x !== null && typeof x === 'object' ? { ...x, zz: nest(null) } : { [indexLike ? '7' : 'k']: bad, v: x })
    return indexLike ? { 3: nest(v), a: v } : nest(v)
  })
  fc.assert(fc.property(poisoned, (v) => {
    try {
      canonicalJson(v)
      return false
    } catch (err) {
      return err instanceof RangeError
    }
  }), { seed: 20261126, numRuns: 1000 })
  t.throws(() => canonicalJson({ 0: Number.NaN }), RangeError, 'on the index-like path too')
  t.throws(() => canonicalJson([{ 1: [Infinity] }]), RangeError)
})

t.test('known cases: key order by code unit, numbers as ECMAScript writes them, index-like keys', async (t) => {
  t.equal(canonicalJson({ b: 1, a: [1e21, -0, 0.1, 'é\u2028'], '': null }), '{"":null,"a":[1e+21,0,0.1,"é\u2028"],"b":1}')
  t.equal(canonicalJson({ 10: 'x', 9: 'y', a: 'z' }), '{"10":"x","9":"y","a":"z"}')
  t.equal(canonicalJson({ '\u20ac': 1, '\r': 2, '\ud83d\ude00': 3 }), canonicalize({ '\u20ac': 1, '\r': 2, '\ud83d\ude00': 3 }))
  t.throws(() => canonicalJson({ a: Number.NaN }), RangeError)
  const wide = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${(i * 17) % 40}`, i]))
  t.equal(canonicalJson(wide), canonicalize(wide), 'wider than the insertion sort')
  t.equal(canonicalJson({ b: undefined, a: () => 1, c: [undefined, () => 1], 2: undefined }), '{"c":[null,null]}', 'what JSON.stringify leaves out')
  t.equal(canonicalJson({ b: undefined, a: () => 1, c: [undefined, () => 1] }), '{"c":[null,null]}')
  t.equal(canonicalJson(undefined), 'null')
})

t.test('jsonEqual says what comparing canonical texts says', async (t) => {
  const reversed = (v: unknown): unknown => Array.isArray(v) ? v.map(reversed)
    : typeof v === 'object' && v !== null ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversed(x)])) : v
  fc.assert(fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => jsonEqual(a, b) === (canonicalJson(a) === canonicalJson(b))), { seed: 20261123, numRuns: 2000 })
  fc.assert(fc.property(fc.jsonValue(), (a) => jsonEqual(a, reversed(a)) && jsonEqual(reversed(a), a)), { seed: 20261123, numRuns: 1000 })
  t.notOk(jsonEqual({ a: 1 }, { a: 1, b: 2 }))
  t.notOk(jsonEqual({ a: 1, b: 2 }, { a: 1 }))
  t.notOk(jsonEqual([1, 2], { 0: 1, 1: 2 }))
  t.notOk(jsonEqual({ a: [1] }, { a: [1, 2] }))
  t.ok(jsonEqual({ a: 1, b: undefined }, { a: 1 }), 'an undefined member is no member, as in JSON')
})
