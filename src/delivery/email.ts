// Notices by email through GOV.UK Notify, from the same transactional outbox as the webhooks: the
// transaction that makes an event writes one pending email delivery per contact address of each
// council addressed (`enqueueEmails`, called by `enqueueEvent`), so an email is sent if and only if
// that transaction commits; the worker (email-worker.ts) claims due rows, hands each to Notify with
// notifications-node-client, and records the attempt, each step in a short transaction of its own,
// with the webhooks' retries (backoff.ts) and a delivery log.
import { randomUUID } from 'node:crypto'
import type { Database, Queryable } from '../db/client.js'
import {
  contactsOfMany, dueEmails, insertEmailAttempt, insertEmailDeliveries, leaseEmails, setEmailDelivered,
  setEmailFailed, setEmailNextAttempt,
} from '../db/queries/emails.js'
import type { AfterFailure } from './backoff.js'

/** One attempt, as the webhooks' `AttemptResult`, with Notify's id of the email when it took it. */
export interface EmailAttemptResult {
  attemptedAt: Date
  statusCode: number | null
  error: string | null
  durationMs: number
  then: { status: 'delivered' } | AfterFailure
  notifyId?: string | null
}

/** What the Notify template is filled with: its placeholders are these names, ((like_this)). */
export type Personalisation = Record<string, string>

export interface EmailEvent {
  eventId: string
  eventType: string
  laCodes: string[]
  /** What that council may see of the event (its own children, never another council's). */
  personalisationFor: (laCode: string) => Personalisation
}

/**
 * Writes the event's emails to the outbox: one pending delivery per contact address of each
 * addressed council, due now. Call it inside the transaction that makes the event.
 */
export async function enqueueEmails(tx: Queryable, event: EmailEvent, now: Date): Promise<number> {
  const laCodes = [...new Set(event.laCodes)]
  if (laCodes.length === 0) return 0
  const contacts = await contactsOfMany(tx, laCodes)
  if (contacts.length === 0) return 0
  const personalisation = new Map(laCodes.map((la) => [la, event.personalisationFor(la)]))
  const written = await insertEmailDeliveries(tx, contacts.map((c) => ({
    id: randomUUID(), eventId: event.eventId, eventType: event.eventType, laCode: c.laCode, email: c.email,
    personalisation: personalisation.get(c.laCode)!, status: 'pending' as const, attempts: 0, nextAttemptAt: now, createdAt: now,
  })))
  return written.length
}

export interface ClaimedEmail {
  id: string
  eventId: string
  eventType: string
  laCode: string
  email: string
  personalisation: Personalisation
  attempt: number
  createdAt: Date
}

/** Claims up to `limit` due email deliveries for one attempt each, as `claimDue` does webhook deliveries. */
export async function claimDueEmails(deps: { db: Database; now: Date }, limit: number, leaseMs: number): Promise<ClaimedEmail[]> {
  const { now } = deps
  return deps.db.transaction(async (tx) => {
    const due = await dueEmails(tx, now, limit)
    if (due.length === 0) return []
    const claimed = await leaseEmails(tx, due.map((d) => d.id), new Date(now.getTime() + leaseMs))
    return claimed.map((c) => ({
      id: c.id, eventId: c.eventId, eventType: c.eventType, laCode: c.laCode, email: c.email,
      personalisation: c.personalisation as Personalisation, attempt: c.attempts, createdAt: c.createdAt,
    }))
  })
}

/** Records one attempt and its outcome (Notify's id of the email when it took it). */
export async function recordEmailAttempt(deps: { db: Database; now: Date }, claimed: Pick<ClaimedEmail, 'id' | 'attempt'>,
  result: EmailAttemptResult) {
  await deps.db.transaction(async (tx) => {
    await insertEmailAttempt(tx, {
      id: randomUUID(), deliveryId: claimed.id, attempt: claimed.attempt, attemptedAt: result.attemptedAt,
      statusCode: result.statusCode, error: result.error, durationMs: result.durationMs,
    })
    if (result.then.status === 'delivered') await setEmailDelivered(tx, claimed.id, deps.now, result.notifyId ?? null)
    else if (result.then.status === 'pending') await setEmailNextAttempt(tx, claimed.id, claimed.attempt, result.then.nextAttemptAt)
    else await setEmailFailed(tx, claimed.id, claimed.attempt)
  })
}
