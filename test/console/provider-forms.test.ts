// The group page's regulator forms without a browser (signed in by the real OIDC flow over HTTP):
// setting a requirement and issuing a notice through the API's own commands (every bad field listed
// and linked, values kept, nothing written; CSRF refused; a provider and a council refused), a
// stress test as a GET that changes nothing; and what the group itself sees of its page: its
// placements, its settings with their Ofsted judgements, its profitability against a cap, a way
// to file and to respond, and none of the regulator's forms.
import t, { type Test } from 'tap'
import { bearer, build, seedProvider } from '../helper.js'
import { smallReturn } from '../fixtures/returns.js'
import { csrfTokenOf, Visitor } from './http.js'
import type { App } from '../../src/app.js'

const TODAY = new Date('2026-11-23T10:00:00Z')

/** The real app, its clock at TODAY, listening on an ephemeral port. */
async function serve(t: Test) {
  const app = await build(t, { now: () => TODAY })
  return { app, base: await app.listen({ port: 0, host: '127.0.0.1' }) }
}

/** A group with a return filed whose settings' names carry markup, and the register judging its first home inadequate. */
async function judgedGroup(app: App, name: string) {
  const group = await seedProvider(app, { name })
  const body = smallReturn()
  body.settings = body.settings.map((s, i) => ({ ...s, urn: `SC77000${i}`, name: i === 0 ? 'Ash <i>House</i>' : 'Birch Lodge' }))
  const filed = await app.inject({ method: 'POST', url: `/v1/providers/${group.id}/returns`, headers: await bearer({ role: 'provider', providerId: group.id }), payload: body })
  if (filed.statusCode !== 201) throw new Error(`filing failed: ${filed.statusCode} ${filed.body}`)
  const csv = 'URN,Registration status,Overall experiences and progress of children and young people,Inspection date\r\n'
    + 'SC770000,Active,Inadequate,14/03/2026\r\nSC770001,Active,Good,02/11/2025\r\n'
  const loaded = await app.inject({ method: 'PUT', url: '/v1/reference/ofsted-settings', headers: { ...await bearer({ role: 'regulator' }), 'content-type': 'text/csv' }, payload: csv })
  if (loaded.statusCode !== 200) throw new Error(`loading the register failed: ${loaded.statusCode} ${loaded.body}`)
  return { ...group, body }
}

/** The hrefs of a page's error summary, in order. */
const summaryLinks = (html: string) => {
  const at = html.indexOf('govuk-error-summary__list')
  return at < 0 ? [] : [...html.slice(at, html.indexOf('</ul>', at)).matchAll(/<a href="(#[^"]+)">/g)].map((m) => m[1])
}

t.test('the regulator sets a requirement and issues a notice from the group page, and runs a stress test', async (t) => {
  const { app, base } = await serve(t)
  const group = await judgedGroup(app, 'Harbour <em>Homes</em> Group')
  const reg = await bearer({ role: 'regulator' })
  const api = async (url: string) => (await app.inject({ url, headers: reg })).json()
  const audited = async () => (await api('/v1/audit?limit=200')).items.length as number

  const regulator = new Visitor(base)
  await regulator.signIn('regulator')
  const page = await regulator.request(`/providers/${group.id}`)
  t.equal(page.status, 200)
  t.match(page.text, /action="\/providers\/[0-9a-f-]+\/requirements"/)
  t.match(page.text, /action="\/providers\/[0-9a-f-]+\/notices"/)
  t.match(page.text, /action="\/providers\/[0-9a-f-]+\/stress-test"/)
  t.notMatch(page.text, /File a return/, 'the regulator files nothing')
  const csrf = { _csrf: csrfTokenOf(page.text) }
  const before = await audited()

  // A requirement: every bad field at once, each linked, values kept, nothing written.
  const empty = await regulator.request(`/providers/${group.id}/requirements`, { form: { ...csrf, requirementDetail: '  ' } })
  t.equal(empty.status, 400)
  t.same(summaryLinks(empty.text), ['#requirementKind', '#requirementDetail', '#dueDate-day'])
  t.match(empty.text, /Select what the group must provide/)
  t.match(empty.text, /Enter what the group must provide/)
  t.match(empty.text, /Enter the date it is due/)
  t.match(empty.text, /<title>Error: /)
  const badDate = await regulator.request(`/providers/${group.id}/requirements`, {
    form: { ...csrf, requirementKind: 'information', requirementDetail: 'The <b>lenders’</b> letters', 'dueDate-day': '31', 'dueDate-month': '2', 'dueDate-year': '2027' },
  })
  t.equal(badDate.status, 400)
  t.same(summaryLinks(badDate.text), ['#dueDate-day'])
  t.match(badDate.text, /must be a real date/)
  t.match(badDate.text, /The &lt;b&gt;lenders’&lt;\/b&gt; letters<\/textarea>/, 'the detail kept, as text')
  t.match(badDate.text, /value="information" checked/, 'the kind kept')
  t.match(badDate.text, /name="dueDate-day" type="text" value="31"/, 'the date kept')
  const past = await regulator.request(`/providers/${group.id}/requirements`, {
    form: { ...csrf, requirementKind: 'information', requirementDetail: 'x', 'dueDate-day': '1', 'dueDate-month': '1', 'dueDate-year': '2026' },
  })
  t.same(summaryLinks(past.text), ['#dueDate-day'])
  t.match(past.text, /today or in the future/)
  t.same((await api(`/v1/providers/${group.id}/requirements`)).items, [], 'nothing set')
  t.equal(await audited(), before, 'nothing audited')

  const set = await regulator.request(`/providers/${group.id}/requirements`, {
    form: { ...csrf, requirementKind: 'risk_mitigation_plan', requirementDetail: 'A plan for the <b>refinancing</b>', 'dueDate-day': '31', 'dueDate-month': '1', 'dueDate-year': '2027' },
  })
  t.equal(set.status, 303)
  t.equal(set.location, `/providers/${group.id}#requirements`)
  const [requirement] = (await api(`/v1/providers/${group.id}/requirements`)).items
  t.match(requirement, { kind: 'risk_mitigation_plan', detail: 'A plan for the <b>refinancing</b>', dueDate: '2027-01-31', status: 'open' })
  t.match((await api(`/v1/audit?objectType=requirement&objectId=${requirement.id}`)).items[0], { action: 'requirement.create', actorSub: 'regulator' })
  const afterSet = await regulator.request(`/providers/${group.id}`)
  t.match(afterSet.text, /Risk mitigation plan required by 31 January 2027\./, 'a confirmation')
  t.match(afterSet.text, new RegExp(`data-testid="requirements"[\\s\\S]*href="/requirements/${requirement.id}">Risk mitigation plan</a>`), 'the requirement links to its page')
  t.match(afterSet.text, /A plan for the &lt;b&gt;refinancing&lt;\/b&gt;/)
  t.notMatch(afterSet.text, />Respond</, 'the regulator does not respond')
  t.notMatch((await regulator.request(`/providers/${group.id}`)).text, /required by 31 January 2027/, 'the confirmation shows once')

  // A notice: to the councils of the latest placements, as the API addresses it.
  const noSummary = await regulator.request(`/providers/${group.id}/notices`, { form: { ...csrf, noticeSummary: '' } })
  t.equal(noSummary.status, 400)
  t.same(summaryLinks(noSummary.text), ['#noticeSummary'])
  const tooLong = await regulator.request(`/providers/${group.id}/notices`, { form: { ...csrf, noticeSummary: 'x'.repeat(5001) } })
  t.same(summaryLinks(tooLong.text), ['#noticeSummary'])
  t.match(tooLong.text, /5,000 characters or fewer/)
  t.same((await api(`/v1/providers/${group.id}/notices`)).items, [], 'no notice issued')
  const councils = group.body.placements.map((p) => p.laCode)
  const issued = await regulator.request(`/providers/${group.id}/notices`, { form: { ...csrf, noticeSummary: 'Lenders <b>withdrew</b> support' } })
  t.equal(issued.status, 303)
  t.equal(issued.location, `/providers/${group.id}#notices`)
  const [notice] = (await api(`/v1/providers/${group.id}/notices`)).items
  t.match(notice, { kind: 'failure_likely', summary: 'Lenders <b>withdrew</b> support', inForce: true })
  t.same(notice.addressees.map((a: { laCode: string }) => a.laCode).sort(), [...councils].sort(), 'to every council of the latest placements')
  t.match((await api(`/v1/councils/${councils[0]}/notices`)).items[0], { id: notice.id })
  t.equal((await api(`/v1/providers/${group.id}/stability`)).noticeInForce, true)
  const afterNotice = await regulator.request(`/providers/${group.id}`)
  t.match(afterNotice.text, new RegExp(`Notice issued to ${councils.length} councils\\.`))
  t.match(afterNotice.text, /data-testid="notices"[\s\S]*Lenders &lt;b&gt;withdrew&lt;\/b&gt; support/)

  // CSRF: a post without the token, or with a made-up one, is refused and writes nothing.
  for (const form of [{ noticeSummary: 'no token' }, { _csrf: 'forged', noticeSummary: 'forged token' }] as Record<string, string>[]) {
    const refused = await regulator.request(`/providers/${group.id}/notices`, { form })
    t.equal(refused.status, 403)
  }
  const noToken = await regulator.request(`/providers/${group.id}/requirements`, { form: { requirementKind: 'information', requirementDetail: 'x', 'dueDate-day': '1', 'dueDate-month': '1', 'dueDate-year': '2027' } })
  t.equal(noToken.status, 403)
  t.equal((await api(`/v1/providers/${group.id}/notices`)).items.length, 1)
  t.equal((await api(`/v1/providers/${group.id}/requirements`)).items.length, 1)

  // A group that does not exist: the 404 page.
  const nobody = await regulator.request('/providers/00000000-0000-4000-8000-000000000000/notices', { form: { ...csrf, noticeSummary: 'x' } })
  t.equal(nobody.status, 404)

  // A stress test: a GET; bad fields listed and linked; the result beside today; nothing stored.
  const beforeStress = await audited()
  const badStress = await regulator.request(`/providers/${group.id}/stress-test?ebitdaChangePct=abc&interestRateBps=9000&cashChangePct=-101`)
  t.equal(badStress.status, 400)
  t.same(summaryLinks(badStress.text), ['#ebitdaChangePct', '#interestRateBps', '#cashChangePct'])
  t.match(badStress.text, /value="abc"/, 'values kept')
  const noChange = await regulator.request(`/providers/${group.id}/stress-test?ebitdaChangePct=&interestRateBps=&cashChangePct=`)
  t.same(summaryLinks(noChange.text), ['#ebitdaChangePct'])
  t.match(noChange.text, /Enter at least one change: to EBITDA, to interest rates or to cash/)
  const blank = await regulator.request(`/providers/${group.id}/stress-test`)
  t.equal(blank.status, 200, 'the form alone, before any scenario')
  t.same(summaryLinks(blank.text), [])
  const stressed = await regulator.request(`/providers/${group.id}/stress-test?ebitdaChangePct=%E2%88%9280&interestRateBps=500&cashChangePct=-90`)
  t.equal(stressed.status, 200)
  const expected = (await app.inject({ method: 'POST', url: `/v1/providers/${group.id}/stress-tests`, headers: reg, payload: { ebitdaChangePct: -80, interestRateBps: 500, cashChangePct: -90 } })).json()
  t.match(stressed.text, new RegExp(`Under the scenario: ${expected.stressed.rating}`, 'i'), 'the API\'s rating under the scenario')
  for (const f of expected.stressed.flags.filter((x: { severity: string }) => x.severity !== 'info')) t.match(stressed.text, new RegExp(`data-testid="stress-flags"[\\s\\S]*${f.ruleId}`), f.ruleId)
  t.match(stressed.text, /value="−80"/, 'the scenario kept in the form')
  t.equal(await audited(), beforeStress, 'nothing stored')

  // A cap the margins are read against: a bad one is named, a good one read.
  const badCap = await regulator.request(`/providers/${group.id}?capPct=abc`)
  t.equal(badCap.status, 400)
  t.same(summaryLinks(badCap.text), ['#capPct'])
  const cap5 = await regulator.request(`/providers/${group.id}?capPct=5`)
  t.match(cap5.text, /against a cap of 5% of revenue/)
  t.match(cap5.text, /Over the cap by 5\.8 percentage points/, 'operating margin 10.8% of revenue against 5%')
})

t.test('the group sees its own placements, settings judgements, profitability and ways to file and respond, never the regulator\'s forms', async (t) => {
  const { app, base } = await serve(t)
  const group = await judgedGroup(app, 'Lantern House Care Ltd')
  const other = await seedProvider(app, { name: 'Quiet Care Ltd' })
  const reg = await bearer({ role: 'regulator' })
  const req = await app.inject({ method: 'POST', url: `/v1/providers/${group.id}/requirements`, headers: reg, payload: { kind: 'information', detail: 'Your lenders’ letters', dueDate: '2027-01-31' } })
  t.equal(req.statusCode, 201)

  const own = new Visitor(base)
  await own.signIn(`provider:${group.id}`)
  const page = await own.request(`/providers/${group.id}`)
  t.equal(page.status, 200)
  t.match(page.text, new RegExp(`href="/providers/${group.id}/returns/new"[^>]*>\\s*File a return`), 'File a return')
  t.match(page.text, new RegExp(`href="/requirements/${req.json().id}">Respond`), 'a way to respond to its open requirement')
  t.match(page.text, /data-testid="councils"/)
  for (const p of group.body.placements) t.match(page.text, new RegExp(`${p.laCode}</td>\\s*<td class="govuk-table__cell govuk-table__cell--numeric">${p.children}</td>`), `children placed by ${p.laCode}`)
  t.match(page.text, /1 setting is judged inadequate: Ash &lt;i&gt;House&lt;\/i&gt;\./, 'the inadequate setting named in words')
  t.match(page.text, /data-testid="settings"[\s\S]*<strong>Ash &lt;i&gt;House&lt;\/i&gt;<\/strong>[\s\S]*Inadequate[\s\S]*14 March 2026[\s\S]*Birch Lodge[\s\S]*Good[\s\S]*2 November 2025/, 'worst first, with judgement and date')
  t.match(page.text, /data-testid="profitability"[\s\S]*10\.8%/, 'its operating margin')
  t.match(page.text, /data-testid="cap"/)
  for (const form of ['requirements', 'notices', 'designation']) t.notMatch(page.text, new RegExp(`action="/providers/[0-9a-f-]+/${form}"`), `no ${form} form`)
  t.notMatch(page.text, /stress-test/, 'no stress test')

  for (const path of ['requirements', 'notices']) {
    const refused = await own.request(`/providers/${group.id}/${path}`, { form: { noticeSummary: 'x', requirementKind: 'information' } })
    t.equal(refused.status, 403, `a provider may not post ${path}`)
  }
  t.equal((await own.request(`/providers/${group.id}/stress-test?ebitdaChangePct=-10`)).status, 403)
  t.equal((await own.request(`/providers/${other.id}`)).status, 404, 'another group does not exist for it')
  t.equal((await app.inject({ url: `/v1/providers/${group.id}/notices`, headers: reg })).json().items.length, 0)

  const council = new Visitor(base)
  await council.signIn(`council:${group.body.placements[0].laCode}`)
  for (const path of ['requirements', 'notices']) t.equal((await council.request(`/providers/${group.id}/${path}`, { form: { noticeSummary: 'x' } })).status, 403, `a council may not post ${path}`)
  t.equal((await council.request(`/providers/${group.id}/stress-test?ebitdaChangePct=-10`)).status, 403)
})
