// JSON text weighed before it is parsed. JSON.parse holds the event loop for as long as it takes,
// and what it takes is set by the shape of the text, not only its size: 8 MB of nested brackets
// takes seconds, and so does a body of a million tiny objects or of an object with a million
// keys. One pass over the characters (strings skipped natively) refuses such text early, at the
// first place it goes beyond a limit, and says where, as a JSON pointer.

export interface JsonTextLimits {
  /** Containers (objects and arrays) inside each other: recursive code downstream needs a bound. */
  maxDepth: number
  /** Objects and arrays in the whole text: the parse allocates one each. */
  maxContainers: number
  /** Members of one object: no body has objects of more than a few dozen fields. */
  maxMembers: number
  /** Values in the whole text (elements and members, counted by their separators, and containers). */
  maxValues: number
}

export const JSON_TEXT_LIMITS: JsonTextLimits = {
  maxDepth: 64,
  // A return of the schema's largest parts (5,000 entities, 10,000 interests, 5,000 settings, 500
  // facilities of 50 covenants) has 46,000 containers and 290,000 values; 10 MB of BODS
  // statements about 150,000 and 510,000.
  maxContainers: 250_000,
  maxMembers: 1_000,
  maxValues: 1_000_000,
}

export type JsonTextReading =
  /** `suspectText`: an escape that may decode to a NUL or an unpaired surrogate (text the record cannot keep). */
  | { ok: true; suspectText: boolean }
  | { ok: false; pointer: string; detail: string }

// \u0000, or a \uD800–\uDFFF escape (a surrogate, perhaps unpaired). Raw ones cannot occur: JSON
// forbids raw control characters in strings, and UTF-8 decoding never yields a lone surrogate.
const SUSPECT_ESCAPE = /\\u(?:0000|[dD][89a-fA-F])/

const QUOTE = 0x22, BACKSLASH = 0x5c, COMMA = 0x2c, COLON = 0x3a
const OPEN_OBJECT = 0x7b, CLOSE_OBJECT = 0x7d, OPEN_ARRAY = 0x5b, CLOSE_ARRAY = 0x5d
const OBJECT = 1, ARRAY = 2

const escapeToken = (token: string) => token.replace(/~/g, '~0').replace(/\//g, '~1')

/**
 * Reads JSON text as far as its first excess. Syntax is JSON.parse's business: this only follows
 * strings and brackets, so malformed text either passes (for JSON.parse to refuse) or is refused
 * for the excess found in what was read of it.
 */
export function readJsonText(text: string, limits: JsonTextLimits = JSON_TEXT_LIMITS): JsonTextReading {
  const { maxDepth, maxContainers, maxMembers, maxValues } = limits
  // Per open level: object or array, members or elements so far, and (for an object) where the
  // current member's key is, so that a refusal can name the place.
  const kind = new Uint8Array(maxDepth + 2)
  const count = new Int32Array(maxDepth + 2)
  const keyStart = new Int32Array(maxDepth + 2)
  const keyEnd = new Int32Array(maxDepth + 2)
  let depth = 0
  let containers = 0
  let values = 0
  let stringStart = -1
  let stringEnd = -1
  const n = text.length

  const pointer = (levels: number) => {
    let p = ''
    for (let l = 1; l <= levels; l++) {
      if (kind[l] === ARRAY) p += `/${count[l]}`
      else {
        let key = '?'
        try { key = JSON.parse(text.slice(keyStart[l], keyEnd[l] + 1)) as string } catch { /* a key cut short: leave the placeholder */ }
        p += `/${escapeToken(key)}`
      }
    }
    return p
  }

  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i)
    if (c === QUOTE) {
      // To the closing quote: one not preceded by an odd run of backslashes.
      const start = i
      for (;;) {
        i = text.indexOf('"', i + 1)
        if (i < 0) return { ok: true, suspectText: false } // unterminated: JSON.parse refuses it
        let backslashes = 0
        for (let j = i - 1; text.charCodeAt(j) === BACKSLASH; j--) backslashes++
        if (backslashes % 2 === 0) break
      }
      stringStart = start
      stringEnd = i
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (depth === maxDepth) return { ok: false, pointer: pointer(depth), detail: `nests more than ${maxDepth} levels deep` }
      if (++containers > maxContainers) return { ok: false, pointer: pointer(depth), detail: `holds more than ${maxContainers} objects and arrays in all` }
      if (++values > maxValues) return { ok: false, pointer: pointer(depth), detail: `holds more than ${maxValues} values in all` }
      depth++
      kind[depth] = c === OPEN_OBJECT ? OBJECT : ARRAY
      count[depth] = 0
      keyStart[depth] = keyEnd[depth] = -1
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      if (depth > 0) depth--
    } else if (c === COMMA) {
      if (depth === 0) continue
      if (++count[depth] >= maxMembers && kind[depth] === OBJECT) {
        return { ok: false, pointer: pointer(depth - 1), detail: `has more than ${maxMembers} fields` }
      }
      if (++values > maxValues) return { ok: false, pointer: pointer(depth - 1), detail: `holds more than ${maxValues} values in all` }
    } else if (c === COLON) {
      if (kind[depth] === OBJECT) {
        keyStart[depth] = stringStart
        keyEnd[depth] = stringEnd
      }
    }
  }
  return { ok: true, suspectText: SUSPECT_ESCAPE.test(text) }
}
