// PostgreSQL stopped mid-load. A throwaway server of the test's own is stopped (pg_ctl stop -m fast)
// while providers file full returns and councils read stability views over real HTTP; while it is
// down every answer must be a 503 problem (never a 500, never a hang) and /health/ready 503; when
// it is back the same app recovers without a restart, and every filing the stop cut off goes
// through when its client retries with the same key; and no return is ever half-written: every
// stored return has all its parts, every 201 is stored, and every stored return is either
// acknowledged or replayable from its Idempotency-Key.
import t from 'tap'
import postgres from 'postgres'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { AUDIENCE, ISSUER, testKeys, tokenFor } from '../helper.js'
import { fullReturn } from '../fixtures/returns.js'
import { privatePostgresUnavailable, startPrivatePostgres } from './private-postgres.js'

/** No request may take longer than this (the pool's connect timeout is 5 s). */
const REQUEST_BOUND_MS = 8_000
const PERIODS = ['2026-03-31', '2025-03-31', '2024-03-31']

type Phase = 'up' | 'stopping' | 'down' | 'starting' | 'recovering' | 'recovered'
interface Outcome {
  kind: 'file' | 'read' | 'ready'
  /** the phase when the request was sent and when its answer came */
  sent: Phase
  done: Phase
  status: number // 0: no answer within the bound, or the connection failed
  /** the Idempotency-Key of a filing */
  key?: string
  contentType: string
  body: string
  replayed: boolean
  ms: number
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

// postgres.js 3.4.9 threw an uncaught TypeError from nextWrite when the server went away mid-query
// (porsager/postgres#1154, #1208), taking the whole process down; patches/postgres+3.4.9.patch
// fails those queries with CONNECTION_CLOSED instead. This test is what shows the patch holds.
const unavailable = await privatePostgresUnavailable()
if (unavailable) {
  console.log(`# skipped: ${unavailable}`)
  t.plan(0, unavailable)
} else {
  t.test('PostgreSQL stopped mid-load: 503 problems while down, recovery without a restart, nothing half-written', async (t) => {
    const pg = await startPrivatePostgres()
    const { jwksUrl } = await testKeys()
    const app = await buildApp({
      logger: false,
      config: {
        ...loadConfig({}), databaseUrl: pg.url, dataDir: 'memory://', jwksUrl, jwtIssuer: ISSUER, jwtAudience: AUDIENCE,
        seed: 'none', logLevel: 'silent', rateLimitMax: 1_000_000,
      },
    })
    const check = postgres(pg.url, { max: 1, onnotice: () => {} })
    t.teardown(async () => {
      await app.close().catch(() => {})
      await check.end({ timeout: 1 }).catch(() => {})
      await pg.destroy()
    })
    await app.listen({ port: 0, host: '127.0.0.1' })
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`

    let phase: Phase = 'up'
    const outcomes: Outcome[] = []
    const call = async (kind: Outcome['kind'], method: string, path: string, headers: Record<string, string>, body?: string) => {
      const sent = phase
      const key = headers['idempotency-key']
      const started = performance.now()
      try {
        const res = await fetch(base + path, { method, headers, body, signal: AbortSignal.timeout(REQUEST_BOUND_MS) })
        const o: Outcome = {
          kind, key, sent, done: phase, status: res.status, contentType: res.headers.get('content-type') ?? '', body: await res.text(),
          replayed: res.headers.get('idempotent-replayed') === 'true', ms: performance.now() - started,
        }
        outcomes.push(o)
        return o
      } catch (err) {
        const o: Outcome = { kind, key, sent, done: phase, status: 0, contentType: '', body: String(err), replayed: false, ms: performance.now() - started }
        outcomes.push(o)
        return o
      }
    }

    // 40 groups, registered while the database is up; each files three periods.
    const regulator = { authorization: `Bearer ${await tokenFor({ role: 'regulator' })}`, 'content-type': 'application/json' }
    const groups: { id: string; headers: Record<string, string> }[] = []
    for (let i = 0; i < 40; i++) {
      const res = await fetch(`${base}/v1/providers`, {
        method: 'POST', headers: regulator,
        body: JSON.stringify({ name: `Outage group ${i}`, companyNumber: String(50_000_000 + i), kind: 'private' }),
      })
      if (res.status !== 201) throw new Error(`registering a provider: ${res.status} ${await res.text()}`)
      const { id } = await res.json() as { id: string }
      groups.push({ id, headers: { authorization: `Bearer ${await tokenFor({ role: 'provider', providerId: id })}`, 'content-type': 'application/json' } })
    }
    const council = { authorization: `Bearer ${await tokenFor({ role: 'council', laCode: 'E09000007' })}` }
    interface Filing { group: number; periodEnd: string; key: string; body: string; answer?: Outcome }
    const filings: Filing[] = PERIODS.flatMap((periodEnd) => groups.map((_, group) => ({
      group, periodEnd, key: `outage-${group}-${periodEnd}`, body: JSON.stringify(fullReturn({ periodEnd, seed: group + 1 })),
    })))
    // The last period is held back until the database is back: however fast the machine files, there
    // is work left for the recovered service to accept.
    const held = filings.filter((f) => f.periodEnd === PERIODS[PERIODS.length - 1])
    const queue = filings.filter((f) => !held.includes(f))
    const file = (f: Filing) => call('file', 'POST', `/v1/providers/${groups[f.group].id}/returns`, { ...groups[f.group].headers, 'idempotency-key': f.key }, f.body)

    // The load: six filing clients and three council readers, until told to stop.
    let running = true
    const filers = Array.from({ length: 6 }, async () => {
      while (running) {
        const f = queue.shift()
        if (!f) { await sleep(20); continue }
        const o = await file(f)
        if (o.status === 201) f.answer = o
        else {
          queue.push(f) // the client retries later with the same key
          await sleep(50)
        }
      }
    })
    const readers = Array.from({ length: 3 }, async (_, r) => {
      for (let i = r; running; i++) {
        const o = await call('read', 'GET', `/v1/providers/${groups[i % groups.length].id}/stability`, council)
        if (o.status !== 200) await sleep(50)
      }
    })

    // Up until a quarter of the filings are in, then stop the server under load, filings in flight.
    for (const until = Date.now() + 30_000; Date.now() < until && filings.filter((f) => f.answer).length < filings.length / 4;) await sleep(20)
    const filedBeforeStop = filings.filter((f) => f.answer).length
    t.ok(filedBeforeStop > 0, `${filedBeforeStop} returns filed before the stop`)
    phase = 'stopping'
    await pg.stop()
    phase = 'down'
    const downSince = outcomes.length
    await sleep(2500)
    const ready = await call('ready', 'GET', '/health/ready', {})
    t.equal(ready.status, 503, '/health/ready is 503 while the database is down')
    t.match(ready.contentType, /^application\/problem\+json/, 'as a problem')
    await sleep(500)
    const downOutcomes = outcomes.slice(downSince).filter((o) => o.sent === 'down' && o.done === 'down')

    phase = 'starting'
    await pg.start()
    phase = 'recovering'

    // Recovery without restarting the app: ready again within a few seconds, then every filing left
    // (and every one that failed) goes through, with the same keys.
    let readyAgain = false
    for (const until = Date.now() + 15_000; Date.now() < until && !readyAgain;) {
      readyAgain = (await call('ready', 'GET', '/health/ready', {})).status === 200
      if (!readyAgain) await sleep(200)
    }
    t.ok(readyAgain, '/health/ready is 200 again once the database is back')
    phase = 'recovered'
    queue.push(...held)
    // Every filing goes through, those whose attempt the stop cut off too: the service frees their
    // keys once the database is back, so the client's retry runs (or replays) instead of meeting 409.
    const readAfter = () => outcomes.some((o) => o.sent === 'recovered' && o.kind === 'read')
    for (const until = Date.now() + 20_000; Date.now() < until && !(filings.every((f) => f.answer) && readAfter());) await sleep(200)
    running = false
    await Promise.all([...filers, ...readers])

    // --- what the clients saw
    const summary = (os: Outcome[]) => Object.entries(os.reduce<Record<string, number>>((m, o) => {
      const k = `${o.kind} ${o.status || 'no answer'}${o.replayed ? ' (replay)' : ''}`
      m[k] = (m[k] ?? 0) + 1
      return m
    }, {})).sort().map(([k, n]) => `${k}: ${n}`).join(', ')
    t.comment(`before the stop: ${summary(outcomes.filter((o) => o.sent === 'up' && o.done === 'up'))}`)
    t.comment(`across the stop: ${summary(outcomes.filter((o) => o.sent === 'stopping' || (o.sent === 'up' && o.done !== 'up')))}`)
    t.comment(`while down: ${summary(downOutcomes)}; slowest ${Math.round(Math.max(...downOutcomes.map((o) => o.ms)))} ms`)
    t.comment(`across the restart and after: ${summary(outcomes.filter((o) => o.sent === 'starting' || o.sent === 'recovering'))}`)

    const serverErrors = outcomes.filter((o) => o.status >= 500 && o.status !== 503)
    t.same(serverErrors.map((o) => `${o.kind} ${o.status} ${o.body.slice(0, 200)}`), [], 'never a 5xx other than 503')
    const hangs = outcomes.filter((o) => o.status === 0)
    t.same(hangs.map((o) => `${o.kind} in ${o.sent}: ${o.body.slice(0, 120)} after ${Math.round(o.ms)} ms`), [], `every request answered within ${REQUEST_BOUND_MS} ms`)
    const unavailableAnswers = outcomes.filter((o) => o.status === 503)
    t.ok(unavailableAnswers.every((o) => o.contentType.startsWith('application/problem+json')), 'every 503 is problem+json')
    t.ok(downOutcomes.length >= 20, `${downOutcomes.length} requests made while the database was down`)
    const notUnavailable = downOutcomes.filter((o) => o.status !== 503)
    t.same(notUnavailable.map((o) => `${o.kind} ${o.status} ${o.contentType} ${o.body.slice(0, 200)}`), [], 'while down, every answer is a 503')
    for (const o of downOutcomes.slice(0, 1)) t.match(JSON.parse(o.body), { type: 'urn:provider-oversight:problem:service-unavailable', status: 503 }, 'the service-unavailable problem')

    const recovered = outcomes.filter((o) => o.sent === 'recovered')
    t.ok(recovered.some((o) => o.kind === 'read' && o.status === 200), 'stability reads answer again')
    t.ok(recovered.some((o) => o.kind === 'file' && o.status === 201 && !o.replayed), 'filings are accepted again')
    // (a 503 the load shedding gives when the event loop lags is not a database failure)
    const failedAfterReady = recovered.filter((o) => o.status >= 500 && !(o.status === 503 && o.body.includes('overloaded')))
    t.same(failedAfterReady.map((o) => `${o.kind} ${o.status} ${o.body.slice(0, 200)}`), [], 'once ready again, no request fails')
    const refusedAfterReady = recovered.filter((o) => o.kind === 'file' && o.status !== 201)
    t.same(refusedAfterReady.map((o) => `${o.key} ${o.status} ${o.body.slice(0, 200)}`), [],
      'once ready again, every filing is accepted or replayed (no 409: a key whose attempt the stop cut off is freed)')
    const stuck = filings.filter((f) => !f.answer)
    let stuckKeys: { key: string; state: string }[] = []
    if (stuck.length) stuckKeys = await check<{ key: string; state: string }[]>`select key, state from idempotency_keys where key in ${check(stuck.map((f) => f.key))}`
    t.same(stuck.map((f) => f.key), [], 'every filing is answered 201 in the end', {
      diagnostic: true, keys: stuckKeys.map((k) => `${k.key} (${k.state})`),
    })

    // --- what the database holds: no half-written return, every 201 stored, nothing orphaned
    const returns = await check<{ id: string; provider_id: string; period_end: string; placements: number; want_placements: number;
      urns: number; want_urns: number; assessments: number }[]>`
      select r.id, r.provider_id, r.period_end::text,
        (select count(*)::int from return_placements p where p.return_id = r.id) as placements,
        jsonb_array_length(r.document::jsonb->'placements') as want_placements,
        jsonb_array_length(r.setting_urns) as urns, jsonb_array_length(r.document::jsonb->'settings') as want_urns,
        (select count(*)::int from assessments a where a.return_id = r.id) as assessments
      from returns r`
    const [totals] = await check<{ returns: number; placements: number }[]>`
      select (select count(*)::int from returns) as returns, (select count(*)::int from return_placements) as placements`
    t.comment(`stored: ${JSON.stringify(totals)}`)
    const partial = returns.filter((r) => r.placements !== r.want_placements || r.urns !== r.want_urns || r.assessments < 1)
    t.same(partial, [], 'every stored return has all its placements, its settings\' URNs and its assessment')
    t.same(totals, {
      returns: returns.length, placements: returns.reduce((s, r) => s + r.want_placements, 0),
    }, 'no placement without its return')

    const stored = new Set(returns.map((r) => r.id))
    const acknowledged = new Map<string, string>()
    for (const o of outcomes) if (o.kind === 'file' && o.status === 201) acknowledged.set((JSON.parse(o.body) as { id: string }).id, o.body)
    t.ok([...acknowledged.keys()].every((id) => stored.has(id)), `every 201 is stored (${acknowledged.size} returns acknowledged)`)
    const replayable = new Set((await check<{ id: string }[]>`select response_body->>'id' as id from idempotency_keys where state = 'done' and response_status = 201`).map((r) => r.id))
    const orphans = returns.filter((r) => !acknowledged.has(r.id) && !replayable.has(r.id))
    t.same(orphans.map((r) => r.id), [], 'every stored return was acknowledged, or its key replays the 201')
    const perPeriod = new Set(returns.map((r) => `${r.provider_id} ${r.period_end}`))
    t.equal(perPeriod.size, returns.length, 'one return per group and period')
    const unacknowledged = returns.filter((r) => !acknowledged.has(r.id)).length
    t.comment(`${acknowledged.size} returns acknowledged with a 201, ${unacknowledged} stored but answered 503 (committed as the server stopped; a retry with the key replays the 201)`)
    const answered = new Set(filings.filter((f) => f.answer).map((f) => `${groups[f.group].id} ${f.periodEnd}`))
    t.ok([...answered].every((k) => perPeriod.has(k)), 'every filing answered 201 is stored')
  })
}
