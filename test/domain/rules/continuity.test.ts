import t from 'tap'
import type { Placement } from '../../../src/domain/annual-return.js'
import { baseInput, baseReturn, flagsOf, homes, severityOf } from '../../fixtures/golden/builders.js'

const placing = (placements: Placement[], councils: Record<string, number | null> = {}, places = 80) => {
  const annualReturn = baseReturn()
  annualReturn.placements = placements
  annualReturn.settings = homes(1, places)
  return baseInput({ annualReturn, councils })
}
const councilsNumbered = (n: number, childrenEach = 1): Placement[] =>
  Array.from({ length: n }, (_, i) => ({ laCode: `E06${String(i + 1).padStart(6, '0')}`, children: childrenEach }))

t.test('CONT-DIFFICULT-TO-REPLACE: 250 children placed', async t => {
  const children = (n: number) => severityOf('CONT-DIFFICULT-TO-REPLACE', placing([{ laCode: 'E08000025', children: n }]))
  t.equal(children(250), 'info', 'at 250')
  t.equal(children(249), null, 'just below')
  t.equal(children(251), 'info', 'just above')
})

t.test('CONT-DIFFICULT-TO-REPLACE: 300 registered places', async t => {
  const places = (n: number) => severityOf('CONT-DIFFICULT-TO-REPLACE', placing([{ laCode: 'E08000025', children: 1 }], {}, n))
  t.equal(places(300), 'info', 'at 300')
  t.equal(places(299), null, 'just below')
  t.equal(places(301), 'info', 'just above')
})

t.test('CONT-DIFFICULT-TO-REPLACE: 20 councils served', async t => {
  const served = (n: number) => severityOf('CONT-DIFFICULT-TO-REPLACE', placing(councilsNumbered(n)))
  t.equal(served(20), 'info', 'at 20')
  t.equal(served(19), null, 'just below')
  t.equal(served(21), 'info', 'just above')
  t.equal(severityOf('CONT-DIFFICULT-TO-REPLACE', placing([...councilsNumbered(19), { laCode: 'E06000001', children: 3 }])),
    null, 'a council placing twice is one council')
})

t.test("CONT-DIFFICULT-TO-REPLACE: 10% of one council's children looked after, where the figure is known", async t => {
  const share = (children: number, lookedAfter: number | null) =>
    severityOf('CONT-DIFFICULT-TO-REPLACE', placing([{ laCode: 'E06000017', children }], { E06000017: lookedAfter }))
  t.equal(share(10, 100), 'info', 'at 10%')
  t.equal(share(9, 100), null, 'just below')
  t.equal(share(11, 100), 'info', 'just above')
  t.equal(share(10, null), null, 'unknown council figure')
  t.equal(share(10, 0), null, 'a figure of 0 is unusable')
  t.equal(severityOf('CONT-DIFFICULT-TO-REPLACE', placing([{ laCode: 'E06000017', children: 10 }], {})), null, 'council not in the reference data')
})

t.test('CONT-DIFFICULT-TO-REPLACE: explains every reason, with the council it depends on', async t => {
  const placements = [...councilsNumbered(23, 12), { laCode: 'E06000053', children: 8 }]
  const input = placing(placements, { E06000053: 64, E06000001: 2000 }, 340)
  const [flag] = flagsOf('CONT-DIFFICULT-TO-REPLACE', input)
  t.equal(flag.severity, 'info')
  t.equal(flag.explanation, 'Difficult to replace: 284 children placed (info at 250), 340 registered places (info at 300), '
    + "24 councils served (info at 20) and 12.5% of one council's children looked after (E06000053: 8 of 64; info at 10%).")
  t.same(flag.evidence.thresholds, { childrenPlaced: 250, places: 300, councilsServed: 20, maxCouncilDependence: 0.1 })
  t.same(flag.evidence.metrics, { childrenPlaced: 284, places: 340, councilsServed: 24, maxCouncilDependence: 0.125 })
  t.same(flag.evidence.inputs, {
    '/annualReturn/placements/23/laCode': 'E06000053',
    '/annualReturn/placements/23/children': 8,
    '/councils/E06000053': 64,
  })
  t.equal(flagsOf('CONT-DIFFICULT-TO-REPLACE', placing([{ laCode: 'E08000025', children: 260 }]))[0].explanation,
    'Difficult to replace: 260 children placed (info at 250).')
})
