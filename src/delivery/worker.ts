// The delivery worker: claims due rows of the outbox, POSTs each as a signed JWS, records the
// attempt. No database transaction is open during an HTTP call (PGlite has one connection,
// and a slow receiver must not hold locks): claim (short transaction), call, record (another).
import type { FastifyBaseLogger } from 'fastify'
import { Agent, fetch } from 'undici'
import type { Database } from '../db/client.js'
import { claimDue, recordAttempt, type AttemptResult, type ClaimedDelivery } from './outbox.js'
import { EVENT_ISSUER, eventClaims } from './event.js'
import { signEvent } from './signing-keys.js'
import { afterFailure, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js'
import { guardedLookup, webhookUrlProblem, type RefusedTarget } from './target.js'

export interface WorkerOptions {
  db: Database
  now: () => Date
  log: FastifyBaseLogger
  /** How often to look for due deliveries; 0 = never by itself (only `deliverDue()`). */
  pollIntervalMs?: number
  /** The most deliveries claimed (and attempted concurrently) at once. */
  batchSize?: number
  /** How long a receiver has to answer. */
  timeoutMs?: number
  backoff?: BackoffPolicy
  random?: () => number
  /** Whether loopback receivers may be called (tests, local development), as registration allows them. */
  allowLoopback?: boolean
}

export interface DeliveryWorker {
  /** Attempts every delivery due now, once; resolves with how many were attempted. */
  deliverDue: () => Promise<number>
  start: () => void
  /** Stops polling and waits for the attempts in flight to finish and be recorded. */
  stop: () => Promise<void>
}

const ERROR_MAX = 500

export function createDeliveryWorker(opts: WorkerOptions): DeliveryWorker {
  const pollIntervalMs = opts.pollIntervalMs ?? 1_000
  const batchSize = opts.batchSize ?? 20
  const timeoutMs = opts.timeoutMs ?? 10_000
  // A claimed row falls due again this long after its claim if its result was never recorded.
  const leaseMs = timeoutMs + 20_000
  const backoff = opts.backoff ?? DEFAULT_BACKOFF
  const random = opts.random ?? Math.random
  const allowLoopback = opts.allowLoopback ?? false
  // Every connection goes to addresses checked as it is made: a registered name that resolves (or
  // comes to resolve) to an internal address is never called.
  let dispatcher: Agent | undefined
  let timer: NodeJS.Timeout | undefined
  let stopped = true
  let closing = false
  // Runs of this process happen one after another: a poll and a test's deliverDue() never
  // overlap. Other processes are kept apart by SKIP LOCKED and the lease.
  let queue: Promise<unknown> = Promise.resolve()

  async function attempt(d: ClaimedDelivery): Promise<void> {
    // Signing needs the database: if it fails, nothing is recorded and the lease brings the
    // delivery back (a database error is ours to log, not the council's to read).
    const jws = await signEvent(opts.db, eventClaims(d), opts.now())
    const attemptedAt = opts.now()
    const started = performance.now()
    let statusCode: number | null = null
    let error: string | null = null
    let refusedAddress: string | undefined // where a refused name led: for our log, never the council's
    try {
      // The URL is checked again as the rules stand now, an IP literal included (it is not looked up).
      const refused = webhookUrlProblem(d.url, allowLoopback)
      if (refused) throw new Error(`the URL ${refused}`)
      const res = await fetch(d.url, {
        dispatcher: dispatcher ??= new Agent({ connect: { lookup: guardedLookup(allowLoopback) } }),
        method: 'POST',
        headers: {
          'content-type': 'application/jose',
          'user-agent': `${EVENT_ISSUER}-webhooks/1`,
          'x-event-id': d.eventId,
          'x-event-type': d.eventType,
          'x-delivery-attempt': String(d.attempt),
        },
        body: jws,
        redirect: 'manual', // a redirect is a failure: it could lead anywhere, http included
        signal: AbortSignal.timeout(timeoutMs),
      })
      statusCode = res.status
      await res.body?.cancel().catch(() => {}) // the answer's body is not read
      if (res.status >= 300 && res.status < 400) error = 'redirects are not followed'
    } catch (err) {
      error = describe(err, timeoutMs)
      refusedAddress = (err as { cause?: Partial<RefusedTarget> }).cause?.refusedAddress
    }
    const durationMs = Math.round(performance.now() - started)
    const ok = statusCode !== null && statusCode >= 200 && statusCode < 300
    const now = opts.now()
    const then: AttemptResult['then'] = ok ? { status: 'delivered' } : afterFailure({ attempt: d.attempt, createdAt: d.createdAt, now }, random, backoff)
    opts.log[ok ? 'debug' : 'warn']({ deliveryId: d.id, eventId: d.eventId, attempt: d.attempt, statusCode, error, refusedAddress, durationMs, then: then.status }, 'webhook delivery attempt')
    await recordAttempt({ db: opts.db, now }, d, { attemptedAt, statusCode, error, durationMs, then })
  }

  /** Claims and attempts batches until a batch comes back short (or the worker is stopping). */
  async function run(): Promise<number> {
    let total = 0
    for (;;) {
      const n = await runBatch()
      total += n
      if (n < batchSize || closing) return total
    }
  }

  async function runBatch(): Promise<number> {
    const claimed = await claimDue({ db: opts.db, now: opts.now() }, batchSize, leaseMs)
    await Promise.all(claimed.map(async (d) => {
      try { await attempt(d) } catch (err) {
        // Not signed or not recorded (the database went away): the lease runs out and the
        // delivery is tried again, which at-least-once allows.
        opts.log.error({ err, deliveryId: d.id }, 'webhook delivery: attempt not made or not recorded')
      }
    }))
    return claimed.length
  }

  function deliverDue(): Promise<number> {
    const next = queue.then(run)
    queue = next.catch(() => {})
    return next
  }

  function schedule() {
    if (stopped || pollIntervalMs <= 0) return
    clearTimeout(timer) // one timer, even after a quick stop() and start()
    timer = setTimeout(() => {
      deliverDue()
        .catch((err: unknown) => opts.log.warn({ err }, 'webhook delivery: poll failed'))
        .finally(schedule)
    }, pollIntervalMs)
    timer.unref()
  }

  return {
    deliverDue,
    start() {
      if (!stopped) return
      stopped = false
      closing = false
      schedule()
    },
    async stop() {
      stopped = true
      closing = true
      clearTimeout(timer)
      await queue
      await dispatcher?.close() // its idle connections to receivers
      dispatcher = undefined
    },
  }
}

function describe(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } }
  let text: string
  if (e?.name === 'TimeoutError') text = `no answer within ${timeoutMs} ms`
  else if (e?.cause?.code) text = `${e.cause.code}${e.cause.message ? `: ${e.cause.message}` : ''}`
  else if (e?.cause?.message) text = `${e.message ?? 'failed'}: ${e.cause.message}`
  else text = e?.message ?? String(err)
  return text.slice(0, ERROR_MAX)
}
