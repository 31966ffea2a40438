// What commands are given. A command takes its dependencies and the actor as arguments and owns
// its transaction: an API route and a console page call it alike (`app.deps()` builds these for a
// request; tests and the seed build their own).
import type { Database, Queryable } from '../db/client.js'
import type { AssessorThreads } from './assessor-threads.js'

export interface Deps {
  db: Database
  /** the instant the command acts at (the request's) */
  now: Date
}

/** Commands that check council codes (returns place children with councils; webhooks belong to one). */
export interface CouncilDeps extends Deps {
  /** the GSS codes of the councils with children's services */
  councils: ReadonlySet<string>
}

export interface WebhookDeps extends CouncilDeps {
  /** whether webhooks may point at loopback addresses over http (tests, local development) */
  webhookAllowHttpLoopback: boolean
}

export interface ReassessDeps extends Deps {
  /** the worker threads that assess; none assesses on the calling thread */
  assessorThreads?: AssessorThreads
}

/** Everything any command takes: what a request or a page hands over. */
export type ServiceDeps = WebhookDeps & ReassessDeps

/**
 * Where a write with an Idempotency-Key stores its answer: `record` runs inside the write's own
 * transaction with the response it will send, so the answer lands with the change or not at all.
 */
export interface IdempotencyRecorder {
  record: (tx: Queryable, status: number, body: unknown) => Promise<void>
}

/** A write made without an Idempotency-Key: nothing to record. */
export const noIdempotency: IdempotencyRecorder = { record: async () => {} }
