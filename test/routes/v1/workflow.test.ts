// The regulator's and councils' daily work: triage, designation, requirements, notices, impact.
import t from 'tap'
import { build, bearer, seedProvider } from '../../helper.js'
import { smallReturn } from '../../fixtures/returns.js'

const TODAY = new Date('2026-11-23T10:00:00Z')

async function troubledGroup(app: Awaited<ReturnType<typeof build>>, laCodes = ['E09000007', 'E09000001', 'E08000025']) {
  const p = await seedProvider(app)
  const body = smallReturn()
  body.accounts.goingConcernMaterialUncertainty = true
  body.placements = laCodes.map((laCode, i) => ({ laCode, children: 10 + i }))
  body.settings = body.settings.map((s) => ({ ...s, laCode: laCodes[0] }))
  const res = await app.inject({ method: 'POST', url: `/v1/providers/${p.id}/returns`, headers: await bearer({ role: 'provider', providerId: p.id }), payload: body })
  if (res.statusCode !== 201) throw new Error(res.body)
  return { provider: p, returnId: res.json().id as string, body }
}

t.test('register transitions: the state machine, If-Match (428, 412), rationale, notes, audit', async (t) => {
  const app = await build(t, { now: () => TODAY })
  const { provider } = await troubledGroup(app)
  const reg = await bearer({ role: 'regulator' })
  const [entry] = (await app.inject({ url: `/v1/flags?providerId=${provider.id}&ruleId=FIN-GOING-CONCERN`, headers: reg })).json().items
  const read = async () => app.inject({ url: `/v1/flags/${entry.id}`, headers: reg })
  const move = (to: string, etag: string | undefined, rationale?: string) => app.inject({
    method: 'POST', url: `/v1/flags/${entry.id}/transitions`, headers: { ...reg, ...(etag ? { 'if-match': etag } : {}) }, payload: { to, ...(rationale ? { rationale } : {}) },
  })
  const first = await read()
  const etag = first.headers.etag as string
  t.equal((await move('under_review', undefined)).statusCode, 428, 'If-Match missing')
  t.equal((await move('resolved', etag, 'fine')).statusCode, 409, 'open cannot jump to resolved')
  const reviewed = await move('under_review', etag)
  t.equal(reviewed.statusCode, 200)
  t.equal(reviewed.json().status, 'under_review')
  t.equal((await move('escalated', etag)).statusCode, 412, 'stale ETag')
  const etag2 = reviewed.headers.etag as string
  const noRationale = await move('dismissed', etag2)
  t.equal(noRationale.statusCode, 422)
  t.equal(noRationale.json().errors[0].pointer, '/rationale')
  const escalated = await move('escalated', etag2)
  t.equal(escalated.statusCode, 200)
  const note = await app.inject({ method: 'POST', url: `/v1/flags/${entry.id}/notes`, headers: reg, payload: { text: 'Called the CFO: lenders meet on Friday.' } })
  t.equal(note.statusCode, 201)
  t.equal((await app.inject({ url: `/v1/providers/${provider.id}/stability`, headers: reg })).json().rating, 'red', 'escalated is still open')
  const resolved = await move('resolved', escalated.headers.etag as string, 'Facilities refinanced to 2030; auditor withdrew the emphasis of matter')
  t.equal(resolved.statusCode, 200)
  const detail = resolved.json()
  t.same(detail.history.map((h: { kind: string; toStatus: string | null }) => `${h.kind}:${h.toStatus}`),
    ['raised:open', 'transition:under_review', 'transition:escalated', 'note:null', 'transition:resolved'])
  t.equal((await move('under_review', resolved.headers.etag as string)).statusCode, 409, 'resolved is final')
  const audit = (await app.inject({ url: `/v1/audit?objectType=flag&objectId=${entry.id}`, headers: reg })).json().items.map((e: { action: string }) => e.action)
  t.same(audit, ['flag.transition', 'flag.note', 'flag.transition', 'flag.transition'])
  const council = await bearer({ role: 'council', laCode: 'E09000007' })
  t.equal((await app.inject({ method: 'POST', url: `/v1/flags/${entry.id}/notes`, headers: council, payload: { text: 'x' } })).statusCode, 403)
  t.equal((await app.inject({ method: 'POST', url: `/v1/flags/${entry.id}/transitions`, headers: { ...council, 'if-match': '*' }, payload: { to: 'under_review' } })).statusCode, 403)
})

t.test('the register as CSV: the same list, streamed', async (t) => {
  const app = await build(t, { now: () => TODAY })
  await troubledGroup(app)
  await troubledGroup(app)
  const reg = await bearer({ role: 'regulator' })
  const json = (await app.inject({ url: '/v1/flags', headers: reg })).json().items
  const csv = await app.inject({ url: '/v1/flags', headers: { ...reg, accept: 'text/csv' } })
  t.equal(csv.statusCode, 200)
  t.match(csv.headers['content-type'], /^text\/csv/)
  const lines = csv.body.trim().split('\n')
  t.match(lines[0], /^id,providerId,providerName/)
  t.equal(lines.length, json.length + 1)
  t.ok(lines[1].startsWith(json[0].id), 'same order')
  const filtered = await app.inject({ url: '/v1/flags?severity=red', headers: { ...reg, accept: 'text/csv' } })
  t.equal(filtered.body.trim().split('\n').length - 1, json.filter((f: { severity: string }) => f.severity === 'red').length)
})

t.test('designation candidates, designation with a named individual, overdue filing and requirements', async (t) => {
  let now = TODAY
  const app = await build(t, { now: () => now })
  const reg = await bearer({ role: 'regulator' })
  const p = await seedProvider(app)
  const body = smallReturn()
  body.placements = [{ laCode: 'E06000053', children: 1 }, { laCode: 'E06000001', children: 60 }] // 60 of Hartlepool's 334: 18%
  await app.inject({ method: 'POST', url: `/v1/providers/${p.id}/returns`, headers: await bearer({ role: 'provider', providerId: p.id }), payload: body })
  const candidates = (await app.inject({ url: '/v1/designation-candidates', headers: reg })).json().items
  t.same(candidates.map((c: { providerId: string }) => c.providerId), [p.id])
  t.match(candidates[0].why, /Hartlepool|E06000001|%/)
  const designated = await app.inject({ method: 'PUT', url: `/v1/providers/${p.id}/designation`, headers: reg, payload: { designated: true, reason: 'Holds 18% of Hartlepool\'s children', responsibleIndividual: 'Jane Doe, CEO' } })
  t.equal(designated.statusCode, 200)
  t.equal((await app.inject({ url: '/v1/designation-candidates', headers: reg })).json().items.length, 0, 'off the candidates list')
  t.equal((await app.inject({ url: `/v1/providers/${p.id}/stability`, headers: await bearer({ role: 'council', laCode: 'E06000001' }) })).json().designated, true, 'designation is in the stability view')

  const required = await app.inject({ method: 'POST', url: `/v1/providers/${p.id}/requirements`, headers: reg, payload: { kind: 'risk_mitigation_plan', detail: 'Continuity plan for Hartlepool placements', dueDate: '2026-12-15' } })
  t.equal(required.statusCode, 201)
  t.equal((await app.inject({ url: '/v1/register/overdue', headers: reg })).json().requirements.length, 0)
  now = new Date('2027-01-10T10:00:00Z')
  t.same((await app.inject({ url: '/v1/register/overdue', headers: reg })).json().requirements.map((r: { id: string }) => r.id), [required.json().id], 'overdue once past due')
  now = new Date('2027-01-01T00:00:00Z') // FY to 31 March 2026 was filed: next due 31 Dec 2027
  t.same((await app.inject({ url: '/v1/register/overdue', headers: reg })).json().filings, [])
  now = new Date('2028-01-02T10:00:00Z')
  t.match((await app.inject({ url: '/v1/register/overdue', headers: reg })).json().filings, [{ providerId: p.id, dueBy: '2027-12-31' }])

  const own = await bearer({ role: 'provider', providerId: p.id })
  const mine = (await app.inject({ url: `/v1/providers/${p.id}/requirements`, headers: own })).json().items
  t.equal(mine.length, 1)
  t.equal(mine[0].overdue, true)
  const other = await seedProvider(app)
  const asOther = await bearer({ role: 'provider', providerId: other.id })
  t.equal((await app.inject({ url: `/v1/providers/${p.id}/requirements`, headers: asOther })).statusCode, 404)
  t.equal((await app.inject({ method: 'POST', url: `/v1/requirements/${mine[0].id}/responses`, headers: asOther, payload: { documentReference: 'x', text: 'y' } })).statusCode, 404)
  t.equal((await app.inject({ method: 'POST', url: `/v1/requirements/${mine[0].id}/responses`, headers: reg, payload: { documentReference: 'x', text: 'y' } })).statusCode, 403)
  const answered = await app.inject({ method: 'POST', url: `/v1/requirements/${mine[0].id}/responses`, headers: own, payload: { documentReference: 'SFT-2027-0042', text: 'Plan attached: step-in agreements with two operators.' } })
  t.equal(answered.statusCode, 201)
  t.match(answered.json(), { status: 'answered', overdue: false, responses: [{ documentReference: 'SFT-2027-0042' }] })
  t.equal((await app.inject({ method: 'POST', url: `/v1/requirements/${mine[0].id}/responses`, headers: own, payload: { documentReference: 'x', text: 'again' } })).statusCode, 409)
  t.equal((await app.inject({ method: 'POST', url: `/v1/providers/${p.id}/requirements`, headers: own, payload: { kind: 'information', detail: 'x', dueDate: '2027-01-01' } })).statusCode, 403)
})

t.test('notices: fan-out to exactly the latest placements, acknowledgements, withdrawal, rating', async (t) => {
  const app = await build(t, { now: () => TODAY })
  const reg = await bearer({ role: 'regulator' })
  const { provider, returnId, body } = await troubledGroup(app, ['E09000007', 'E09000001', 'E08000025'])
  const issued = await app.inject({ method: 'POST', url: `/v1/providers/${provider.id}/notices`, headers: reg, payload: { kind: 'failure_likely', summary: 'Lenders have withdrawn support.' } })
  t.equal(issued.statusCode, 201)
  const notice = issued.json()
  t.same(notice.addressees.map((a: { laCode: string; children: number }) => [a.laCode, a.children]).sort(), [['E08000025', 12], ['E09000001', 11], ['E09000007', 10]])
  t.same(notice.unacknowledged.sort(), ['E08000025', 'E09000001', 'E09000007'])

  const camden = await bearer({ role: 'council', laCode: 'E09000007' })
  const list = (await app.inject({ url: '/v1/councils/E09000007/notices', headers: camden })).json().items
  t.equal(list.length, 1)
  t.same(list[0].addressees.map((a: { laCode: string }) => a.laCode), ['E09000007'], 'a council sees its own line only')
  t.notOk('unacknowledged' in list[0])
  t.equal((await app.inject({ url: '/v1/councils/E09000001/notices', headers: camden })).statusCode, 403)
  t.equal((await app.inject({ url: `/v1/providers/${provider.id}/stability`, headers: camden })).json().noticeInForce, true)

  const ack = await app.inject({ method: 'POST', url: `/v1/notices/${notice.id}/acknowledgements`, headers: camden })
  t.equal(ack.statusCode, 201)
  t.equal((await app.inject({ method: 'POST', url: `/v1/notices/${notice.id}/acknowledgements`, headers: camden })).statusCode, 409, 'once')
  const stranger = await bearer({ role: 'council', laCode: 'E10000016' })
  t.equal((await app.inject({ method: 'POST', url: `/v1/notices/${notice.id}/acknowledgements`, headers: stranger })).statusCode, 404, 'a council not addressed')
  t.equal((await app.inject({ url: `/v1/notices/${notice.id}`, headers: stranger })).statusCode, 404)
  t.equal((await app.inject({ method: 'POST', url: `/v1/notices/${notice.id}/acknowledgements`, headers: reg })).statusCode, 403)
  const seen = (await app.inject({ url: `/v1/notices/${notice.id}`, headers: reg })).json()
  t.same(seen.unacknowledged.sort(), ['E08000025', 'E09000001'], 'regulators see who has not acknowledged')

  // An amendment that drops a council changes the next notice, not the one sent.
  const amended = structuredClone(body)
  amended.placements = amended.placements.filter((p) => p.laCode !== 'E08000025')
  const v2 = await app.inject({ method: 'POST', url: `/v1/returns/${returnId}/amendments`, headers: await bearer({ role: 'provider', providerId: provider.id }), payload: amended })
  t.equal(v2.statusCode, 201)
  const second = (await app.inject({ method: 'POST', url: `/v1/providers/${provider.id}/notices`, headers: reg, payload: { kind: 'failure_likely', summary: 'Update.' } })).json()
  t.same(second.addressees.map((a: { laCode: string }) => a.laCode).sort(), ['E09000001', 'E09000007'])
  t.equal((await app.inject({ url: `/v1/notices/${notice.id}`, headers: reg })).json().addressees.length, 3, 'the sent notice is unchanged')

  const w1 = await app.inject({ method: 'POST', url: `/v1/notices/${notice.id}/withdrawal`, headers: reg, payload: { reason: 'Refinanced' } })
  t.equal(w1.statusCode, 200)
  t.equal(w1.json().inForce, false)
  t.equal((await app.inject({ method: 'POST', url: `/v1/notices/${notice.id}/withdrawal`, headers: reg, payload: { reason: 'again' } })).statusCode, 409)
  t.equal((await app.inject({ url: `/v1/providers/${provider.id}/stability`, headers: camden })).json().noticeInForce, true, 'the second notice is still in force')
  await app.inject({ method: 'POST', url: `/v1/notices/${second.id}/withdrawal`, headers: reg, payload: { reason: 'Refinanced' } })
  t.equal((await app.inject({ url: `/v1/providers/${provider.id}/stability`, headers: camden })).json().noticeInForce, false)
  t.equal((await app.inject({ method: 'POST', url: `/v1/providers/${provider.id}/notices`, headers: camden, payload: { kind: 'failure_likely', summary: 'x' } })).statusCode, 403)
})

t.test('a notice in force makes the rating red, whatever the flags', async (t) => {
  const app = await build(t, { now: () => new Date('2026-02-20T10:00:00Z') }) // filed on time
  const reg = await bearer({ role: 'regulator' })
  const p = await seedProvider(app)
  const healthy = smallReturn({ periodStart: '2025-01-01', periodEnd: '2025-12-31' })
  await app.inject({ method: 'POST', url: `/v1/providers/${p.id}/returns`, headers: await bearer({ role: 'provider', providerId: p.id }), payload: healthy })
  const before = (await app.inject({ url: `/v1/providers/${p.id}/stability`, headers: reg })).json().rating
  t.not(before, 'red')
  const n = (await app.inject({ method: 'POST', url: `/v1/providers/${p.id}/notices`, headers: reg, payload: { kind: 'failure_likely', summary: 'Fraud investigation.' } })).json()
  t.equal((await app.inject({ url: `/v1/providers/${p.id}/stability`, headers: reg })).json().rating, 'red')
  await app.inject({ method: 'POST', url: `/v1/notices/${n.id}/withdrawal`, headers: reg, payload: { reason: 'Cleared' } })
  t.equal((await app.inject({ url: `/v1/providers/${p.id}/stability`, headers: reg })).json().rating, before)
})

t.test('failure impact: per council, high dependence first; a council sees its own line', async (t) => {
  const app = await build(t, { now: () => TODAY })
  const reg = await bearer({ role: 'regulator' })
  const { provider } = await troubledGroup(app, ['E09000007', 'E09000001', 'E08000025'])
  const impact = await app.inject({ url: `/v1/providers/${provider.id}/impact`, headers: reg })
  t.equal(impact.statusCode, 200)
  const i = impact.json()
  t.equal(i.councils[0].laCode, 'E09000001', 'the City of London (11 of 7 children looked after) first')
  t.ok(i.councils[0].shareOfChildrenLookedAfter > 0.10)
  t.equal(i.totals.children, 33)
  t.ok(i.regions.some((r: { region: string }) => r.region === 'London'))
  const camden = await bearer({ role: 'council', laCode: 'E09000007' })
  const line = await app.inject({ url: `/v1/councils/E09000007/impact/${provider.id}`, headers: camden })
  t.equal(line.statusCode, 200)
  t.equal(line.json().line.laCode, 'E09000007')
  t.equal((await app.inject({ url: `/v1/councils/E09000001/impact/${provider.id}`, headers: camden })).statusCode, 403)
  t.equal((await app.inject({ url: `/v1/providers/${provider.id}/impact`, headers: camden })).statusCode, 403)
  t.equal((await app.inject({ url: `/v1/providers/${provider.id}/impact`, headers: await bearer({ role: 'provider', providerId: provider.id }) })).statusCode, 403)
})

t.test('a notice reaches each addressed council\'s webhook, signed, with only its own line', async (t) => {
  const { createServer } = await import('node:http')
  const { createLocalJWKSet, jwtVerify } = await import('jose')
  const received: { laCode: string; body: string; eventId: string }[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => { body += c })
    req.on('end', () => { received.push({ laCode: req.url!.slice(1), body, eventId: String(req.headers['x-event-id']) }); res.writeHead(204).end() })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())))
  const port = (server.address() as { port: number }).port

  const app = await build(t, { now: () => TODAY, config: { webhookAllowHttpLoopback: true } })
  const { provider } = await troubledGroup(app, ['E09000007', 'E09000001'])
  for (const laCode of ['E09000007', 'E09000001', 'E08000025']) {
    const res = await app.inject({ method: 'POST', url: `/v1/councils/${laCode}/webhooks`, headers: await bearer({ role: 'council', laCode }), payload: { url: `http://127.0.0.1:${port}/${laCode}` } })
    t.equal(res.statusCode, 201)
  }
  const reg = await bearer({ role: 'regulator' })
  const notice = (await app.inject({ method: 'POST', url: `/v1/providers/${provider.id}/notices`, headers: reg, payload: { kind: 'failure_likely', summary: 'Lenders have withdrawn support.' } })).json()
  await app.deliverDue()
  t.same(received.map((r) => r.laCode).sort(), ['E09000001', 'E09000007'], 'exactly the addressed councils; E08000025 holds none of its children')
  const keys = createLocalJWKSet((await app.inject({ url: '/.well-known/jwks.json' })).json())
  for (const r of received) {
    const { payload } = await jwtVerify(r.body, keys, { algorithms: ['ES256'], audience: r.laCode })
    const data = (payload as { data: { noticeId: string; children: number } }).data
    t.equal(data.noticeId, notice.id)
    t.equal(data.children, notice.addressees.find((a: { laCode: string }) => a.laCode === r.laCode).children, `${r.laCode}: its own children count`)
    t.equal(r.eventId, payload.jti)
  }
})
