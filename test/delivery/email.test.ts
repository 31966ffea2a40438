// Notices by email: a council names its addresses; a notice issued through the API is emailed to
// each from the outbox, by the real GOV.UK Notify client pointed at a local receiver that answers
// as Notify does; what the client sends (its signed token, the template, the address, the
// personalisation, the reference) is checked as Notify would read it. Without Notify configured
// nothing is sent and the delivery log says why; Notify's failures are retried, its refusals not.
import t from 'tap'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { randomUUID } from 'node:crypto'
import { jwtVerify } from 'jose'
import { build, bearer, seedProvider } from '../helper.js'
import { smallReturn } from '../fixtures/returns.js'
import { clock, HOUR, KENT, type Tap } from './support.js'
import { NOT_CONFIGURED } from '../../src/delivery/email-worker.js'
import type { App } from '../../src/app.js'
import type { Config } from '../../src/config.js'

const CAMDEN = 'E09000007'
const SERVICE_ID = randomUUID()
const SECRET = randomUUID()
const TEMPLATE_ID = randomUUID()
const API_KEY = `provider_oversight_test-${SERVICE_ID}-${SECRET}`

interface NotifyRequest { method?: string; url?: string; headers: IncomingHttpHeaders; body: Record<string, unknown> }

/** Notify's API on 127.0.0.1: each request answered with the next status given (the last repeats), bodies as Notify's. */
async function fakeNotify(t: Tap, statuses: number[] = [201]) {
  const got: NotifyRequest[] = []
  const server = createServer((req, res) => {
    let text = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => { text += chunk })
    req.on('end', () => {
      const body = JSON.parse(text || '{}') as Record<string, unknown>
      got.push({ method: req.method, url: req.url, headers: req.headers, body })
      const status = statuses[Math.min(got.length - 1, statuses.length - 1)]
      res.statusCode = status
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify(status === 201
        ? { id: randomUUID(), reference: body.reference, content: { subject: 's', body: 'b', from_email: 'notices@notifications.service.gov.uk' }, uri: 'x', template: { id: body.template_id, version: 1, uri: 'y' } }
        : { status_code: status, errors: [{ error: status === 400 ? 'BadRequestError' : 'Exception', message: status === 400 ? 'email_address Not a valid email address' : 'Internal server error' }] }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()) }))
  return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, got }
}

const notifyAt = (baseUrl: string): Partial<Config> => ({ notify: { apiKey: API_KEY, templateId: TEMPLATE_ID, baseUrl } })

/** A group holding children of Kent (12) and Camden, and the app on a database with the email tables. */
async function world(t: Tap, config: Partial<Config>, now: () => Date) {
  const app = await build(t, { now, config })
  const p = await seedProvider(app, { name: 'Oakfield Care Group' })
  const body = smallReturn({ periodStart: '2024-04-01', periodEnd: '2025-03-31', laCodes: [KENT, CAMDEN] })
  const filed = await app.inject({ method: 'POST', url: `/v1/providers/${p.id}/returns`, headers: await bearer({ role: 'provider', providerId: p.id }), payload: body })
  if (filed.statusCode !== 201) throw new Error(`filing: ${filed.statusCode} ${filed.body}`)
  return { app, providerId: p.id }
}

const setContacts = async (app: App, laCode: string, emails: string[], as: Parameters<typeof bearer>[0] = { role: 'council', laCode }) =>
  app.inject({ method: 'PUT', url: `/v1/councils/${laCode}/contacts`, headers: await bearer(as), payload: { emails } })

const issue = async (app: App, providerId: string) => {
  const res = await app.inject({ method: 'POST', url: `/v1/providers/${providerId}/notices`, headers: await bearer({ role: 'regulator' }), payload: { kind: 'failure_likely', summary: 'Lenders have withdrawn the revolving facility.' } })
  if (res.statusCode !== 201) throw new Error(`notice: ${res.statusCode} ${res.body}`)
  return res.json() as { id: string }
}

const emailLog = async (app: App, laCode: string) => {
  const res = await app.inject({ url: `/v1/councils/${laCode}/contacts/deliveries`, headers: await bearer({ role: 'council', laCode }) })
  if (res.statusCode !== 200) throw new Error(`log: ${res.statusCode} ${res.body}`)
  return res.json().items as { eventType: string; email: string; status: string; notifyId: string | null; nextAttemptAt: string | null; attemptLog: { statusCode: number | null; error: string | null }[] }[]
}

t.test('a notice is emailed to each of the council\'s addresses through the Notify client, as Notify reads it', async (t) => {
  const notify = await fakeNotify(t)
  const c = clock()
  const { app, providerId } = await world(t, notifyAt(notify.baseUrl), c.now)
  const set = await setContacts(app, KENT, ['Commissioning@Kent.gov.uk', 'duty.team@kent.gov.uk'])
  t.equal(set.statusCode, 200, set.body)
  t.same(set.json(), { laCode: KENT, emails: ['commissioning@kent.gov.uk', 'duty.team@kent.gov.uk'], emailEnabled: true })
  t.same((await app.inject({ url: `/v1/councils/${KENT}/contacts`, headers: await bearer({ role: 'regulator' }) })).json().emails, ['commissioning@kent.gov.uk', 'duty.team@kent.gov.uk'])

  const notice = await issue(app, providerId)
  t.equal(notify.got.length, 0, 'nothing is sent inside the notice\'s transaction')
  t.equal(await app.deliverDue(), 2, 'two emails (Camden named no address, and has no webhook)')
  t.equal(notify.got.length, 2)

  const first = notify.got.find((r) => r.body.email_address === 'commissioning@kent.gov.uk')!
  t.equal(first.method, 'POST')
  t.equal(first.url, '/v2/notifications/email')
  const token = String(first.headers.authorization).replace(/^Bearer /, '')
  const { payload, protectedHeader } = await jwtVerify(token, new TextEncoder().encode(SECRET), { algorithms: ['HS256'] })
  t.equal(protectedHeader.alg, 'HS256')
  t.equal(payload.iss, SERVICE_ID, 'the token is the service\'s, signed with the key\'s secret')
  t.equal(first.body.template_id, TEMPLATE_ID)
  t.match(first.body.personalisation, {
    subject: 'Notice: Oakfield Care Group is likely to fail', council: 'Kent', provider: 'Oakfield Care Group',
    summary: 'Lenders have withdrawn the revolving facility.', children: /^\d+$/, notice_id: notice.id, notice_url: `/councils/${KENT}/notices`,
  })
  t.match(String(first.headers['user-agent']), /^NOTIFY-API-NODE-CLIENT\//, 'sent by the real client')

  const log = await emailLog(app, KENT)
  t.equal(log.length, 2)
  for (const d of log) {
    t.match(d, { eventType: 'notice.issued', status: 'delivered', nextAttemptAt: null, attemptLog: [{ statusCode: 201, error: null }] })
    t.ok(d.notifyId, 'Notify\'s id of the email is kept')
  }
  t.same(notify.got.map((r) => r.body.reference).sort(), (await emailLog(app, KENT)).map((d) => (d as unknown as { id: string }).id).sort(), 'each email references its delivery')
  t.equal(await app.deliverDue(), 0, 'delivered once')
  t.same(await emailLog(app, CAMDEN), [], 'a council with no addresses has nothing in its log')

  // withdrawing the notice is emailed too
  const withdrawn = await app.inject({ method: 'POST', url: `/v1/notices/${notice.id}/withdrawal`, headers: await bearer({ role: 'regulator' }), payload: { reason: 'The group has been refinanced.' } })
  t.equal(withdrawn.statusCode, 200)
  t.equal(await app.deliverDue(), 2)
  t.match(notify.got.at(-1)!.body.personalisation, { subject: 'Notice withdrawn: Oakfield Care Group', withdrawal_reason: 'The group has been refinanced.' })
})

t.test('without NOTIFY_API_KEY and a template nothing is sent, and the delivery log says why', async (t) => {
  const notify = await fakeNotify(t)
  const c = clock()
  const { app, providerId } = await world(t, { notify: { baseUrl: notify.baseUrl } }, c.now)
  t.same((await setContacts(app, KENT, ['commissioning@kent.gov.uk'])).json().emailEnabled, false)
  await issue(app, providerId)
  t.equal(await app.deliverDue(), 1)
  t.equal(notify.got.length, 0, 'nothing reached Notify')
  t.match(await emailLog(app, KENT), [{ status: 'failed', attemptLog: [{ statusCode: null, error: NOT_CONFIGURED }] }])
  c.advance(HOUR)
  t.equal(await app.deliverDue(), 0, 'and it is not tried again')
})

t.test('Notify\'s failures are retried with backoff; its refusals are not', async (t) => {
  const notify = await fakeNotify(t, [500, 201])
  const c = clock()
  const { app, providerId } = await world(t, notifyAt(notify.baseUrl), c.now)
  await setContacts(app, KENT, ['commissioning@kent.gov.uk'], { role: 'regulator' })
  await issue(app, providerId)
  t.equal(await app.deliverDue(), 1)
  const [pending] = await emailLog(app, KENT)
  t.match(pending, { status: 'pending', attemptLog: [{ statusCode: 500, error: 'Exception: Internal server error' }] })
  t.ok(pending.nextAttemptAt && new Date(pending.nextAttemptAt) > c.now(), 'tried again later')
  t.equal(await app.deliverDue(), 0, 'not before it is due')
  c.advance(HOUR)
  t.equal(await app.deliverDue(), 1)
  t.match(await emailLog(app, KENT), [{ status: 'delivered', attemptLog: [{ statusCode: 500 }, { statusCode: 201 }] }])

  const refusing = await fakeNotify(t, [400])
  const c2 = clock()
  const second = await world(t, notifyAt(refusing.baseUrl), c2.now)
  await setContacts(second.app, KENT, ['commissioning@kent.gov.uk'])
  await issue(second.app, second.providerId)
  await second.app.deliverDue()
  t.match(await emailLog(second.app, KENT), [{ status: 'failed', attemptLog: [{ statusCode: 400, error: 'BadRequestError: email_address Not a valid email address' }] }])
  c2.advance(HOUR)
  t.equal(await second.app.deliverDue(), 0, 'a refusal is not tried again')
  t.equal(refusing.got.length, 1)
})

t.test('contacts: the council itself or a regulator; every address checked; audited', async (t) => {
  const app = await build(t)
  const first = await setContacts(app, KENT, ['a@kent.gov.uk'])
  t.equal(first.statusCode, 200, 'the council sets its own')
  t.equal((await setContacts(app, KENT, ['a@kent.gov.uk'], { role: 'council', laCode: CAMDEN })).statusCode, 403, 'another council')
  t.equal((await setContacts(app, KENT, ['a@kent.gov.uk'], { role: 'provider', providerId: randomUUID() })).statusCode, 403, 'a provider')
  const bad = await setContacts(app, KENT, ['not an address', 'b@kent.gov.uk'])
  t.equal(bad.statusCode, 422)
  t.match(bad.json().errors, [{ pointer: '/emails/0' }])
  t.equal((await setContacts(app, 'E09999999', ['a@x.gov.uk'], { role: 'regulator' })).statusCode, 404, 'no such council')
  t.equal((await setContacts(app, KENT, ['a@kent.gov.uk', 'b@kent.gov.uk'])).statusCode, 200)
  t.same((await setContacts(app, KENT, ['b@kent.gov.uk'])).json().emails, ['b@kent.gov.uk'], 'the list is replaced')
  t.same((await setContacts(app, KENT, [])).json().emails, [], 'and may be emptied')
  const audit = (await app.inject({ url: `/v1/audit?objectType=council&objectId=${KENT}`, headers: await bearer({ role: 'regulator' }) })).json()
  t.same(audit.items.map((e: { action: string }) => e.action), ['council.contacts.set', 'council.contacts.set', 'council.contacts.set', 'council.contacts.set'], 'each change audited')
})
