// A council's pages without a browser (signed in by the real OIDC flow over HTTP): who holds its
// children (GET /v1/councils/{laCode}/providers's), a group's stability in words, the notices
// addressed to it (acknowledged through the API's own command, audited as the person), where its
// notices go (webhooks with their delivery logs, email addresses with theirs). A council reads and
// acts for itself only; the regulator reads any council's; a provider none; a form without its
// CSRF token is refused; and no council page ever shows a figure.
import t from 'tap'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { bearer, build } from '../helper.js'
import { serve } from './browser.js'
import { csrfTokenOf, Visitor } from './http.js'
import { CAMDEN, figuresOn, groupPlacing, issueNotice, KENT } from './council-world.js'

type Tap = { teardown: (fn: () => unknown) => void }

/** A council's receiver on 127.0.0.1 answering 204 to every delivery; what it got. */
async function receiver(t: Tap) {
  const got: string[] = []
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => { got.push(String(req.headers['x-event-type'])); res.statusCode = 204; res.end() })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()) }))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/notices?token=s3cret-of-camden`, got }
}

/** The groups named in the council's table, in order (their links to the stability pages). */
const groupsIn = (html: string, laCode: string) =>
  [...html.slice(html.indexOf('data-testid="council-providers"')).matchAll(new RegExp(`href="/councils/${laCode}/providers/([0-9a-f-]{36})"`, 'g'))].map((m) => m[1])

t.test('a council\'s pages: its providers, their stability, its notices acknowledged, as the API gives them', async (t) => {
  const { app, base } = await serve(t)
  const troubled = await groupPlacing(app, 'Harbour <em>Homes</em> Group', [CAMDEN, KENT], true)
  const quiet = await groupPlacing(app, 'Quiet Care Ltd', [CAMDEN])
  const elsewhere = await groupPlacing(app, 'Far Away Care', [KENT])
  const notice = await issueNotice(app, troubled.id)
  const camdenToken = await bearer({ role: 'council', laCode: CAMDEN })
  const api = async (url: string, headers: Record<string, string>) => (await app.inject({ url, headers })).json()

  const camden = new Visitor(base)
  const home = await camden.signIn(`council:${CAMDEN}`)
  t.match(home.text, /data-testid="providers-count">\s*2 groups hold Camden’s children, 1 of them rated red\./)
  t.match(home.text, /data-testid="notices-count">\s*1 notice is awaiting acknowledgement; 1 in force\./)
  t.match(home.text, /data-testid="awaiting-banner"/)
  t.match(home.text, new RegExp(`href="/councils/${CAMDEN}/notifications"`))
  t.match(home.text, new RegExp(`class="govuk-service-navigation__link" href="/councils/${CAMDEN}/notices"`), 'its notices in the navigation')

  // Who holds the council's children: the API's list, in its order, each with words for its rating.
  const page = await camden.request(`/councils/${CAMDEN}`)
  t.equal(page.status, 200)
  const fromApi = await api(`/v1/councils/${CAMDEN}/providers`, camdenToken)
  t.same(groupsIn(page.text, CAMDEN), fromApi.items.map((p: { providerId: string }) => p.providerId), 'the groups GET /v1/councils/{laCode}/providers gives, in its order')
  t.notOk(groupsIn(page.text, CAMDEN).includes(elsewhere.id), 'not a group holding none of its children')
  t.match(page.text, /Harbour &lt;em&gt;Homes&lt;\/em&gt; Group/, 'a provider\'s markup as text')
  t.notMatch(page.text, /<em>Homes<\/em>/)
  const rows = page.text.slice(page.text.indexOf('data-testid="council-providers"')).split('<tr class="govuk-table__row">').slice(2)
  for (const [i, p] of (fromApi.items as Array<{ rating: string; children: number; noticeInForce: boolean; designated: boolean }>).entries()) {
    t.match(rows[i], new RegExp(`<strong class="govuk-tag govuk-tag--\\w+">\\s*${p.rating[0].toUpperCase()}${p.rating.slice(1)}\\s*</strong>`), 'the rating as a tag with its word')
    t.match(rows[i], new RegExp(`govuk-table__cell--numeric">${p.children}<`), 'its children placed')
    t.equal(rows[i].includes('Notice in force'), p.noticeInForce)
  }
  t.same(figuresOn(page.text), [], 'no figure of a group\'s')

  // One group's stability: the rating and what it means, its open concerns in words, the notice.
  const standing = await camden.request(`/councils/${CAMDEN}/providers/${troubled.id}`)
  t.equal(standing.status, 200)
  const view = await api(`/v1/providers/${troubled.id}/stability`, camdenToken)
  t.ok(view.openFlags.includes('FIN-GOING-CONCERN'))
  t.match(standing.text, /<h1 class="govuk-heading-l" data-testid="group-name">Harbour &lt;em&gt;Homes&lt;\/em&gt; Group<\/h1>/)
  t.match(standing.text, /Rated red/)
  t.match(standing.text, /The regulator judges that the group may fail/)
  for (const ruleId of view.openFlags) t.match(standing.text, new RegExp(`data-testid="concerns"[\\s\\S]*${ruleId}`), `open concern ${ruleId}`)
  t.match(standing.text, /Its auditor doubts that it can carry on/)
  t.match(standing.text, /Its lenders have withdrawn the revolving facility/, 'the notice in force')
  t.match(standing.text, new RegExp(`Camden’s children placed\\s*</dt>\\s*<dd class="govuk-summary-list__value">\\s*${notice.addressees.find((a) => a.laCode === CAMDEN)!.children}`))
  t.same(figuresOn(standing.text), [], 'no figure of a group\'s')
  const calm = await camden.request(`/councils/${CAMDEN}/providers/${quiet.id}`)
  t.match(calm.text, /Rated green/)
  t.match(calm.text, /None open\./)
  t.equal((await camden.request(`/councils/${CAMDEN}/providers/00000000-0000-4000-8000-000000000000`)).status, 404, 'no such group')

  // Another council's pages are refused, as the API refuses them (403).
  t.equal((await app.inject({ url: `/v1/councils/${KENT}/providers`, headers: camdenToken })).statusCode, 403)
  for (const path of [`/councils/${KENT}`, `/councils/${KENT}/providers/${troubled.id}`, `/councils/${KENT}/notices`, `/councils/${KENT}/notifications`]) {
    const res = await camden.request(path)
    t.equal(res.status, 403, `${path} of another council`)
    t.match(res.text, /You do not have access to this page/)
  }

  // The notices: the council's own line, acknowledged with the button; a form without its token refused.
  const notices = await camden.request(`/councils/${CAMDEN}/notices`)
  t.equal(notices.status, 200)
  t.match(notices.text, new RegExp(`id="notice-${notice.id}"`))
  t.match(notices.text, /Harbour &lt;em&gt;Homes&lt;\/em&gt; Group: failure likely/)
  t.match(notices.text, /To acknowledge/)
  t.match(notices.text, new RegExp(`action="/councils/${CAMDEN}/notices/${notice.id}/acknowledgement"`))
  t.same(figuresOn(notices.text), [])
  const ackPath = `/councils/${CAMDEN}/notices/${notice.id}/acknowledgement`
  const forged = await camden.request(ackPath, { method: 'POST', form: {} })
  t.equal(forged.status, 403, 'without the CSRF token')
  t.match(forged.text, /The form could not be sent/)
  t.equal((await app.inject({ method: 'POST', url: `/v1/notices/${notice.id}/acknowledgements`, headers: await bearer({ role: 'council', laCode: KENT }) })).statusCode, 201, 'Kent acknowledges through the API')
  t.equal((await api(`/v1/notices/${notice.id}`, camdenToken)).addressees[0].acknowledgedAt, null, 'Camden has not')
  const acked = await camden.request(ackPath, { form: { _csrf: csrfTokenOf(notices.text) } })
  t.equal(acked.status, 303)
  t.equal(acked.location, `/councils/${CAMDEN}/notices#notice-${notice.id}`)
  const line = (await api(`/v1/notices/${notice.id}`, camdenToken)).addressees[0]
  t.match(line, { laCode: CAMDEN, acknowledgedBy: `council:${CAMDEN}` }, 'acknowledged as the person')
  const audited = (await api(`/v1/audit?objectType=notice&objectId=${notice.id}`, await bearer({ role: 'regulator' }))).items
  t.match(audited.find((e: { action: string; actorSub: string }) => e.action === 'notice.acknowledge' && e.actorSub === `council:${CAMDEN}`), { summary: { laCode: CAMDEN } }, 'in the audit log')
  const after = await camden.request(`/councils/${CAMDEN}/notices`)
  t.match(after.text, /You have acknowledged the notice about Harbour &lt;em&gt;Homes&lt;\/em&gt; Group\./)
  t.match(after.text, new RegExp(`Acknowledged by <span data-testid="acknowledged-by">council:${CAMDEN}</span> on <time datetime="${line.acknowledgedAt}">`))
  t.notMatch(after.text, /data-testid="acknowledge"/, 'no button once acknowledged')
  const twice = await camden.request(ackPath, { form: { _csrf: csrfTokenOf(notices.text) } })
  t.equal(twice.status, 409)
  t.match(twice.text, new RegExp(`<a href="#notice-${notice.id}">Your council has already acknowledged this notice</a>`))
  t.match((await camden.request('/')).text, /No notice is awaiting acknowledgement; 1 in force\./)

  // The regulator reads any council's pages, never acknowledges; a code naming no council is no page.
  const regulator = new Visitor(base)
  await regulator.signIn('regulator')
  const regPage = await regulator.request(`/councils/${CAMDEN}`)
  t.equal(regPage.status, 200)
  t.same(groupsIn(regPage.text, CAMDEN), fromApi.items.map((p: { providerId: string }) => p.providerId))
  t.match(regPage.text, /Providers holding Camden’s children/)
  t.equal((await regulator.request(`/councils/${CAMDEN}/providers/${troubled.id}`)).status, 200)
  const regNotices = await regulator.request(`/councils/${CAMDEN}/notices`)
  t.equal(regNotices.status, 200)
  t.match(regNotices.text, /Councils that have acknowledged\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*2 of 2/)
  t.notMatch(regNotices.text, /acknowledgement"/, 'no acknowledge form')
  t.equal((await regulator.request(`/councils/${KENT}/notices`)).status, 200)
  const refused = await regulator.request(`/councils/${KENT}/notices/${notice.id}/acknowledgement`, { form: { _csrf: csrfTokenOf((await regulator.request(`/councils/${CAMDEN}/notifications`)).text) } })
  t.equal(refused.status, 403, 'a regulator does not acknowledge')
  t.equal((await regulator.request('/councils/E09999999')).status, 404, 'no such council')
  t.equal((await regulator.request('/councils/not-a-code')).status, 404)

  // A provider: none of these pages (the API's 403).
  const provider = new Visitor(base)
  await provider.signIn(`provider:${troubled.id}`)
  for (const path of [`/councils/${CAMDEN}`, `/councils/${CAMDEN}/providers/${troubled.id}`, `/councils/${CAMDEN}/notices`, `/councils/${CAMDEN}/notifications`]) {
    t.equal((await provider.request(path)).status, 403, `${path} as a provider`)
  }
})

t.test('a council\'s notifications: webhooks with their delivery logs, email addresses with theirs', async (t) => {
  const hook = await receiver(t)
  const app = await build(t, { config: { webhookAllowHttpLoopback: true } })
  const base = await app.listen({ port: 0, host: '127.0.0.1' })
  const troubled = await groupPlacing(app, 'Harbour <em>Homes</em> Group', [CAMDEN, KENT], true)
  const notice = await issueNotice(app, troubled.id)
  const camdenToken = await bearer({ role: 'council', laCode: CAMDEN })
  const api = async (url: string, headers: Record<string, string> = camdenToken) => (await app.inject({ url, headers })).json()

  const camden = new Visitor(base)
  await camden.signIn(`council:${CAMDEN}`)
  const page = await camden.request(`/councils/${CAMDEN}/notifications`)
  t.equal(page.status, 200)
  t.match(page.text, /Camden has no webhook/)
  t.match(page.text, /Notices are not emailed to anyone/)
  t.match(page.text, /data-testid="email-off"/, 'the service sends no email here (Notify is not configured)')
  const csrf = { _csrf: csrfTokenOf(page.text) }
  const path = `/councils/${CAMDEN}/notifications`

  // A refused address: the error summary links the field, the value is kept, nothing registered.
  for (const [url, said] of [['', 'Enter the webhook’s address'], ['ftp://example.org/x', 'The address must be an https URL'], ['https://10.0.0.7/hook', 'The address must not point at a private network address']]) {
    const bad = await camden.request(`${path}/webhooks`, { form: { ...csrf, url } })
    t.equal(bad.status, 400, `refused: ${url || 'empty'}`)
    t.match(bad.text, new RegExp(`<a href="#url">${said}</a>`))
    t.match(bad.text, /<title>Error: /)
    if (url) t.match(bad.text, new RegExp(`id="url" name="url" type="url" spellcheck="false" value="${url.replace(/[./]/g, '\\$&')}"`), 'the value kept')
  }
  t.same((await api(`/v1/councils/${CAMDEN}/webhooks`)).items, [])
  t.equal((await camden.request(`${path}/webhooks`, { form: { url: hook.url } })).status, 403, 'without the CSRF token')
  t.same((await api(`/v1/councils/${CAMDEN}/webhooks`)).items, [])

  const made = await camden.request(`${path}/webhooks`, { form: { ...csrf, url: hook.url } })
  t.equal(made.status, 303)
  const shown = await camden.request(path)
  t.match(shown.text, `notices will be sent to ${hook.url.replace('&', '&amp;')}`, 'the address in full, once')
  const [registered] = (await api(`/v1/councils/${CAMDEN}/webhooks`)).items
  t.match(registered, { url: hook.url, active: true })
  t.match(shown.text, /data-testid="webhooks"[\s\S]*http:\/\/127\.0\.0\.1:\d+\/notices\?…/, 'listed without its query')
  const again = await camden.request(path)
  t.notMatch(again.text, /s3cret-of-camden/, 'and never again')
  const duplicate = await camden.request(`${path}/webhooks`, { form: { ...csrf, url: hook.url } })
  t.equal(duplicate.status, 400, 'the same address twice is a form error')
  t.match(duplicate.text, /<a href="#url">Your council already has an active webhook at this address<\/a>/)

  // Email addresses: a bad one refused (value kept), good ones saved, as the API then gives them.
  const badEmails = await camden.request(`${path}/contacts`, { form: { ...csrf, emails: 'commissioning@camden.gov.uk\nnot-an-address' } })
  t.equal(badEmails.status, 400)
  t.match(badEmails.text, /<a href="#emails">Enter email addresses in the correct format, like name@example.gov.uk: “not-an-address” is not one<\/a>/)
  t.match(badEmails.text, /<textarea class="govuk-textarea govuk-textarea--error" id="emails" name="emails" rows="4" spellcheck="false"[^>]*>commissioning@camden.gov.uk\nnot-an-address<\/textarea>/)
  t.same((await api(`/v1/councils/${CAMDEN}/contacts`)).emails, [])
  const saved = await camden.request(`${path}/contacts`, { form: { ...csrf, emails: 'Commissioning@Camden.gov.uk\nduty@camden.gov.uk' } })
  t.equal(saved.status, 303)
  t.same((await api(`/v1/councils/${CAMDEN}/contacts`)).emails, ['commissioning@camden.gov.uk', 'duty@camden.gov.uk'])
  t.match((await camden.request(path)).text, /data-testid="contacts">[\s\S]*commissioning@camden.gov.uk[\s\S]*duty@camden.gov.uk/)

  // The regulator withdraws the notice: the webhook and the addresses are told; the logs say so.
  const withdrawn = await app.inject({ method: 'POST', url: `/v1/notices/${notice.id}/withdrawal`, headers: await bearer({ role: 'regulator' }), payload: { reason: 'Refinanced' } })
  t.equal(withdrawn.statusCode, 200)
  t.ok(await app.deliverDue() >= 1)
  t.same(hook.got, ['notice.withdrawn'])
  const logs = await camden.request(path)
  t.match(logs.text, /data-testid="email-deliveries"[\s\S]*Notice withdrawn[\s\S]*commissioning@camden.gov.uk/)
  const apiLog = await api(`/v1/councils/${CAMDEN}/webhooks/${registered.id}/deliveries`)
  t.match(apiLog.items, [{ eventType: 'notice.withdrawn', status: 'delivered' }])
  const log = await camden.request(`${path}/webhooks/${registered.id}`)
  t.equal(log.status, 200)
  t.match(log.text, /data-testid="deliveries"[\s\S]*Notice withdrawn[\s\S]*Delivered[\s\S]*Answered 204/)
  t.match(log.text, new RegExp(apiLog.items[0].eventId))
  t.same(figuresOn(logs.text), [])

  // Deactivating: the API agrees; the regulator reads the pages and names addresses but never registers a webhook.
  const deactivated = await camden.request(`${path}/webhooks/${registered.id}/deactivation`, { form: csrf })
  t.equal(deactivated.status, 303)
  t.equal((await api(`/v1/councils/${CAMDEN}/webhooks`)).items[0].active, false)
  t.match((await camden.request(path)).text, /The webhook is deactivated/)

  const regulator = new Visitor(base)
  await regulator.signIn('regulator')
  const regPage = await regulator.request(path)
  t.equal(regPage.status, 200)
  t.notMatch(regPage.text, /data-testid="register-webhook"/, 'no webhook form for the regulator')
  t.equal((await regulator.request(`${path}/webhooks/${registered.id}`)).status, 200, 'it reads the delivery log')
  const regCsrf = { _csrf: csrfTokenOf(regPage.text) }
  t.equal((await regulator.request(`${path}/webhooks`, { form: { ...regCsrf, url: 'https://example.org/x' } })).status, 403)
  t.equal((await regulator.request(`${path}/contacts`, { form: { ...regCsrf, emails: 'duty@camden.gov.uk' } })).status, 303, 'the regulator may name the addresses')
  t.same((await api(`/v1/councils/${CAMDEN}/contacts`)).emails, ['duty@camden.gov.uk'])

  // Another council's, as the API: 403; a webhook id of none: 404.
  t.equal((await camden.request(`/councils/${KENT}/notifications/webhooks`, { form: { ...csrf, url: 'https://example.org/x' } })).status, 403)
  t.equal((await camden.request(`/councils/${KENT}/notifications/contacts`, { form: { ...csrf, emails: 'a@b.gov.uk' } })).status, 403)
  t.equal((await camden.request(`${path}/webhooks/00000000-0000-4000-8000-000000000000`)).status, 404)
  const provider = new Visitor(base)
  await provider.signIn(`provider:${troubled.id}`)
  t.equal((await provider.request(path)).status, 403)
})
