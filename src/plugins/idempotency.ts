// Routes that create things honour Idempotency-Key: `app.idempotent(req, reply, run)` claims the
// key, runs the write (which stores its response in its own transaction) and replays on retry.
import { createHash } from 'node:crypto'
import fp from 'fastify-plugin'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { completeKey, purgeExpiredKeys, releaseKey } from '../db/queries/idempotency.js'
import { claimKey, type Claim, type IdempotencySlot } from '../commands/idempotency.js'
import type { IdempotencyRecorder } from '../commands/deps.js'
import { Problem, problemBody } from '../problems.js'
import { canonicalJson } from '../domain/canonical-json.js'

export type { IdempotencyRecorder }

declare module 'fastify' {
  interface FastifyInstance {
    idempotent: <T>(req: FastifyRequest, reply: FastifyReply,
      run: (recorder: IdempotencyRecorder) => Promise<{ status: number; body: T }>) => Promise<T>
  }
}

const KEY = /^[\x21-\x7e]{1,255}$/

/** The fingerprint a key is bound to: method, path and the body in canonical JSON. */
export const requestFingerprint = (method: string, path: string, body: unknown) =>
  createHash('sha256').update(`${method} ${path}\n`).update(canonicalJson(body ?? null)).digest('hex')

export const idempotencyScope = (actor: FastifyRequest['actor']) =>
  `${actor.role}:${actor.sub}:${'providerId' in actor ? actor.providerId : ''}`

export default fp(async (app) => {
  // Keys are kept 48 hours (the draft asks for at least 24), then purged hourly.
  const purge = setInterval(() => {
    purgeExpiredKeys(app.db, app.now()).catch((err) => app.log.warn({ err }, 'could not purge idempotency keys'))
  }, 3600_000).unref()
  // A request that fails frees its key so that a retry can run. When the failure is the database
  // going away, the release fails too: the claim is then kept here and released once the database
  // is back (retried every second, and first thing when a retry with the key reaches this
  // instance), so the retry runs instead of meeting 409 until the claim counts as abandoned (a
  // minute, which is still what happens if this process ends meanwhile).
  type Claimed = Extract<Claim, { kind: 'claimed' }>
  const unreleased = new Map<string, Claimed>()
  const slotId = (slot: IdempotencySlot) => `${slot.scope}\n${slot.key}`
  let retrying: NodeJS.Timeout | undefined
  let closed = false
  const release = async (claim: Claimed) => {
    await releaseKey(app.db, claim.slot, claim.claimedAt)
    if (unreleased.get(slotId(claim.slot)) === claim) unreleased.delete(slotId(claim.slot))
  }
  const retryReleases = async () => {
    for (const claim of [...unreleased.values()]) {
      try { await release(claim) } catch { break } // still unavailable: later
    }
    retrying = unreleased.size && !closed ? setTimeout(retryReleases, 1000).unref() : undefined
  }
  const releaseLater = (claim: Claimed) => {
    unreleased.set(slotId(claim.slot), claim)
    retrying ??= setTimeout(retryReleases, 1000).unref()
  }
  app.addHook('onClose', async () => {
    closed = true
    clearInterval(purge)
    clearTimeout(retrying)
  })

  app.decorate('idempotent', async function idempotent<T>(req: FastifyRequest, reply: FastifyReply,
    run: (recorder: IdempotencyRecorder) => Promise<{ status: number; body: T }>) {
    const header = req.headers['idempotency-key']
    if (header === undefined) {
      const { status, body } = await run({ record: async () => {} })
      reply.code(status)
      return body
    }
    if (typeof header !== 'string' || !KEY.test(header)) {
      throw new Problem('invalid-parameters', 'Idempotency-Key must be 1 to 255 visible ASCII characters',
        { errors: [{ pointer: '/idempotency-key', detail: 'is not a valid key', in: 'headers' }] })
    }
    const slot: IdempotencySlot = { scope: idempotencyScope(req.actor), key: header }
    const requestHash = requestFingerprint(req.method, req.url.split('?')[0], req.body)
    const stale = unreleased.get(slotId(slot))
    if (stale) await release(stale) // this key's last attempt here failed with the database
    const claim = await claimKey(app.db, slot, requestHash, app.now())
    if (claim.kind === 'replay') {
      reply.code(claim.status).header('idempotent-replayed', 'true')
      if (claim.status >= 400) reply.type('application/problem+json')
      return claim.body as T // the stored answer to this same request
    }
    try {
      const { status, body } = await run({ record: (tx, s, b) => completeKey(tx, slot, s, b) })
      reply.code(status)
      return body
    } catch (err) {
      if (err instanceof Problem && err.status < 500) {
        // A refusal is the answer to this request too: a retry gets the same one.
        await completeKey(app.db, slot, err.status, { ...problemBody(err.slug, err.message, err.extensions), instance: req.url.split('?')[0] })
          .catch((e) => { releaseLater(claim); throw e })
      } else {
        await release(claim).catch((e) => {
          req.log.warn({ err: e }, 'could not release idempotency key; will retry')
          releaseLater(claim)
        })
      }
      throw err
    }
  })
}, { name: 'idempotency', dependencies: ['db'] })
