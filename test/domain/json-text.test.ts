import t from 'tap'
import fc from 'fast-check'
import { readJsonText, JSON_TEXT_LIMITS, type JsonTextLimits } from '../../src/domain/json-text.js'
import { nestedTooDeep, unkeepableText } from '../../src/domain/text.js'

const limits = (over: Partial<JsonTextLimits>): JsonTextLimits => ({ ...JSON_TEXT_LIMITS, ...over })

/** The value a JSON pointer names (RFC 6901), or undefined. */
const resolve = (v: unknown, pointer: string): unknown => pointer.split('/').slice(1)
  .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
  .reduce<unknown>((at, token) => (at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[token] : undefined), v)

t.test('nesting beyond the limit is refused where it happens, named by pointer', async (t) => {
  let deep: unknown = 1
  for (let i = 0; i < 70; i++) deep = { 'a/b~c': [deep] }
  const read = readJsonText(JSON.stringify(deep, null, 2))
  t.match(read, { ok: false, detail: 'nests more than 64 levels deep' })
  if (!read.ok) {
    t.match(read.pointer, /^(\/a~1b~0c\/0){32}$/, 'keys unescaped from JSON, escaped for the pointer')
    t.equal(read.pointer, nestedTooDeep(deep), 'the place the walk of the parsed value names')
  }
  t.same(readJsonText('{"a":[{"b":{"c":1}}]}'), { ok: true, suspectText: false })
})

t.test('brackets inside strings, and escaped quotes, are text', async (t) => {
  const text = JSON.stringify({ a: '[[[[{{{{', b: 'say \\"[[[[" and \\\\', c: ['\\', '"'] })
  t.same(readJsonText(text, limits({ maxDepth: 2 })), { ok: true, suspectText: false })
  t.match(readJsonText('{"x\\"y":[[1]]}', limits({ maxDepth: 2 })), { ok: false, pointer: '/x"y/0' })
})

t.test('8 MB of brackets is refused after the first 65', async (t) => {
  const n = 4 * 1024 * 1024
  const balanced = '['.repeat(n) + ']'.repeat(n)
  const open = '['.repeat(2 * n)
  const started = performance.now()
  t.match(readJsonText(balanced), { ok: false, pointer: '/0'.repeat(64) })
  t.match(readJsonText(open), { ok: false }, 'unbalanced too')
  t.ok(performance.now() - started < 1000, 'no pass over the rest of the text')
})

t.test('too many objects and arrays in all, fields in one object, or values in all', async (t) => {
  t.match(readJsonText(`[${Array(11).fill('{}').join(',')}]`, limits({ maxContainers: 10 })), { ok: false, pointer: '/9', detail: 'holds more than 10 objects and arrays in all' })
  t.same(readJsonText(`[${Array(9).fill('{}').join(',')}]`, limits({ maxContainers: 10 })), { ok: true, suspectText: false })
  const wide = (n: number) => JSON.stringify({ outer: { wide: Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i])) } })
  t.match(readJsonText(wide(6), limits({ maxMembers: 5 })), { ok: false, pointer: '/outer/wide', detail: 'has more than 5 fields' })
  t.same(readJsonText(wide(5), limits({ maxMembers: 5 })), { ok: true, suspectText: false })
  t.same(readJsonText(JSON.stringify(Array(100).fill(1)), limits({ maxMembers: 5 })), { ok: true, suspectText: false }, 'arrays are not objects')
  t.match(readJsonText(JSON.stringify({ a: { b: Array(100).fill('x') } }), limits({ maxValues: 50 })), { ok: false, pointer: '/a/b', detail: 'holds more than 50 values in all' })
  t.same(readJsonText(JSON.stringify({ a: { b: Array(47).fill('x') } }), limits({ maxValues: 50 })), { ok: true, suspectText: false })
})

t.test('text that may hold a NUL or a surrogate is flagged; other text is not', async (t) => {
  t.equal((readJsonText(JSON.stringify({ a: 'x\u0000' })) as { suspectText: boolean }).suspectText, true)
  t.equal((readJsonText(JSON.stringify({ ['\ud800']: 1 })) as { suspectText: boolean }).suspectText, true)
  t.equal((readJsonText(JSON.stringify({ a: '😀 é \u0001' })) as { suspectText: boolean }).suspectText, false, 'paired surrogates are written raw by JSON.stringify')
})

t.test('on any JSON value, in any layout: refused exactly when the walks of the parsed value refuse', async () => {
  const unit = fc.oneof(fc.constantFrom('\u0000', '\ud800', '\udc00', '\ud83d', '\ude00', 'a', '/', '~', '"', '\\', '[', '{', ']', '}', ',', ':'), fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)))
  const text = fc.string({ unit, maxLength: 6 })
  const value = fc.letrec((tie) => ({
    v: fc.oneof({ depthSize: 'small' }, text, fc.integer(), fc.constant(null), fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(text, tie('v'), { maxKeys: 4 })),
  })).v
  const depth = (v: unknown): number => v !== null && typeof v === 'object' ? 1 + Math.max(0, ...Object.values(v).map(depth)) : 0
  const containers = (v: unknown): number => v !== null && typeof v === 'object' ? 1 + Object.values(v).reduce<number>((s, x) => s + containers(x), 0) : 0
  const widest = (v: unknown): number => v === null || typeof v !== 'object' ? 0
    : Math.max(Array.isArray(v) ? 0 : Object.keys(v).length, ...Object.values(v).map(widest))
  // Counted as the reading counts them: each container, and each separator between two values.
  const values = (v: unknown): number => v === null || typeof v !== 'object' ? 0
    : 1 + Math.max(0, Object.keys(v).length - 1) + Object.values(v).reduce<number>((s, x) => s + values(x), 0)
  fc.assert(fc.property(value, fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 30 }), fc.boolean(), (v, maxDepth, maxContainers, maxMembers, maxValues, pretty) => {
    const json = JSON.stringify(v, null, pretty ? 2 : undefined)
    const read = readJsonText(json, { maxDepth, maxContainers, maxMembers, maxValues })
    const within = depth(v) <= maxDepth && containers(v) <= maxContainers && widest(v) <= maxMembers && values(v) <= maxValues
    if (read.ok !== within) return false
    if (!read.ok) {
      // The pointer names a place in the value: the container that went beyond, or the one holding it.
      if (resolve(v, read.pointer) === undefined) return false
      if (read.detail.startsWith('nests') && read.pointer.split('/').length - 1 !== maxDepth) return false
    }
    // Text flagged as plain cannot hold what the record cannot keep.
    return !read.ok || read.suspectText || unkeepableText(v).length === 0
  }), { seed: 20261123, numRuns: 5000 })
})
