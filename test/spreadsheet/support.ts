// Workbooks for the spreadsheet tests: the template filled with a return and then edited through
// exceljs, as a finance team would edit it; and zips written byte by byte, for what exceljs never
// writes (inline strings, 1904 dates, lying sizes).
import { deflateRawSync } from 'node:zlib'
import type ExcelJS from 'exceljs'
import { returnWorkbook, xlsxBytes } from '../../src/spreadsheet/template.js'
import { readReturnWorkbook, type WorkbookRead } from '../../src/spreadsheet/read.js'

/** The template filled with `body`, edited by `edit`, as .xlsx bytes. */
export async function workbookOf(body: object, edit?: (wb: ExcelJS.Workbook) => void) {
  const wb = returnWorkbook(body as Record<string, unknown>)
  edit?.(wb)
  return xlsxBytes(wb)
}

export const sheet = (wb: ExcelJS.Workbook, name: string) => {
  const ws = wb.getWorksheet(name)
  if (!ws) throw new Error(`no sheet ${name}`)
  return ws
}

/** Reads and insists it read: the test fails with the problems otherwise. */
export function readOk(bytes: Buffer) {
  const read = readReturnWorkbook(bytes)
  if (!read.ok) throw new Error(`expected the workbook to read; problems: ${JSON.stringify(read.problems, null, 1)}`)
  return read
}

export function problemsOf(read: WorkbookRead) {
  if (read.ok) throw new Error('expected problems; the workbook read')
  return read.problems
}

// ---- zips by hand ----

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
const crc32 = (buf: Buffer) => {
  let c = 0xffffffff
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

export interface ZipEntry {
  name: string
  data: Buffer | string
  /** store (0) or deflate (8, the default) */
  method?: 0 | 8
  /** what the directory says the entry unpacks to, when it should lie */
  declaredSize?: number
  /** the compressed bytes as given, not made from `data` */
  raw?: Buffer
}

/** A zip archive of the entries, with a central directory. */
export function zipOf(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const e of entries) {
    const data = typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : e.data
    const method = e.method ?? 8
    const body = e.raw ?? (method === 8 ? deflateRawSync(data) : data)
    const name = Buffer.from(e.name, 'utf8')
    const size = e.declaredSize ?? data.length
    const crc = crc32(data)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(0x800, 6)
    local.writeUInt16LE(method, 8)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(body.length, 18)
    local.writeUInt32LE(Math.min(size, 0xffffffff), 22)
    local.writeUInt16LE(name.length, 26)
    locals.push(local, name, body)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(0x800, 8)
    central.writeUInt16LE(method, 10)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(body.length, 20)
    central.writeUInt32LE(Math.min(size, 0xffffffff), 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(offset, 42)
    centrals.push(central, name)
    offset += 30 + name.length + body.length
  }
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, directory, end])
}

/** The archive with one entry replaced (the others kept byte for byte; their CRCs are not checked). */
export function replacePart(zip: Buffer, part: string, entry: Omit<ZipEntry, 'name'>) {
  const entries: ZipEntry[] = []
  for (let at = 0; zip.readUInt32LE(at) === 0x04034b50;) {
    const compressed = zip.readUInt32LE(at + 18)
    const nameLength = zip.readUInt16LE(at + 26)
    const name = zip.toString('utf8', at + 30, at + 30 + nameLength)
    const raw = zip.subarray(at + 30 + nameLength, at + 30 + nameLength + compressed)
    entries.push(name === part ? { name, ...entry } : { name, data: Buffer.alloc(zip.readUInt32LE(at + 22)), raw, method: zip.readUInt16LE(at + 8) as 0 | 8 })
    at += 30 + nameLength + compressed
  }
  return zipOf(entries)
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'

export interface HandSheet {
  name: string
  /** the <sheetData> element's content */
  rows: string
}

/**
 * A minimal workbook written by hand: the sheets given, shared strings, and a styles part whose
 * cell style 1 is a date (numFmt 14), 2 a percentage (numFmt 10) and 3 a custom date format.
 */
export function handWorkbook(sheets: HandSheet[], opts: { strings?: string[]; date1904?: boolean; prefix?: string } = {}) {
  const p = opts.prefix ? `${opts.prefix}:` : ''
  const ns = opts.prefix ? `xmlns:${opts.prefix}="${MAIN}"` : `xmlns="${MAIN}"`
  const entries: ZipEntry[] = [
    { name: '[Content_Types].xml', data: '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>' },
    { name: '_rels/.rels', data: `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>` },
    {
      name: 'xl/workbook.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><${p}workbook ${ns} xmlns:r="${REL}">${opts.date1904 ? `<${p}workbookPr date1904="1"/>` : ''}<${p}sheets>${
        sheets.map((s, i) => `<${p}sheet name="${s.name.replace(/&/g, '&amp;')}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</${p}sheets></${p}workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${
        sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')
      }<Relationship Id="rIdS" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rIdT" Type="${REL}/styles" Target="/xl/styles.xml"/></Relationships>`,
    },
    {
      name: 'xl/styles.xml',
      data: `<?xml version="1.0"?><${p}styleSheet ${ns}><${p}numFmts count="1"><${p}numFmt numFmtId="164" formatCode="dd/mm/yyyy;@"/></${p}numFmts><${p}cellXfs count="4"><${p}xf numFmtId="0"/><${p}xf numFmtId="14"/><${p}xf numFmtId="10"/><${p}xf numFmtId="164"/></${p}cellXfs></${p}styleSheet>`,
    },
    {
      name: 'xl/sharedStrings.xml',
      data: `<?xml version="1.0"?><${p}sst ${ns}>${(opts.strings ?? []).map((s) => `<${p}si><${p}t>${s}</${p}t></${p}si>`).join('')}</${p}sst>`,
    },
    ...sheets.map((s, i): ZipEntry => ({
      name: `xl/worksheets/sheet${i + 1}.xml`,
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<${p}worksheet ${ns}><${p}sheetData>${s.rows}</${p}sheetData></${p}worksheet>`,
    })),
  ]
  return zipOf(entries)
}

/** The empty sheets of the template a hand-written workbook needs besides the ones it is about. */
export const emptyTableSheets = (except: string[] = []) =>
  ['Facilities', 'Covenants', 'Entities', 'Interests', 'Settings', 'Placements']
    .filter((n) => !except.includes(n))
    .map((name): HandSheet => ({ name, rows: '' }))
