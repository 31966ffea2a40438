// Hostile input for every route, as fast-check arbitraries: bodies valid under the route's schema
// and then broken one field at a time, bodies that are not JSON at all, path parameters, query
// strings and headers of every wrong kind, tokens of every role (and forged ones).
import fc from 'fast-check'
import type { MatrixRole } from './world.js'

// ---------------------------------------------------------------------------------------------
// JSON text with what JSON.stringify cannot write: raw number literals, deep nesting, duplicate
// keys, `__proto__` as an own key.

/** Written into the JSON text verbatim. */
export class Raw {
  constructor(readonly text: string) {}
}

/** `depth` arrays around `inner`, written without recursion. */
export class Nest {
  constructor(readonly depth: number, readonly inner: unknown, readonly kind: 'array' | 'object' = 'array') {}
}

export function toJson(value: unknown): string {
  if (value instanceof Raw) return value.text
  if (value instanceof Nest) {
    const [open, close] = value.kind === 'array' ? ['[', ']'] : ['{"a":', '}']
    return open.repeat(value.depth) + toJson(value.inner) + close.repeat(value.depth)
  }
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).map((k) => `${JSON.stringify(k)}:${toJson((value as Record<string, unknown>)[k])}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

/** Sets an own property, `__proto__` included, without touching any prototype. */
export const setOwn = (target: Record<string, unknown>, key: string, value: unknown) =>
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })

const clone = (v: unknown): unknown => {
  if (v instanceof Raw || v instanceof Nest) return v
  if (Array.isArray(v)) return v.map(clone)
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(v)) setOwn(out, k, clone((v as Record<string, unknown>)[k]))
    return out
  }
  return v
}

// ---------------------------------------------------------------------------------------------
// Hostile values

const MB = 1024 * 1024
const LONG = {
  ascii1mb: 'a'.repeat(MB),
  euro1mb: '€'.repeat(MB / 3),
  nul100k: '\u0000'.repeat(100_000),
  emoji: '👨‍👩‍👧‍👦'.repeat(20_000),
  digits: '9'.repeat(10_000),
}

/** Strings that have broken parsers, databases and templates somewhere. */
export const HOSTILE_STRINGS: readonly string[] = [
  '', ' ', '\t', '\n', '\r\n', '\u0000', 'a\u0000b', '\u0000\u0000\u0000', '\u0001\u001f\u007f',
  '\ud800', '\udfff', 'a\ud800b', '\udc00\ud800', '\ufffe', '\uffff', '\ufeff', '\u202e', '\u2028\u2029', '\u00a0',
  '🙂', '👨‍👩‍👧‍👦', 'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇', 'ﷺ', '𝕿𝖊𝖘𝖙', 'Ω≈ç√∫', '田中さん', 'العربية', 'İ', 'ß',
  'NaN', 'Infinity', '-Infinity', '-0', '0', '1e309', '-1e309', '0x10', '0b1', '1_000', '９', '1.', '.1', '+1', '1e-400',
  'null', 'undefined', 'true', 'false', '[]', '{}', '[object Object]', 'None', 'nil',
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '__defineGetter__', 'constructor.prototype', '__proto__.polluted',
  "'", '"', '\\', '`', "''", "' OR '1'='1", "' OR 1=1 --", "'; DROP TABLE providers; --", '"; DROP TABLE flags; --',
  "1'; SELECT pg_sleep(5); --", "' UNION SELECT usename, passwd FROM pg_shadow --", '$1', '$$', "E'\\x00'", '\\x00',
  'SELECT * FROM providers', "') OR ('a'='a", "%' AND 1=1 AND '%'='",
  '{"__proto__":{"polluted":"yes"}}', '{"constructor":{"prototype":{"polluted":"yes"}}}', '"},{"a":"', '\\u0000', '\\ud800',
  '${7*7}', '{{7*7}}', '#{7*7}', '<%= 7*7 %>', '<script>alert(1)</script>', '<!--', ']]>', '<![CDATA[x]]>', '&lt;', '&#0;',
  '../../../../etc/passwd', '..\\..\\windows\\win.ini', '/dev/zero', 'file:///etc/passwd', 'http://169.254.169.254/latest/meta-data/',
  '%', '%00', '%zz', '%E0%A4%A', '%C0%AF', '%2e%2e%2f', '+', '&', '=', '?', '#', ';', '|', '*', '**', '.', '..', '~',
  'E09000007', 'E99999999', 'e09000007', ' E09000007', 'E09000007 ', '2026-02-30', '2026-13-01', '0000-00-00', '9999-12-31', '+275760-09-13', '2026-11-23T10:00:00Z',
  '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 'urn:uuid:00000000-0000-0000-0000-000000000000',
  'red', 'amber', 'open', 'regulator', 'provider', 'council',
  LONG.ascii1mb, LONG.euro1mb, LONG.nul100k, LONG.emoji, LONG.digits,
]

/** Numbers at the edges of what JSON, JavaScript, Ajv and PostgreSQL agree on. */
export const HOSTILE_NUMBERS: readonly unknown[] = [
  0, -1, 1, 0.5, -0.5, 0.1 + 0.2, 1e13, 1e13 + 1, -1e13 - 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 2 ** 53 + 2, -(2 ** 53),
  2 ** 63, -(2 ** 63), 2 ** 64, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, Number.EPSILON, 1e21, 1e-7, 100, 100.0000001, 5000.5, -100, -100.0000001,
  new Raw('-0'), new Raw('-0.0'), new Raw('1e400'), new Raw('-1e400'), new Raw('1e-400'), new Raw('1E+2'), new Raw('0.0e0'),
  new Raw('123456789012345678901234567890'), new Raw(`1${'0'.repeat(400)}`), new Raw(`0.${'0'.repeat(400)}1`), new Raw(LONG.digits),
]

export const HOSTILE_KEYS: readonly string[] = [
  '__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__lookupGetter__',
  '', ' ', '\u0000', '\ud800', 'length', '0', '-1', '$where', '$gt', "'", '"', 'a.b', 'a[b]', 'constructor.prototype.polluted',
  'polluted', 'role', 'providerId', 'laCode', 'id', 'bods', 'ownership', 'k'.repeat(10_000),
]

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c))
const controlChar = fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c))

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.oneof(loneSurrogate, controlChar, fc.constantFrom('a', '€', '🙂')), maxLength: 20 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('a', '€', '\u0000', '🙂'), fc.integer({ min: 190, max: 20_100 })).map(([c, n]) => c.repeat(n)) },
)

export const hostileNumber: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS) },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.integer() },
)

/** Prototype pollution attempts, as JSON values. */
export const POLLUTERS: readonly unknown[] = [
  new Raw('{"__proto__":{"polluted":"yes"}}'),
  new Raw('{"constructor":{"prototype":{"polluted":"yes"}}}'),
  new Raw('{"__proto__":{"__proto__":{"polluted":"yes"}}}'),
  new Raw('[{"__proto__":{"polluted":"yes"}}]'),
  new Raw('{"a":1,"__proto__":[]}'),
  new Raw('{"constructor":{"prototype":null}}'),
  new Raw('{"prototype":{"polluted":"yes"}}'),
  new Raw('{"__pro\\u0074o__":{"polluted":"yes"}}'),
  new Raw('{"\\u005f\\u005fproto\\u005f\\u005f":{"polluted":"yes"}}'),
  new Raw('{"constructo\\u0072":{"prototype":{"polluted":"yes"}}}'),
]

/** Structures too deep, too wide or too big (10,000-level nesting, 100,000-element arrays). */
export const MONSTERS: readonly unknown[] = [
  new Nest(10_000, 1), new Nest(10_000, null, 'object'), new Nest(1_000, 'x'), new Nest(100, {}),
  new Raw(`[${Array(100_000).fill('0').join(',')}]`),
  new Raw(`[${Array(20_000).fill('{}').join(',')}]`),
  new Raw(`{${Array.from({ length: 20_000 }, (_, i) => `"k${i}":${i}`).join(',')}}`),
  new Raw(`{${Array(5_000).fill('"a":1').join(',')}}`), // the same key 5,000 times
]

export const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { weight: 5, arbitrary: hostileString },
    { weight: 4, arbitrary: hostileNumber },
    { weight: 1, arbitrary: fc.constantFrom(true, false, null, [], {}, [null], [[]], '', 0) },
    { weight: 1, arbitrary: fc.constantFrom(...POLLUTERS) },
    { weight: 1, arbitrary: fc.constantFrom(...MONSTERS) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
    { weight: 1, arbitrary: fc.array(tie('value'), { maxLength: 3, depthIdentifier: 'hv' }) },
    {
      weight: 1,
      arbitrary: fc.array(fc.tuple(fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ maxLength: 8 })), tie('value')), { maxLength: 3, depthIdentifier: 'hv' })
        .map((entries) => { const o: Record<string, unknown> = {}; for (const [k, v] of entries) setOwn(o, k, v); return o }),
    },
  ),
})).value

// ---------------------------------------------------------------------------------------------
// Values valid under a JSON schema (the OpenAPI document's), leaning on the edges.

type Schema = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

const isoDay = (d: Date) => d.toISOString().slice(0, 10)
const dateArb = fc.oneof(
  fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true }).map(isoDay),
  fc.constantFrom('2026-03-31', '2025-03-31', '2024-02-29', '2026-11-23', '2026-11-24', '0001-01-01', '9999-12-31', '1970-01-01', '2000-02-29'),
)

function numberArb(s: Schema, integer: boolean): fc.Arbitrary<unknown> {
  const lo = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum : -1e15)
  const hi = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum : 1e15)
  const edges = [lo, hi, 0, 1, -1, (lo + hi) / 2, lo + 1, hi - 1, 0.5, 1e-9]
    .filter((n) => n >= lo && n <= hi && (s.exclusiveMinimum === undefined || n > s.exclusiveMinimum) && (s.exclusiveMaximum === undefined || n < s.exclusiveMaximum))
    .filter((n) => !integer || Number.isInteger(n))
  const any = fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true, minExcluded: s.exclusiveMinimum !== undefined, maxExcluded: s.exclusiveMaximum !== undefined })
    .map((n) => (integer ? Math.round(n) : n))
    .filter((n) => n >= lo && n <= hi && (s.exclusiveMinimum === undefined || n > s.exclusiveMinimum))
  const negZero = lo <= 0 && hi >= 0 && s.exclusiveMinimum === undefined ? [new Raw('-0')] : []
  const special = [...edges, ...negZero]
  return special.length ? fc.oneof({ weight: 2, arbitrary: any }, { weight: 1, arbitrary: fc.constantFrom(...special) }) : any
}

function stringArb(s: Schema): fc.Arbitrary<string> {
  const min = s.minLength ?? 0
  const max = Math.min(s.maxLength ?? 40, 40)
  const long = s.maxLength !== undefined && s.maxLength > max
  if (s.format === 'date') return dateArb
  if (s.format === 'uuid') return fc.uuid()
  if (s.format === 'date-time') return fc.date({ noInvalidDate: true, min: new Date('1900-01-01'), max: new Date('2100-01-01') }).map((d) => d.toISOString())
  if (s.pattern) {
    const re = new RegExp(s.pattern)
    return fc.stringMatching(re).filter((x) => x.length >= min && (s.maxLength === undefined || x.length <= s.maxLength))
  }
  const ucsLength = (x: string) => [...x].length
  return fc.oneof(
    { weight: 4, arbitrary: fc.string({ minLength: Math.max(min, 1), maxLength: Math.max(max, min, 1), unit: 'grapheme' }) },
    { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_STRINGS.filter((x) => ucsLength(x) >= min && ucsLength(x) <= (s.maxLength ?? Infinity))) },
    ...(long ? [{ weight: 1, arbitrary: fc.constantFrom('a', '€', '🙂', '\u0000').map((c) => c.repeat(s.maxLength)) }] : []),
  )
}

/** A value the schema accepts (best effort: `if`/`then`/`else`, `anyOf`, patterns and formats). */
export function validFor(s: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!s || depth > 6) return fc.constant(null)
  if (s.const !== undefined) return fc.constant(s.const)
  if (Array.isArray(s.enum)) return fc.constantFrom(...s.enum)
  if (Array.isArray(s.anyOf)) return fc.oneof(...s.anyOf.map((x: Schema) => validFor({ ...x }, depth)))
  if (Array.isArray(s.oneOf)) return fc.oneof(...s.oneOf.map((x: Schema) => validFor({ ...x }, depth)))
  if (s.if && (s.then || s.else)) return fc.oneof(...[s.then, s.else].filter(Boolean).map((x: Schema) => validFor(x, depth)))
  const type = Array.isArray(s.type) ? s.type : [s.type ?? (s.properties ? 'object' : s.items ? 'array' : 'string')]
  if (type.length > 1) return fc.oneof(...type.map((t: string) => validFor({ ...s, type: t }, depth)))
  switch (type[0]) {
    case 'null': return fc.constant(null)
    case 'boolean': return fc.boolean()
    case 'integer': return numberArb(s, true)
    case 'number': return numberArb(s, false)
    case 'string': return stringArb(s)
    case 'array': {
      const maxItems = Math.min(s.maxItems ?? 3, 3)
      return fc.array(validFor(s.items, depth + 1), { minLength: Math.min(s.minItems ?? 0, maxItems), maxLength: Math.max(maxItems, s.minItems ?? 0) })
    }
    case 'object': {
      const props: Record<string, fc.Arbitrary<unknown>> = {}
      for (const [k, v] of Object.entries(s.properties ?? {})) props[k] = validFor(v as Schema, depth + 1)
      const base = fc.record(props, { requiredKeys: (s.required ?? []).filter((k: string) => k in props) })
      if (s.additionalProperties && typeof s.additionalProperties === 'object') {
        const extra = fc.dictionary(fc.string({ minLength: 1, maxLength: 20 }), validFor(s.additionalProperties, depth + 1), { maxKeys: 3 })
        return fc.tuple(base, extra).map(([b, e]) => ({ ...e, ...b }))
      }
      return base
    }
    default: return fc.constant(null)
  }
}

// ---------------------------------------------------------------------------------------------
// Breaking a valid body one place at a time.

export type Mutation = { at: number; op: 'replace' | 'delete' | 'addKey' | 'nest' | 'duplicate' | 'pollute'; key: string; value: unknown; depth: number }

/** One change to a valid body: replace, delete, add a key, nest deep, repeat a key, or pollute. */
export const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  op: fc.constantFrom('replace', 'replace', 'replace', 'delete', 'addKey', 'nest', 'duplicate', 'pollute'),
  key: fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ maxLength: 10 })),
  value: hostileValue,
  depth: fc.constantFrom(2, 50, 1_000, 10_000),
}) as fc.Arbitrary<Mutation>

/** Every place in a JSON value: [container, key] pairs (the root is [holder, 'root']). */
function places(holder: Record<string, unknown>) {
  const out: Array<[Record<string, unknown> | unknown[], string | number]> = []
  const stack: Array<[Record<string, unknown> | unknown[], string | number]> = [[holder, 'root']]
  while (stack.length) {
    const [c, k] = stack.pop()!
    out.push([c, k])
    const v = (c as Record<string, unknown>)[k as string]
    if (v instanceof Raw || v instanceof Nest) continue
    if (Array.isArray(v)) v.forEach((_, i) => stack.push([v, i]))
    else if (v !== null && typeof v === 'object') for (const key of Object.keys(v)) stack.push([v as Record<string, unknown>, key])
  }
  return out
}

export function mutate(base: unknown, mutations: Mutation[]): unknown {
  const holder: Record<string, unknown> = { root: clone(base) }
  for (const m of mutations) {
    const all = places(holder)
    const [c, k] = all[m.at % all.length]
    const current = (c as Record<string, unknown>)[k as string]
    switch (m.op) {
      case 'replace': (c as Record<string, unknown>)[k as string] = m.value; break
      case 'delete':
        if (Array.isArray(c)) c.splice(k as number, 1)
        else if (k !== 'root' || c !== holder) delete (c as Record<string, unknown>)[k as string]
        else holder.root = undefined
        break
      case 'addKey':
        if (Array.isArray(current)) current.push(m.value)
        else if (current !== null && typeof current === 'object' && !(current instanceof Raw) && !(current instanceof Nest)) setOwn(current as Record<string, unknown>, m.key, m.value)
        else (c as Record<string, unknown>)[k as string] = m.value
        break
      case 'nest': (c as Record<string, unknown>)[k as string] = new Nest(m.depth, current ?? null); break
      case 'duplicate':
        // The same key twice in one object: the first valid, the second hostile (or the reverse).
        if (!Array.isArray(c) && typeof k === 'string' && k !== 'root') {
          const keys = Object.keys(c)
          const text = `{${keys.map((x) => `${JSON.stringify(x)}:${toJson((c as Record<string, unknown>)[x])}`).join(',')},${JSON.stringify(k)}:${toJson(m.value)}}`
          const parent = all.find(([pc, pk]) => (pc as Record<string, unknown>)[pk as string] === c)
          if (parent) (parent[0] as Record<string, unknown>)[parent[1] as string] = new Raw(text)
        }
        break
      case 'pollute':
        if (current !== null && typeof current === 'object' && !Array.isArray(current) && !(current instanceof Raw) && !(current instanceof Nest)) {
          setOwn(current as Record<string, unknown>, m.key === 'constructor' ? 'constructor' : '__proto__', m.key === 'constructor' ? { prototype: { polluted: 'yes' } } : { polluted: 'yes' })
        } else (c as Record<string, unknown>)[k as string] = POLLUTERS[m.at % POLLUTERS.length]
        break
    }
  }
  return holder.root
}

// ---------------------------------------------------------------------------------------------
// Whole bodies that are not what a JSON route expects.

const utf8 = (s: string) => Buffer.from(s, 'utf8')
export const RAW_BODIES: ReadonlyArray<string | Buffer> = [
  '', ' ', '\n', 'null', '0', '-0', '1e400', '"text"', 'true', '[]', '[{}]', '{', '}', '{"a":', '{"a":1,}', '{,}', "{'a':1}", '{a:1}',
  'NaN', '{"a":NaN}', '{"a":Infinity}', '{"a":-Infinity}', '{"a":undefined}', '{"a":0x10}', '{"a":01}', '{"a":.5}', '{"a":1.}', '{"a":+1}',
  '\ufeff{}', '{}\ufeff', '{} {}', '{}garbage', '{"a":"\\ud800"}', '{"a":"\\u0000"}', '{"a":"\\x00"}', '{"a":"\u0000"}', '{"a":"line\nbreak"}',
  '{"a":1}\u0000', '/* comment */ {}', '{"a":1 // comment\n}', `{"a":"${'\\'.repeat(10_001)}"}`,
  '{"__proto__":{"polluted":"yes"}}', '{"constructor":{"prototype":{"polluted":"yes"}}}', ' {"__proto__" : null}',
  '['.repeat(10_000) + ']'.repeat(10_000), '['.repeat(100_000), '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000), '['.repeat(10_000),
  `"${LONG.ascii1mb}"`, `{"a":"${LONG.ascii1mb}"}`, `{"a":"${'a'.repeat(2 * MB)}"}`, `[${Array(100_000).fill('1e308').join(',')}]`, LONG.digits,
  Buffer.concat([utf8('{"name":"'), Buffer.from([0xff, 0xfe, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xf8, 0x88, 0x80, 0x80, 0x80]), utf8('"}')]),
  Buffer.concat([utf8('{"'), Buffer.from([0xc3]), utf8('":1}')]),
  Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]),
  Buffer.from('{"a":"b"}', 'utf16le'),
  Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('{"a":1}', 'utf16le')]),
  Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03]),
  Buffer.alloc(1024, 0),
  'a=1&b=2', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n', '<?xml version="1.0"?><a/>', '<html></html>',
]

export const rawBody: fc.Arbitrary<string | Buffer> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...RAW_BODIES) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 200 }) },
  { weight: 1, arbitrary: fc.json({ maxDepth: 3 }) },
)

// ---------------------------------------------------------------------------------------------
// iXBRL documents for the one route that takes them.

export function hostileDocuments(valid: string): fc.Arbitrary<string | Buffer> {
  const replace = (from: RegExp, to: string) => valid.replace(from, to)
  const fixed: Array<string | Buffer> = [
    valid, '', ' ', 'not xml at all', '<', '<html', '<?xml version="1.0"?>', '<html xmlns="http://www.w3.org/1999/xhtml"></html>',
    replace(/<ix:continuation id="activities-2">/, '<ix:continuation id="activities-2" continuedAt="activities-2">'), // a continuation cycle
    replace(/continuedAt="activities-2"/, 'continuedAt="nowhere"'),
    replace(/scale="3"/g, 'scale="400"'), replace(/scale="3"/g, 'scale="-400"'), replace(/scale="3"/g, 'scale="1e400"'), replace(/scale="3"/g, 'scale="NaN"'),
    replace(/decimals="-3"/g, 'decimals="INF"'), replace(/format="ixt:num-dot-decimal"/g, 'format="ixt:no-such-format"'),
    replace(/format="ixt:num-dot-decimal"/g, 'format="ixt:fixed-zero"'), replace(/format="ixt:num-dot-decimal"/g, 'format="__proto__"'),
    replace(/>48,250</g, `>${'9'.repeat(400)}<`), replace(/>48,250</g, '>-0<'), replace(/>48,250</g, '>1e400<'), replace(/>48,250</g, '>NaN<'),
    replace(/>48,250</g, '>\u0000<'), replace(/>48,250</g, '><'), replace(/>48,250</g, `>${'1,'.repeat(50_000)}1<`),
    replace(/contextRef="grp-cy"/g, 'contextRef="__proto__"'), replace(/contextRef="grp-cy"/g, 'contextRef="constructor"'),
    replace(/name="uk-core:TurnoverRevenue"/g, 'name="__proto__"'), replace(/name="uk-core:TurnoverRevenue"/g, 'name="uk-core:"'),
    replace(/<body>/, `<body>${'<div>'.repeat(10_000)}${'</div>'.repeat(10_000)}`),
    replace(/<body>/, `<body>${'<div>'.repeat(10_000)}`),
    replace(/<body>/, `<body>${'<span>'.repeat(20_000)}${'</span>'.repeat(20_000)}`), // namespace-aware parsers can be quadratic in depth
    replace(/<body>/, `<body>${'<ix:nonFraction name="uk-core:TurnoverRevenue" contextRef="grp-cy" unitRef="GBP">'.repeat(2_000)}`),
    replace(/<!DOCTYPE[^>]*>/, '<!DOCTYPE html [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>').replace('>48,250<', '>&d;<'),
    replace(/<!DOCTYPE[^>]*>/, '<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>').replace('>48,250<', '>&xxe;<'),
    replace(/<title>/, `<title>${LONG.ascii1mb}`), replace(/<title>/, '<title>\u0000\ud800'),
    valid.slice(0, Math.floor(valid.length / 2)), valid.slice(0, Math.floor(valid.length * 0.9)),
    Buffer.concat([utf8(valid.slice(0, 3000)), Buffer.from([0xff, 0xfe, 0xc0, 0xaf]), utf8(valid.slice(3000))]),
    Buffer.from(valid, 'utf16le'),
    `${valid}${valid}`,
  ]
  return fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...fixed) },
    { weight: 1, arbitrary: fc.tuple(fc.nat({ max: valid.length }), hostileString).map(([at, s]) => valid.slice(0, at) + s + valid.slice(at)) },
    { weight: 1, arbitrary: rawBody },
  )
}

// ---------------------------------------------------------------------------------------------
// URLs: path parameters and query strings, percent-encoded or not.

/** encodeURIComponent, except that a lone surrogate becomes the (invalid UTF-8) bytes of its code. */
export function pctEncode(s: string): string {
  let out = ''
  for (const ch of s.match(/[\ud800-\udbff][\udc00-\udfff]|[\s\S]/g) ?? []) {
    const c = ch.charCodeAt(0)
    if (ch.length === 1 && c >= 0xd800 && c <= 0xdfff) out += `%${(0xe0 | (c >> 12)).toString(16)}%${(0x80 | ((c >> 6) & 0x3f)).toString(16)}%${(0x80 | (c & 0x3f)).toString(16)}`.toUpperCase()
    else out += encodeURIComponent(ch)
  }
  return out
}

/** Text that is already a URL fragment: broken escapes, separators, dot segments. */
export const RAW_SEGMENTS: readonly string[] = [
  '%', '%zz', '%E0%A4%A', '%C0%AF', '%ED%A0%80', '%FF', '%00', '%2F', '%2f..%2f', '..', '.', '%2e%2e', '%252e', ';', 'a;b=c', '%20', '+',
  '%u0000', '%%', '%0', '%0g', 'a%', '%F0%9F%99', '\\', '%5C', '%3F', '%23', 'x'.repeat(100_000),
]

export function pathParamArb(real: readonly string[]): fc.Arbitrary<{ value: string; tag: string }> {
  const uuidLike = real.filter((r) => /^[0-9a-f-]{36}$/.test(r))
  return fc.oneof(
    { weight: 14, arbitrary: fc.constantFrom(...real).map((value) => ({ value, tag: 'real' })) },
    { weight: 2, arbitrary: fc.uuid().map((value) => ({ value, tag: 'unknown-uuid' })) },
    ...(uuidLike.length ? [{
      weight: 2,
      arbitrary: fc.constantFrom(...uuidLike).chain((id) => fc.constantFrom(
        id.toUpperCase(), `urn:uuid:${id}`, `{${id}}`, id.replace(/-/g, ''), `${id} `, ` ${id}`, `${id}%00`, id.slice(0, 35), `${id}0`,
      )).map((value) => ({ value: pctEncode(value).replace(/%25/g, '%'), tag: 'uuid-variant' })),
    }] : []),
    { weight: 1, arbitrary: fc.constantFrom('E06000099', 'E10999999', 'E09000034', '2026.1', '9999.999999999999999999', '0000.1', '2026.0', 'E09000007/', '00000000-0000-0000-0000-000000000000').map((value) => ({ value, tag: 'format-valid' })) },
    { weight: 4, arbitrary: hostileString.map((s) => ({ value: pctEncode(s), tag: 'hostile' })) },
    { weight: 2, arbitrary: fc.constantFrom(...RAW_SEGMENTS).map((value) => ({ value, tag: 'raw-segment' })) },
  )
}

const QUERY_VALUES: readonly string[] = [
  '', 'NaN', 'Infinity', '-0', '1e400', '1e2', '0x10', '1.5', '-1', '0', '1', '200', '201', '99999999999999999999', '9007199254740993',
  'true', 'TRUE', 'false', 'yes', 'null', 'undefined', '[]', '{}', 'red', 'amber', 'open', 'under_review',
]

const CURSOR_STRINGS = ['not-a-date', '2026-13-45T99:99:99Z', '2026-11-23T10:00:00.000Z', '+275760-09-13T00:00:00.000Z', '0000-01-01T00:00:00Z',
  'infinity', '-infinity', 'epoch', 'now', 'allballs', '', '00000000-0000-0000-0000-000000000000', 'urn:uuid:00000000-0000-0000-0000-000000000000']
const CURSOR_NUMBERS = [0, -1, 1, 1.5, -0.5, 1e308, -1e308, 2 ** 53, 2 ** 63, 2 ** 31, -(2 ** 31) - 1, 1e-300, 9007199254740993]
const cursorString = fc.oneof(fc.constantFrom(...CURSOR_STRINGS), fc.uuid(), hostileString)
const cursorNumber = fc.constantFrom(...CURSOR_NUMBERS)
const encodeKey = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url')

/**
 * A cursor this service never issued: base64url JSON of the shape its cursors have (`shape`, read
 * from a real one) with values no row has, or of any other shape, or not base64 JSON at all.
 */
export function cursorArb(shape?: ReadonlyArray<'string' | 'number'>): fc.Arbitrary<string> {
  const anyKey = fc.array(fc.oneof(cursorString, cursorNumber), { minLength: 1, maxLength: 4 }).map(encodeKey)
  return fc.oneof(
    ...(shape?.length ? [{ weight: 6, arbitrary: fc.tuple(...shape.map((t) => (t === 'number' ? cursorNumber : cursorString))).map(encodeKey) }] : []),
    { weight: 2, arbitrary: anyKey },
    { weight: 1, arbitrary: fc.constantFrom('', '=', '====', 'e30', 'W10', 'bnVsbA', 'WyJfX3Byb3RvX18iXQ', '!!!', 'a'.repeat(500), 'a'.repeat(501)) },
    { weight: 1, arbitrary: fc.base64String({ maxLength: 60 }) },
  )
}

export interface QueryParam { name: string; schema?: Schema }

export function queryArb(params: readonly QueryParam[], cursorShape?: ReadonlyArray<'string' | 'number'>): fc.Arbitrary<{ text: string; tags: string[] }> {
  const valueFor = (p: QueryParam): fc.Arbitrary<string> => fc.oneof(
    { weight: 3, arbitrary: validFor(p.schema).map((v) => (v instanceof Raw ? v.text : typeof v === 'string' ? v : JSON.stringify(v))) },
    { weight: 2, arbitrary: fc.constantFrom(...QUERY_VALUES) },
    { weight: 2, arbitrary: hostileString },
    ...(p.name === 'cursor' ? [{ weight: 8, arbitrary: cursorArb(cursorShape) }] : []),
  )
  const declared = params.map((p) => fc.option(fc.tuple(fc.constant(p.name), valueFor(p), fc.boolean()), { freq: 2 }))
  const extra = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...HOSTILE_KEYS, 'limit', 'cursor', 'a[b]', 'a[]', '__proto__[polluted]', 'constructor[prototype][polluted]'), hostileString), hostileString, fc.boolean()), { maxLength: 3 })
  return fc.tuple(fc.tuple(...declared), extra, fc.boolean(), fc.constantFrom('', '', '', '&', '&&', '#frag', '?', '&=')).map(([d, e, repeat, tail]) => {
    const pairs = [...d.filter((x): x is [string, string, boolean] => x !== null), ...e]
    if (repeat && pairs.length) pairs.push(pairs[0])
    const tags = pairs.map(([k]) => `q:${k.slice(0, 20)}`)
    // Mostly percent-encoded; sometimes as it is, with whatever that breaks.
    const text = pairs.map(([k, v, raw]) => (raw ? `${k}=${v}`.replace(/[\ud800-\udfff#\s]/g, '') : `${pctEncode(k)}=${pctEncode(v)}`)).join('&') + tail
    return { text, tags }
  })
}

// ---------------------------------------------------------------------------------------------
// Headers. Values are what HTTP can carry (visible ASCII, tab, and obs-text bytes).

const headerChar = fc.integer({ min: 0x20, max: 0xff }).filter((c) => c !== 0x7f).map((c) => String.fromCharCode(c))
export const headerValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: headerChar, maxLength: 60 }) },
  { weight: 2, arbitrary: fc.constantFrom('', ' ', '*', '"x"', 'W/"x"', '""', 'null', '0', '-1', 'NaN', '__proto__', "' OR 1=1 --", 'a'.repeat(8_000), 'é', '\t', '%00', 'a, b', ',,,,') },
  { weight: 1, arbitrary: fc.uuid() },
)

export const JSON_CONTENT_TYPES: readonly (string | undefined)[] = [
  'application/json', 'application/json', 'application/json', 'application/json', 'application/json; charset=utf-8',
  'application/json; charset=utf-16', 'application/json;charset=latin1', 'application/json; charset="utf-8"', 'APPLICATION/JSON', 'Application/Json; Charset=UTF-8',
  'application/problem+json', 'application/merge-patch+json', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain',
  'text/html', 'application/xhtml+xml', 'application/xml', 'application/octet-stream', '', ' ', ';', 'application/json; boundary=x; charset=utf-8',
  'application/json\t', 'application/jsonx', 'application/json, text/plain', '*/*', `application/json; ${'a=b; '.repeat(500)}`, undefined,
]
export const DOCUMENT_CONTENT_TYPES: readonly (string | undefined)[] = [
  'application/xhtml+xml', 'application/xhtml+xml', 'text/html', 'text/html; charset=utf-8', 'application/xhtml+xml; charset=iso-8859-1',
  'TEXT/HTML', 'application/json', 'text/plain', 'application/xml', '', undefined,
]

export interface Credentials {
  /** Valid tokens of every role of the matrix but anonymous. */
  valid: Record<Exclude<MatrixRole, 'anonymous'>, string>
  /** Tokens that must be refused: forged, expired, wrong audience, bad claims. */
  forged: readonly string[]
}

/** Who a request is from: a role of the matrix, a refused token, or a signed token with odd claims. */
export type Who = MatrixRole | 'forged' | 'garbage' | 'odd'

/** Mostly a valid token, of the roles the route lets in (`preferred`) more often than not. */
export function authorizationArb(creds: Credentials, preferred: ReadonlyArray<keyof Credentials['valid']> = []): fc.Arbitrary<{ who: Who; header?: string }> {
  const roles = Object.keys(creds.valid) as Array<keyof Credentials['valid']>
  const validToken = creds.valid.regulator
  const asRole = (who: keyof Credentials['valid']) => ({ who, header: `Bearer ${creds.valid[who]}` })
  return fc.oneof(
    ...(preferred.length ? [{ weight: 12, arbitrary: fc.constantFrom(...preferred).map(asRole) }] : []),
    { weight: preferred.length ? 4 : 14, arbitrary: fc.constantFrom(...roles).map(asRole) },
    { weight: 2, arbitrary: fc.constant({ who: 'anonymous' as const }) },
    { weight: 2, arbitrary: fc.constantFrom(...creds.forged).map((t) => ({ who: 'forged' as const, header: `Bearer ${t}` })) },
    {
      weight: 2,
      arbitrary: fc.oneof(
        fc.constantFrom('Bearer', 'Bearer ', 'Bearer  x', 'bearer x', 'Basic cmVndWxhdG9yOnNlY3JldA==', 'Digest x', 'Bearer a.b.c', 'Bearer ..', 'Bearer ...',
          `Bearer ${validToken}x`, `Bearer ${validToken.slice(0, -4)}AAAA`, `Bearer ${validToken} ${validToken}`, `Bearer ${validToken},Bearer x`,
          `bearer ${validToken}`, `BEARER ${validToken}`, ` Bearer ${validToken}`, `Bearer ${'a'.repeat(100_000)}`, `Bearer ${'eyJ'.repeat(3_000)}.e30.x`,
          `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"role":"regulator","sub":"x"}').toString('base64url')}.`),
        headerValue.map((v) => `Bearer ${v}`),
        headerValue,
      ).map((header) => ({ who: 'garbage' as const, header })),
    },
  )
}

/** Headers besides Authorization and Content-Type that routes read or that proxies add. */
export const extraHeadersArb: fc.Arbitrary<Record<string, string>> = fc.record({
  accept: fc.constantFrom('application/json', 'text/csv', 'text/csv; charset=utf-8', '*/*', 'application/xml', 'text/csv;q=0', 'application/problem+json', '', 'x'.repeat(5_000)),
  'idempotency-key': fc.oneof(fc.uuid(), headerValue),
  'if-match': fc.oneof(fc.constantFrom('*', '"x.1"', 'W/"x"', '"*"', '*, "x"'), headerValue),
  'x-request-id': headerValue,
  'content-encoding': fc.constantFrom('gzip', 'br', 'deflate', 'identity', 'x-unknown', 'gzip, gzip'),
  'accept-encoding': fc.constantFrom('gzip', 'br', '*', 'identity;q=0'),
  'x-forwarded-for': fc.constantFrom('127.0.0.1', '::1', '1.1.1.1, 10.0.0.1', 'garbage'),
  origin: fc.constantFrom('https://evil.example', 'null'),
  cookie: headerValue.map((v) => `session=${v}`),
}, { requiredKeys: [] }) as fc.Arbitrary<Record<string, string>>

export const OTHER_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const
