import t from 'tap'
import { createHash, randomUUID } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { build, bearer, isProblem, seedProvider, testDatabase } from '../../helper.js'
import { fullReturn, smallReturn, type Spoilable } from '../../fixtures/returns.js'
import { countParts } from '../../../src/db/queries/returns.js'
import { rowsOf } from '../../../src/db/client.js'
import { walkAudit } from '../../../src/db/queries/audit.js'
import { verifyChain } from '../../../src/domain/audit-chain.js'
import { claimKey } from '../../../src/commands/idempotency.js'
import { idempotencyScope, requestFingerprint } from '../../../src/plugins/idempotency.js'

const TODAY = new Date('2026-11-23T10:00:00Z')
const opts = { now: () => TODAY }
const file = async (app: Awaited<ReturnType<typeof build>>, providerId: string, body: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: `/v1/providers/${providerId}/returns`, headers: { ...await bearer({ role: 'provider', providerId }), ...headers }, payload: body as object })

t.test('a provider files a full return: stored whole, readable, its placements as rows', async (t) => {
  const app = await build(t, opts)
  const p = await seedProvider(app)
  const body = fullReturn()
  const res = await file(app, p.id, body)
  t.equal(res.statusCode, 201, res.body.slice(0, 500))
  const receipt = res.json()
  t.match(receipt, { providerId: p.id, periodEnd: body.periodEnd, version: 1, status: 'accepted', supersedes: null, submittedAt: TODAY.toISOString() })
  t.ok('assessment' in receipt)

  const got = await app.inject({ url: `/v1/returns/${receipt.id}`, headers: await bearer({ role: 'regulator' }) })
  t.equal(got.statusCode, 200)
  t.same(got.json().body, body, 'the exact filed document is kept')
  const [stored] = rowsOf<{ document: string }>(await app.db.execute(sql`select document from returns where id = ${receipt.id}::uuid`))
  t.same(JSON.parse(stored.document), body, 'its text too')
  t.equal(createHash('sha256').update(stored.document).digest('hex'), got.json().bodySha256, 'and that text hashes to the return\'s bodySha256')
  t.equal(got.json().supersededBy, null)
  t.same(await countParts(app.db), { returns: 1, placements: 60, settingUrns: 150 })
  const audit = (await app.inject({ url: `/v1/audit?objectType=return&objectId=${receipt.id}`, headers: await bearer({ role: 'regulator' }) })).json()
  t.equal(audit.items[0].action, 'return.file')
})

t.test('structure and meaning: every problem at once, by pointer', async (t) => {
  const app = await build(t, opts)
  const p = await seedProvider(app)
  const body = smallReturn() as Spoilable
  body.accounts.revenue = 1.5
  body.accounts.cash = 'lots'
  delete body.accounts.totalAssets
  body.facilities[0].committed = 1e14
  body.facilities[0].colour = 'blue'
  body.settings[0].kind = 'castle'
  const structural = await file(app, p.id, body)
  t.equal(structural.statusCode, 422)
  t.ok(isProblem(structural))
  const pointers = structural.json().errors.map((e: { pointer: string }) => e.pointer)
  for (const ptr of ['/accounts/revenue', '/accounts/cash', '/accounts/totalAssets', '/facilities/0/committed', '/facilities/0/colour', '/settings/0/kind']) {
    t.ok(pointers.includes(ptr), `names ${ptr}`)
  }

  const meaning = smallReturn() as Spoilable
  meaning.periodEnd = '2027-03-31' // in the future
  meaning.placements.push({ ...meaning.placements[0] })
  meaning.settings[1].urn = meaning.settings[0].urn
  meaning.settings[0].laCode = 'E06000999'
  const semantic = await file(app, p.id, meaning)
  t.equal(semantic.statusCode, 422)
  const sp = semantic.json().errors.map((e: { pointer: string }) => e.pointer)
  t.ok(sp.includes('/periodEnd'), 'future period end')
  t.ok(sp.some((x: string) => x.startsWith('/placements/')), 'duplicate council line')
  t.ok(sp.some((x: string) => x.startsWith('/settings/1/urn')), 'duplicate URN')
  t.ok(sp.includes('/settings/0/laCode'), 'unknown council')

  const over = smallReturn() as Spoilable
  const owned = over.ownership.interests[0].owned
  over.ownership.interests.push({ owner: over.ownership.interests[0].owner, owned, sharesPct: 100 })
  const overRes = await file(app, p.id, over)
  t.equal(overRes.statusCode, 422)
  t.match(JSON.stringify(overRes.json().errors), new RegExp(owned), 'names the over-owned entity')
  t.same(await countParts(app.db), { returns: 0, placements: 0, settingUrns: 0 }, 'nothing stored')
})

t.test('bad input gets a clear error and loses nothing', async (t) => {
  const app = await build(t, { ...opts, config: { bodyLimit: 200_000 } })
  const p = await seedProvider(app)
  const headers = await bearer({ role: 'provider', providerId: p.id })
  const malformed = await app.inject({ method: 'POST', url: `/v1/providers/${p.id}/returns`, headers: { ...headers, 'content-type': 'application/json' }, payload: '{"periodStart": "2025-04-01",' })
  t.equal(malformed.statusCode, 400)
  t.ok(isProblem(malformed))
  const xml = await app.inject({ method: 'POST', url: `/v1/providers/${p.id}/returns`, headers: { ...headers, 'content-type': 'application/xml' }, payload: '<return/>' })
  t.equal(xml.statusCode, 415)
  const huge = await app.inject({ method: 'POST', url: `/v1/providers/${p.id}/returns`, headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify({ ...fullReturn(), padding: 'x'.repeat(300_000) }) })
  t.equal(huge.statusCode, 413)
  t.ok(isProblem(huge))

  // The database fails mid-write (after the return row and some parts): a 503, and nothing kept.
  await app.db.execute(sql.raw(`create function fail_placement() returns trigger language plpgsql as $$
    begin raise exception 'connection lost' using errcode = '08006'; end $$`))
  await app.db.execute(sql.raw('create trigger fail_placement before insert on return_placements for each row execute function fail_placement()'))
  const failed = await file(app, p.id, fullReturn(), { 'idempotency-key': 'fail-1' })
  t.equal(failed.statusCode, 503)
  t.ok(isProblem(failed))
  t.notMatch(failed.body, /connection lost|return_placements|insert/i, 'no SQL or driver text')
  t.same(await countParts(app.db), { returns: 0, placements: 0, settingUrns: 0 }, 'no half-written return')
  await app.db.execute(sql.raw('drop trigger fail_placement on return_placements'))
  const retried = await file(app, p.id, fullReturn(), { 'idempotency-key': 'fail-1' })
  t.equal(retried.statusCode, 201, 'the key was released: the retry files the return')
})

t.test('versions: an amendment chain of three, history readable, only the latest amendable', async (t) => {
  const app = await build(t, opts)
  const p = await seedProvider(app)
  const provider = await bearer({ role: 'provider', providerId: p.id })
  const v1 = (await file(app, p.id, smallReturn())).json()
  const again = await file(app, p.id, smallReturn())
  t.equal(again.statusCode, 409, 'a second filing for the period conflicts')
  t.equal(again.json().amendmentUrl, `/v1/returns/${v1.id}/amendments`)

  const amend = (id: string, body: unknown) => app.inject({ method: 'POST', url: `/v1/returns/${id}/amendments`, headers: provider, payload: body as object })
  const b2 = smallReturn(); b2.accounts.revenue += 1000
  const v2 = await amend(v1.id, b2)
  t.equal(v2.statusCode, 201)
  t.match(v2.json(), { version: 2, supersedes: v1.id })
  const b3 = smallReturn(); b3.accounts.revenue += 2000
  const v3 = await amend(v2.json().id, b3)
  t.match(v3.json(), { version: 3, supersedes: v2.json().id })

  const stale = await amend(v1.id, b3)
  t.equal(stale.statusCode, 409, 'amending a superseded version')
  t.equal(stale.json().latestReturnId, v3.json().id)
  const otherPeriod = smallReturn({ periodStart: '2024-04-01', periodEnd: '2025-03-31' })
  const moved = await amend(v3.json().id, otherPeriod)
  t.equal(moved.statusCode, 422, 'an amendment keeps the period')

  const list = (await app.inject({ url: `/v1/providers/${p.id}/returns?limit=2`, headers: provider })).json()
  t.same(list.items.map((r: { version: number }) => r.version), [3, 2], 'newest first')
  const rest = (await app.inject({ url: `/v1/providers/${p.id}/returns?limit=2&cursor=${list.nextCursor}`, headers: provider })).json()
  t.same(rest.items.map((r: { version: number }) => r.version), [1])
  const first = (await app.inject({ url: `/v1/returns/${v1.id}`, headers: provider })).json()
  t.equal(first.supersededBy, v2.json().id)
  t.equal(first.body.accounts.revenue, smallReturn().accounts.revenue, 'v1 as filed, never overwritten')
})

t.test('two amendments racing: exactly one wins, the other is 409', async (t) => {
  const app = await build(t, opts)
  const p = await seedProvider(app)
  const provider = await bearer({ role: 'provider', providerId: p.id })
  const v1 = (await file(app, p.id, smallReturn())).json()
  const bodies = [1, 2, 3, 4].map((n) => { const b = smallReturn(); b.accounts.revenue += n; return b })
  const results = await Promise.all(bodies.map((b) => app.inject({ method: 'POST', url: `/v1/returns/${v1.id}/amendments`, headers: provider, payload: b })))
  t.same(results.map((r) => r.statusCode).sort(), [201, 409, 409, 409])
  t.equal((await countParts(app.db)).returns, 2)
})

t.test('Idempotency-Key: replay, different body, in flight, scoped to the caller', async (t) => {
  const app = await build(t, opts)
  const p = await seedProvider(app)
  const q = await seedProvider(app)
  const key = { 'idempotency-key': 'return-2026-a' }
  const first = await file(app, p.id, smallReturn(), key)
  t.equal(first.statusCode, 201)
  const replay = await file(app, p.id, smallReturn(), key)
  t.equal(replay.statusCode, 201)
  t.same(replay.json(), first.json(), 'the same status and body')
  t.equal(replay.headers['idempotent-replayed'], 'true')
  t.equal((await countParts(app.db)).returns, 1, 'nothing new created')

  const different = smallReturn(); different.accounts.cash += 1
  const mismatch = await file(app, p.id, different, key)
  t.equal(mismatch.statusCode, 422)
  t.equal(mismatch.json().type, 'urn:provider-oversight:problem:idempotency-key-reused')

  const other = await file(app, q.id, smallReturn(), key)
  t.equal(other.statusCode, 201, 'another caller\'s identical key is its own')

  // A request still in flight with this key: a second one is told to wait.
  const body = smallReturn({ periodStart: '2024-04-01', periodEnd: '2025-03-31' })
  const actor = { role: 'provider' as const, sub: 'test-provider', providerId: p.id }
  await claimKey(app.db, { scope: idempotencyScope(actor), key: 'busy' }, requestFingerprint('POST', `/v1/providers/${p.id}/returns`, body), TODAY)
  const busy = await file(app, p.id, body, { 'idempotency-key': 'busy' })
  t.equal(busy.statusCode, 409)
  t.equal(busy.json().type, 'urn:provider-oversight:problem:idempotency-key-in-flight')
})

t.test('50 concurrent submissions from 10 providers, 5 each sharing a key: one return each', async (t) => {
  const app = await build(t, opts)
  const providers = await Promise.all(Array.from({ length: 10 }, (_, i) => seedProvider(app, { companyNumber: String(30000000 + i) })))
  const requests = providers.flatMap((p) => Array.from({ length: 5 }, () => file(app, p.id, smallReturn(), { 'idempotency-key': `k-${p.id}` })))
  const responses = await Promise.all(requests)
  for (const r of responses) t.ok([201, 409].includes(r.statusCode), `status ${r.statusCode}`)
  t.equal((await countParts(app.db)).returns, 10, 'exactly one return per provider')
  for (const p of providers) {
    const mine = (await app.inject({ url: `/v1/providers/${p.id}/returns`, headers: await bearer({ role: 'provider', providerId: p.id }) })).json()
    t.equal(mine.items.length, 1)
    const ok = responses.filter((r) => r.statusCode === 201 && r.json().providerId === p.id)
    t.ok(ok.length >= 1, 'at least the first got its 201')
    for (const r of ok) t.equal(r.json().id, mine.items[0].id, 'every 201 is the first or its replay')
  }
  const verdict = await verifyChain(walkAudit(app.db))
  t.same(verdict, { ok: true, count: 20 }, 'the audit chain is unbroken: 10 providers registered, 10 returns filed')
})

t.test('who may file and read: the provider itself only; councils and regulators do not file', async (t) => {
  const app = await build(t, opts)
  const a = await seedProvider(app)
  const b = await seedProvider(app)
  const ra = (await file(app, a.id, smallReturn())).json()
  const asB = await bearer({ role: 'provider', providerId: b.id })
  const council = await bearer({ role: 'council', laCode: 'E09000007' })
  const regulator = await bearer({ role: 'regulator' })
  t.equal((await app.inject({ method: 'POST', url: `/v1/providers/${a.id}/returns`, headers: asB, payload: smallReturn() })).statusCode, 404, 'B filing for A')
  t.equal((await app.inject({ method: 'POST', url: `/v1/providers/${a.id}/returns`, headers: council, payload: smallReturn() })).statusCode, 403)
  t.equal((await app.inject({ method: 'POST', url: `/v1/providers/${a.id}/returns`, headers: regulator, payload: smallReturn() })).statusCode, 403)
  t.equal((await app.inject({ method: 'POST', url: `/v1/returns/${ra.id}/amendments`, headers: asB, payload: smallReturn() })).statusCode, 404, 'B amending A')
  t.equal((await app.inject({ method: 'POST', url: `/v1/returns/${ra.id}/amendments`, headers: council, payload: smallReturn() })).statusCode, 403)
  t.equal((await app.inject({ method: 'POST', url: `/v1/returns/${ra.id}/amendments`, headers: regulator, payload: smallReturn() })).statusCode, 403)
  t.equal((await app.inject({ url: `/v1/returns/${ra.id}`, headers: asB })).statusCode, 404, 'B reading A\'s return')
  t.equal((await app.inject({ url: `/v1/providers/${a.id}/returns`, headers: asB })).statusCode, 404)
  t.equal((await app.inject({ url: `/v1/returns/${ra.id}`, headers: council })).statusCode, 403)
  t.equal((await app.inject({ url: `/v1/providers/${a.id}/returns`, headers: council })).statusCode, 403)
  t.equal((await app.inject({ url: `/v1/returns/${ra.id}`, headers: regulator })).statusCode, 200)
  t.equal((await app.inject({ url: `/v1/returns/${randomUUID()}`, headers: regulator })).statusCode, 404)
  const unregistered = randomUUID()
  t.equal((await file(app, unregistered, smallReturn())).statusCode, 404, 'a token for a group not registered')
})

t.test('a restart on the same database keeps every return', async (t) => {
  const db = await testDatabase(t)
  const dataDir = db.databaseUrl ? 'memory://' : mkdtempSync(join(tmpdir(), 'po-restart-'))
  const config = { ...db, dataDir }
  const app = await build(t, { ...opts, config })
  const p = await seedProvider(app)
  const r = (await file(app, p.id, fullReturn())).json()
  await app.close()
  const again = await build(t, { ...opts, config })
  const got = await again.inject({ url: `/v1/returns/${r.id}`, headers: await bearer({ role: 'regulator' }) })
  t.equal(got.statusCode, 200)
  t.same(got.json().body, fullReturn())
  t.same(await countParts(again.db), { returns: 1, placements: 60, settingUrns: 150 })
})
