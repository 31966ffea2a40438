// Two app instances on one database, 500 concurrent submissions: 100 groups, each filing one full
// return five times with the same Idempotency-Key, the attempts spread over both instances, every
// client retrying (after a random pause) while it is told its first attempt is still in flight, and
// after Retry-After when the service sheds load (503). Exactly one return per group; every final
// answer is that return's 201 or its replay.
import t from 'tap'
import { randomInt } from 'node:crypto'
import { buildApp, type App } from '../../src/app.js'
import { AUDIENCE, ISSUER, testDatabase, testKeys, tokenFor } from '../helper.js'
import { loadConfig } from '../../src/config.js'
import { fullReturn } from '../fixtures/returns.js'
import { walkAudit } from '../../src/db/queries/audit.js'
import { verifyChain } from '../../src/domain/audit-chain.js'
import postgres from 'postgres'

const GROUPS = 100
const ATTEMPTS = 5
const REQUEST_BOUND_MS = 30_000

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

if (!process.env.DATABASE_URL) {
  const reason = 'runs on PostgreSQL only (DATABASE_URL is not set: two instances cannot share one PGlite)'
  console.log(`# skipped: ${reason}`)
  t.plan(0, reason)
} else {
  t.test('two instances, 500 concurrent submissions with retries on the same keys: no return lost or duplicated', async (t) => {
    const { databaseUrl } = await testDatabase(t)
    const { jwksUrl } = await testKeys()
    const config = {
      ...loadConfig({}), databaseUrl, dataDir: 'memory://', jwksUrl, jwtIssuer: ISSUER, jwtAudience: AUDIENCE,
      seed: 'none' as const, logLevel: 'silent', rateLimitMax: 1_000_000,
    }
    // One after the other: each migrates (a no-op for the second) and loads the reference data.
    const instances: App[] = []
    for (let i = 0; i < 2; i++) {
      const app = await buildApp({ logger: false, config })
      t.teardown(() => app.close())
      await app.listen({ port: 0, host: '127.0.0.1' })
      instances.push(app)
    }
    const bases = instances.map((app) => `http://127.0.0.1:${(app.server.address() as { port: number }).port}`)
    const check = postgres(databaseUrl!, { max: 1, onnotice: () => {} })
    t.teardown(() => check.end({ timeout: 1 }))

    const regulator = { authorization: `Bearer ${await tokenFor({ role: 'regulator' })}`, 'content-type': 'application/json' }
    const groups = await Promise.all(Array.from({ length: GROUPS }, async (_, i) => {
      const res = await fetch(`${bases[i % 2]}/v1/providers`, {
        method: 'POST', headers: regulator,
        body: JSON.stringify({ name: `Concurrent group ${i}`, companyNumber: String(60_000_000 + i), kind: 'private' }),
      })
      if (res.status !== 201) throw new Error(`registering a provider: ${res.status} ${await res.text()}`)
      const { id } = await res.json() as { id: string }
      return {
        id, body: JSON.stringify(fullReturn({ seed: i + 1 })),
        headers: { authorization: `Bearer ${await tokenFor({ role: 'provider', providerId: id })}`, 'content-type': 'application/json', 'idempotency-key': `annual-2026-${i}` },
      }
    }))

    interface Answer { status: number; replayed: boolean; body: string; tries: number; statuses: number[] }
    const statuses = new Map<string, number>()
    // One client attempt: sent to either instance; retried after a random pause while in flight.
    const attempt = async (g: typeof groups[number]): Promise<Answer> => {
      const seen: number[] = []
      for (let tries = 1; ; tries++) {
        let status = 0
        let body = ''
        let replayed = false
        let retryAfter = 0
        try {
          const res = await fetch(`${bases[randomInt(2)]}/v1/providers/${g.id}/returns`, {
            method: 'POST', headers: g.headers, body: g.body, signal: AbortSignal.timeout(REQUEST_BOUND_MS),
          })
          status = res.status
          body = await res.text()
          replayed = res.headers.get('idempotent-replayed') === 'true'
          retryAfter = Number(res.headers.get('retry-after') ?? 0)
        } catch (err) {
          body = String(err)
        }
        seen.push(status)
        const label = `${status}${status === 409 && body.includes('idempotency-key-in-flight') ? ' in flight' : ''}`
        statuses.set(label, (statuses.get(label) ?? 0) + 1)
        const inFlight = status === 409 && body.includes('idempotency-key-in-flight')
        const shed = status === 503 && retryAfter > 0
        if ((!inFlight && !shed) || tries >= 200) return { status, replayed, body, tries, statuses: seen }
        await sleep(shed ? Math.min(retryAfter, 5) * 1000 + randomInt(0, 500) : randomInt(20, 200))
      }
    }

    const started = performance.now()
    const answers = await Promise.all(groups.flatMap((g) => Array.from({ length: ATTEMPTS }, async () => ({ group: g.id, ...await attempt(g) }))))
    t.comment(`${answers.length} clients answered in ${Math.round(performance.now() - started)} ms; every response: ${[...statuses].sort().map(([k, n]) => `${k}: ${n}`).join(', ')}; most tries by one client: ${Math.max(...answers.map((a) => a.tries))}`)

    t.same(answers.filter((a) => a.status !== 201).map((a) => `${a.status} after ${a.tries} tries: ${a.body.slice(0, 200)}`), [], 'every final answer is a 201')
    t.notOk([...statuses.keys()].some((s) => (s.startsWith('5') && s !== '503') || s === '0'), 'no 5xx but load shedding (503, retried after Retry-After), no request unanswered')

    const rows = await check<{ id: string; provider_id: string }[]>`select id, provider_id from returns`
    t.equal(rows.length, GROUPS, 'exactly one return per group')
    t.equal(new Set(rows.map((r) => r.provider_id)).size, GROUPS, 'every group has its return')
    const stored = new Map(rows.map((r) => [r.provider_id, r.id]))
    const wrong: string[] = []
    for (const g of groups) {
      const mine = answers.filter((a) => a.group === g.id && a.status === 201)
      const ids = new Set(mine.map((a) => (JSON.parse(a.body) as { id: string }).id))
      if (ids.size !== 1 || !ids.has(stored.get(g.id)!)) wrong.push(`group ${g.id}: answers name ${[...ids].join(', ')}, stored ${stored.get(g.id)}`)
      const fresh = mine.filter((a) => !a.replayed).length
      if (fresh !== 1) wrong.push(`group ${g.id}: ${fresh} first answers, expected exactly one (the rest replays)`)
    }
    t.same(wrong, [], 'every group: one first 201 and four replays of it, all naming the stored return')
    const [parts] = await check<{ assessments: number; audit: number; done: number }[]>`
      select (select count(*)::int from assessments) as assessments,
             (select count(*)::int from audit_log where action = 'return.file') as audit,
             (select count(*)::int from idempotency_keys where state = 'done') as done`
    t.same(parts, { assessments: GROUPS, audit: GROUPS, done: GROUPS }, 'one assessment, one audit entry and one recorded response per return')
    // Entries chained at commit by two instances at once: one unbroken chain, numbered 1..n.
    const verdict = await verifyChain(walkAudit(instances[0].db))
    t.equal(verdict.ok, true, `the audit chain holds: ${JSON.stringify(verdict)}`)
  })
}
