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

t.test('known cases: key order by code unit, numbers as ECMAScript writes them, index-like keys', async (t) => {
  t.equal(canonicalJson({ b: 1, a: [1e21, -0, 0.1, 'é\u2028'], '': null }), '{"":null,"a":[1e+21,0,0.1,"é\u2028"],"b":1}')
  t.equal(canonicalJson({ 10: 'x', 9: 'y', a: 'z' }), '{"10":"x","9":"y","a":"z"}')
  t.equal(canonicalJson({ '\u20ac': 1, '\r': 2, '\ud83d\ude00': 3 }), canonicalize({ '\u20ac': 1, '\r': 2, '\ud83d\ude00': 3 }))
  t.throws(() => canonicalJson({ a: Number.NaN }), RangeError)
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
