// Text the record can keep: PostgreSQL refuses NUL in text and JSON, and canonical JSON (the audit
// chain's hashes) refuses unpaired UTF-16 surrogates. Both are refused at the door, by pointer.

const NUL = '\u0000'
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

// Nearly every string has neither a NUL nor any surrogate: one cheap test clears it.
const SUSPECT = /[\u0000\uD800-\uDFFF]/

export const isKeepableText = (s: string) => !SUSPECT.test(s) || (!s.includes(NUL) && !LONE_SURROGATE.test(s))

const escape = (token: string) => token.replace(/~/g, '~0').replace(/\//g, '~1')

/** Whether every string and key in a JSON value can be kept: a walk that builds no pointers. */
const allKeepable = (value: unknown) => {
  const stack: unknown[] = [value]
  while (stack.length) {
    const v = stack.pop()
    if (typeof v === 'string') {
      if (!isKeepableText(v)) return false
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push(v[i])
    } else if (v !== null && typeof v === 'object') {
      for (const k in v) {
        if (!isKeepableText(k)) return false
        stack.push((v as Record<string, unknown>)[k])
      }
    }
  }
  return true
}

/** Every string (and key) in a JSON value that cannot be kept, as JSON pointers (iterative: bodies may nest deeply). */
export function unkeepableText(value: unknown, limit = 50) {
  if (allKeepable(value)) return []
  const out: { pointer: string; detail: string }[] = []
  const stack: [unknown, string][] = [[value, '']]
  while (stack.length && out.length < limit) {
    const [v, pointer] = stack.pop()!
    if (typeof v === 'string') {
      if (!isKeepableText(v)) out.push({ pointer, detail: 'contains a NUL character or an unpaired surrogate' })
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${pointer}/${i}`])
    } else if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v)
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, x] = entries[i]
        if (!isKeepableText(k)) out.push({ pointer: `${pointer}/${escape(k)}`, detail: 'the field name contains a NUL character or an unpaired surrogate' })
        stack.push([x, `${pointer}/${escape(k)}`])
      }
    }
  }
  return out
}

/** Where a JSON value nests deeper than `max` levels (recursive code — hashing, validation — would overflow). */
export function nestedTooDeep(value: unknown, max = 64): string | undefined {
  if (depthWithin(value, max)) return undefined
  const stack: [unknown, string, number][] = [[value, '', 0]]
  while (stack.length) {
    const [v, pointer, depth] = stack.pop()!
    if (v === null || typeof v !== 'object') continue
    if (depth >= max) return pointer
    if (Array.isArray(v)) v.forEach((x, i) => stack.push([x, `${pointer}/${i}`, depth + 1]))
    else for (const [k, x] of Object.entries(v)) stack.push([x, `${pointer}/${escape(k)}`, depth + 1])
  }
  return undefined
}

/** Whether a JSON value nests no deeper than `max` levels: the walk `nestedTooDeep` makes, building no pointers. */
const depthWithin = (value: unknown, max: number) => {
  const stack: [unknown, number][] = [[value, 0]]
  while (stack.length) {
    const [v, depth] = stack.pop()!
    if (v === null || typeof v !== 'object') continue
    if (depth >= max) return false
    if (Array.isArray(v)) for (let i = 0; i < v.length; i++) stack.push([v[i], depth + 1])
    else for (const k in v) stack.push([(v as Record<string, unknown>)[k], depth + 1])
  }
  return true
}
