import t from 'tap'
import fc from 'fast-check'
import { readReturnWorkbook } from '../../src/spreadsheet/read.js'
import { ZipArchive } from '../../src/spreadsheet/zip.js'
import { smallReturn } from '../fixtures/returns.js'
import { replacePart, workbookOf } from './support.js'

// Whatever is uploaded, reading answers: a body with its cells, or problems; it never throws, and
// every problem says what is wrong. Seeded, so a failure replays.

const SEED = 19

const answers = (bytes: Buffer) => {
  const read = readReturnWorkbook(bytes)
  if (read.ok) return typeof read.cellOf('/facilities/0/drawn') === 'string'
  return read.problems.length > 0 && read.problems.every((p) => typeof p.pointer === 'string' && p.detail.length > 0)
}

t.test('bytes flipped, cut or spliced anywhere in a workbook', async t => {
  const bytes = await workbookOf(smallReturn())
  fc.assert(fc.property(
    fc.array(fc.record({ at: fc.nat({ max: bytes.length - 1 }), byte: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 8 }),
    fc.option(fc.nat({ max: bytes.length }), { nil: undefined }),
    (flips, cut) => {
      const mutated = Buffer.from(bytes)
      for (const { at, byte } of flips) mutated[at] = byte
      return answers(cut === undefined ? mutated : mutated.subarray(0, cut))
    },
  ), { seed: SEED, numRuns: 300 })
  t.pass('300 workbooks, each answered')
})

t.test('the XML of a sheet, the shared strings or the workbook mangled, in a sound zip', async t => {
  const bytes = await workbookOf(smallReturn())
  const zip = new ZipArchive(bytes)
  const parts = ['xl/worksheets/sheet2.xml', 'xl/sharedStrings.xml', 'xl/workbook.xml', 'xl/styles.xml', 'xl/_rels/workbook.xml.rels']
  const texts = Object.fromEntries(parts.map((p) => [p, zip.part(p).toString('utf8')]))
  const pieces = ['<', '>', '/', '"', "'", '&', '&amp;', '&#0;', '&#x41;', ']]>', '<![CDATA[', '<!--', '<c r="A1">', '<v>', '</v>', '</c>',
    '<row r="0">', '<row>', '</row>', '<c r="XFE1"/>', 't="s"', 's="999"', '<si><t>x</t></si>', '<is><t>', '_x0000_', '\u0000', '\uFFFF', 'é', ' ', 'r=', '=']
  fc.assert(fc.property(
    fc.constantFrom(...parts),
    fc.array(fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), cut: fc.nat({ max: 12 }), piece: fc.constantFrom(...pieces) }), { minLength: 1, maxLength: 6 }),
    (part, edits) => {
      let xml = texts[part]
      for (const { at, cut, piece } of edits) {
        const i = Math.floor(at * xml.length)
        xml = xml.slice(0, i) + piece + xml.slice(i + cut)
      }
      return answers(replacePart(bytes, part, { data: xml }))
    },
  ), { seed: SEED, numRuns: 600 })
  t.pass('600 workbooks, each answered')
})
