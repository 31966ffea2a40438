// The market pages without a browser: the councils exposed to red- and amber-rated groups (the
// returns' placements over the councils' looked-after children), the groups by rating as
// GET /v1/providers counts them, the map drawn with its table, the worklists, the quality of
// settings as Ofsted's register in force says, the market stress test (as POST /v1/stress-tests
// and each turned group's impact say) and the profit cap (as POST /v1/profit-cap/simulations
// says); bad values are listed in an error summary, each linked to its field, and kept; the
// regulator's alone.
import t from 'tap'
import { bearer, build, seedProvider } from '../helper.js'
import { ofstedRegisterCsv } from '../fixtures/ofsted.js'
import { Visitor } from './http.js'
import { troubledGroup } from './flags.js'
import { steadyGroup } from './market-groups.js'

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
/** The part of a page from an element with this test id to the end of its table or section. */
const part = (html: string, testId: string) => {
  const at = html.indexOf(`data-testid="${testId}"`)
  if (at < 0) return ''
  const end = html.indexOf('</table>', at)
  return html.slice(at, end < 0 ? undefined : end)
}
/** The error summary's links: where each points, and what it says. */
const summaryLinks = (html: string) => {
  const at = html.indexOf('govuk-error-summary__list')
  if (at < 0) return []
  const list = html.slice(at, html.indexOf('</ul>', at))
  return [...list.matchAll(/<a href="#([^"]+)">([^<]+)<\/a>/g)].map((m) => [m[1], m[2]])
}
const inputValue = (html: string, id: string) => new RegExp(`<input[^>]*id="${id}"[^>]*value="([^"]*)"`).exec(html)?.[1]

t.test('the market: exposure, worklists, quality, the stress test and the profit cap, the regulator\'s alone', async (t) => {
  let clock = Date.now()
  const app = await build(t, { now: () => new Date(clock) })
  const base = await app.listen({ port: 0, host: '127.0.0.1' })
  const group = await troubledGroup(app, 'Harbour Homes Group')
  const steady = await steadyGroup(app, 'Calder <b>Homes</b>')
  const reg = await bearer({ role: 'regulator' })
  const api = async (url: string, init: { method?: 'POST' | 'PUT'; payload?: unknown; headers?: Record<string, string> } = {}) =>
    (await app.inject({ url, method: init.method ?? 'GET', payload: init.payload as string, headers: { ...reg, ...init.headers } })).json()
  const [latest] = (await api(`/v1/providers/${group.id}/returns`)).items
  const placements = (await api(`/v1/returns/${latest.id}`)).body.placements as Array<{ laCode: string; children: number }>
  const councils = new Map((await api('/v1/councils')).items.map((c: { laCode: string; name: string; childrenLookedAfter: number | null }) => [c.laCode, c]))
  t.equal((await api(`/v1/providers/${group.id}/stability`)).rating, 'red')
  t.equal((await api(`/v1/providers/${steady.id}/stability`)).rating, 'green')

  const regulator = new Visitor(base)
  await regulator.signIn('regulator')

  t.test('exposure by council and groups by rating', async (t) => {
    const page = await regulator.request('/market')
    t.equal(page.status, 200)
    t.match(page.text, /<svg [^>]*role="img"[^>]*id="market-map"/, 'the map, drawn on the server')
    const exposed = part(page.text, 'most-exposed')
    for (const p of placements) {
      const council = councils.get(p.laCode) as { name: string; childrenLookedAfter: number | null }
      if (!council.childrenLookedAfter || p.children === 0) continue
      const share = Math.min(1, p.children / council.childrenLookedAfter) * 100
      t.match(exposed, new RegExp(`${escape(council.name)}</td>\\s*<td[^>]*>${Number(share.toFixed(1))}%`), `${council.name}: ${share.toFixed(1)}% of its children with a red group`)
    }
    const red = (await api('/v1/providers?rating=red&limit=200')).items.length
    t.match(page.text, new RegExp(`href="/providers\\?rating=red"><span class="app-totals__count">${red}</span> red`), 'the red groups, counted as the API lists them')
    t.match(page.text, /href="\/market\/profit-cap"/, 'the way to the profit cap')
    t.notOk(page.text.includes('data-testid="stress-results"'), 'no stress test until one is asked for')
  })

  t.test('designation candidates: each group linked, with why', async (t) => {
    const candidates = (await api('/v1/designation-candidates')).items as Array<{ providerId: string; why: string }>
    t.same(candidates.map((c) => c.providerId), [steady.id], 'the API: the steady group is difficult to replace')
    const page = part((await regulator.request('/market')).text, 'candidates')
    t.match(page, new RegExp(`<a class="govuk-link" href="/providers/${steady.id}">Calder &lt;b&gt;Homes&lt;/b&gt;</a>`), 'linked, its name as text')
    const escaped = candidates[0].why.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
    t.ok(candidates[0].why.length > 0 && page.includes(escaped), `why, as the API says: ${candidates[0].why}`)
  })

  t.test('the market stress test: the groups that would change rating and the councils affected', async (t) => {
    const scenario = { ebitdaChangePct: -80 }
    const expected = await api('/v1/stress-tests', { method: 'POST', payload: scenario })
    t.ok(expected.turned.some((g: { providerId: string }) => g.providerId === steady.id), 'the API: the steady group turns')
    const res = await regulator.request('/market?ebitdaChangePct=%E2%88%9280&interestRateBps=&cashChangePct=')
    t.equal(res.status, 200)
    const page = res.text
    t.match(page, /<h3 class="govuk-heading-m" id="stress-results-heading">Under a 80% fall in EBITDA<\/h3>/, 'the scenario in words (a typographic minus read as one)')
    t.match(part(page, 'stress-summary'), new RegExp(`${expected.turned.length} of the ${expected.groups} groups that have filed would change rating`))
    const ratings = part(page, 'stress-ratings')
    for (const r of ['red', 'amber', 'green'] as const) {
      t.match(ratings, new RegExp(`>\\s*${r[0].toUpperCase()}${r.slice(1)}\\s*</strong>\\s*</td>\\s*<td[^>]*>${expected.today[r]}</td>\\s*<td[^>]*>${expected.stressed[r]}</td>`), `${r}: ${expected.today[r]} today, ${expected.stressed[r]} under the scenario`)
    }
    const turned = part(page, 'stress-turned')
    for (const g of expected.turned as Array<{ providerId: string; name: string; from: string; to: string }>) {
      t.match(turned, `href="/providers/${g.providerId}"`, `${g.name}: linked`)
    }
    t.match(turned, 'Calder &lt;b&gt;Homes&lt;/b&gt;', 'a name with markup shows as text')
    t.notOk(turned.includes('<b>Homes</b>'))
    // The councils affected: those whose children the turned groups hold, as each group's impact says.
    const affected = part(page, 'stress-councils')
    for (const g of expected.turned as Array<{ providerId: string }>) {
      const impact = await api(`/v1/providers/${g.providerId}/impact`)
      for (const line of impact.councils as Array<{ name: string; children: number }>) {
        if (line.children > 0) t.match(affected, new RegExp(`${escape(line.name)}</td>\\s*<td[^>]*>\\d+</td>`), `${line.name}: affected`)
      }
    }
    t.equal(inputValue(page, 'ebitdaChangePct'), '−80', 'the value kept as typed')
  })

  t.test('a bad scenario: every field in the error summary, linked, the values kept', async (t) => {
    const res = await regulator.request('/market?ebitdaChangePct=lots&interestRateBps=9000&cashChangePct=-101')
    t.equal(res.status, 400)
    t.match(res.text, /<title>Error: Market/)
    t.same(summaryLinks(res.text), [
      ['ebitdaChangePct', 'Change in EBITDA must be a number, like −20'],
      ['interestRateBps', 'Rise in interest rates must be between −1,000 basis points and 5,000 basis points'],
      ['cashChangePct', 'Change in cash must be between −100% and 1,000%'],
    ])
    for (const [id, value] of [['ebitdaChangePct', 'lots'], ['interestRateBps', '9000'], ['cashChangePct', '-101']]) {
      t.equal(inputValue(res.text, id), value, `${id} kept`)
      t.match(res.text, new RegExp(`<p id="${id}-error" class="govuk-error-message">`), `${id}: its message by the field`)
    }
    t.notOk(res.text.includes('data-testid="stress-results"'))
    const blank = await regulator.request('/market?ebitdaChangePct=&interestRateBps=&cashChangePct=')
    t.equal(blank.status, 400)
    t.same(summaryLinks(blank.text), [['ebitdaChangePct', 'Enter at least one change: to EBITDA, to interest rates or to cash']])
  })

  t.test('the profit cap: who would be over it, the chart and its table', async (t) => {
    const form = await regulator.request('/market/profit-cap')
    t.equal(form.status, 200)
    t.match(form.text, /<h1 class="govuk-heading-l">Simulate a profit cap<\/h1>/)
    t.notOk(form.text.includes('data-testid="cap-results"'), 'no simulation until one is asked for')

    const expected = await api('/v1/profit-cap/simulations', { method: 'POST', payload: { measure: 'operatingMargin', capPct: 10 } })
    t.equal(expected.totals.over, 1, 'the API: the troubled group (10.8%) is over a 10% cap, the steady one (5%) is not')
    const res = await regulator.request('/market/profit-cap?measure=operatingMargin&capPct=10')
    t.equal(res.status, 200)
    t.match(part(res.text, 'cap-summary'), 'With profit capped at 10% of revenue by operating margin, 1 of the 2 groups measured would be over the cap, by £70,000 in all; they hold 50.0% of the measured groups’ revenue.')
    t.match(res.text, /<svg [^>]*role="img"[^>]*id="profit-cap-chart"/, 'the distribution chart, drawn on the server')
    t.match(res.text, />Cap: 10%<\/text>/, 'the cap named on the chart')
    t.match(res.text, /Over 10% to 11%<\/th>\s*<td[^>]*>0<\/td>\s*<td[^>]*>1<\/td>/, 'its table: the band over the cap holds one group over it')
    t.match(res.text, /Over 4% to 5%<\/th>\s*<td[^>]*>1<\/td>\s*<td[^>]*>0<\/td>/, 'and the band of 5% one at or under it')
    const rows = part(res.text, 'cap-groups')
    t.ok(rows.indexOf(`/providers/${group.id}`) < rows.indexOf(`/providers/${steady.id}`) && rows.includes(`/providers/${steady.id}`), 'the largest excess first, every group linked')
    t.match(rows, /10\.8%<\/td>\s*<td[^>]*>£930,000<\/td>\s*<td[^>]*>£860,000<\/td>\s*<td[^>]*>£70,000<\/td>/, 'profit, allowed and excess, as the API gives them')
    t.equal(inputValue(res.text, 'capPct'), '10')
    t.match(res.text, /<input class="govuk-radios__input" id="measure" name="measure" type="radio" value="operatingMargin" checked/, 'the measure kept')

    const adjusted = await regulator.request('/market/profit-cap?measure=adjustedMargin&capPct=12.25')
    t.match(part(adjusted.text, 'cap-summary'), 'No group’s latest return can be measured by adjusted margin. 2 groups cannot be measured this way.', 'no related-party section: not measurable')
    t.match(adjusted.text, />Not measurable<\/td>/)
  })

  t.test('a bad cap: every field in the error summary, linked, the value kept', async (t) => {
    const res = await regulator.request('/market/profit-cap?capPct=a+lot')
    t.equal(res.status, 400)
    t.match(res.text, /<title>Error: Simulate a profit cap/)
    t.same(summaryLinks(res.text), [['measure', 'Select how profit is measured'], ['capPct', 'The cap must be a number, like 12.5']])
    t.equal(inputValue(res.text, 'capPct'), 'a lot')
    t.notOk(res.text.includes('data-testid="cap-results"'))
    const high = await regulator.request('/market/profit-cap?measure=ebitdaMargin&capPct=150')
    t.same(summaryLinks(high.text), [['capPct', 'The cap must be between 0% and 100%']])
    const blank = await regulator.request('/market/profit-cap?measure=ebitdaMargin&capPct=')
    t.same(summaryLinks(blank.text), [['capPct', 'Enter the cap, as a percentage of revenue']])
  })

  t.test('the quality of settings: inadequate settings in Ofsted\'s register in force, and when it was loaded', async (t) => {
    t.match((await regulator.request('/market')).text, /No Ofsted register has been loaded yet/)
    const loaded = await api('/v1/reference/ofsted-settings', { method: 'PUT', payload: ofstedRegisterCsv(70), headers: { 'content-type': 'text/csv' } })
    t.ok(loaded.byJudgement.inadequate > 0, 'the register has inadequate settings')
    const page = (await regulator.request('/market')).text
    t.match(part(page, 'inadequate-settings'), new RegExp(`<span class="app-totals__count">${loaded.byJudgement.inadequate}</span> settings judged inadequate`))
    t.match(page, new RegExp(`Of the ${loaded.settings} settings in Ofsted’s register`))
    t.match(part(page, 'judgements'), new RegExp(`Requires improvement to be good</t[hd]>\\s*<td[^>]*>${loaded.byJudgement.requiresImprovement}</td>`))
    const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' }).format(new Date(loaded.loadedAt))
    t.match(part(page, 'register-loaded'), `The register was last loaded on ${day} at`)
  })

  t.test('overdue: a designated group with no return nine months on, a requirement past its date, each linked', async (t) => {
    const elm = await seedProvider(app, { name: 'Elm Children\'s Services' })
    t.equal((await app.inject({ method: 'PUT', url: `/v1/providers/${elm.id}/designation`, headers: reg, payload: { designated: true, reason: 'Holds a fifth of the region\'s places' } })).statusCode, 200)
    const dueDate = new Date(clock + 30 * 86_400_000).toISOString().slice(0, 10)
    const required = await app.inject({ method: 'POST', url: `/v1/providers/${group.id}/requirements`, headers: reg, payload: { kind: 'risk_mitigation_plan', detail: 'A continuity plan', dueDate } })
    t.equal(required.statusCode, 201)
    const before = (await regulator.request('/market')).text
    t.match(before, /No designated group is late with its return/)
    t.match(before, /No requirement is past its due date/)

    clock += 300 * 86_400_000
    const later = new Visitor(base)
    await later.signIn('regulator')
    const due = await api('/v1/register/overdue')
    t.same(due.filings.map((f: { providerId: string }) => f.providerId), [elm.id], 'the API: Elm is late')
    const page = (await later.request('/market')).text
    t.match(part(page, 'overdue-filings'), new RegExp(`href="/providers/${elm.id}">Elm Children&#39;s Services</a>\\s*</td>\\s*<td[^>]*>None filed</td>`))
    t.match(part(page, 'overdue-requirements'), new RegExp(`href="/providers/${group.id}">Harbour Homes Group</a>\\s*</td>\\s*<td[^>]*>Risk mitigation plan</td>`))
  })

  t.test('councils and providers get the 403 page, whatever they ask', async (t) => {
    for (const account of ['council:E09000007', `provider:${group.id}`]) {
      const other = new Visitor(base)
      await other.signIn(account)
      for (const path of ['/market', '/market?ebitdaChangePct=-20', '/market/profit-cap', '/market/profit-cap?measure=operatingMargin&capPct=10']) {
        const res = await other.request(path)
        t.equal(res.status, 403, `${account}: ${path}`)
        t.match(res.text, /You do not have access to this page/)
      }
    }
  })
})
