// What the delivery tests share: a real HTTP receiver on 127.0.0.1, a clock the test moves, and
// webhooks registered, events enqueued and delivery logs read through the API.
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { randomUUID } from 'node:crypto'
import { bearer } from '../helper.js'
import type { App } from '../../src/app.js'
import { enqueueEvent } from '../../src/delivery/outbox.js'

export type Tap = { teardown: (fn: () => unknown) => void }
export const KENT = 'E10000016'
export const MINUTE = 60_000
export const HOUR = 60 * MINUTE

export interface Received { headers: IncomingHttpHeaders; body: string; contentType?: string }

/** A webhook receiver on 127.0.0.1 answering each request with the next status given (the last one repeats). */
export async function receiver(t: Tap, statuses: number[] = [204]) {
  const got: Received[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => { body += chunk })
    req.on('end', () => {
      got.push({ headers: req.headers, body, contentType: req.headers['content-type'] })
      res.statusCode = statuses[Math.min(got.length - 1, statuses.length - 1)]
      res.end(res.statusCode >= 400 ? 'not today' : '')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()) }))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/notices`, got }
}

/** A clock the test moves. */
export function clock(start = '2025-06-02T09:00:00.000Z') {
  let now = new Date(start)
  return { now: () => now, advance: (ms: number) => { now = new Date(now.getTime() + ms) } }
}

export async function register(app: App, laCode: string, url: string) {
  const res = await app.inject({ method: 'POST', url: `/v1/councils/${laCode}/webhooks`, headers: await bearer({ role: 'council', laCode }), payload: { url } })
  if (res.statusCode !== 201) throw new Error(`register: ${res.statusCode} ${res.body}`)
  return res.json() as { id: string }
}

const noticeFor = (noticeId: string) => (laCode: string) => ({
  noticeId, kind: 'failure_likely', provider: { id: '6f1c1a52-0000-4000-8000-000000000001', name: 'Oakfield Care Group' },
  summary: 'Lenders have withdrawn the revolving facility', children: laCode === KENT ? 12 : 3, issuedAt: '2025-06-02T09:00:00.000Z',
})

/** A notice.issued event for these councils; resolves to its id and the deliveries written. */
export async function enqueue(app: App, laCodes: string[], now: Date, eventId = randomUUID()) {
  const written = await app.db.transaction((tx) => enqueueEvent(tx, { eventId, eventType: 'notice.issued', laCodes, payloadFor: noticeFor(randomUUID()) }, now))
  return { eventId, written }
}

/** A webhook's delivery log, as its council reads it. */
export async function log(app: App, laCode: string, webhookId: string) {
  const res = await app.inject({ url: `/v1/councils/${laCode}/webhooks/${webhookId}/deliveries`, headers: await bearer({ role: 'council', laCode }) })
  if (res.statusCode !== 200) throw new Error(`log: ${res.statusCode} ${res.body}`)
  return res.json().items as Array<{ eventId: string; status: string; attempts: number; deliveredAt: string | null; nextAttemptAt: string | null; attemptLog: Array<{ attempt: number; statusCode: number | null; error: string | null; attemptedAt: string; durationMs: number }> }>
}
