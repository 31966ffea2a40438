// The email worker: claims due email deliveries of the outbox, hands each to GOV.UK Notify with
// notifications-node-client, records the attempt. As for webhooks, no transaction is open while
// Notify is called: claim (short transaction), call, record (another).
//
// Without NOTIFY_API_KEY and NOTIFY_TEMPLATE_ID nothing is sent: each delivery's one attempt says so
// in the delivery log and the delivery is failed (a key configured later sends the events made after
// it). Notify refuses for good what it will refuse again (400: a bad address or template, 403: a bad
// key); anything else (429, 5xx, no answer) is retried with the webhooks' backoff for 24 hours.
import type { FastifyBaseLogger } from 'fastify'
import { NotifyClient } from 'notifications-node-client'
import type { Database } from '../db/client.js'
import { claimDueEmails, recordEmailAttempt, type ClaimedEmail, type EmailAttemptResult } from './email.js'
import { afterFailure, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js'

export interface NotifySettings {
  apiKey?: string
  templateId?: string
  /** Notify's API (a local receiver in tests and development); unset: GOV.UK Notify itself */
  baseUrl?: string
}

export interface EmailWorkerOptions {
  db: Database
  now: () => Date
  log: FastifyBaseLogger
  notify: NotifySettings
  batchSize?: number
  /** How long Notify has to answer. */
  timeoutMs?: number
  backoff?: BackoffPolicy
  random?: () => number
}

/** What one hand-over to Notify came to. */
interface Sent { statusCode: number | null; error: string | null; notifyId?: string; permanent: boolean }

const ERROR_MAX = 500
export const NOT_CONFIGURED = 'not sent: NOTIFY_API_KEY and NOTIFY_TEMPLATE_ID are not both configured'

/** Hands one email to Notify through the real client; never throws. */
async function send(client: NotifyClient, templateId: string, d: ClaimedEmail, timeoutMs: number): Promise<Sent> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { name: 'TimeoutError' })), timeoutMs)
  })
  try {
    // the delivery's id as the reference: Notify's own record of it names the row it came from
    const res = await Promise.race([client.sendEmail(templateId, d.email, { personalisation: d.personalisation, reference: d.id }), timeout])
    return { statusCode: res.status, error: null, notifyId: res.data?.id, permanent: false }
  } catch (err) {
    const e = err as { name?: string; message?: string; response?: { status?: number; data?: { errors?: { error?: string; message?: string }[] } } }
    const status = e.response?.status ?? null
    const said = e.response?.data?.errors?.map((x) => [x.error, x.message].filter(Boolean).join(': ')).join('; ')
    return {
      statusCode: status,
      error: (said || e.message || String(err)).slice(0, ERROR_MAX),
      permanent: status === 400 || status === 403,
    }
  } finally {
    clearTimeout(timer)
  }
}

export interface EmailWorker {
  /** Attempts every email delivery due now, once; resolves with how many were attempted. */
  deliverDue: () => Promise<number>
}

export function createEmailWorker(opts: EmailWorkerOptions): EmailWorker {
  const batchSize = opts.batchSize ?? 20
  const timeoutMs = opts.timeoutMs ?? 10_000
  const leaseMs = timeoutMs + 20_000
  const backoff = opts.backoff ?? DEFAULT_BACKOFF
  const random = opts.random ?? Math.random
  const { apiKey, templateId, baseUrl } = opts.notify
  const client = apiKey && templateId ? (baseUrl ? new NotifyClient(baseUrl, apiKey) : new NotifyClient(apiKey)) : undefined

  async function attempt(d: ClaimedEmail): Promise<void> {
    const attemptedAt = opts.now()
    const started = performance.now()
    const sent: Sent = client ? await send(client, templateId!, d, timeoutMs) : { statusCode: null, error: NOT_CONFIGURED, permanent: true }
    const durationMs = Math.round(performance.now() - started)
    const ok = sent.statusCode !== null && sent.statusCode >= 200 && sent.statusCode < 300
    const now = opts.now()
    const then: EmailAttemptResult['then'] = ok ? { status: 'delivered' }
      : sent.permanent ? { status: 'failed' }
        : afterFailure({ attempt: d.attempt, createdAt: d.createdAt, now }, random, backoff)
    opts.log[ok ? 'debug' : 'warn']({ deliveryId: d.id, eventId: d.eventId, attempt: d.attempt, statusCode: sent.statusCode, error: sent.error, durationMs, then: then.status }, 'email delivery attempt')
    await recordEmailAttempt({ db: opts.db, now }, d, { attemptedAt, statusCode: sent.statusCode, error: sent.error, durationMs, then, notifyId: sent.notifyId })
  }

  async function deliverDue(): Promise<number> {
    let total = 0
    for (;;) {
      const claimed = await claimDueEmails({ db: opts.db, now: opts.now() }, batchSize, leaseMs)
      await Promise.all(claimed.map(async (d) => {
        try { await attempt(d) } catch (err) {
          // not recorded (the database went away): the lease runs out and it is tried again
          opts.log.error({ err, deliveryId: d.id }, 'email delivery: attempt not recorded')
        }
      }))
      total += claimed.length
      if (claimed.length < batchSize) return total
    }
  }

  return { deliverDue }
}
