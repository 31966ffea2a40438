// The risk register's pages without a browser (signed in by the real OIDC flow over HTTP): the
// same flags as GET /v1/flags in the same order, filters, one flag's evidence and history, moving
// it through review and adding notes through the API's own commands, with every refusal the API
// would give, the form's errors and a stale form said in words; councils and providers are refused.
import t from 'tap'
import { bearer } from '../helper.js'
import { serve } from './browser.js'
import { csrfTokenOf, Visitor } from './http.js'
import { troubledGroup } from './flags.js'

const hiddenValue = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1]
const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, '\'').replace(/&amp;/g, '&')

t.test('the register and a flag, worked from open to resolved through the pages', async (t) => {
  const { app, base } = await serve(t)
  const group = await troubledGroup(app, 'Harbour <em>Homes</em> Group')
  await troubledGroup(app, 'Second Care Ltd')
  const reg = await bearer({ role: 'regulator' })
  const api = async (url: string) => (await app.inject({ url, headers: reg })).json()

  const regulator = new Visitor(base)
  const landed = await regulator.signIn('regulator', '/register')
  t.equal(landed.url.pathname, '/register', 'a sign-in from the register comes back to it')

  // The list: the API's flags, in the API's order (red first), the group's name as text.
  const page = await regulator.request('/register')
  t.equal(page.status, 200)
  const shown = [...page.text.matchAll(/href="\/register\/([0-9a-f-]{36})"/g)].map((m) => m[1])
  const listed = (await api('/v1/flags?limit=50')).items as Array<{ id: string; severity: string; ruleId: string; providerId: string }>
  t.ok(listed.length >= 3, 'the returns raised flags')
  t.same(shown, listed.map((f) => f.id), 'the same flags as GET /v1/flags, in its order')
  t.equal(listed[0].severity, 'red')
  t.match(page.text, /Harbour &lt;em&gt;Homes&lt;\/em&gt; Group/, 'markup in a group\'s name is text')
  t.notMatch(page.text, /<em>Homes<\/em>/)

  // Filters: severity, and one group (from its link); a value the register does not have is no filter.
  const amber = await regulator.request('/register?severity=amber&status=&rating=')
  const amberIds = [...amber.text.matchAll(/href="\/register\/([0-9a-f-]{36})"/g)].map((m) => m[1])
  t.same(amberIds, (await api('/v1/flags?severity=amber')).items.map((f: { id: string }) => f.id), 'amber only')
  t.match(amber.text, /Selected filters/)
  t.match(amber.text, /href="\/register"[^>]*>Clear filters/)
  // The filter form is drawn once per filter state and kept: each state shows its own choices.
  const selectedIn = (html: string) => [...html.matchAll(/<option value="([^"]*)" selected>/g)].map((m) => m[1])
  t.same(selectedIn(amber.text), ['amber'], 'the form shows amber chosen')
  const red = await regulator.request('/register?severity=red&ruleId=FIN-GOING-CONCERN')
  t.same(selectedIn(red.text), ['red', 'FIN-GOING-CONCERN'], 'another filter, its own choices')
  t.same(selectedIn((await regulator.request('/register')).text), [], 'no filter, nothing chosen')
  t.notMatch((await regulator.request('/register')).text, /Selected filters/)
  const one = await regulator.request(`/register?providerId=${group.id}`)
  const oneIds = [...one.text.matchAll(/href="\/register\/([0-9a-f-]{36})"/g)].map((m) => m[1])
  t.same(oneIds, (await api(`/v1/flags?providerId=${group.id}`)).items.map((f: { id: string }) => f.id), 'one group\'s flags')
  const odd = await regulator.request('/register?severity=purple&cursor=not-a-cursor')
  t.equal(odd.status, 200, 'an unknown value and a bad cursor still give the register')

  // One flag: what it says, its evidence, and the one move an open flag allows.
  const gc = listed.find((f) => f.ruleId === 'FIN-GOING-CONCERN' && f.providerId === group.id)!
  const flagUrl = `/register/${gc.id}`
  const detail = await regulator.request(flagUrl)
  t.equal(detail.status, 200)
  const fromApi = await api(`/v1/flags/${gc.id}`)
  t.ok(detail.text.includes(fromApi.explanation.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/'/g, '&#39;').replace(/"/g, '&quot;')), 'the flag\'s explanation')
  t.match(detail.text, /data-testid="evidence"/)
  t.same([...detail.text.matchAll(/name="to" type="radio" value="([a-z_]+)"/g)].map((m) => m[1]), ['under_review'], 'open: only review')
  const etag = unescape(hiddenValue(detail.text, 'etag')!)
  t.equal(etag, (await app.inject({ url: `/v1/flags/${gc.id}`, headers: reg })).headers.etag, 'the form carries the flag\'s ETag')
  const form = (fields: Record<string, string>, from = detail.text) => ({
    _csrf: csrfTokenOf(from), etag: unescape(hiddenValue(from, 'etag')!), seen: hiddenValue(from, 'seen')!, ...fields,
  })

  // Nothing chosen, and a move the flag does not allow: the form again with its errors, nothing changed.
  const none = await regulator.request(`${flagUrl}/transitions`, { form: form({ rationale: 'kept' }) })
  t.equal(none.status, 400)
  t.match(none.text, /<a href="#to">Select what to do with this flag<\/a>/, 'the error summary links the field')
  t.match(none.text, /<title>Error: /)
  t.match(none.text, />kept<\/textarea>/, 'the values are kept')
  const skip = await regulator.request(`${flagUrl}/transitions`, { form: form({ to: 'resolved', rationale: 'done' }) })
  t.equal(skip.status, 409)
  t.match(skip.text, /A flag that is open cannot move to resolved; it can move to under_review/)
  t.equal((await api(`/v1/flags/${gc.id}`)).status, 'open', 'nothing moved')

  // Start review: back to the flag with a confirmation; the audit log names the person.
  const moved = await regulator.request(`${flagUrl}/transitions`, { form: form({ to: 'under_review' }) })
  t.equal(moved.status, 303)
  t.equal(moved.location, flagUrl)
  const reviewing = await regulator.request(flagUrl)
  t.match(reviewing.text, /The flag is now under review\./)
  t.equal((await api(`/v1/flags/${gc.id}`)).status, 'under_review')
  const audit = (await api(`/v1/audit?objectType=flag&objectId=${gc.id}`)).items
  t.match(audit[0], { action: 'flag.transition', actorSub: 'regulator', actorRole: 'regulator', summary: { from: 'open', to: 'under_review' } })
  t.same([...reviewing.text.matchAll(/name="to" type="radio" value="([a-z_]+)"/g)].map((m) => m[1]), ['escalated', 'resolved', 'dismissed'])

  // The form drawn before that move is stale now: it says so and shows what changed.
  const stale = await regulator.request(`${flagUrl}/transitions`, { form: form({ to: 'under_review' }) })
  t.equal(stale.status, 409)
  t.match(stale.text, /Someone else changed this flag/)
  t.match(stale.text, /data-testid="what-changed"[\s\S]*Open to Under review/)

  // Resolving needs a reason: without one nothing moves; with one the flag is closed.
  const noReason = await regulator.request(`${flagUrl}/transitions`, { form: form({ to: 'resolved', rationale: '   ' }, reviewing.text) })
  t.equal(noReason.status, 400)
  t.match(noReason.text, /<a href="#rationale">Enter the reason for resolving the flag<\/a>/)
  t.equal((await api(`/v1/flags/${gc.id}`)).status, 'under_review', 'nothing moved')
  const resolved = await regulator.request(`${flagUrl}/transitions`, { form: form({ to: 'resolved', rationale: 'Parent guarantee seen' }, reviewing.text) })
  t.equal(resolved.status, 303)
  const closed = await regulator.request(flagUrl)
  t.match(closed.text, /The flag has been resolved\./)
  t.match(closed.text, /data-testid="closed"/)
  t.notMatch(closed.text, /name="to"/, 'a closed flag has no moves')
  t.match(await api(`/v1/flags/${gc.id}`), { status: 'resolved', history: [{}, {}, { kind: 'transition', toStatus: 'resolved', text: 'Parent guarantee seen', actorSub: 'regulator' }] })

  // Notes: an empty one is an error; one is added, in the history and the audit log.
  const empty = await regulator.request(`${flagUrl}/notes`, { form: { _csrf: csrfTokenOf(closed.text), note: ' ' } })
  t.equal(empty.status, 400)
  t.match(empty.text, /<a href="#note">Enter a note<\/a>/)
  const noted = await regulator.request(`${flagUrl}/notes`, { form: { _csrf: csrfTokenOf(closed.text), note: 'Called the <b>finance</b> director' } })
  t.equal(noted.status, 303)
  const withNote = await regulator.request(flagUrl)
  t.match(withNote.text, /Your note has been added\./)
  t.match(withNote.text, /Called the &lt;b&gt;finance&lt;\/b&gt; director/)
  t.equal((await api(`/v1/audit?objectType=flag&objectId=${gc.id}`)).items[0].action, 'flag.note')

  // A flag that does not exist, and an id that cannot be one: the 404 page.
  t.equal((await regulator.request('/register/00000000-0000-4000-8000-000000000000')).status, 404)
  t.equal((await regulator.request('/register/not-a-flag')).status, 404)

  // Councils and providers: refused as GET /v1/flags refuses them, the group's own flag included.
  for (const account of ['council:E09000007', `provider:${group.id}`]) {
    const other = new Visitor(base)
    await other.signIn(account)
    t.equal((await other.request('/register')).status, 403, `${account}: the register`)
    t.equal((await other.request(flagUrl)).status, 403, `${account}: a flag`)
    const home = await other.request('/')
    t.notMatch(home.text, /Risk register/, `${account}: no register in the navigation`)
  }
})
