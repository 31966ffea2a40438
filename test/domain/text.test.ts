import t from 'tap'
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
