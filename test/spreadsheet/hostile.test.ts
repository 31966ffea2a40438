import t from 'tap'
import { deflateRawSync } from 'node:zlib'
import { READ_LIMITS, readReturnWorkbook } from '../../src/spreadsheet/read.js'
import { smallReturn } from '../fixtures/returns.js'
import { emptyTableSheets, handWorkbook, problemsOf, replacePart, workbookOf, zipOf, type ZipEntry } from './support.js'

const MiB = 2 ** 20

/** The one problem a refused upload gives. */
const refusal = (bytes: Buffer) => {
  const problems = problemsOf(readReturnWorkbook(bytes))
  t.equal(problems.length, 1, 'one problem')
  return problems[0]
}

/** A hand-written workbook whose Return sheet is `sheet`. */
const withReturnSheet = (sheet: Omit<ZipEntry, 'name'>) =>
  replacePart(handWorkbook([{ name: 'Return', rows: '' }, ...emptyTableSheets()]), 'xl/worksheets/sheet1.xml', sheet)

t.test('a zip bomb is refused from the sizes its directory declares, before anything is inflated', async t => {
  // 1 GiB declared; the bytes behind it are not even deflate: they are never looked at
  const problem = refusal(withReturnSheet({ data: Buffer.alloc(16), raw: Buffer.alloc(16, 0xff), declaredSize: 1024 * MiB }))
  t.match(problem, { pointer: '', detail: /unpacks to more than 256 MiB/ })
  t.notOk('cell' in problem)
  const one = refusal(withReturnSheet({ data: Buffer.alloc(16), raw: Buffer.alloc(16, 0xff), declaredSize: 30 * MiB }))
  t.match(one.detail, /xl\/worksheets\/sheet1\.xml unpacks to 30\.0 MiB, more than a return's workbook needs/)
})

t.test('a part that inflates past the size it declares is stopped at that size', async t => {
  // 16 MiB of zeros that claim to be a 1 KiB sheet: inflating stops at 1 KiB
  const zeros = deflateRawSync(Buffer.alloc(16 * MiB))
  const problem = refusal(withReturnSheet({ data: Buffer.alloc(1024), raw: zeros, declaredSize: 1024 }))
  t.match(problem.detail, /xl\/worksheets\/sheet1\.xml unpacks to more than the 1024 bytes it declares/)
  const short = refusal(withReturnSheet({ data: Buffer.alloc(10), raw: deflateRawSync(Buffer.from('<worksheet/>')), declaredSize: 100 }))
  t.match(short.detail, /corrupt zip archive \(xl\/worksheets\/sheet1\.xml is not the size it declares\)/)
})

t.test('a sheet of a million rows is refused at the row budget, without reading the rest', async t => {
  t.ok(READ_LIMITS.maxRows < 100_000, `the budget (${READ_LIMITS.maxRows} rows) is the largest return's rows and some blank ones`)
  // a million rows the compact way: 6 MiB of XML, within the part limit, so it is read until the budget runs out
  const rows = '<row/>'.repeat(1_000_000)
  const sheet = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`
  const problem = refusal(withReturnSheet({ data: sheet }))
  t.strictSame(problem, {
    pointer: '', cell: `Return!A${READ_LIMITS.maxRows + 1}`,
    detail: `the sheet Return has more rows than a return can fill (stopped at row ${READ_LIMITS.maxRows + 1}): a return's workbook has at most ${READ_LIMITS.maxRows} rows across its sheets`,
  })
  // a million rows written out in full is over the part limit before it is inflated
  const full = '<row><c><v>1</v></c></row>'.repeat(1_000_000)
  const big = refusal(withReturnSheet({ data: `<worksheet><sheetData>${full}</sheetData></worksheet>` }))
  t.match(big.detail, /sheet1\.xml unpacks to \d+\.\d MiB, more than a return's workbook needs/)
  // and cells, however few rows hold them
  const wide = `<row r="1">${'<c/>'.repeat(READ_LIMITS.maxCells + 1)}</row>`
  t.match(refusal(withReturnSheet({ data: `<worksheet><sheetData>${wide}</sheetData></worksheet>` })).detail,
    /has more cells than a return can fill \(stopped at row 1\): a return's workbook has at most \d+ cells/)
})

t.test('archives no workbook needs are refused: too many entries, encryption, ZIP64, other compression', async t => {
  const many = zipOf(Array.from({ length: READ_LIMITS.maxEntries + 1 }, (_, i) => ({ name: `x/${i}`, data: '' })))
  t.match(refusal(many).detail, /the archive has 1001 entries; a workbook has at most 1000/)
  const encrypted = Buffer.from(await workbookOf(smallReturn()))
  // set the "encrypted" flag on every entry of the central directory
  for (let at = encrypted.indexOf(Buffer.from([0x50, 0x4b, 1, 2])); at >= 0; at = encrypted.indexOf(Buffer.from([0x50, 0x4b, 1, 2]), at + 4)) {
    encrypted.writeUInt16LE(encrypted.readUInt16LE(at + 8) | 1, at + 8)
  }
  t.match(refusal(encrypted).detail, /the workbook is encrypted: save it without a password/)
  const zip64 = Buffer.from(handWorkbook([{ name: 'Return', rows: '' }]))
  zip64.writeUInt32LE(0xffffffff, zip64.length - 6)
  t.match(refusal(zip64).detail, /ZIP64/)
  const bzip = withReturnSheet({ data: '<worksheet/>', method: 0 })
  const at = bzip.indexOf('xl/worksheets/sheet1.xml', bzip.indexOf(Buffer.from([0x50, 0x4b, 1, 2]))) - 46
  bzip.writeUInt16LE(12, at + 10) // bzip2
  t.match(refusal(bzip).detail, /compressed with method 12; a workbook uses deflate/)
})

t.test('XML a workbook never has is refused, not guessed at', async t => {
  const doctype = '<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol">]><worksheet><sheetData/></worksheet>'
  t.match(refusal(replacePart(handWorkbook([{ name: 'Return', rows: '' }]), 'xl/workbook.xml', { data: doctype })).detail, /xl\/workbook\.xml is not well-formed XML \(a DOCTYPE/)
  const entity = '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol;</t></is></c></row></sheetData></worksheet>'
  t.match(refusal(withReturnSheet({ data: entity })).detail, /the entity &lol; is not defined/)
  const unclosed = '<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></sheetData></worksheet>'
  t.match(refusal(withReturnSheet({ data: unclosed })).detail, /the sheet Return is not well-formed/)
  const badRef = '<worksheet><sheetData><row r="1"><c r="1A"><v>1</v></c></row></sheetData></worksheet>'
  t.match(refusal(withReturnSheet({ data: badRef })).detail, /"1A" is not a cell reference/)
  const missingString = '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>99</v></c></row></sheetData></worksheet>'
  t.match(refusal(withReturnSheet({ data: missingString })).detail, /names shared string 99, which the workbook does not have/)
})
