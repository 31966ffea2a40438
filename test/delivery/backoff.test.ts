import t from 'tap'
import { afterFailure, backoffDelayMs, DEFAULT_BACKOFF } from '../../src/delivery/backoff.js'

const HOUR = 60 * 60_000
const at = (ms: number) => new Date(Date.UTC(2025, 5, 2, 9) + ms)

t.test('the ceiling doubles from 30 s and stops at an hour; the jitter spans it all', async (t) => {
  const top = () => 1 - Number.EPSILON
  t.same([1, 2, 3, 4, 5, 6, 7, 8, 9, 50].map((n) => Math.round(backoffDelayMs(n, top) / 1000)),
    [30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600])
  t.equal(backoffDelayMs(3, () => 0.5), 60_000, 'half of the 120 s ceiling')
  t.equal(backoffDelayMs(1, () => 0), DEFAULT_BACKOFF.minMs, 'never zero: the floor is a second')
  t.equal(backoffDelayMs(0, top), backoffDelayMs(1, top), 'attempt numbers below 1 count as the first')
  t.equal(backoffDelayMs(2, () => 0.5, { baseMs: 1000, capMs: 1500, minMs: 0, giveUpAfterMs: HOUR }), 750, 'another policy')
})

t.test('full jitter: delays are spread over the whole range', async (t) => {
  let seed = 42
  const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646
  const delays = Array.from({ length: 2000 }, () => backoffDelayMs(4, random))
  t.ok(delays.every((d) => d >= 1000 && d < 240_000), 'within [floor, ceiling)')
  const mean = delays.reduce((a, b) => a + b, 0) / delays.length
  t.ok(mean > 100_000 && mean < 140_000, `mean ${Math.round(mean)} ms is near half the ceiling`)
  t.ok(delays.filter((d) => d < 60_000).length > 300, 'many retries come early')
})

t.test('after a failure: pending until the 24-hour deadline, then failed', async (t) => {
  const createdAt = at(0)
  const next = afterFailure({ attempt: 1, createdAt, now: at(5_000) }, () => 0.5)
  t.same(next, { status: 'pending', nextAttemptAt: at(5_000 + 15_000) })
  const late = afterFailure({ attempt: 30, createdAt, now: at(24 * HOUR - 60_000) }, () => 0.99)
  t.same(late, { status: 'pending', nextAttemptAt: at(24 * HOUR) }, 'the last try is at the deadline, not after it')
  t.same(afterFailure({ attempt: 31, createdAt, now: at(24 * HOUR) }), { status: 'failed' }, 'at the deadline: give up')
  t.same(afterFailure({ attempt: 31, createdAt, now: at(30 * HOUR) }), { status: 'failed' })
})
