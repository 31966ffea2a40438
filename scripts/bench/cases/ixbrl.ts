// Reading and mapping a 20 MB iXBRL document beside the bare XML parse of the same text by saxes,
// the parser the reader is built on: no reader can do less than tokenise every tag, attribute and
// text node, with namespaces (which the reader needs to tell ix:nonFraction from anything else).
import { SaxesParser } from 'saxes'
import { mapAccounts, readIxbrl } from '../../../src/domain/ixbrl/index.js'
import { largeIxbrlDocument } from '../../../src/demo/ixbrl-document.js'
import { atMost, benchCase } from '../case.js'
import { comparedTimes, timeAlternating } from '../harness.js'

export default benchCase({
  name: 'ixbrl',
  measures: 'reading a 20 MB iXBRL document and mapping its accounts (readIxbrl, mapAccounts)',
  baseline: 'the same text through saxes with namespaces and no handlers (the bare XML parse)',
  goals: [atMost(2.5, 'bare XML parse')],
  async run({ log }) {
    const doc = largeIxbrlDocument(20 * 1024 * 1024)
    let heapPeak = 0
    const t = await timeAlternating({
      baseline: () => new SaxesParser({ xmlns: true }).write(doc).close(),
      value: () => {
        const accounts = mapAccounts(readIxbrl(doc))
        heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed)
        return accounts
      },
    })
    log(`${(doc.length / 2 ** 20).toFixed(1)} MiB of text; heap after reading ${Math.round(heapPeak / 2 ** 20)} MiB`)
    return [comparedTimes(t, 'cpu')]
  },
})
