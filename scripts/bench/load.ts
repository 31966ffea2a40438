// The load generator, in its own process so it does not share the server's event loop.
// Usage: tsx scripts/bench/load.ts <plan.json>; prints one JSON result line.
// plan: { url, method?, connections, duration, warmup?, headers?, body?, bodyBase64?, requests?: [{ path, headers, body? }] }
// (`bodyBase64`: a binary body, such as a workbook, which JSON cannot carry as text)
// (the harness runs its warm-up as a run of its own, so that it can measure the server's CPU per run)
// Latencies are taken from every 2xx response at full (sub-millisecond) resolution: autocannon's
// own histogram keeps whole milliseconds, too coarse to compare a p99 of 3 ms with one of 4 ms.
import { readFileSync } from 'node:fs'
import autocannon from 'autocannon'

interface PlanRequest { path: string; headers?: Record<string, string>; body?: string }
interface Plan {
  url: string
  method?: string
  connections: number
  duration: number
  /** seconds of load before the measured run (JIT, pools, caches); not counted */
  warmup?: number
  headers?: Record<string, string>
  body?: string
  bodyBase64?: string
  requests?: PlanRequest[]
  /** the prepared request to start from (after those a warm-up run used up) */
  offset?: number
}

const plan = JSON.parse(readFileSync(process.argv[2], 'utf8')) as Plan
const body: string | Buffer | undefined = plan.bodyBase64 !== undefined ? Buffer.from(plan.bodyBase64, 'base64') : plan.body
let next = plan.offset ?? 0

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN

function once(duration: number) {
  const latencies: number[] = []
  const statuses: Record<string, number> = {}
  return new Promise<{ result: autocannon.Result; latencies: number[]; statuses: Record<string, number> }>((resolve, reject) => {
    const instance = autocannon({
      url: plan.url,
      method: (plan.method ?? 'GET') as 'GET',
      connections: plan.connections,
      duration,
      headers: plan.headers,
      body,
      ...(plan.requests ? {
        requests: [{
          // Each request takes the next prepared one (a different provider, token or body).
          setupRequest: (req: autocannon.Request) => {
            const r = plan.requests![next++ % plan.requests!.length]
            return { ...req, path: r.path, headers: { ...req.headers, ...r.headers }, body: r.body ?? req.body }
          },
        }],
      } : {}),
    }, (err, result) => (err ? reject(err) : resolve({ result, latencies, statuses })))
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime)
    })
  })
}

if (plan.warmup) await once(plan.warmup)
const { result, latencies, statuses } = await once(plan.duration)
latencies.sort((a, b) => a - b)
const ok2xx = Object.entries(statuses).filter(([s]) => s.startsWith('2')).reduce((n, [, c]) => n + c, 0)
const round = (x: number) => Math.round(x * 1000) / 1000
process.stdout.write(JSON.stringify({
  requests: result.requests.total,
  duration: result.duration,
  /** 2xx responses per second over the measured run */
  rps: ok2xx / result.duration,
  p50: round(percentile(latencies, 50)),
  p90: round(percentile(latencies, 90)),
  p99: round(percentile(latencies, 99)),
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  ok2xx,
  statuses,
}) + '\n')
