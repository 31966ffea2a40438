import t from 'tap'
import fc from 'fast-check'
import { isKeepableText, nestedTooDeep, unkeepableText } from '../../src/domain/text.js'

t.test('NUL and unpaired surrogates are refused, by pointer; paired ones are fine', async (t) => {
  t.ok(isKeepableText('Ysgol 😀 Gymraeg'))
  t.notOk(isKeepableText('a\u0000b'))
  t.notOk(isKeepableText('a\ud800b'))
  t.notOk(isKeepableText('\udc00'))
  t.same(unkeepableText({ a: ['ok', 'x\u0000'], 'b/\ud800': 1 }).map((p) => p.pointer).sort(), ['/a/1', '/b~1\ud800'])
})

t.test('deep nesting does not overflow the stack', async (t) => {
  let deep: unknown = 'x\u0000'
  for (let i = 0; i < 100_000; i++) deep = [deep]
  t.equal(unkeepableText(deep).length, 1)
})

t.test('nesting deeper than the limit is named by pointer', async (t) => {
  let deep: unknown = 1
  for (let i = 0; i < 70; i++) deep = { a: deep }
  t.match(nestedTooDeep(deep), /^(\/a){64}$/)
  t.equal(nestedTooDeep({ a: [{ b: 1 }] }), undefined)
})

t.test('the quick walks agree with the pointer walks on any value, surrogates and NULs included', async () => {
  const unit = fc.oneof(fc.constantFrom('\u0000', '\ud800', '\udc00', '\ud83d', '\ude00', 'a', '/', '~'), fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)))
  const text = fc.string({ unit, maxLength: 6 })
  const value = fc.letrec((tie) => ({
    v: fc.oneof({ depthSize: 'small' }, text, fc.integer(), fc.constant(null), fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(text, tie('v'), { maxKeys: 4 })),
  })).v
  const slowKeepable = (s: string) => !s.includes('\u0000') && !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s)
  fc.assert(fc.property(text, (s) => isKeepableText(s) === slowKeepable(s)), { seed: 20261123, numRuns: 5000 })
  const strings = (v: unknown): string[] => typeof v === 'string' ? [v] : Array.isArray(v) ? v.flatMap(strings)
    : v !== null && typeof v === 'object' ? Object.entries(v).flatMap(([k, x]) => [k, ...strings(x)]) : []
  fc.assert(fc.property(value, (v) => (unkeepableText(v).length === 0) === strings(v).every(slowKeepable)), { seed: 20261123, numRuns: 3000 })
  const depth = (v: unknown): number => v !== null && typeof v === 'object' ? 1 + Math.max(0, ...Object.values(v).map(depth)) : 0
  fc.assert(fc.property(value, fc.integer({ min: 0, max: 6 }), (v, max) => (nestedTooDeep(v, max) === undefined) === (depth(v) <= max)), { seed: 20261123, numRuns: 3000 })
})
