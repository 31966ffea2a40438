// The groups' pages without a browser (signed in by the real OIDC flow over HTTP): the list is
// GET /v1/providers's, a group's page shows its standing, metrics, trends, ownership, designation,
// returns, requirements and (to the regulator) notices, and the regulator designates a group
// through the API's own command; a provider sees its own group only, a council none.
import t from 'tap'
import { bearer, seedProvider } from '../helper.js'
import { serve } from './browser.js'
import { csrfTokenOf, Visitor } from './http.js'
import { troubledGroup } from './flags.js'

/** The groups listed in the page's table (the navigation links to one's own group too). */
const idsIn = (html: string) => [...html.slice(html.indexOf('data-testid="groups"')).matchAll(/href="\/providers\/([0-9a-f-]{36})"/g)].map((m) => m[1])

t.test('the groups and a group\'s page, as the API shows them to each person', async (t) => {
  const { app, base } = await serve(t)
  const group = await troubledGroup(app, 'Harbour <em>Homes</em> Group')
  const quiet = await seedProvider(app, { name: 'Quiet Care Ltd' })
  const reg = await bearer({ role: 'regulator' })
  const api = async (url: string, headers = reg) => (await app.inject({ url, headers })).json()

  const regulator = new Visitor(base)
  await regulator.signIn('regulator')
  const list = await regulator.request('/providers')
  t.equal(list.status, 200)
  t.same(idsIn(list.text), (await api('/v1/providers')).items.map((p: { id: string }) => p.id), 'the groups GET /v1/providers gives, in its order')
  t.match(list.text, /Harbour &lt;em&gt;Homes&lt;\/em&gt; Group/)
  const red = await regulator.request('/providers?rating=red&designated=&peBacked=')
  t.same(idsIn(red.text), (await api('/v1/providers?rating=red')).items.map((p: { id: string }) => p.id), 'filtered by rating')
  t.notOk(idsIn(red.text).includes(quiet.id))
  const named = await regulator.request('/providers?name=%20quiet%20CARE&rating=')
  t.same(idsIn(named.text), [quiet.id], 'found by part of its name, in any case, as GET /v1/providers?name= finds it')
  t.same(idsIn(named.text), (await api('/v1/providers?name=quiet%20care')).items.map((p: { id: string }) => p.id))
  t.match(named.text, /id="name" name="name" type="text" spellcheck="false" value="quiet CARE"/, 'the name kept in the field')
  t.match((await regulator.request('/providers?name=nobody')).text, /data-testid="groups-empty"/)

  const page = await regulator.request(`/providers/${group.id}`)
  t.equal(page.status, 200)
  t.match(page.text, /<h1 class="govuk-heading-l" data-testid="group-name">Harbour &lt;em&gt;Homes&lt;\/em&gt; Group<\/h1>/)
  const standing = await api(`/v1/providers/${group.id}/stability`)
  t.match(page.text, new RegExp(`Rated ${standing.rating}`))
  for (const ruleId of standing.openFlags) t.match(page.text, new RegExp(`<li>${ruleId}</li>`), `open flag ${ruleId}`)
  t.match(page.text, new RegExp(`href="/register\\?providerId=${group.id}"`), 'on to its flags in the register')
  t.match(page.text, /data-testid="metrics"[\s\S]*Leverage/)
  t.equal([...page.text.matchAll(/<svg [^>]*role="img"/g)].length, 6, 'the ownership diagram and five trend charts')
  t.match(page.text, /id="ownership"[\s\S]*<figure class="app-picture">/)
  t.match(page.text, /data-testid="returns"[\s\S]*In force/)
  t.match(page.text, /id="notices"/, 'the regulator sees the group\'s notices')
  t.match(page.text, /action="\/providers\/[0-9a-f-]+\/designation"/, 'and may designate it')
  const empty = await regulator.request(`/providers/${quiet.id}`)
  t.equal(empty.status, 200)
  t.match(empty.text, /The group has not filed a return yet/)
  t.match(empty.text, /The group has not filed its ownership yet/)

  // Designating: errors first (nothing changes), then the decision, in the API and the audit log.
  const form = { _csrf: csrfTokenOf(page.text) }
  const bad = await regulator.request(`/providers/${group.id}/designation`, { form: { ...form, reason: '  ' } })
  t.equal(bad.status, 400)
  t.match(bad.text, /<a href="#designated">Select whether the group is in the oversight scheme<\/a>/)
  t.match(bad.text, /<a href="#reason">Enter the reason for the decision<\/a>/)
  t.equal((await api(`/v1/providers/${group.id}`)).designated, false, 'nothing changed')
  const done = await regulator.request(`/providers/${group.id}/designation`, { form: { ...form, designated: 'yes', reason: 'Over 5% of places in three regions', responsibleIndividual: 'A. Finance' } })
  t.equal(done.status, 303)
  const after = await regulator.request(`/providers/${group.id}`)
  t.match(after.text, /The group is now designated\./)
  t.match(after.text, /data-testid="designations"[\s\S]*Over 5% of places in three regions[\s\S]*A. Finance/)
  t.match(await api(`/v1/providers/${group.id}`), { designated: true, designations: [{ reason: 'Over 5% of places in three regions', responsibleIndividual: 'A. Finance', decidedBy: 'regulator' }] })
  t.match((await api(`/v1/audit?objectType=provider&objectId=${group.id}`)).items[0], { action: 'provider.designate', actorSub: 'regulator' })

  // The group itself: its own page (no notices, no designation form), nobody else's.
  const own = new Visitor(base)
  await own.signIn(`provider:${group.id}`)
  t.same(idsIn((await own.request('/providers')).text), [group.id], 'a provider lists its own group only')
  const ownPage = await own.request(`/providers/${group.id}`)
  t.equal(ownPage.status, 200)
  t.match(ownPage.text, /data-testid="metrics"/)
  t.notMatch(ownPage.text, /id="notices"/)
  t.notMatch(ownPage.text, /\/designation"/)
  t.notMatch(ownPage.text, /href="\/register/, 'no way into the register')
  t.equal((await own.request(`/providers/${quiet.id}`)).status, 404, 'another group does not exist for it')
  const refused = await own.request(`/providers/${group.id}/designation`, { form: { designated: 'no', reason: 'x' } })
  t.equal(refused.status, 403)
  t.match(refused.text, /You do not have access to this page/, 'refused for its role, before any token is read')
  t.equal((await api(`/v1/providers/${group.id}`)).designated, true)

  const council = new Visitor(base)
  await council.signIn('council:E09000007')
  t.equal((await council.request('/providers')).status, 403)
  t.equal((await council.request(`/providers/${group.id}`)).status, 403)
})
