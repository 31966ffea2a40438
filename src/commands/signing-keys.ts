// Rotating the key that signs webhook deliveries, and the key set receivers verify against
// (the keys themselves: delivery/signing-keys.ts).
import type { JWK } from 'jose'
import type { Deps } from './deps.js'
import { authorise } from './authorise.js'
import { insertKey, lockSigningKeys, publicKeysSince, retireCurrentKeys } from '../db/queries/signing-keys.js'
import { appendAudit } from '../db/queries/audit.js'
import { currentSigningKey, newSigningKey, RETIRED_KEY_PUBLISHED_MS } from '../delivery/signing-keys.js'
import type { Actor } from '../domain/actor.js'
import { signingKeyRotationView } from '../views/webhooks.js'

/** Makes a new current key and retires the old one (still published for 30 days). Audited. */
export async function rotateSigningKey(deps: Deps, actor: Actor) {
  authorise(actor, 'rotateSigningKey')
  const { now } = deps
  return deps.db.transaction(async (tx) => {
    await lockSigningKeys(tx)
    const retired = await retireCurrentKeys(tx, now)
    const row = await insertKey(tx, await newSigningKey(now))
    await appendAudit(tx, actor, {
      action: 'signing-key.rotate', objectType: 'signing-key', objectId: row.kid,
      summary: { kid: row.kid, retired: retired.map((r) => r.kid) },
    }, now)
    return signingKeyRotationView(row, retired.map((r) => ({ kid: r.kid, retiredAt: now })))
  })
}

export type PublishedJwk = JWK & { kty: string; kid: string; alg: string; use: string }

/** The public keys to publish (no token needed): every key not retired more than 30 days ago; the current one first. */
export async function publishedKeys(deps: Deps): Promise<{ keys: PublishedJwk[] }> {
  await currentSigningKey(deps.db, deps.now)
  const rows = await publicKeysSince(deps.db, new Date(deps.now.getTime() - RETIRED_KEY_PUBLISHED_MS))
  return { keys: rows.map((r) => r.publicJwk as PublishedJwk) }
}
