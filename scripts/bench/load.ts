// The load generator, in its own process so it does not share the server's event loop.
// Usage: tsx scripts/bench/load.ts <plan.json>; prints one JSON result line.
// plan: { url, method?, connections, duration, headers?, body?, requests?: [{ path, headers, body? }] }
import { readFileSync } from 'node:fs'
import autocannon from 'autocannon'

interface PlanRequest { path: string; headers?: Record<string, string>; body?: string }
interface Plan {
  url: string
  method?: string
  connections: number
  duration: number
  headers?: Record<string, string>
  body?: string
  requests?: PlanRequest[]
}

const plan = JSON.parse(readFileSync(process.argv[2], 'utf8')) as Plan
let next = 0
const result = await autocannon({
  url: plan.url,
  method: (plan.method ?? 'GET') as 'GET',
  connections: plan.connections,
  duration: plan.duration,
  headers: plan.headers,
  body: plan.body,
  ...(plan.requests ? {
    requests: [{
      // Each request takes the next prepared one (a different provider, token or body).
      setupRequest: (req: autocannon.Request) => {
        const r = plan.requests![next++ % plan.requests!.length]
        return { ...req, path: r.path, headers: { ...req.headers, ...r.headers }, body: r.body ?? req.body }
      },
    }],
  } : {}),
})
const codes = result as unknown as Record<string, number>
process.stdout.write(JSON.stringify({
  requests: result.requests.total,
  duration: result.duration,
  rps: result.requests.average,
  p50: result.latency.p50,
  p99: result.latency.p99,
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  ok2xx: codes['2xx'],
}) + '\n')
