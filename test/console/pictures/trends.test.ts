import t from 'tap'
import { keyMetricTrends, standing, trendChart, type TrendInput } from '../../../src/console/pictures/trends.js'
import { contrast, colour } from '../../../src/console/pictures/svg.js'
import ruleset from '../../../src/domain/rulesets/2026.1.js'

const leverage: TrendInput = {
  id: 'lev', title: 'Leverage', measure: 'senior net debt as a multiple of EBITDA', unit: 'multiple',
  points: [{ period: '2024', value: 5.24 }, { period: '2025', value: null }, { period: '2026', value: 8.91 }, { period: '2027', value: 7.5 }],
  thresholds: { worse: 'higher', lines: [{ severity: 'red', value: 8 }, { severity: 'amber', value: 6 }] },
}

t.test('a trend chart: axes, every point labelled, the ruleset\'s lines named, a gap where there is no figure', async (t) => {
  const { svg, summary, tables } = trendChart(leverage)
  t.match(svg, /role="img" aria-labelledby="lev-title lev-desc"/)
  t.match(svg, /<title id="lev-title">Leverage by period<\/title>/)
  for (const label of ['5.2×', '8.9×', '7.5×', '2024', '2025', '2026', '2027', 'No figure']) t.ok(svg.includes(`>${label}</text>`), `shows ${label}`)
  t.ok(svg.includes('>Red: 8.0×</text>') && svg.includes('>Amber: 6.0×</text>'), 'the lines are named in words')
  const dashes = [...svg.matchAll(/stroke-dasharray="([^"]+)"/g)].map((m) => m[1])
  t.equal(new Set(dashes).size, 2, 'red and amber lines are dashed differently, not told apart by colour alone')
  t.equal((svg.match(/<polyline/g) ?? []).length, 1, 'the line breaks at the missing period: only 2026–2027 joins')
  t.equal((svg.match(/<circle/g) ?? []).length, 3, 'a point for each figure')
  t.match(summary, /from 5\.2× in 2024 to 7\.5× in 2027\. The ruleset’s lines: red at 8\.0×, amber at 6\.0×\./)
  t.same(tables[0].head.map((h) => h.text), ['Period', 'Leverage', 'Against the ruleset'])
  t.same(tables[0].rows.map((r) => r.map((c) => c.text)), [
    ['2024', '5.2×', 'Below amber (6.0×)'],
    ['2025', 'No figure', ''],
    ['2026', '8.9×', 'Red: at or above 8.0×'],
    ['2027', '7.5×', 'Amber: at or above 6.0×'],
  ])
})

t.test('where a value stands follows each rule\'s direction, at the boundaries too', async (t) => {
  t.equal(standing(leverage, 8), 'Red: at or above 8.0×', 'leverage ≥ 8 is red')
  t.equal(standing(leverage, 7.99), 'Amber: at or above 6.0×')
  const cover: TrendInput = { ...leverage, unit: 'multiple', thresholds: { worse: 'lower', lines: [{ severity: 'red', value: 1.25 }, { severity: 'amber', value: 2 }] } }
  t.equal(standing(cover, 1.25), 'Amber: below 2.0×', 'interest cover of exactly 1.25 is not red (red is below 1.25)')
  t.equal(standing(cover, 1.24), 'Red: below 1.25×', 'thresholds keep their published precision')
  t.equal(standing(cover, 2), 'At or above amber (2.0×)')
  t.equal(standing({ ...leverage, thresholds: undefined }, 3), '', 'no lines, no words')
})

t.test('a group\'s key metrics: the ruleset\'s lines for leverage, interest cover and liquidity; margins from the accounts', async (t) => {
  const charts = keyMetricTrends('g', [
    { period: '2025', leverage: 6.1, interestCover: 2.2, liquidityMonths: 3.5, revenue: 100, ebitda: 20, operatingProfit: 12 },
    { period: '2026', leverage: null, interestCover: null, liquidityMonths: 0.5, revenue: 0, ebitda: -5, operatingProfit: -9 },
  ], ruleset)
  t.same(charts.map((c) => c.id), ['g-leverage', 'g-interest-cover', 'g-liquidity', 'g-ebitda-margin', 'g-operating-margin'])
  t.same(charts[0].thresholds, { worse: 'higher', lines: [{ severity: 'red', value: 8 }, { severity: 'amber', value: 6 }] })
  t.same(charts[1].thresholds, { worse: 'lower', lines: [{ severity: 'red', value: 1.25 }, { severity: 'amber', value: 2 }] })
  t.same(charts[2].thresholds, { worse: 'lower', lines: [{ severity: 'red', value: 1 }, { severity: 'amber', value: 3 }] })
  t.same(charts[3].points, [{ period: '2025', value: 0.2 }, { period: '2026', value: null }], 'no margin without revenue')
  t.equal(charts[4].points[0].value, 0.12)
  t.equal(charts[3].thresholds, undefined, 'margins have no lines in this ruleset')
  const liquidity = trendChart(charts[2])
  t.ok(liquidity.svg.includes('>0.5 months</text>') && liquidity.svg.includes('>Red: 1.0 months</text>'))
  t.equal(liquidity.tables[0].rows[1][2].text, 'Red: below 1.0 months')
  const margin = trendChart(charts[4])
  t.ok(margin.svg.includes('>12.0%</text>') && margin.svg.includes('>-9.0%</text>') === false, 'no figure for a period without revenue')
  t.match(margin.svg, />0%<\/text>/, 'the axis starts at zero')
})

t.test('a chart with no figure at all still says so; text is escaped', async (t) => {
  const out = trendChart({ id: 'x', title: '<b>Cover</b>', measure: 'm', unit: 'multiple', points: [{ period: '2026', value: null }] })
  t.match(out.summary, /no figure in any of the 1 periods/)
  t.notOk(out.svg.includes('<b>'), 'the title is text, not markup')
  t.ok(out.svg.includes('&lt;b&gt;Cover&lt;/b&gt; by period'))
})

t.test('the chart\'s lines and text meet contrast on white', async (t) => {
  const { svg } = trendChart(leverage)
  const strokes = new Set([...svg.matchAll(/<(?:polyline|line)[^>]*stroke="(#[0-9a-f]{6})"/g)].map((m) => m[1]))
  strokes.delete(colour.grid) // gridlines are decoration: the axes carry the scale
  for (const s of strokes) t.ok(contrast(s, '#ffffff') >= 3, `line ${s}`)
  const fills = new Set([...svg.matchAll(/<text[^>]*fill="(#[0-9a-f]{6})"/g)].map((m) => m[1]))
  for (const f of fills) t.ok(contrast(f, '#ffffff') >= 4.5, `text ${f}`)
})
