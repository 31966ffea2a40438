// The cells of an .xlsx workbook (ECMA-376 SpreadsheetML), read from its parts: the sheets by
// name, shared strings and rich text as plain text, which number formats are dates or
// percentages, and each cell's value with the cached result of a formula. Only what a return
// needs is read (no styles beyond number formats, no drawings, no comments), and every sheet
// stops at a row and cell budget, so a huge sheet costs no more than the budget.
import { XmlRefused, attribute, decodeText, scanXml, type XmlHandler } from './xml.js'
import { isAscii } from 'node:buffer'
import type { ZipArchive } from './zip.js'

/** A cell as the workbook holds it, once shared strings and number formats are applied. */
export type CellValue =
  | { type: 'text'; text: string }
  /** `date`/`percent`: the cell's number format shows it as a date or a percentage */
  | { type: 'number'; n: number; date: boolean; percent: boolean }
  | { type: 'boolean'; b: boolean }
  /** an ISO 8601 date cell (`t="d"`), as some applications write them */
  | { type: 'date'; iso: string }
  | { type: 'error'; code: string }
  /** a formula saved without its result */
  | { type: 'formula' }

export interface Cell { col: number; value: CellValue }
export interface Row { row: number; cells: Cell[] }

export interface SheetInfo { name: string; part: string }

/** What is left to read (`rows`, `cells`) of the most a workbook may have. */
export interface ReadBudget { rows: number; cells: number; readonly maxRows: number; readonly maxCells: number }

/** The workbook's parts are not what SpreadsheetML says they must be. */
export class NotAWorkbook extends Error {}

/** A sheet has more rows or cells than the budget: `row` is where reading stopped. */
export class SheetTooLarge extends Error {
  constructor(readonly sheet: string, readonly row: number, detail: string) { super(detail) }
}

/** A part's text: UTF-8 (as Excel writes it) or UTF-16 with its byte order mark. */
const textOf = (bytes: Buffer) => {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.toString('utf16le', 2)
  // most parts are ASCII throughout, which is its own Latin-1 and decodes several times faster
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8')
}

/** Scans one part; a part that is not XML this reader takes means the upload is not a workbook. */
function parse(zip: ZipArchive, part: string, handler: XmlHandler) {
  parseText(textOf(zip.part(part)), part, handler)
}

function parseText(xml: string, part: string, handler: XmlHandler) {
  try {
    scanXml(xml, handler)
  } catch (err) {
    if (err instanceof XmlRefused) throw new NotAWorkbook(`${part} is not well-formed XML (${err.message})`)
    throw err
  }
}

/** Text as SpreadsheetML stores it: XML-escaped, with control characters as _xHHHH_. */
const cellText = (xml: string, start: number, end: number, cdata: boolean) => {
  const text = cdata ? xml.slice(start, end) : decodeText(xml.slice(start, end))
  return text.includes('_x') ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text
}

/** A relationship target, resolved against the part that holds the relationships (RFC 3986 paths). */
const resolveTarget = (base: string, target: string) => {
  const parts = (target.startsWith('/') ? target.slice(1) : base.slice(0, base.lastIndexOf('/') + 1) + target).split('/')
  const out: string[] = []
  for (const p of parts) {
    if (p === '..') out.pop()
    else if (p !== '.' && p !== '') out.push(p)
  }
  return out.join('/')
}

/** Relationships of a part: id → { type, target }. */
function relationships(zip: ZipArchive, of: string) {
  const dir = of.slice(0, of.lastIndexOf('/') + 1)
  const relsPart = `${dir}_rels/${of.slice(dir.length)}.rels`
  const rels = new Map<string, { type: string; target: string }>()
  if (!zip.has(relsPart)) return rels
  parse(zip, relsPart, {
    open: (name, attrs) => {
      if (name !== 'Relationship' || attribute(attrs, 'TargetMode') === 'External') return
      const id = attribute(attrs, 'Id')
      const target = attribute(attrs, 'Target')
      if (id && target) rels.set(id, { type: attribute(attrs, 'Type') ?? '', target: resolveTarget(of, target) })
    },
    close: () => {},
  })
  return rels
}

const isRel = (type: string, kind: string) => type.endsWith(`/${kind}`)

export interface WorkbookIndex {
  sheets: SheetInfo[]
  date1904: boolean
  sharedStrings?: string
  styles?: string
}

/** The workbook part, its sheets in order with the part each is in, and where its strings and styles are. */
export function workbookIndex(zip: ZipArchive): WorkbookIndex {
  const root = relationships(zip, '')
  const office = [...root.values()].find((r) => isRel(r.type, 'officeDocument'))
  const workbook = office?.target ?? 'xl/workbook.xml'
  if (!zip.has(workbook)) throw new NotAWorkbook('the file is a zip archive but not a workbook (no xl/workbook.xml)')
  const rels = relationships(zip, workbook)
  const sheets: SheetInfo[] = []
  let date1904 = false
  parse(zip, workbook, {
    open: (name, attrs) => {
      if (name === 'workbookPr') {
        const v = attribute(attrs, 'date1904')
        date1904 = v === '1' || v === 'true'
      } else if (name === 'sheet') {
        const rel = rels.get(attribute(attrs, 'id') ?? '')
        const sheetName = attribute(attrs, 'name')
        // chart sheets and dialog sheets hold no cells
        if (sheetName && rel && isRel(rel.type, 'worksheet') && zip.has(rel.target)) sheets.push({ name: sheetName, part: rel.target })
      }
    },
    close: () => {},
  })
  const partOf = (kind: string) => [...rels.values()].find((r) => isRel(r.type, kind) && zip.has(r.target))?.target
  return { sheets, date1904, sharedStrings: partOf('sharedStrings'), styles: partOf('styles') }
}

/** A shared string that is one run of text, the form most take: read in one match. */
const PLAIN_STRING = /<si><t(?: xml:space="preserve")?>([^<]*)<\/t><\/si>/y

/** The shared strings, rich text as its plain text (phonetic guides left out). */
export function sharedStrings(zip: ZipArchive, part: string | undefined): string[] {
  const strings: string[] = []
  if (!part) return strings
  const xml = textOf(zip.part(part))
  // the quick way while the strings are plain; from the first that is not, the XML reader's way
  const first = xml.indexOf('<si>')
  let i = first
  if (first >= 0) {
    for (;;) {
      PLAIN_STRING.lastIndex = i
      const m = PLAIN_STRING.exec(xml)
      if (!m) break
      try {
        strings.push(cellText(m[1], 0, m[1].length, false))
      } catch (err) {
        if (err instanceof XmlRefused) throw new NotAWorkbook(`${part} is not well-formed XML (${err.message})`)
        throw err
      }
      i = PLAIN_STRING.lastIndex
    }
  }
  if (first >= 0 && xml.startsWith('</sst>', i)) return strings
  strings.length = 0
  return allSharedStrings(xml, part, strings)
}

function allSharedStrings(xml: string, part: string, strings: string[]): string[] {
  let current: string | undefined
  let inText = false
  let phonetic = 0
  parseText(xml, part, {
    open: (name, _attrs, selfClosing) => {
      if (name === 'si') current = ''
      else if (name === 'rPh') phonetic++
      else if (name === 't' && !selfClosing) inText = phonetic === 0
    },
    close: (name) => {
      if (name === 'si') {
        strings.push(current ?? '')
        current = undefined
      } else if (name === 'rPh') {
        phonetic--
      } else if (name === 't') {
        inText = false
      }
    },
    text: (xml, start, end, cdata) => { if (inText && current !== undefined) current += cellText(xml, start, end, cdata) },
  })
  return strings
}

// Built-in number formats that show a date or time (ECMA-376 part 1, 18.8.30, and the East Asian ones).
const BUILTIN_DATES = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58])
const BUILTIN_PERCENT = new Set([9, 10])

/** What a format code shows, once quoted text, escapes and [colour]/[locale] sections are set aside. */
const formatShows = (code: string) => {
  const bare = code.replace(/"[^"]*"|\\.|_.|\*./g, '').replace(/\[(?![hms]+\])[^\]]*\]/gi, '')
  return { date: /[dmyhs]/i.test(bare) && !/^general$/i.test(bare.trim()), percent: bare.includes('%') }
}

export interface CellStyles { date: boolean[]; percent: boolean[] }

/** For each cell style (`s`), whether its number format shows a date or a percentage. */
export function cellStyles(zip: ZipArchive, part: string | undefined): CellStyles {
  const styles: CellStyles = { date: [], percent: [] }
  if (!part) return styles
  const custom = new Map<number, { date: boolean; percent: boolean }>()
  let inCellXfs = false
  parse(zip, part, {
    open: (name, attrs) => {
      if (name === 'numFmt') custom.set(Number(attribute(attrs, 'numFmtId')), formatShows(attribute(attrs, 'formatCode') ?? ''))
      else if (name === 'cellXfs') inCellXfs = true
      else if (name === 'xf' && inCellXfs) {
        const id = Number(attribute(attrs, 'numFmtId') ?? 0)
        const shows = custom.get(id)
        styles.date.push(shows ? shows.date : BUILTIN_DATES.has(id))
        styles.percent.push(shows ? shows.percent : BUILTIN_PERCENT.has(id))
      }
    },
    close: (name) => { if (name === 'cellXfs') inCellXfs = false },
  })
  return styles
}

const MAX_COLUMN = 16_384 // XFD
const MAX_ROW = 1_048_576

/** The column of a cell reference (`F3` → 6), 0 when it is not one; the row is the row element's. */
function columnOf(ref: string) {
  let col = 0
  let i = 0
  for (; i < ref.length && i < 4; i++) {
    const c = ref.charCodeAt(i)
    if (c >= 65 && c <= 90) col = col * 26 + c - 64
    else if (c >= 97 && c <= 122) col = col * 26 + c - 96
    else break
  }
  if (i === 0 || i > 3 || col > MAX_COLUMN || i === ref.length) return 0
  for (let k = i; k < ref.length; k++) {
    const c = ref.charCodeAt(k)
    if (c < 48 || c > 57) return 0
  }
  return col
}

/** Column 6 → `F`. */
export function columnLetters(col: number) {
  let s = ''
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s
  return s
}

const GT = 0x3e
const SLASH = 0x2f
const COLON = 0x3a
const QUOTE = 0x22
const APOSTROPHE = 0x27

const isSpace = (c: number) => c === 0x20 || c === 0x9 || c === 0xa || c === 0xd

/** The cell attributes a reader needs (`r`, `s`, `t`), from the tag between `from` and `to`. */
interface CellAttributes { r: string | undefined; s: string | undefined; t: string | undefined }

/**
 * The one-letter attribute `name` written first, as ` r="…"`, at `at`: the end of its value, or
 * -1. Excel, LibreOffice and exceljs all write a cell's r, s and t first and in that order.
 */
function leading(xml: string, at: number, to: number, name: number) {
  if (at + 4 > to || xml.charCodeAt(at) !== 0x20 || xml.charCodeAt(at + 1) !== name || xml.charCodeAt(at + 2) !== 0x3d || xml.charCodeAt(at + 3) !== QUOTE) return -1
  let end = at + 4
  while (end < to && xml.charCodeAt(end) !== QUOTE) end++
  return end < to && !xml.slice(at + 4, end).includes('&') ? end : -1
}

/** A row's or a cell's r, s and t, read the quick way when they come first, and else attribute by attribute. */
function cellAttributes(xml: string, from: number, to: number, out: CellAttributes, rowOnly = false) {
  out.r = out.s = out.t = undefined
  let k = from
  let end = leading(xml, k, to, 0x72) // r
  if (end >= 0) {
    out.r = xml.slice(k + 4, end)
    k = end + 1
    if (rowOnly) return true
    end = leading(xml, k, to, 0x73) // s
    if (end >= 0) {
      out.s = xml.slice(k + 4, end)
      k = end + 1
    }
    end = leading(xml, k, to, 0x74) // t
    if (end >= 0) {
      out.t = xml.slice(k + 4, end)
      k = end + 1
    }
  }
  return otherAttributes(xml, k, to, out)
}

function otherAttributes(xml: string, from: number, to: number, out: CellAttributes) {
  // every search stays inside the tag: one that ran on to the end of the sheet, tag after tag,
  // would make a sheet of a million empty rows cost a million passes over it
  let k = from
  for (;;) {
    let eq = k
    while (eq < to && xml.charCodeAt(eq) !== 0x3d) eq++ // '='
    if (eq >= to) return true
    let nameStart = eq
    while (nameStart > k && isSpace(xml.charCodeAt(nameStart - 1))) nameStart--
    const nameEnd = nameStart
    while (nameStart > k && !isSpace(xml.charCodeAt(nameStart - 1))) nameStart--
    let open = eq + 1
    while (open < to && isSpace(xml.charCodeAt(open))) open++
    const quote = xml.charCodeAt(open)
    if (open >= to || (quote !== QUOTE && quote !== APOSTROPHE)) return false
    let close = open + 1
    while (close < to && xml.charCodeAt(close) !== quote) close++
    if (close >= to) return false
    // r, s and t are the only one-letter attributes of a row or a cell
    if (nameEnd - nameStart === 1) {
      const raw = xml.slice(open + 1, close)
      const value = raw.includes('&') ? decodeText(raw) : raw
      switch (xml.charCodeAt(nameStart)) {
        case 0x72: out.r = value; break // r
        case 0x73: out.s = value; break // s
        case 0x74: out.t = value; break // t
      }
    }
    k = close + 1
  }
}

/**
 * A cell written `<c r="B2" s="4" t="s"><v>35</v></c>`: r, then s and t if at all, in that order,
 * and a plain value or none (no formula, inline string or escape). Most cells of a workbook are
 * written so, and one match reads them several times quicker than tag by tag; anything else
 * takes the tag-by-tag path.
 */
const PLAIN_CELL = /<c r="([A-Z]{1,3})[0-9]{1,7}"(?: s="([0-9]{1,6})")?(?: t="(s|n|b|e|str|d)")?(?:\/>|>(?:<v>([^<&\r]*)<\/v>)?<\/c>)/y

const SHEET_DATA = /<(?:[A-Za-z_][\w.-]*:)?sheetData(?=[\s/>])[^>]*>/

/**
 * Every row of a sheet that holds a cell with something in it, in the order written. Counts every
 * row and cell element against the budget, empty or not, and stops at the end of the sheet's data.
 *
 * The sheet data is the bulk of a workbook, so it has a scanner of its own, which looks only at the
 * elements a cell's value is in (row, c, v, f, is, t, rPh) and checks that they nest; the generic
 * one (xml.ts) reads every other part.
 */
export function readSheet(zip: ZipArchive, sheet: SheetInfo, strings: readonly string[], styles: CellStyles, budget: ReadBudget): Row[] {
  try {
    return scanSheet(textOf(zip.part(sheet.part)), sheet, strings, styles, budget)
  } catch (err) {
    if (err instanceof XmlRefused) throw new NotAWorkbook(`the sheet ${sheet.name} is not well-formed: ${err.message}`)
    throw err
  }
}

function scanSheet(xml: string, sheet: SheetInfo, strings: readonly string[], styles: CellStyles, budget: ReadBudget): Row[] {
  const malformed = (detail: string) => new NotAWorkbook(`the sheet ${sheet.name} is not well-formed: ${detail}`)
  const rows: Row[] = []
  const open = SHEET_DATA.exec(xml)
  if (!open || open[0].endsWith('/>')) return rows
  const n = xml.length
  let i = open.index + open[0].length
  let depth = 0
  let row: Row | undefined
  let rowNumber = 0
  let col = 0
  // the cell being read
  const attrs: CellAttributes = { r: undefined, s: undefined, t: undefined }
  let ref: string | undefined
  let type = 'n'
  let style = 0
  let formula = false
  let value: string | undefined
  let capture = false
  let inInline = false
  let phonetic = 0

  const finishCell = () => {
    const v = value
    let cell: CellValue | undefined
    switch (type) {
      case 's': {
        if (v === undefined) break
        const text = strings[Number(v)]
        if (text === undefined) throw malformed(`cell ${ref ?? ''} names shared string ${v}, which the workbook does not have`)
        cell = { type: 'text', text }
        break
      }
      case 'inlineStr':
      case 'str':
        if (v !== undefined) cell = { type: 'text', text: v }
        break
      case 'b':
        if (v !== undefined) cell = { type: 'boolean', b: v.trim() === '1' || v.trim() === 'true' }
        break
      case 'e':
        if (v !== undefined) cell = { type: 'error', code: v.trim() }
        break
      case 'd':
        if (v !== undefined) cell = { type: 'date', iso: v.trim() }
        break
      default:
        if (v !== undefined && v.trim() !== '') {
          const x = Number(v)
          if (!Number.isFinite(x)) throw malformed(`cell ${ref ?? ''} holds ${JSON.stringify(v.slice(0, 40))} as a number`)
          cell = { type: 'number', n: x, date: styles.date[style] ?? false, percent: styles.percent[style] ?? false }
        }
    }
    if (!cell && formula) cell = { type: 'formula' }
    if (cell) row!.cells.push({ col, value: cell })
  }
  const is = (at: number, length: number, name: string) => length === name.length && xml.startsWith(name, at)

  for (;;) {
    const lt = xml.indexOf('<', i)
    if (lt < 0) throw malformed('its data does not end')
    // the fast path: a whole cell as Excel, LibreOffice and exceljs write most of them
    if (row && !capture && xml.charCodeAt(lt + 1) === 0x63) { // <c
      PLAIN_CELL.lastIndex = lt
      const m = PLAIN_CELL.exec(xml)
      if (m) {
        if (--budget.cells < 0) throw new SheetTooLarge(sheet.name, rowNumber, `the sheet ${sheet.name} has more cells than a return can fill (stopped at row ${rowNumber}): a return's workbook has at most ${budget.maxCells} cells`)
        ref = undefined
        col = 0
        for (let c = 0; c < m[1].length; c++) col = col * 26 + m[1].charCodeAt(c) - 64
        if (col > MAX_COLUMN) throw malformed(`column ${m[1]} is beyond the last column`)
        style = m[2] === undefined ? 0 : Number(m[2])
        type = m[3] ?? 'n'
        formula = false
        value = m[4]
        finishCell()
        i = PLAIN_CELL.lastIndex
        continue
      }
    }
    if (capture && lt > i) {
      const text = inInline ? cellText(xml, i, lt, false) : decodeText(xml.slice(i, lt))
      value = value ? value + text : text
    }
    let k = lt + 1
    const first = xml.charCodeAt(k)
    if (first === 0x21) { // '<!': a comment, or CDATA
      if (xml.startsWith('<!--', lt)) {
        const end = xml.indexOf('-->', lt + 4)
        if (end < 0) throw malformed('a comment does not end')
        i = end + 3
      } else if (xml.startsWith('<![CDATA[', lt)) {
        const end = xml.indexOf(']]>', lt + 9)
        if (end < 0) throw malformed('a CDATA section does not end')
        if (capture) value += xml.slice(lt + 9, end)
        i = end + 3
      } else {
        throw malformed('a declaration inside the sheet data')
      }
      continue
    }
    if (first === 0x3f) { // '<?': a processing instruction
      const end = xml.indexOf('?>', lt + 2)
      if (end < 0) throw malformed('a processing instruction does not end')
      i = end + 2
      continue
    }
    const closing = first === SLASH
    if (closing) k++
    let nameStart = k
    for (; k < n; k++) {
      const c = xml.charCodeAt(k)
      if (c === COLON) nameStart = k + 1
      else if (isSpace(c) || c === GT || c === SLASH) break
    }
    const nameLength = k - nameStart
    // no attribute of these elements holds a >
    const gt = xml.indexOf('>', k)
    if (gt < 0) throw malformed('a tag does not end')
    i = gt + 1
    const selfClosing = !closing && xml.charCodeAt(gt - 1) === SLASH
    const c0 = xml.charCodeAt(nameStart)

    if (closing) {
      if (--depth < 0) {
        if (is(nameStart, nameLength, 'sheetData')) return rows
        throw malformed(`an end tag with no start (at character ${lt})`)
      }
      if (nameLength === 1) {
        if (c0 === 0x63) finishCell() // c
        else if (c0 === 0x76 || c0 === 0x74) capture = false // v, t
      } else if (is(nameStart, nameLength, 'row')) {
        if (row && row.cells.length) rows.push(row)
        row = undefined
      } else if (is(nameStart, nameLength, 'is')) {
        inInline = false
      } else if (is(nameStart, nameLength, 'rPh')) {
        phonetic--
      }
      continue
    }
    if (!selfClosing) depth++
    if (nameLength === 1 && c0 === 0x63) { // c
      if (!row) throw malformed('a cell outside a row')
      if (--budget.cells < 0) throw new SheetTooLarge(sheet.name, rowNumber, `the sheet ${sheet.name} has more cells than a return can fill (stopped at row ${rowNumber}): a return's workbook has at most ${budget.maxCells} cells`)
      if (!cellAttributes(xml, k, gt, attrs)) throw malformed('a cell\'s attribute does not end')
      ref = attrs.r
      if (ref === undefined) {
        col++
      } else {
        col = columnOf(ref)
        if (col === 0) throw malformed(`${JSON.stringify(ref.slice(0, 20))} is not a cell reference`)
      }
      type = attrs.t ?? 'n'
      style = attrs.s === undefined ? 0 : Number(attrs.s)
      formula = false
      value = undefined
      if (selfClosing) finishCell()
    } else if (nameLength === 1 && c0 === 0x76) { // v
      if (!selfClosing) {
        capture = true
        value = value ?? ''
      }
    } else if (nameLength === 1 && c0 === 0x66) { // f
      formula = true
    } else if (nameLength === 1 && c0 === 0x74) { // t
      if (inInline && phonetic === 0 && !selfClosing) capture = true
    } else if (is(nameStart, nameLength, 'row')) {
      if (!cellAttributes(xml, k, gt, attrs, true)) throw malformed('a row\'s attribute does not end')
      const r = attrs.r
      const number = r === undefined ? rowNumber + 1 : Number(r)
      if (!Number.isInteger(number) || number < 1 || number > MAX_ROW) throw malformed(`row number ${JSON.stringify(r)} is not valid`)
      if (--budget.rows < 0) throw new SheetTooLarge(sheet.name, number, `the sheet ${sheet.name} has more rows than a return can fill (stopped at row ${number}): a return's workbook has at most ${budget.maxRows} rows across its sheets`)
      rowNumber = number
      col = 0
      row = selfClosing ? undefined : { row: number, cells: [] }
    } else if (is(nameStart, nameLength, 'is')) {
      if (!selfClosing) {
        inInline = true
        value = ''
      }
    } else if (is(nameStart, nameLength, 'rPh')) {
      if (!selfClosing) phonetic++
    }
  }
}
