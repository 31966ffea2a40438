import t from 'tap'
import { bandText, capBands, capDistributionChart } from '../../../src/console/pictures/profit-cap.js'
import { colour, contrast } from '../../../src/console/pictures/svg.js'

const rows = (bands: ReturnType<typeof capBands>) => bands.map((b) => [bandText(b), b.atOrUnder, b.over])

t.test('bands on a round grid, cut at the cap, a group at the cap in the band under it', async (t) => {
  t.same(rows(capBands(10, [10.81, 5, 10], [true, false, false])), [
    ['Over 4% to 5%', 1, 0], ['Over 5% to 6%', 0, 0], ['Over 6% to 7%', 0, 0], ['Over 7% to 8%', 0, 0],
    ['Over 8% to 9%', 0, 0], ['Over 9% to 10%', 1, 0], ['Over 10% to 11%', 0, 1],
  ], 'a group exactly on an edge is in the band below it')
  t.same(rows(capBands(12.25, [30, 0, 12.25], [true, false, false])), [
    ['Over −5% to 0%', 1, 0], ['Over 0% to 5%', 0, 0], ['Over 5% to 10%', 0, 0], ['Over 10% to 12.25%', 1, 0],
    ['Over 12.25% to 15%', 0, 0], ['Over 15% to 20%', 0, 0], ['Over 20% to 25%', 0, 0], ['Over 25% to 30%', 0, 1],
  ], 'a cap off the grid cuts its band, and is written to its last decimal')
  const outliers = capBands(15, [-250, 400, 10], [false, true, false])
  t.equal(bandText(outliers[0]), '−100% or less', 'a loss beyond 100% of revenue gathers in the first band')
  t.equal(bandText(outliers.at(-1)!), 'Over 80%', 'a margin over 100% gathers in the last')
  t.ok(outliers.length <= 13, `a dozen bands or so (${outliers.length})`)
  t.same(rows(capBands(10, [], [])), [['Over 9.5% to 10%', 0, 0], ['Over 10% to 10.5%', 0, 0]], 'nobody measured: a band each side of the cap')
})

t.test('the chart: bars counted in words, the cap named, over the cap hatched as well as coloured', async (t) => {
  const groups = [
    { name: 'Alder <script>', value: 0.22, over: true }, { name: 'Birch', value: 0.1, over: false },
    { name: 'Cedar', value: 0.2, over: true }, { name: 'Damson', value: null, over: false },
  ]
  const { svg, summary, tables } = capDistributionChart({ id: 'cap', measure: 'Adjusted margin', capPct: 15, groups })
  t.match(svg, /role="img" aria-labelledby="cap-title cap-desc"/)
  t.match(svg, />Cap: 15%<\/text>/)
  t.match(svg, />At or under the cap \(1\)<\/text>/)
  t.match(svg, />Over the cap, hatched \(2\)<\/text>/)
  t.match(svg, /<pattern id="cap-over"/, 'a hatch, not colour alone')
  t.equal((svg.match(/fill="url\(#cap-over\)"/g) ?? []).length, 1 + 2, 'the legend\'s swatch and a bar for each band over the cap')
  t.notMatch(svg, /<script>/, 'nothing from a name reaches the SVG unescaped')
  t.equal(summary, 'A histogram of the 3 groups measured by adjusted margin, with the cap of 15% drawn as a dashed line: 2 are over the cap and 1 at or under it. Margins run from 10.0% to 22.0%, the median 20.0%. 1 group cannot be measured.')
  t.same(tables[0].head.map((h) => h.text), ['Adjusted margin', 'At or under the cap', 'Over the cap'])
  const counted = tables[0].rows.filter((r) => r[1].text !== '0' || r[2].text !== '0').map((r) => r.map((c) => c.text))
  t.same(counted, [['Over 8% to 10%', '1', '0'], ['Over 18% to 20%', '0', '1'], ['Over 20% to 22%', '0', '1']])
  t.ok(contrast(colour.blue, colour.white) >= 3 && contrast(colour.red, colour.white) >= 3, 'bars stand out from the page at 3:1')
  t.ok(contrast(colour.red, colour.white) >= 3, 'the hatch\'s stripes stand out from its red')
})
