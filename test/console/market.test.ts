// The market page without a browser: the councils exposed to red- and amber-rated groups (the
// returns' placements over the councils' looked-after children), the groups by rating as
// GET /v1/providers counts them, the map drawn with its table; the regulator's alone.
import t from 'tap'
import { bearer } from '../helper.js'
import { serve } from './browser.js'
import { Visitor } from './http.js'
import { troubledGroup } from './flags.js'

t.test('the market: exposure by council, groups by rating, the regulator\'s alone', async (t) => {
  const { app, base } = await serve(t)
  const group = await troubledGroup(app, 'Harbour Homes Group')
  const reg = await bearer({ role: 'regulator' })
  const api = async (url: string) => (await app.inject({ url, headers: reg })).json()
  const [latest] = (await api(`/v1/providers/${group.id}/returns`)).items
  const placements = (await api(`/v1/returns/${latest.id}`)).body.placements as Array<{ laCode: string; children: number }>
  const councils = new Map((await api('/v1/councils')).items.map((c: { laCode: string; name: string; childrenLookedAfter: number | null }) => [c.laCode, c]))
  t.equal((await api(`/v1/providers/${group.id}/stability`)).rating, 'red')

  const regulator = new Visitor(base)
  await regulator.signIn('regulator')
  const page = await regulator.request('/market')
  t.equal(page.status, 200)
  t.match(page.text, /<svg [^>]*role="img"[^>]*id="market-map"/, 'the map, drawn on the server')
  const exposed = page.text.slice(page.text.indexOf('data-testid="most-exposed"'))
  for (const p of placements) {
    const council = councils.get(p.laCode) as { name: string; childrenLookedAfter: number | null }
    if (!council.childrenLookedAfter || p.children === 0) continue
    const share = Math.min(1, p.children / council.childrenLookedAfter) * 100
    t.match(exposed, new RegExp(`${council.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}</td>\\s*<td[^>]*>${Number(share.toFixed(1))}%`), `${council.name}: ${share.toFixed(1)}% of its children with a red group`)
  }
  const red = (await api('/v1/providers?rating=red&limit=200')).items.length
  t.match(page.text, new RegExp(`href="/providers\\?rating=red"><span class="app-totals__count">${red}</span> red`), 'the red groups, counted as the API lists them')

  for (const account of ['council:E09000007', `provider:${group.id}`]) {
    const other = new Visitor(base)
    await other.signIn(account)
    t.equal((await other.request('/market')).status, 403, account)
  }
})
