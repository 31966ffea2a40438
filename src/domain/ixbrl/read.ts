// Read an inline XBRL document: a streaming pass over the text that keeps contexts, units and
// tagged facts, never the page. Pure: the text in, what it says out.
import { SaxesParser, type SaxesTagNS } from 'saxes'
import type {
  ExplicitMember, IxbrlContext, IxbrlDocument, IxbrlUnit, NumericFact, Period, Position, QName, TextFact, TypedMember,
} from './document.js'
import { IxbrlError, type IxbrlProblem } from './ixbrl.errors.js'
import { readDate, readNumber } from './transforms.js'

const MAX_DEPTH = 256

/**
 * The text a document's facts may hold, as a multiple of the document's own length. A fact's text is
 * counted once for each fact it sits inside and once more for each fact a continuation chain is joined
 * into. A filing's facts hold about its own text, a few times over where facts nest; a document whose
 * continuation chains are shared by thousands of facts would expand to gigabytes, and is refused instead.
 */
const EXPANSION = 4
/** Small documents may expand this much whatever their length. */
const EXPANSION_FLOOR = 1 << 20
/** Problems listed in a refusal; the rest are counted. */
const MAX_PROBLEMS = 100

const IX_1_1 = 'http://www.xbrl.org/2013/inlineXBRL' // iXBRL 1.1
const IX_1_0 = 'http://www.xbrl.org/2008/inlineXBRL' // iXBRL 1.0, still in older filings
const XBRLI = 'http://www.xbrl.org/2003/instance'
const XBRLDI = 'http://xbrl.org/2006/xbrldi'
const XSI = 'http://www.w3.org/2001/XMLSchema-instance'

/** Small enough to keep the parser's own buffers small, large enough that the loop costs nothing. */
const CHUNK = 1 << 16

/**
 * An XHTML DOCTYPE brings the HTML character entities with it, and accounts software writes
 * `&nbsp;` and `&pound;` freely. No DTD is fetched, so the common ones are named here.
 */
const XHTML_ENTITIES: Record<string, string> = {
  nbsp: '\u00a0', pound: '£', euro: '€', copy: '©', reg: '®', trade: '™', sect: '§', para: '¶', deg: '°',
  ndash: '–', mdash: '—', minus: '−', hellip: '…', middot: '·', bull: '•', times: '×', divide: '÷',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»', shy: '\u00ad',
  ensp: '\u2002', emsp: '\u2003', thinsp: '\u2009', zwnj: '\u200c', zwj: '\u200d', frac12: '½', frac14: '¼', frac34: '¾',
}

interface Collecting { text: string }
interface OpenNumber extends Collecting { kind: 'nonFraction'; fact: NumericFact; formatName?: string }
interface OpenText extends Collecting { kind: 'nonNumeric'; fact: TextFact; continuedAt?: string }
interface OpenContinuation extends Collecting { kind: 'continuation'; id?: string; continuedAt?: string }
type Open = OpenNumber | OpenText | OpenContinuation

interface ContextDraft {
  id: string
  scheme: string
  identifier: string
  instant?: string
  start?: string
  end?: string
  forever: boolean
  dimensions: ExplicitMember[]
  typedDimensions: TypedMember[]
  at: Position
}

/** A prefixed name as written (`text`), and its parts; `prefix` undefined when it has no colon. */
interface Written {
  text: string
  prefix: string | undefined
  local: string
  /** what the prefix stood for where the name was last met, and the name it made there */
  namespace?: string
  q?: QName
}

interface UnitDraft { id: string; measures: QName[]; divideBy: QName[]; inDenominator: boolean }

const pointer = (at: Position) => `${at.line}:${at.column}`
const xsdDate = (text: string) => text.trim().slice(0, 10)
const collapse = (text: string) => text.replace(/\s+/g, ' ').trim()
const attr = (tag: SaxesTagNS, name: string) => tag.attributes[name]?.value

/**
 * Read the contexts, units and facts of an iXBRL document.
 * Throws IxbrlError when the text is not XML, has no ix:header or no contexts, or a fact cannot be read.
 */
export const readIxbrl = (doc: string): IxbrlDocument => {
  const steps = reading(doc)
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
  }
}

/**
 * The same reading in turns: `pause` is awaited after each piece of the document (a chunk of text, or
 * a batch of facts), so a service can answer other requests while a large document is read.
 */
export const readIxbrlInTurns = async (doc: string, pause: () => Promise<void>): Promise<IxbrlDocument> => {
  const steps = reading(doc)
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
    await pause()
  }
}

/** Characters of fact text finished between two turns. */
const TEXT_PER_TURN = CHUNK

/**
 * saxes's hot code is optimised around the handlers it calls. Handlers made afresh for each document
 * are new functions each time: each document deoptimised that code, and the parse ran slower through
 * much of the next (the bare parse with a text handler toggled as the reader does cost 2.5 times the
 * parse without handlers when they were made per document, 1.15 times when they were the same). So the
 * parser is given these same functions for every document; they work on `active`, the document being
 * read, which `reading` sets before each write to its parser (documents read in turns interleave).
 */
let active: Reader | undefined
const onOpenTag = (tag: SaxesTagNS) => active!.openTag(tag)
const onCloseTag = (tag: SaxesTagNS) => active!.closeTag(tag)
const onText = (text: string) => active!.text(text)
const onDoctype = (doctype: string) => active!.doctype(doctype)
const onError = (err: Error) => active!.notXml(err)

/** One document's reading: what the parser's events have said so far. */
class Reader {
  readonly parser = new SaxesParser({ xmlns: true, position: true })
  readonly problems: IxbrlProblem[] = []
  unlisted = 0
  readonly contexts = new Map<string, IxbrlContext>()
  readonly units = new Map<string, IxbrlUnit>()
  readonly numericFacts: NumericFact[] = []
  readonly textFacts: TextFact[] = []
  readonly continued = new Map<TextFact, string>()
  readonly continuations = new Map<string, { text: string; continuedAt?: string }>()
  sawHeader = false

  private hiddenDepth = 0
  private excludeDepth = 0
  private readonly open: Open[] = []
  private context: ContextDraft | null = null
  private unit: UnitDraft | null = null
  /** the text of the xbrli/xbrldi leaf element being read, if any */
  private leaf: string | null = null
  /** the dimension of the xbrldi member being read */
  private dimension: QName | undefined
  private depth = 0
  /** whether the parser has the text handler (see listenForText) */
  private listening = false

  private readonly budget: number
  private expanded = 0
  // Tens of thousands of facts name a few hundred concepts: each name is one shared object, and each
  // name as written is split into prefix and local part once.
  private readonly names = new Map<string, Map<string, QName>>()
  private readonly written = new Map<string, Written>()
  // ... and refer to a few dozen contexts and units: each reference is kept once, so that facts share
  // its string and the lookups by it compare pointers rather than characters.
  private readonly refs = new Map<string, string>()
  /**
   * xsi:nil, under whatever prefix the document gives the XML Schema instance namespace. Documents
   * call it xsi; looking through every attribute of every fact for another prefix costs more than the
   * rest of the fact, so it is done only when the namespace is declared and xsi is not its prefix.
   */
  private readonly mayBeNil: boolean

  constructor (doc: string) {
    this.budget = EXPANSION * doc.length + EXPANSION_FLOOR
    this.mayBeNil = doc.includes(XSI)
    const { parser } = this
    parser.on('doctype', onDoctype)
    parser.on('opentag', onOpenTag)
    parser.on('closetag', onCloseTag)
    parser.on('cdata', onText)
    parser.on('error', onError)
  }

  private here (): Position {
    return { line: this.parser.line, column: this.parser.column }
  }

  problem (at: Position, detail: string) {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ pointer: pointer(at), detail })
    else this.unlisted++
  }

  /** Count text taken into facts; past the budget the document is refused at once, before it is built. */
  expand (chars: number) {
    this.expanded += chars
    if (this.expanded > this.budget) {
      const detail = `the facts' text expands to more than ${EXPANSION} times the document's length ` +
        `(${this.budget.toLocaleString('en-GB')} characters), through nested facts or shared ix:continuation chains`
      throw new IxbrlError(`the document is refused: ${detail}`, { problems: [{ detail }] })
    }
  }

  /** A name as written, split once. */
  private split (prefixed: string): Written {
    let w = this.written.get(prefixed)
    if (!w) {
      const name = prefixed.trim()
      const colon = name.indexOf(':')
      this.written.set(prefixed, w = { text: prefixed, prefix: colon < 0 ? undefined : name.slice(0, colon), local: name.slice(colon + 1) })
    }
    return w
  }

  /** A prefixed name resolved against the namespaces in scope; undefined when its prefix is not declared. */
  private resolve (w: Written): QName | undefined {
    const namespace = this.parser.resolve(w.prefix ?? '')
    if (namespace === undefined) return undefined
    if (namespace === w.namespace) return w.q
    let inNamespace = this.names.get(namespace)
    if (!inNamespace) this.names.set(namespace, inNamespace = new Map())
    let q = inNamespace.get(w.local)
    if (!q) inNamespace.set(w.local, q = { namespace, local: w.local })
    w.namespace = namespace
    w.q = q
    return q
  }

  private ref (text: string) {
    let kept = this.refs.get(text)
    if (kept === undefined) this.refs.set(text, kept = text)
    return kept
  }

  private isNil (tag: SaxesTagNS) {
    if (!this.mayBeNil) return false
    const usual = tag.attributes['xsi:nil']
    const nil = usual?.uri === XSI ? usual
      : this.parser.resolve('xsi') === XSI ? undefined
        : Object.values(tag.attributes).find(a => a.local === 'nil' && a.uri === XSI)
    return nil !== undefined && (nil.value.trim() === 'true' || nil.value.trim() === '1')
  }

  private factName (tag: SaxesTagNS, at: Position) {
    const written = this.split(attr(tag, 'name') ?? '')
    const name = written.text
    const concept = written.prefix !== undefined ? this.resolve(written) : undefined
    if (!concept) this.problem(at, `the concept "${name}" has no declared namespace`)
    return { name, concept: concept ?? { namespace: '', local: name } }
  }

  private formatOf (tag: SaxesTagNS, at: Position): QName | null {
    const format = attr(tag, 'format')
    if (format === undefined) return null
    const q = this.resolve(this.split(format))
    if (!q) { this.problem(at, `unknown format ${format}: its prefix is not declared`); return null }
    return q
  }

  doctype (doctype: string) {
    if (doctype.toLowerCase().includes('html')) Object.assign(this.parser.ENTITIES, XHTML_ENTITIES)
  }

  // Real filings nest a few dozen levels; the parser's namespace handling costs time in proportion
  // to depth, so a pathologically deep document would stall the service: refuse it early.
  openTag (tag: SaxesTagNS) {
    if (++this.depth > MAX_DEPTH) {
      const { line, column } = this.parser
      throw new IxbrlError(`the document nests elements more than ${MAX_DEPTH} deep (line ${line})`, {
        problems: [{ pointer: `${line}:${column}`, detail: `elements nested more than ${MAX_DEPTH} deep` }],
      })
    }
    if (tag.uri === IX_1_1 || tag.uri === IX_1_0) this.openIx(tag.local, tag)
    else if (tag.uri === XBRLI || tag.uri === XBRLDI) this.openXbrl(tag.uri, tag.local, tag)
    else return
    this.listenForText()
  }

  closeTag (tag: SaxesTagNS) {
    this.depth--
    if (tag.uri === IX_1_1 || tag.uri === IX_1_0) this.closeIx(tag.local)
    else if (tag.uri === XBRLI || tag.uri === XBRLDI) this.closeXbrl(tag.uri, tag.local)
    else return
    this.listenForText()
  }

  text (chunk: string) {
    if (this.leaf !== null) this.leaf += chunk
    const { open } = this
    if (this.excludeDepth > 0 || open.length === 0) return
    this.expand(chunk.length * open.length)
    for (let i = 0; i < open.length; i++) open[i].text += chunk
  }

  // Most of a document is the page's own text, which no fact holds: the parser is given a text
  // handler only inside a fact or an xbrli leaf, so that it does not cut that text into strings for
  // nothing (saxes reads its handler as each run of text begins, after the tag before it).
  private listenForText () {
    const wanted = this.leaf !== null || this.open.length > 0
    if (wanted === this.listening) return
    this.listening = wanted
    if (wanted) this.parser.on('text', onText)
    else this.parser.off('text')
  }

  notXml (err: Error): never {
    // saxes prefixes its message with the position; say it our way
    const { line, column } = this.parser
    const prefix = `${line}:${column}: `
    const message = err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message
    throw new IxbrlError(`not XML: ${message} (line ${line}, column ${column})`, {
      problems: [{ pointer: `${line}:${column}`, detail: `not XML: ${message}` }],
    })
  }

  private openIx (local: string, tag: SaxesTagNS) {
    switch (local) {
      case 'header': this.sawHeader = true; return
      case 'hidden': this.hiddenDepth++; return
      case 'exclude': this.excludeDepth++; return
      case 'nonFraction': {
        const at = this.here()
        const { name, concept } = this.factName(tag, at)
        const scale = Number(attr(tag, 'scale') ?? 0)
        if (!Number.isInteger(scale)) this.problem(at, `${name}: scale "${attr(tag, 'scale')}" is not a whole number`)
        const decimals = attr(tag, 'decimals')?.trim()
        const nil = this.isNil(tag)
        const fact: NumericFact = {
          id: attr(tag, 'id'),
          name,
          concept,
          contextRef: this.ref(attr(tag, 'contextRef') ?? ''),
          unitRef: this.ref(attr(tag, 'unitRef') ?? ''),
          value: null,
          nil,
          displayed: '',
          scale: Number.isInteger(scale) ? scale : 0,
          negated: attr(tag, 'sign') === '-',
          decimals: decimals === undefined ? null : decimals === 'INF' ? 'INF' : Number(decimals),
          format: this.formatOf(tag, at),
          hidden: this.hiddenDepth > 0,
          at,
        }
        this.open.push({ kind: 'nonFraction', text: '', fact, formatName: attr(tag, 'format') })
        return
      }
      case 'nonNumeric': {
        const at = this.here()
        const { name, concept } = this.factName(tag, at)
        const fact: TextFact = {
          id: attr(tag, 'id'), name, concept, contextRef: this.ref(attr(tag, 'contextRef') ?? ''), value: '', format: this.formatOf(tag, at), hidden: this.hiddenDepth > 0, at,
        }
        this.open.push({ kind: 'nonNumeric', text: '', fact, continuedAt: attr(tag, 'continuedAt') })
        return
      }
      case 'continuation':
        this.open.push({ kind: 'continuation', text: '', id: attr(tag, 'id'), continuedAt: attr(tag, 'continuedAt') })
    }
  }

  private closeIx (local: string) {
    switch (local) {
      case 'hidden': this.hiddenDepth--; return
      case 'exclude': this.excludeDepth--; return
      case 'nonFraction': {
        const { fact, text, formatName } = this.open.pop() as OpenNumber
        fact.displayed = text
        fact.value = this.numberOf(fact, formatName)
        this.numericFacts.push(fact)
        return
      }
      case 'nonNumeric': {
        const { fact, text, continuedAt } = this.open.pop() as OpenText
        fact.value = text
        this.textFacts.push(fact)
        if (continuedAt !== undefined) this.continued.set(fact, continuedAt)
        return
      }
      case 'continuation': {
        const { id, text, continuedAt } = this.open.pop() as OpenContinuation
        if (id) this.continuations.set(id, { text, continuedAt })
      }
    }
  }

  private openXbrl (uri: string, local: string, tag: SaxesTagNS) {
    const { context, unit } = this
    if (uri === XBRLI) {
      if (local === 'context') {
        this.context = { id: this.ref(attr(tag, 'id') ?? ''), scheme: '', identifier: '', forever: false, dimensions: [], typedDimensions: [], at: this.here() }
      } else if (local === 'unit') {
        this.unit = { id: this.ref(attr(tag, 'id') ?? ''), measures: [], divideBy: [], inDenominator: false }
      } else if (local === 'identifier' && context) {
        context.scheme = attr(tag, 'scheme') ?? ''
        this.leaf = ''
      } else if (local === 'instant' || local === 'startDate' || local === 'endDate' || local === 'measure') {
        this.leaf = ''
      } else if (local === 'forever' && context) {
        context.forever = true
      } else if (local === 'unitDenominator' && unit) {
        unit.inDenominator = true
      }
    } else if (uri === XBRLDI && (local === 'explicitMember' || local === 'typedMember') && context) {
      this.dimension = this.resolve(this.split(attr(tag, 'dimension') ?? ''))
      if (!this.dimension) this.problem(this.here(), `context ${context.id}: the dimension "${attr(tag, 'dimension')}" has no declared namespace`)
      this.leaf = ''
    }
  }

  private closeXbrl (uri: string, local: string) {
    const { context, unit, leaf, dimension } = this
    if (uri === XBRLI) {
      const text = leaf ?? ''
      if (local === 'context' && context) {
        this.addContext(context)
        this.context = null
      } else if (local === 'unit' && unit) {
        this.units.set(unit.id, { id: unit.id, measures: unit.measures, divideBy: unit.divideBy })
        this.unit = null
      } else if (local === 'identifier' && context) context.identifier = text.trim()
      else if (local === 'instant' && context) context.instant = xsdDate(text)
      else if (local === 'startDate' && context) context.start = xsdDate(text)
      else if (local === 'endDate' && context) context.end = xsdDate(text)
      else if (local === 'measure' && unit) {
        const measure = this.resolve(this.split(text))
        if (measure) (unit.inDenominator ? unit.divideBy : unit.measures).push(measure)
        else this.problem(this.here(), `unit ${unit.id}: the measure "${text.trim()}" has no declared namespace`)
      }
      if (local === 'identifier' || local === 'instant' || local === 'startDate' || local === 'endDate' || local === 'measure') this.leaf = null
    } else if (uri === XBRLDI && context && (local === 'explicitMember' || local === 'typedMember')) {
      if (dimension && local === 'explicitMember') {
        const member = this.resolve(this.split(leaf ?? ''))
        if (member) context.dimensions.push({ dimension, member })
        else this.problem(this.here(), `context ${context.id}: the member "${(leaf ?? '').trim()}" has no declared namespace`)
      } else if (dimension) context.typedDimensions.push({ dimension, value: collapse(leaf ?? '') })
      this.leaf = null
    }
  }

  private addContext (draft: ContextDraft) {
    const period: Period | undefined = draft.instant ? { kind: 'instant', date: draft.instant }
      : draft.start && draft.end ? { kind: 'duration', start: draft.start, end: draft.end }
        : draft.forever ? { kind: 'forever' } : undefined
    if (!draft.id) this.problem(draft.at, 'a context has no id')
    else if (this.contexts.has(draft.id)) this.problem(draft.at, `context ${draft.id} is defined twice`)
    else if (!period) this.problem(draft.at, `context ${draft.id} has no period`)
    else {
      this.contexts.set(draft.id, {
        id: draft.id,
        entity: { scheme: draft.scheme, identifier: draft.identifier },
        period,
        dimensions: draft.dimensions,
        typedDimensions: draft.typedDimensions,
      })
    }
  }

  /** The XBRL value of a nonFraction fact: its text under its format, then scale and sign. */
  private numberOf (fact: NumericFact, formatName: string | undefined) {
    if (fact.nil) {
      if (fact.displayed.trim()) this.problem(fact.at, `${fact.name} is nil but shows "${fact.displayed.trim()}"`)
      return null
    }
    const reading = readNumber(fact.format, formatName, fact.displayed)
    if ('problem' in reading) {
      this.problem(fact.at, `${fact.name}: ${reading.problem}`)
      return null
    }
    if (reading.decimal === null) return null
    // The decimal and its scale go to Number together, so 1.005 at scale 3 is exactly 1005.
    const value = Number(`${reading.decimal}e${fact.scale}`)
    return fact.negated ? -value : value
  }
}

/** The reader itself: yields between pieces of work, returns what the document says. */
function* reading (doc: string): Generator<void, IxbrlDocument, void> {
  const reader = new Reader(doc)
  const { parser, problems, contexts, units, numericFacts, textFacts } = reader

  // A byte order mark, or a blank line a server put before the XML declaration, is not the document.
  let start = 0
  while (start < doc.length && (doc.charCodeAt(start) === 0xfeff || doc.charCodeAt(start) <= 0x20)) start++
  // Cleared once the parse ends, however it ends: the module would otherwise hold the last
  // document's whole reading (its text, facts and parser) until the next upload.
  try {
    for (let i = start; i < doc.length; i += CHUNK) {
      active = reader
      parser.write(doc.slice(i, i + CHUNK))
      yield
    }
    active = reader
    parser.close()
  } finally {
    if (active === reader) active = undefined
  }

  if (!reader.sawHeader) {
    throw new IxbrlError('no iXBRL header: the document has no ix:header, so it is not inline XBRL', { missing: ['ix:header'] })
  }
  if (contexts.size === 0) {
    throw new IxbrlError('no contexts: the iXBRL header defines no xbrli:context', { missing: ['xbrli:context'] })
  }
  for (const fact of [...numericFacts, ...textFacts]) {
    if (!contexts.has(fact.contextRef)) reader.problem(fact.at, `${fact.name}: no context "${fact.contextRef}"`)
  }
  for (const fact of numericFacts) {
    if (!units.has(fact.unitRef)) reader.problem(fact.at, `${fact.name}: no unit "${fact.unitRef}"`)
  }
  // Every chain is resolved, and what it adds counted, before any text is built: a document over the
  // bound is refused having cost no more than its parse.
  const chains = continuationChains(reader.continuations)
  const joined = new Map<TextFact, string>()
  for (const [fact, continuedAt] of reader.continued) {
    const chain = chains(continuedAt)
    if ('problem' in chain) reader.problem(fact.at, `${fact.name}: ${chain.problem}`)
    else {
      reader.expand(chain.text.length)
      joined.set(fact, chain.text)
    }
  }
  let sinceTurn = 0
  for (const fact of textFacts) {
    const text = fact.value + (joined.get(fact) ?? '')
    fact.value = textValue(fact, text)
    sinceTurn += text.length + 1
    if (sinceTurn >= TEXT_PER_TURN) { sinceTurn = 0; yield }
  }
  if (problems.length > 0) {
    const { unlisted } = reader
    const count = problems.length + unlisted
    if (unlisted > 0) problems.push({ detail: `and ${unlisted} more problem${unlisted === 1 ? '' : 's'} not listed` })
    throw new IxbrlError(`the document has ${count} problem${count === 1 ? '' : 's'}: ${problems[0].detail}`, { problems })
  }
  return { contexts, units, numericFacts, textFacts }
}

type Chain = { text: string } | { problem: string }

/**
 * The text of each continuation chain, from any link to its end: the spec makes a fact's content the
 * concatenation of its chain. Each link is followed once, however many facts point into it; the joined
 * text is kept per link and shared, as is a broken chain's problem.
 */
const continuationChains = (continuations: ReadonlyMap<string, { text: string; continuedAt?: string }>) => {
  const resolved = new Map<string, Chain>()
  return (start: string): Chain => {
    const path: string[] = []
    const onPath = new Set<string>()
    let next: string | undefined = start
    let end: Chain = { text: '' }
    while (next !== undefined) {
      const known = resolved.get(next)
      if (known) { end = known; break }
      const part = continuations.get(next)
      if (!part) { end = { problem: `no ix:continuation "${next}"` }; break }
      if (onPath.has(next)) { end = { problem: `the continuation chain loops at "${next}"` }; break }
      onPath.add(next)
      path.push(next)
      next = part.continuedAt
    }
    // back from the end, each link's text is its own followed by the rest of the chain
    for (let i = path.length - 1; i >= 0; i--) {
      if (!('problem' in end)) end = { text: (continuations.get(path[i]) as { text: string }).text + end.text }
      resolved.set(path[i], end)
    }
    return end
  }
}

/** Dates under a date transform become YYYY-MM-DD; other text is kept as shown. */
const textValue = (fact: TextFact, text: string) => {
  const shown = collapse(text)
  return (fact.format && readDate(fact.format, shown)) ?? shown
}
