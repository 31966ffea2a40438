// Loading Ofsted's register: the CSV is read as it arrives (decoded, split by csv-parse, each row
// checked by the domain), never held whole; a file with any bad row changes nothing. A good one
// becomes the next numbered load, its settings and the audit entry in one transaction.
import { createHash, type Hash } from 'node:crypto'
import { isAscii, isUtf8 } from 'node:buffer'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { parse, CsvError } from 'csv-parse'
import type { Database } from '../db/client.js'
import type { Actor } from '../domain/actor.js'
import { authorise } from './authorise.js'
import { problemPointer, RegisterReader, type ByJudgement } from '../domain/ofsted-register.js'
import { appendAudit } from '../db/queries/audit.js'
import { insertLoad, insertSettings, nextLoadId } from '../db/queries/ofsted.js'
import { countedProblem, Problem, validationProblem } from '../problems.js'
import { PROBLEMS_LISTED } from '../domain/problem-budget.js'

export interface OfstedLoadDeps {
  db: Database
  now: Date
  /** the largest file taken, in bytes */
  maxBytes: number
}

export interface OfstedLoadSummary {
  loadId: number
  loadedAt: string
  settings: number
  byJudgement: ByJudgement
}

/** The refusal of a file over the limit (a declared length, or the bytes as they arrive). */
export const registerTooLarge = (maxBytes: number) =>
  new Problem('payload-too-large', `The register is over the limit of ${maxBytes.toLocaleString('en-GB')} bytes`)

/** A row longer than this is a quote never closed, not a setting. */
const MAX_ROW_CHARS = 65_536

// Windows-1252, the encoding of Ofsted files saved by Excel as plain "CSV": the bytes 0x80 to 0x9F
// are printable there (’ “ ” – € …), where ISO-8859-1 has control characters. Node's TextDecoder
// decodes the label as ISO-8859-1, so those 27 are mapped here.
const CP1252 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ'
const decodeCp1252 = (bytes: Buffer) => bytes.toString('latin1').replace(/[\u0080-\u009f]/g, (c) => CP1252[c.charCodeAt(0) - 0x80])

/** How many bytes at the end of `b` begin a UTF-8 sequence that the chunk does not finish (0 to 3). */
function unfinishedTail(b: Buffer) {
  for (let k = 1; k <= Math.min(4, b.length); k++) {
    const byte = b[b.length - k]
    if ((byte & 0xc0) === 0x80) continue // a continuation byte: look further back for its lead
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1
    return length > k ? k : 0
  }
  return 0
}

/** The length of the UTF-8 sequence a lead byte begins; 0 when it cannot begin one. */
const sequenceLength = (lead: number) => (lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0)

/**
 * The file as UTF-8 bytes, chunk by chunk, for csv-parse to split (it drops a BOM). The first byte
 * that is not ASCII decides: the start of a UTF-8 character, and the file is passed on as sent (any
 * later byte that is not UTF-8 refuses it); otherwise the file is Windows-1252, and is re-encoded.
 * Counts and hashes the bytes as they pass. A request's stream is read, never destroyed: the
 * refusal still reaches the client.
 */
async function* asUtf8(source: AsyncIterable<Buffer | string>, maxBytes: number, hash: Hash, size: { bytes: number }) {
  let encoding: 'ascii' | 'utf8' | 'cp1252' = 'ascii' // what the bytes so far have shown
  let carry: Buffer = Buffer.alloc(0) // the start of a character the next chunk finishes
  const chunks = source instanceof Readable ? source.iterator({ destroyOnReturn: false }) : source
  for await (const chunk of chunks) {
    const bytes: Buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
    size.bytes += bytes.length
    if (size.bytes > maxBytes) throw registerTooLarge(maxBytes)
    hash.update(bytes)
    let data: Buffer = carry.length ? Buffer.concat([carry, bytes]) : bytes
    carry = Buffer.alloc(0)
    if (encoding === 'ascii') {
      if (isAscii(data)) { yield data; continue }
      const first = data.findIndex((b) => b >= 0x80)
      const length = sequenceLength(data[first])
      if (length > 0 && data.length - first < length) {
        // the character runs into the next chunk: decide when it has come
        if (first > 0) yield data.subarray(0, first)
        carry = Buffer.from(data.subarray(first))
        continue
      }
      encoding = length > 0 && isUtf8(data.subarray(first, first + length)) ? 'utf8' : 'cp1252'
    }
    if (encoding === 'cp1252') {
      yield Buffer.from(decodeCp1252(data), 'utf8')
      continue
    }
    const whole = data.subarray(0, data.length - unfinishedTail(data))
    if (!isUtf8(whole)) throw notText()
    carry = Buffer.from(data.subarray(whole.length))
    data = whole
    yield data
  }
  if (carry.length) {
    if (encoding !== 'ascii') throw notText()
    // the file ends inside its first character that is not ASCII: it cannot be UTF-8
    yield Buffer.from(decodeCp1252(carry), 'utf8')
  }
}

const notText = () => validationProblem([{ pointer: '', detail: 'the file is neither UTF-8 nor Windows-1252 throughout: save it as CSV UTF-8' }],
  'The file cannot be read as text')

/** A refusal listing the first problems (row by row, as in the file) and counting the rest. */
const refusal = (reader: RegisterReader) =>
  countedProblem(reader.problems.map((p) => ({ pointer: problemPointer(p), detail: p.detail })), reader.problemCount, 'with the file')

/** What csv-parse could not split, as a problem of the row it was reading. */
function unreadable(err: CsvError, reader: RegisterReader): Problem {
  // the rows csv-parse had read when it stopped (the reader may not have had them all yet)
  const row = (typeof err.records === 'number' ? err.records + Number(err.empty_lines ?? 0) : reader.rowsRead) + 1
  const why = err.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted field is never closed'
    : err.code === 'CSV_MAX_RECORD_SIZE' ? `the row is longer than ${MAX_ROW_CHARS.toLocaleString('en-GB')} characters (a quote never closed?)`
      : `it cannot be split into fields (${err.code})`
  return validationProblem([{ pointer: `#row=${row}`, detail: `row ${row}: ${why}` }], 'The file cannot be read as CSV')
}

/** Reads a register file to the end (or to a header that lacks a required column). */
export async function readOfstedRegister(source: AsyncIterable<Buffer | string>, maxBytes: number) {
  const reader = new RegisterReader(PROBLEMS_LISTED)
  const hash = createHash('sha256')
  const size = { bytes: 0 }
  try {
    await pipeline(
      asUtf8(source, maxBytes, hash, size),
      // Each row is read as the parser splits it (on_record), and none is passed on: no stream of
      // 30,000 records to iterate. Blank lines are skipped but counted, so a row's number is the
      // file's (a spreadsheet's), and a file of empty lines costs no row.
      parse({
        bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, max_record_size: MAX_ROW_CHARS,
        on_record: (record: string[], info: { records: number; empty_lines: number }) => {
          if (!reader.row(record, info.records + info.empty_lines)) throw refusal(reader)
          return null
        },
      }),
      async (rows: AsyncIterable<unknown>) => { for await (const _ of rows) { /* none: every row was read on the way */ } },
    )
  } catch (err) {
    if (err instanceof CsvError) throw unreadable(err, reader)
    throw err
  }
  reader.finish()
  if (reader.problemCount > 0) throw refusal(reader)
  return { reader, sha256: hash.digest('hex'), bytes: size.bytes }
}

/** Reads the file, and when every row is good makes it the register in force. */
export async function loadOfstedRegister(deps: OfstedLoadDeps, actor: Actor, source: AsyncIterable<Buffer | string>): Promise<OfstedLoadSummary> {
  authorise(actor, 'loadOfstedRegister')
  const { reader, sha256, bytes } = await readOfstedRegister(source, deps.maxBytes)
  const { now } = deps
  const byJudgement = reader.byJudgement()
  return deps.db.transaction(async (tx) => {
    const loadId = await nextLoadId(tx)
    await insertLoad(tx, { id: loadId, loadedAt: now, loadedBy: actor.sub, sha256, settings: reader.settings.length, byJudgement })
    await insertSettings(tx, loadId, reader.settings)
    await appendAudit(tx, actor, {
      action: 'ofsted-register.load', objectType: 'ofsted_register', objectId: String(loadId),
      summary: { settings: reader.settings.length, byJudgement, sha256, bytes },
    }, now)
    return { loadId, loadedAt: now.toISOString(), settings: reader.settings.length, byJudgement }
  })
}
