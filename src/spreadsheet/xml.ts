// The XML of a workbook's parts, tokenised: elements with their attributes, and text. Workbook
// parts are machine-written XML with no DTD, so this reads the subset they use, and refuses the
// rest (a DOCTYPE, an unknown entity, a character XML forbids, tags that do not nest) rather than
// guess. It exists because reading a return's workbook must cost little beside JSON.parse of the
// same return (issue 19's bench goal): a general parser's setup and per-event cost alone came to
// several times the budget. test/spreadsheet/xml.test.ts holds it to saxes on every part of the
// template and on hand-written edge cases.

/** The part is not XML this reader takes; the message says what was found where. */
export class XmlRefused extends Error {}

/** An element's attributes as [name, value, name, value, …], values decoded; reused between calls. */
export type Attributes = string[]

export interface XmlHandler {
  /** `name` without its namespace prefix */
  open(name: string, attributes: Attributes, selfClosing: boolean): void
  close(name: string): void
  /** text between `start` and `end` of `xml`, not yet decoded (see `decodeText`); CDATA is given decoded */
  text?(xml: string, start: number, end: number, cdata: boolean): void
}

const MAX_DEPTH = 64

/** The value of an attribute by its local name. */
export function attribute(attributes: Attributes, local: string): string | undefined {
  for (let i = 0; i < attributes.length; i += 2) {
    const name = attributes[i]
    if (name === local) return attributes[i + 1]
    const colon = name.indexOf(':')
    if (colon >= 0 && name.slice(colon + 1) === local) return attributes[i + 1]
  }
  return undefined
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }

const isXmlChar = (c: number) =>
  c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff)

/** Text with its entity and character references replaced, and line ends as XML reads them. */
export function decodeText(raw: string): string {
  let text = raw
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n')
  if (!text.includes('&')) return text
  return text.replace(/&([^;&\s]{0,10});?/g, (whole, ref: string) => {
    if (!whole.endsWith(';')) throw new XmlRefused(`a bare & in text (${JSON.stringify(whole)})`)
    if (ref.charCodeAt(0) === 0x23) { // '#'
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10)
      if (!/^#(x[0-9a-fA-F]+|[0-9]+)$/.test(ref) || !isXmlChar(code)) throw new XmlRefused(`the character reference &${ref}; is not an XML character`)
      return String.fromCodePoint(code)
    }
    const predefined = PREDEFINED[ref]
    if (predefined === undefined) throw new XmlRefused(`the entity &${ref}; is not defined`)
    return predefined
  })
}

const isSpace = (c: number) => c === 0x20 || c === 0x9 || c === 0xa || c === 0xd

const localOf = (name: string) => {
  const colon = name.indexOf(':')
  return colon < 0 ? name : name.slice(colon + 1)
}

/** Walks `xml` once, calling the handler for each element and each run of text. */
export function scanXml(xml: string, handler: XmlHandler) {
  const stack: string[] = []
  const attributes: Attributes = []
  let rootClosed = false
  const n = xml.length
  let i = 0
  // a byte order mark or blank lines before the declaration are not the document
  while (i < n && (xml.charCodeAt(i) === 0xfeff || isSpace(xml.charCodeAt(i)))) i++
  while (i < n) {
    const lt = xml.indexOf('<', i)
    const textEnd = lt < 0 ? n : lt
    if (textEnd > i) {
      if (stack.length === 0) {
        for (let k = i; k < textEnd; k++) if (!isSpace(xml.charCodeAt(k))) throw new XmlRefused('text outside the root element')
      } else {
        handler.text?.(xml, i, textEnd, false)
      }
    }
    if (lt < 0) break
    const next = xml.charCodeAt(lt + 1)
    if (next === 0x2f) { // '</name>'
      const gt = xml.indexOf('>', lt)
      if (gt < 0) throw new XmlRefused('the document ends inside a closing tag')
      const name = xml.slice(lt + 2, gt).trimEnd()
      const open = stack.pop()
      if (open !== name) throw new XmlRefused(`</${name}> closes ${open === undefined ? 'nothing' : `<${open}>`}`)
      handler.close(localOf(name))
      if (stack.length === 0) rootClosed = true
      i = gt + 1
      continue
    }
    if (next === 0x3f) { // '<?…?>': the declaration, or a processing instruction
      const end = xml.indexOf('?>', lt + 2)
      if (end < 0) throw new XmlRefused('the document ends inside a processing instruction')
      i = end + 2
      continue
    }
    if (next === 0x21) { // '<!'
      if (xml.startsWith('<!--', lt)) {
        const end = xml.indexOf('-->', lt + 4)
        if (end < 0) throw new XmlRefused('the document ends inside a comment')
        i = end + 3
        continue
      }
      if (xml.startsWith('<![CDATA[', lt)) {
        const end = xml.indexOf(']]>', lt + 9)
        if (end < 0 || stack.length === 0) throw new XmlRefused('a CDATA section that does not end, or outside the root')
        handler.text?.(xml, lt + 9, end, true)
        i = end + 3
        continue
      }
      throw new XmlRefused('a DOCTYPE or other declaration, which workbook parts never have')
    }
    // '<name attr="v" …>' or '<name …/>'
    if (rootClosed) throw new XmlRefused('a second root element')
    let k = lt + 1
    while (k < n) {
      const c = xml.charCodeAt(k)
      if (isSpace(c) || c === 0x3e || c === 0x2f) break
      k++
    }
    const name = xml.slice(lt + 1, k)
    if (name === '') throw new XmlRefused('a < that starts no element')
    attributes.length = 0
    let selfClosing = false
    for (;;) {
      while (k < n && isSpace(xml.charCodeAt(k))) k++
      if (k >= n) throw new XmlRefused(`the document ends inside <${name}>`)
      const c = xml.charCodeAt(k)
      if (c === 0x3e) { k++; break }
      if (c === 0x2f) {
        if (xml.charCodeAt(k + 1) !== 0x3e) throw new XmlRefused(`a stray / in <${name}>`)
        selfClosing = true
        k += 2
        break
      }
      const eq = xml.indexOf('=', k)
      if (eq < 0) throw new XmlRefused(`an attribute with no value in <${name}>`)
      const attrName = xml.slice(k, eq).trimEnd()
      if (attrName === '' || attrName.includes('<') || attrName.includes('>')) throw new XmlRefused(`a malformed attribute in <${name}>`)
      k = eq + 1
      while (k < n && isSpace(xml.charCodeAt(k))) k++
      const quote = xml.charCodeAt(k)
      if (quote !== 0x22 && quote !== 0x27) throw new XmlRefused(`an unquoted attribute value in <${name}>`)
      const close = xml.indexOf(quote === 0x22 ? '"' : "'", k + 1)
      if (close < 0) throw new XmlRefused(`the document ends inside an attribute of <${name}>`)
      const raw = xml.slice(k + 1, close)
      if (raw.includes('<')) throw new XmlRefused(`a < inside an attribute of <${name}>`)
      attributes.push(attrName, decodeText(raw))
      k = close + 1
    }
    if (!selfClosing) {
      if (stack.length >= MAX_DEPTH) throw new XmlRefused(`elements nested more than ${MAX_DEPTH} deep`)
      stack.push(name)
    }
    const local = localOf(name)
    handler.open(local, attributes, selfClosing)
    if (selfClosing) {
      handler.close(local)
      if (stack.length === 0) rootClosed = true
    }
    i = k
  }
  if (stack.length) throw new XmlRefused(`the document ends inside <${stack[stack.length - 1]}>`)
  if (!rootClosed) throw new XmlRefused('no root element')
}
