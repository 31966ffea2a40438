// Reading a 20 MB iXBRL document, beside the floor: the same text through the bare XML parser.
import { performance } from 'node:perf_hooks'
import { SaxesParser } from 'saxes'
import { mapAccounts, readIxbrl } from '../../src/domain/ixbrl/index.js'
import { largeIxbrlDocument } from '../../src/demo/ixbrl-document.js'
import { median, type BenchResult } from './harness.js'

export async function ixbrlCases(): Promise<BenchResult[]> {
  const doc = largeIxbrlDocument(20 * 1024 * 1024)
  const floor: number[] = []
  const times: number[] = []
  let heapPeak = 0
  for (let i = 0; i < 3; i++) {
    let t = performance.now()
    const parser = new SaxesParser({ xmlns: true })
    parser.write(doc).close()
    floor.push(performance.now() - t)
    t = performance.now()
    mapAccounts(readIxbrl(doc))
    times.push(performance.now() - t)
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed)
  }
  const value = median(times)
  const baseline = median(floor)
  console.log(`    (20 MB document: heap after reading ${Math.round(heapPeak / 2 ** 20)} MiB)`)
  return [{ name: 'iXBRL read and map, 20 MB document', value, unit: 'ms', baseline, ratio: value / baseline, goal: '<= 2000 ms', met: value <= 2000 }]
}
