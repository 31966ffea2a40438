// A requirement through the console (signed in by the real OIDC flow over HTTP): the group sees
// what the regulator asked and answers it through the API's own command, once; the regulator sees
// the answer; another group and councils do not see it at all. The provider's home lists what
// awaits its response and its latest assessment.
import t from 'tap'
import { bearer, seedProvider } from '../helper.js'
import { troubledGroup } from './flags.js'
import { serve } from './browser.js'
import { csrfTokenOf } from './http.js'
import { summaryItems, Uploader } from './filing-http.js'

t.test('a group answers a requirement; the regulator reads the answer', async (t) => {
  const { app, base } = await serve(t)
  const group = await troubledGroup(app, 'Harbour Homes')
  const other = await seedProvider(app)
  const reg = await bearer({ role: 'regulator' })
  const set = await app.inject({
    method: 'POST', url: `/v1/providers/${group.id}/requirements`, headers: reg,
    payload: { kind: 'risk_mitigation_plan', detail: 'Send a plan for the <b>refinancing</b> due next year', dueDate: '2099-01-31' },
  })
  t.equal(set.statusCode, 201)
  const requirement = set.json()
  const api = async () => (await app.inject({ url: `/v1/providers/${group.id}/requirements`, headers: reg })).json().items[0]

  const provider = await Uploader.signIn(base, `provider:${group.id}`)
  const home = await provider.request('/')
  t.equal(home.status, 200)
  t.match(home.text, new RegExp(`data-testid="awaiting"[\\s\\S]*href="/requirements/${requirement.id}">Risk mitigation plan</a>`), 'awaiting a response, on the home page')
  const standing = (await app.inject({ url: `/v1/providers/${group.id}/stability`, headers: reg })).json()
  t.match(home.text, new RegExp(`data-testid="rating">Your group is rated <strong class="govuk-tag[^"]*">\\s*${standing.rating}`, 'i'), 'its rating')
  t.match(home.text, /data-testid="flags"[\s\S]*CMP-GOING-CONCERN|data-testid="flags"[\s\S]*GOING/, 'the latest assessment\'s flags')
  t.match(home.text, new RegExp(`href="/providers/${group.id}/returns/new"`), 'and filing')

  const page = await provider.request(`/requirements/${requirement.id}`)
  t.equal(page.status, 200)
  t.match(page.text, /<h1 class="govuk-heading-l">Risk mitigation plan<\/h1>/)
  t.match(page.text, /Send a plan for the &lt;b&gt;refinancing&lt;\/b&gt; due next year/, 'the detail as text')
  t.match(page.text, /No response yet\./)
  const csrf = { _csrf: csrfTokenOf(page.text) }

  const empty = await provider.request(`/requirements/${requirement.id}/responses`, { form: { ...csrf, documentReference: ' ', text: '' } })
  t.equal(empty.status, 400)
  t.same(summaryItems(empty.text), ['Enter the reference of the document you have sent', 'Enter your response'])
  const kept = await provider.request(`/requirements/${requirement.id}/responses`, { form: { ...csrf, documentReference: 'SFT-1 <x>', text: '' } })
  t.match(kept.text, /value="SFT-1 &lt;x&gt;"/, 'what was typed is kept')
  const noToken = await provider.request(`/requirements/${requirement.id}/responses`, { form: { documentReference: 'SFT-1', text: 'Plan attached' } })
  t.equal(noToken.status, 403, 'a post without the CSRF token is refused')
  t.equal((await api()).status, 'open', 'nothing answered')

  const sent = await provider.request(`/requirements/${requirement.id}/responses`, { form: { ...csrf, documentReference: 'SFT-2026-114', text: 'The plan <i>attached</i>.' } })
  t.equal(sent.status, 303)
  const after = await provider.request(sent.location!)
  t.match(after.text, /Your response has been sent to the regulator\./)
  t.match(after.text, /data-testid="responses"[\s\S]*SFT-2026-114[\s\S]*The plan &lt;i&gt;attached&lt;\/i&gt;\./)
  t.notMatch(after.text, /action="\/requirements\/[^"]+\/responses"/, 'answered: no form')
  t.match(await api(), { status: 'answered', responses: [{ documentReference: 'SFT-2026-114', respondedBy: `provider:${group.id}` }] })
  const twice = await provider.request(`/requirements/${requirement.id}/responses`, { form: { ...csrf, documentReference: 'SFT-2', text: 'Again' } })
  t.equal(twice.status, 409)
  t.same(summaryItems(twice.text), ['This requirement has already been answered: your response was not sent'])
  t.notMatch((await provider.request('/')).text, /data-testid="awaiting"/, 'nothing awaits a response now')

  const regulator = await Uploader.signIn(base, 'regulator')
  const seen = await regulator.request(`/requirements/${requirement.id}`)
  t.equal(seen.status, 200)
  t.match(seen.text, /SFT-2026-114/)
  t.equal((await regulator.request(`/requirements/${requirement.id}/responses`, { form: { _csrf: csrfTokenOf((await regulator.request(`/providers/${group.id}`)).text), documentReference: 'x', text: 'y' } })).status, 403, 'the regulator does not answer')

  const stranger = await Uploader.signIn(base, `provider:${other.id}`)
  t.equal((await stranger.request(`/requirements/${requirement.id}`)).status, 404, 'another group: no such page')
  const strangerHome = await stranger.request('/')
  t.match(strangerHome.text, /Your group has not filed a return yet\./)
  t.equal((await stranger.request(`/requirements/${requirement.id}/responses`, { form: { _csrf: csrfTokenOf((await stranger.request(`/providers/${other.id}/returns/new`)).text), documentReference: 'x', text: 'y' } })).status, 404)
  const council = await Uploader.signIn(base, 'council:E09000007')
  t.equal((await council.request(`/requirements/${requirement.id}`)).status, 403)
  t.equal((await provider.request('/requirements/00000000-0000-4000-8000-000000000000')).status, 404)
})
