// When to try a failed delivery again: pure, so the schedule is tested on plain values.

export interface BackoffPolicy {
  /** The ceiling of the first retry's delay; it doubles with every attempt. */
  baseMs: number
  /** No delay's ceiling grows past this. */
  capMs: number
  /** A floor, so that a jitter of zero does not retry in the same instant. */
  minMs: number
  /** Give up once this long has passed since the event was written. */
  giveUpAfterMs: number
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  baseMs: 30_000,
  capMs: 60 * 60_000,
  minMs: 1_000,
  giveUpAfterMs: 24 * 60 * 60_000,
}

/**
 * Exponential backoff with full jitter (a uniform delay between the floor and
 * min(cap, base · 2^(attempt−1))): receivers that come back after an outage are not hit by
 * every sender at once. `attempt` is the number of the attempt that just failed (1, 2, …);
 * `random` returns [0, 1).
 */
export function backoffDelayMs(attempt: number, random: () => number = Math.random, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 30)) // 2^30 · base is far past any cap
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** exponent)
  return Math.max(policy.minMs, Math.floor(random() * ceiling))
}

export type AfterFailure =
  | { status: 'pending'; nextAttemptAt: Date }
  | { status: 'failed' }

/**
 * What follows a failed attempt: another one after the backoff, but never later than the
 * give-up deadline (so the last try is made at the deadline), and none once the deadline
 * has passed.
 */
export function afterFailure(q: { attempt: number; createdAt: Date; now: Date }, random: () => number = Math.random, policy: BackoffPolicy = DEFAULT_BACKOFF): AfterFailure {
  const deadline = q.createdAt.getTime() + policy.giveUpAfterMs
  if (q.now.getTime() >= deadline) return { status: 'failed' }
  const next = q.now.getTime() + backoffDelayMs(q.attempt, random, policy)
  return { status: 'pending', nextAttemptAt: new Date(Math.min(next, deadline)) }
}
