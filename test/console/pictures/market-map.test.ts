import t from 'tap'
import { readFileSync } from 'node:fs'
import { BANDS, bandOf, councilHexes, marketMap, NO_FIGURE } from '../../../src/console/pictures/market-map.js'
import { contrast } from '../../../src/console/pictures/svg.js'
import { referenceCouncils } from '../../../src/reference/councils.js'

t.test('the layout places exactly the 153 councils of the reference file, each once, no two on one hexagon', async (t) => {
  const layout = councilHexes()
  t.equal(layout.layout, 'odd-r')
  const codes = Object.keys(layout.hexes).sort()
  const reference = referenceCouncils().map((c) => c.laCode).sort()
  t.equal(reference.length, 153)
  t.same(codes, reference)
  const text = readFileSync(new URL('../../../src/console/pictures/councils.hexjson', import.meta.url), 'utf8')
  t.equal(text.match(/"E\d{8}":/g)?.length, 153, 'no code twice in the file (JSON.parse would keep only the last)')
  const cells = Object.values(layout.hexes).map((h) => `${h.q},${h.r}`)
  t.equal(new Set(cells).size, 153, 'no two councils on one hexagon')
  for (const h of Object.values(layout.hexes)) t.ok(Number.isInteger(h.q) && Number.isInteger(h.r) && h.q >= 0 && h.r >= 0, `${h.n} on a whole cell`)
  const names = new Map(referenceCouncils().map((c) => [c.laCode, c.name]))
  t.same(Object.entries(layout.hexes).filter(([code, h]) => names.get(code) !== h.n), [], 'names as the reference file gives them')
  for (const retired of ['E10000002', 'E10000006', 'E10000021', 'E10000023', 'E10000027']) t.notOk(retired in layout.hexes, `${retired} is no longer a council`)
})

t.test('each share falls in one band; no figure is not a band', async (t) => {
  t.equal(bandOf(0)?.label, 'None')
  t.equal(bandOf(0.0001)?.label, 'Under 10%')
  t.equal(bandOf(0.1)?.label, '10% to under 25%')
  t.equal(bandOf(0.25)?.label, '25% to under 50%')
  t.equal(bandOf(0.5)?.label, '50% or more')
  t.equal(bandOf(1)?.label, '50% or more')
  t.equal(bandOf(null), undefined)
  t.equal(bandOf(undefined), undefined)
  t.equal(bandOf(Number.NaN), undefined)
})

t.test('the map: a hexagon per council shaded by its band, no figure hatched, a legend with counts, every council in the table', async (t) => {
  const shares = { E09000007: 0.6, E08000025: 0.3, E06000001: 0.12, E06000002: 0.05, E10000012: 0, E06000053: null, E99999999: 0.9 }
  const { svg, summary, tables } = marketMap({ id: 'map', shares, names: { E09000007: 'Camden <script>x</script>' } })
  t.match(svg, /role="img" aria-labelledby="map-title map-desc"/)
  t.equal(svg.match(/<polygon /g)?.length, 153, 'one hexagon per council, none for an unknown code')
  const fillOf = (name: string) => new RegExp(`fill="([^"]+)"[^>]*><title>${name.replace(/[()]/g, '\\$&')}:`).exec(svg)?.[1]
  t.equal(fillOf('Camden &lt;script&gt;x&lt;/script&gt;'), BANDS[4].fill, 'names are escaped')
  t.notOk(svg.includes('<script>'))
  t.equal(fillOf('Birmingham'), BANDS[3].fill)
  t.equal(fillOf('Hartlepool'), BANDS[2].fill)
  t.equal(fillOf('Middlesbrough'), BANDS[1].fill)
  t.equal(fillOf('Essex'), BANDS[0].fill)
  t.equal(fillOf('Isles of Scilly'), 'url(#map-no-figure)', 'no figure is hatched, not a colour')
  t.ok(svg.includes('>50% or more (1)</text>') && svg.includes(`>${NO_FIGURE} (148)</text>`), 'the legend names each band and counts it')
  t.match(summary, /1 council has half or more of them with such groups, 1 between a quarter and a half; the largest share is Camden <script>x<\/script>’s, 60\.0%\. 148 councils have no figure\./)
  const rows = tables[0].rows.map((r) => r.map((c) => c.text))
  t.equal(rows.length, 153)
  t.same(rows.slice(0, 3), [['Camden <script>x</script>', 'E09000007', '60.0%', '50% or more'], ['Birmingham', 'E08000025', '30.0%', '25% to under 50%'], ['Hartlepool', 'E06000001', '12.0%', '10% to under 25%']], 'largest share first')
  t.same(rows.at(-1)!.slice(2), [NO_FIGURE, NO_FIGURE])
})

t.test('the bands darken in order, and their outlines stand out from the page', async (t) => {
  const lum = BANDS.map((b) => contrast(b.fill, '#ffffff'))
  for (let i = 1; i < lum.length; i++) t.ok(lum[i] > lum[i - 1], `${BANDS[i].label} is darker than ${BANDS[i - 1].label}`)
  const { svg } = marketMap({ id: 'm', shares: {} })
  const stroke = /<polygon [^>]*stroke="(#[0-9a-f]{6})"/.exec(svg)![1]
  t.ok(contrast(stroke, '#ffffff') >= 3, 'each hexagon\'s outline shows against white, whatever its fill')
})
