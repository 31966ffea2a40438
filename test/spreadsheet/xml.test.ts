import t from 'tap'
import { SaxesParser } from 'saxes'
import { XmlRefused, decodeText, scanXml } from '../../src/spreadsheet/xml.js'
import { ZipArchive } from '../../src/spreadsheet/zip.js'
import { returnTemplate, xlsxBytes } from '../../src/spreadsheet/template.js'
import { fullReturn } from '../fixtures/returns.js'
import { workbookOf } from './support.js'

// The workbook parts' XML is read by a tokeniser of the service's own (xml.ts, for speed); here
// it is held to saxes, a conformant XML parser, on every part of the template and of a filled
// workbook, and on the corners of XML that workbook writers use.

type Event = string

const local = (name: string) => name.slice(name.indexOf(':') + 1)

/** Elements (with their attributes, sorted) and text (merged, inside the root), as saxes reads them. */
function saxesEvents(xml: string): Event[] {
  const events: Event[] = []
  let depth = 0
  let text = ''
  const flush = () => { if (text) events.push(`text ${JSON.stringify(text)}`); text = '' }
  const parser = new SaxesParser({ position: false })
  parser.on('opentag', (tag) => {
    flush()
    depth++
    const attrs = Object.entries(tag.attributes as Record<string, string>).sort(([a], [b]) => (a < b ? -1 : 1))
    events.push(`open ${local(tag.name)} ${JSON.stringify(attrs)}`)
  })
  parser.on('closetag', (tag) => { flush(); depth--; events.push(`close ${local(tag.name)}`) })
  parser.on('text', (s) => { if (depth > 0) text += s })
  parser.on('cdata', (s) => { text += s })
  parser.on('error', (err) => { throw err })
  parser.write(xml).close()
  return events
}

function ourEvents(xml: string): Event[] {
  const events: Event[] = []
  let text = ''
  const flush = () => { if (text) events.push(`text ${JSON.stringify(text)}`); text = '' }
  scanXml(xml, {
    open: (name, attributes) => {
      flush()
      const attrs: [string, string][] = []
      for (let i = 0; i < attributes.length; i += 2) attrs.push([attributes[i], attributes[i + 1]])
      attrs.sort(([a], [b]) => (a < b ? -1 : 1))
      events.push(`open ${name} ${JSON.stringify(attrs)}`)
    },
    close: (name) => { flush(); events.push(`close ${name}`) },
    text: (xml, start, end, cdata) => { text += cdata ? xml.slice(start, end) : decodeText(xml.slice(start, end)) },
  })
  return events
}

t.test('every XML part of the template and of a filled workbook reads as saxes reads it', async t => {
  for (const [name, bytes] of [['template', await xlsxBytes(returnTemplate())], ['full return', await workbookOf(fullReturn())]] as const) {
    const zip = new ZipArchive(bytes)
    const parts = zip.names().filter((n) => /\.(xml|rels|vml)$/.test(n))
    t.ok(parts.length > 20, `${name}: ${parts.length} parts`)
    for (const part of parts) {
      const xml = zip.part(part).toString('utf8')
      t.strictSame(ourEvents(xml), saxesEvents(xml), `${name}: ${part}`)
    }
  }
})

t.test('the corners of XML that writers use', async t => {
  const cases = [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<a>x&amp;y &lt;&gt; &quot;&apos; &#65;&#x42;&#x1F600;</a>',
    '\uFEFF<a b=\'single\' c = "spaced" d="1 &gt; 0" e="&amp;amp;"/>',
    '<x:sst xmlns:x="urn:x" count="2"><x:si><x:t xml:space="preserve">  two  spaces </x:t></x:si><!-- a comment --><x:si><x:t><![CDATA[<not a tag> & no entity]]></x:t></x:si></x:sst>',
    '<a><?pi inside?>line one\r\nline two\rline three</a>',
    '<a><b/><b /><b></b>tail</a>',
    '<formats><numFmt formatCode="[&gt;=100]0;[Red]\'x\'"/><numFmt formatCode=\'[>=1000000]0.0,,"M"\'/></formats>',
  ]
  for (const xml of cases) t.strictSame(ourEvents(xml), saxesEvents(xml), JSON.stringify(xml.slice(0, 50)))
})

t.test('XML outside what workbook writers use is refused, as saxes refuses it (a DOCTYPE is refused outright)', async t => {
  const refused = [
    ['<a><b></a></b>', /<\/a> closes <b>/],
    ['<a>&nbsp;</a>', /the entity &nbsp; is not defined/],
    ['<a>R&D</a>', /a bare &/],
    ['<a>&#0;</a>', /&#0; is not an XML character/],
    ['<a>&#xD800;</a>', /is not an XML character/],
    ['text<a/>', /text outside the root/],
    ['<a/><b/>', /a second root/],
    ['<a b="<"/>', /a < inside an attribute/],
    ['<a b=c/>', /unquoted attribute/],
    ['<a><b>', /ends inside <b>/],
    ['<a b="1"', /ends inside <a>/],
    ['', /no root element/],
  ] as const
  for (const [xml, message] of refused) {
    t.throws(() => ourEvents(xml), { constructor: XmlRefused, message }, JSON.stringify(xml))
    t.throws(() => saxesEvents(xml), `saxes refuses ${JSON.stringify(xml)} too`)
  }
  t.throws(() => ourEvents('<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>'), { constructor: XmlRefused, message: /DOCTYPE/ })
  t.throws(() => ourEvents(`${'<a>'.repeat(65)}${'</a>'.repeat(65)}`), { constructor: XmlRefused, message: /nested more than 64 deep/ })
})
