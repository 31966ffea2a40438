import t from 'tap'
import { Readable } from 'node:stream'
import { request } from 'undici'
import { bearer, build, isProblem, seedProvider } from '../../helper.js'
import { ofstedRegisterCsv, ofstedRow, urnOf } from '../../fixtures/ofsted.js'
import { rowsOf, sql } from '../../../src/db/client.js'
import type { App } from '../../../src/app.js'

const TODAY = new Date('2027-02-01T09:00:00Z')
const URL_ = '/v1/reference/ofsted-settings'
const JUDGEMENT = 'Overall experiences and progress of children and young people'

const put = async (app: App, payload: string | Buffer | Readable, headers: Record<string, string> = {}) =>
  app.inject({ method: 'PUT', url: URL_, headers: { ...await bearer({ role: 'regulator' }), 'content-type': 'text/csv', ...headers }, payload })
const get = async (app: App, query = '') => app.inject({ url: `${URL_}${query}`, headers: await bearer({ role: 'regulator' }) })

/** What the database holds of the register: loads and settings rows, and the audit entries of loads. */
async function held(app: App) {
  const [row] = rowsOf<{ loads: number; settings: number; audits: number }>(await app.db.execute(sql`select
    (select count(*)::int from ofsted_loads) as loads, (select count(*)::int from ofsted_settings) as settings,
    (select count(*)::int from audit_log where object_type = 'ofsted_register') as audits`))
  return row
}

// A file as a regulator would download it: a BOM, CRLF, headers in another case and spacing,
// columns the service ignores, quoted fields with commas, quotes and a line break, settings not yet
// inspected, an agency without places, and blank lines at the end.
const REAL = '\ufeffWeb link,urn,Provision Type,Registration date,REGISTRATION  STATUS,Setting name,Places,Local authority,'
  + 'Sector,overall experiences and progress of children and young people,How well children and young people are helped and protected,Inspection date\r\n'
  + 'https://reports.ofsted.gov.uk/provider/2/SC123456,SC123456,Children\'s home,01/06/2015,Active,REDACTED,4,Leeds,Private,Good,Good,01/08/2025\r\n'
  + 'x,2500123,Independent fostering agency,02/03/2019,Active,"Acme Fostering, North ""Central""",,Durham,Private,Inadequate,Inadequate,1/2/2024\r\n'
  + 'x,SC654321,Residential family centre,02/03/2019,Resigned,"Brook House\nAnnexe",6,"Bristol, City of",Voluntary,Requires improvement to be good,,15/11/2023\r\n'
  + 'x,SC777777,Children\'s home,02/03/2019,Active,REDACTED,3,Kent,Local authority,Not yet inspected,,\r\n'
  + 'x,SC888888,Children\'s home,02/03/2019,Active,REDACTED,2,Kent,Private,,,\r\n'
  + '\r\n\r\n'

t.test('a regulator loads a register as Ofsted publishes it; each setting reads back by URN', async (t) => {
  const app = await build(t, { now: () => TODAY })
  const none = await get(app)
  t.equal(none.statusCode, 404, 'nothing loaded yet')
  t.ok(isProblem(none))

  const res = await put(app, REAL)
  t.equal(res.statusCode, 200, res.body)
  t.same(res.json(), {
    loadId: 1, loadedAt: TODAY.toISOString(), settings: 5,
    byJudgement: { outstanding: 0, good: 1, requiresImprovement: 1, inadequate: 1, none: 2 },
  })

  t.same((await get(app, '?urn=%20sc123456%20')).json(), {
    loadId: 1, urn: 'SC123456', row: 2, provisionType: "Children's home", name: 'REDACTED', registrationStatus: 'Active',
    places: 4, localAuthority: 'Leeds', judgement: 'good', inspectionDate: '2025-08-01',
  }, 'by URN, case and surrounding space ignored')
  t.match((await get(app, '?urn=2500123')).json(), { name: 'Acme Fostering, North "Central"', places: null, judgement: 'inadequate', inspectionDate: '2024-02-01' })
  t.match((await get(app, '?urn=SC654321')).json(), { row: 4, name: 'Brook House\nAnnexe', registrationStatus: 'Resigned', localAuthority: 'Bristol, City of', judgement: 'requires_improvement' })
  t.match((await get(app, '?urn=SC777777')).json(), { row: 5, judgement: null, inspectionDate: null })
  const absent = await get(app, '?urn=SC000001')
  t.equal(absent.statusCode, 404)
  t.ok(isProblem(absent))
  t.same((await get(app)).json(), res.json(), 'without urn: the load in force')

  const audit = (await app.inject({ url: '/v1/audit?objectType=ofsted_register', headers: await bearer({ role: 'regulator' }) })).json()
  t.equal(audit.items.length, 1)
  t.match(audit.items[0], { action: 'ofsted-register.load', objectId: '1', actorSub: 'test-regulator' })
  t.match(audit.items[0].summary, { settings: 5, sha256: /^[0-9a-f]{64}$/, bytes: Buffer.byteLength(REAL) })
})

t.test('councils and providers may neither load nor read the register', async (t) => {
  const app = await build(t, { now: () => TODAY })
  const p = await seedProvider(app)
  for (const who of [await bearer({ role: 'council', laCode: 'E08000025' }), await bearer({ role: 'provider', providerId: p.id })]) {
    const load = await app.inject({ method: 'PUT', url: URL_, headers: { ...who, 'content-type': 'text/csv' }, payload: REAL })
    t.equal(load.statusCode, 403)
    t.ok(isProblem(load))
    t.equal((await app.inject({ url: URL_, headers: who })).statusCode, 403)
    t.equal((await app.inject({ url: `${URL_}?urn=SC123456`, headers: who })).statusCode, 403)
  }
  t.equal((await app.inject({ method: 'PUT', url: URL_, headers: { 'content-type': 'text/csv' }, payload: REAL })).statusCode, 401)
  t.same(await held(app), { loads: 0, settings: 0, audits: 0 }, 'nothing loaded')
})

t.test('each load is numbered; the latest is in force and the earlier ones are kept whole', async (t) => {
  const app = await build(t, { now: () => TODAY })
  t.equal((await put(app, ofstedRegisterCsv(40))).json().loadId, 1)
  // the second register: setting 0 is gone, setting 1 judged afresh, a new setting 40 first
  const second = ofstedRegisterCsv(40, (i) => (i === 0 ? ofstedRow(40) : i === 1 ? { ...ofstedRow(1), [JUDGEMENT]: 'Inadequate' } : ofstedRow(i)))
  const res = await put(app, second)
  t.equal(res.statusCode, 200, res.body)
  t.match(res.json(), { loadId: 2, settings: 40 })
  t.equal((await put(app, ofstedRegisterCsv(3))).json().loadId, 3)
  t.equal((await put(app, second)).json().loadId, 4, 'the same file again is a new load')

  t.match((await get(app)).json(), { loadId: 4, settings: 40 })
  t.equal((await get(app, `?urn=${urnOf(0)}`)).statusCode, 404, 'a setting the load in force lacks')
  t.match((await get(app, `?urn=${urnOf(1)}`)).json(), { loadId: 4, judgement: 'inadequate' })
  t.match((await get(app, `?urn=${urnOf(40)}`)).json(), { loadId: 4, row: 2 })
  t.same(await held(app), { loads: 4, settings: 40 + 40 + 3 + 40, audits: 4 }, 'every load keeps its settings')
  const [first] = rowsOf<{ judgement: string }>(await app.db.execute(sql`select judgement from ofsted_settings where load_id = 1 and urn = ${urnOf(1)}`))
  t.equal(first.judgement, ofstedRow(1)[JUDGEMENT]!.toLowerCase(), 'load 1 still holds what it read')
})

t.test('a bad file is a 422 naming the column or listing each bad row, and changes nothing', async (t) => {
  const app = await build(t, { now: () => TODAY })
  t.equal((await put(app, ofstedRegisterCsv(5))).statusCode, 200)
  const before = await held(app)

  const missing = await put(app, 'URN,Setting name,Places\r\nSC100001,REDACTED,4\r\n')
  t.equal(missing.statusCode, 422)
  t.ok(isProblem(missing))
  t.same(missing.json().errors, [
    { pointer: '#row=1', detail: 'the column "Registration status" is missing (the first row must name the columns)' },
    { pointer: '#row=1', detail: `the column "${JUDGEMENT}" is missing (the first row must name the columns)` },
  ])

  const rows = ofstedRegisterCsv(6, (i) => (i === 1 ? { ...ofstedRow(i), Places: 'four' }
    : i === 3 ? { ...ofstedRow(i), [JUDGEMENT]: 'Very good', URN: 'SC12' }
      : i === 4 ? { ...ofstedRow(i), 'Inspection date': '31/09/2024' }
        : i === 5 ? { ...ofstedRow(i), URN: urnOf(0) } : ofstedRow(i)))
  const bad = await put(app, rows)
  t.equal(bad.statusCode, 422)
  t.equal(bad.json().detail, '5 problems with the file')
  t.same(bad.json().errors, [
    { pointer: '#cell=3,13', detail: 'row 3, Places: "four" is not a whole number of places' },
    { pointer: '#cell=5,2', detail: 'row 5, URN: "SC12" is not an Ofsted URN (such as SC123456 or 2500123)' },
    { pointer: '#cell=5,17', detail: `row 5, ${JUDGEMENT}: "Very good" is not a judgement (Outstanding, Good, Requires improvement to be good or Inadequate; or none, such as Not yet inspected)` },
    { pointer: '#cell=6,16', detail: 'row 6, Inspection date: "31/09/2024" is not a day of the calendar' },
    { pointer: '#cell=7,2', detail: `row 7, URN: ${urnOf(0)} is already at row 2` },
  ])

  const unclosed = await put(app, 'URN,Registration status,Overall experiences and progress of children and young people\r\nSC100001,Active,Good\r\nSC100002,"Active,Good\r\n')
  t.equal(unclosed.statusCode, 422)
  t.match(unclosed.json(), { detail: 'The file cannot be read as CSV', errors: [{ pointer: '#row=3', detail: 'row 3: a quoted field is never closed' }] })

  t.equal((await put(app, '')).statusCode, 422, 'an empty file')
  t.match((await put(app, `\r\n${ofstedRegisterCsv(2)}`)).json(), { errors: [{ pointer: '#row=1', detail: /the first row is empty/ }] }, 'a blank first row')
  t.match((await put(app, 'URN,Registration status,Overall experiences and progress of children and young people\r\n\r\n')).json(),
    { errors: [{ detail: /lists no settings/ }] }, 'a header and no settings')

  t.same(await held(app), before, 'no load, setting or audit entry was written')
  t.match((await get(app)).json(), { loadId: 1 }, 'the register in force is the one before')
  t.equal((await put(app, ofstedRegisterCsv(2))).json().loadId, 2, 'and the next good file is load 2: refusals take no number')
})

t.test('a file with many bad rows lists the first hundred and counts the rest', async (t) => {
  const app = await build(t, { now: () => TODAY })
  const res = await put(app, ofstedRegisterCsv(400, (i) => ({ ...ofstedRow(i), Places: i % 2 ? 'n/a' : '3' })))
  t.equal(res.statusCode, 422)
  const body = res.json()
  t.equal(body.detail, '200 problems with the file; the first 100 are listed')
  t.equal(body.errors.length, 100)
  t.equal(body.moreErrors, 100)
  t.same(body.errors.slice(0, 2).map((e: { pointer: string }) => e.pointer), ['#cell=3,13', '#cell=5,13'], 'in file order')
})

t.test('older files in Windows-1252 are read as such; text that is neither is refused', async (t) => {
  const app = await build(t, { now: () => TODAY })
  const head = 'URN,Setting name,Registration status,Overall experiences and progress of children and young people\r\n'
  // 0x92 is Windows-1252's right single quotation mark, as Excel saves "St Anne’s"
  const cp1252 = Buffer.concat([Buffer.from(`${head}SC100001,St Anne`), Buffer.from([0x92]), Buffer.from('s Lodge,Active,Good\r\n')])
  t.equal((await put(app, cp1252)).statusCode, 200)
  t.equal((await get(app, '?urn=SC100001')).json().name, 'St Anne\u2019s Lodge')

  const utf8 = `${head}SC100002,St Anne\u2019s Lodge,Active,Good\r\nSC100003,Café,Active,Good\r\n`
  t.equal((await put(app, utf8)).statusCode, 200)
  t.equal((await get(app, '?urn=SC100003')).json().name, 'Café')

  const mixed = Buffer.concat([Buffer.from(`${head}SC100004,Café,Active,Good\r\nSC100005,St Anne`), Buffer.from([0x92]), Buffer.from('s,Active,Good\r\n')])
  const refused = await put(app, mixed)
  t.equal(refused.statusCode, 422)
  t.match(refused.json().errors[0].detail, /neither UTF-8 nor Windows-1252/)
})

t.test('only text/csv, and at most 20 MB, counted as it streams', async (t) => {
  const app = await build(t, { now: () => TODAY })
  const json = await app.inject({ method: 'PUT', url: URL_, headers: { ...await bearer({ role: 'regulator' }), 'content-type': 'application/json' }, payload: { urn: 'SC123456' } })
  t.equal(json.statusCode, 415)
  t.ok(isProblem(json))
  t.equal((await put(app, REAL, { 'content-type': 'text/plain' })).statusCode, 415)
  t.equal((await put(app, REAL, { 'content-type': 'text/csv; charset=utf-8' })).statusCode, 200, 'with a charset')

  const big = ofstedRegisterCsv(1).padEnd(21 * 1024 * 1024, ' ')
  const declared = await put(app, big)
  t.equal(declared.statusCode, 413, 'a declared length over the limit')
  t.ok(isProblem(declared))
  // no length declared: the bytes are counted as they arrive
  const chunk = Buffer.from('\r\n'.repeat(512 * 1024)) // a megabyte of blank lines
  const streamed = await put(app, Readable.from((function* () { yield Buffer.from(ofstedRegisterCsv(1)); for (let i = 0; i < 21; i++) yield chunk })()))
  t.equal(streamed.statusCode, 413, 'a stream over the limit')
  t.equal(streamed.headers.connection, 'close', 'the rest of the body is not read: the connection closes after the answer')
  t.same(await held(app), { loads: 1, settings: 5, audits: 1 }, 'only the good file was loaded')
})

t.test('over a real connection, a refusal mid-upload reaches the client and the next upload is served', async (t) => {
  const app = await build(t, { now: () => TODAY })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}${URL_}`
  const headers = { ...await bearer({ role: 'regulator' }), 'content-type': 'text/csv' }
  // chunked, no length declared: 21 MB of blank lines after a good start
  const over = await request(url, { method: 'PUT', headers, body: Readable.from((async function* () {
    yield Buffer.from(ofstedRegisterCsv(10))
    for (let i = 0; i < 21; i++) yield Buffer.from('\r\n'.repeat(512 * 1024))
  })()) })
  t.equal(over.statusCode, 413)
  t.equal(over.headers.connection, 'close')
  t.match(await over.body.json(), { type: 'urn:provider-oversight:problem:payload-too-large' })
  const headless = await request(url, { method: 'PUT', headers, body: Readable.from((async function* () {
    yield Buffer.from('URN,Places\r\n')
    for (let i = 0; i < 10; i++) yield Buffer.from('SC100001,3\r\n'.repeat(50_000))
  })()) })
  t.equal(headless.statusCode, 422, 'refused at the header, the rest unread')
  t.match(await headless.body.json(), { errors: [{ pointer: '#row=1' }, { pointer: '#row=1' }] })
  const good = await request(url, { method: 'PUT', headers, body: ofstedRegisterCsv(1000) })
  t.equal(good.statusCode, 200)
  t.match(await good.body.json(), { loadId: 1, settings: 1000 })
})

t.test('hostile files are refused as problems, never a 5xx, and write nothing', async (t) => {
  const app = await build(t, { now: () => TODAY })
  let seed = 20270201
  const random = Buffer.from(Array.from({ length: 65_536 }, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 256))
  const head = 'URN,Registration status,Overall experiences and progress of children and young people\r\n'
  const cases: [string, string | Buffer][] = [
    ['random bytes', random],
    ['a NUL in the header', 'URN\u0000,Registration status\r\nSC100001,Active\r\n'],
    ['a lone quote', '"'],
    ['a field of 70,000 characters', `${head}SC100001,"${'x'.repeat(70_000)}",Good\r\n`],
    ['UTF-16 (Excel\'s Unicode text)', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(head, 'utf16le')])],
    ['a file of blank lines', '\r\n'.repeat(100_000)],
    ['a header of 5,000 columns', `${Array.from({ length: 5000 }, (_, i) => `c${i}`).join(',')}\r\n`],
  ]
  for (const [what, payload] of cases) {
    const res = await put(app, payload)
    t.ok(res.statusCode >= 400 && res.statusCode < 500, `${what}: ${res.statusCode}`)
    t.ok(isProblem(res), `${what}: a problem`)
  }
  t.same(await held(app), { loads: 0, settings: 0, audits: 0 })
  // old Mac line ends and text that a spreadsheet would take for a formula are still a register
  const mac = await put(app, `${head}SC100001,Active,Good\r=HYPERLINK("http://x"),Active,Good\r`.replace(/\r\n/g, '\r'))
  t.equal(mac.statusCode, 422, 'a formula is not a URN')
  t.match(mac.json().errors, [{ pointer: '#cell=3,1' }], 'rows split at a bare CR')
})

t.test('30,000 settings load in one request', async (t) => {
  const app = await build(t, { now: () => TODAY })
  const csv = ofstedRegisterCsv(30_000)
  const res = await put(app, csv)
  t.equal(res.statusCode, 200, res.body.slice(0, 500))
  const expected = { outstanding: 0, good: 0, requiresImprovement: 0, inadequate: 0, none: 0 }
  for (let i = 0; i < 30_000; i++) {
    const j = ofstedRow(i)[JUDGEMENT]
    if (j === 'Outstanding') expected.outstanding++
    else if (j === 'Good') expected.good++
    else if (j === 'Requires improvement to be good') expected.requiresImprovement++
    else if (j === 'Inadequate') expected.inadequate++
    else expected.none++
  }
  t.same(res.json(), { loadId: 1, loadedAt: TODAY.toISOString(), settings: 30_000, byJudgement: expected })
  t.match((await get(app, `?urn=${urnOf(29_999)}`)).json(), { urn: urnOf(29_999), row: 30_001 })
  t.same(await held(app), { loads: 1, settings: 30_000, audits: 1 })
})
