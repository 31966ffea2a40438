// The service's own ES256 keys, which sign every webhook delivery (a compact JWS). Receivers
// verify against GET /.well-known/jwks.json; a retired key stays published for 30 days so that
// deliveries signed just before a rotation (and retried after it) still verify (rotating and
// publishing are commands: commands/signing-keys.ts).
//
// The private JWK is stored in the table. In production it would live in a KMS/HSM (the
// service asking it to sign) and the table would hold only the public part and the key id.
import { calculateJwkThumbprint, CompactSign, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose'
import type { Database } from '../db/client.js'
import { currentKey, insertKey, lockSigningKeys, type SigningKeyRow } from '../db/queries/signing-keys.js'

export const SIGNING_ALG = 'ES256'
/** The JWS `typ` of a webhook event (RFC 8725 §3.11: explicit typing), for receivers to check. */
export const EVENT_JWS_TYP = 'webhook-event+jwt'
/** How long a retired key stays in the published key set. */
export const RETIRED_KEY_PUBLISHED_MS = 30 * 24 * 60 * 60_000

/** A new key pair, named by its RFC 7638 thumbprint. */
export async function newSigningKey(now: Date): Promise<SigningKeyRow> {
  const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true })
  const pub = await exportJWK(publicKey)
  const kid = await calculateJwkThumbprint(pub)
  const meta = { kid, alg: SIGNING_ALG, use: 'sig' }
  return {
    kid,
    publicJwk: { ...pub, ...meta },
    privateJwk: { ...(await exportJWK(privateKey)), ...meta },
    createdAt: now,
    retiredAt: null,
  }
}

/** The key that signs now; the first one is made on first use. */
export async function currentSigningKey(db: Database, now = new Date()): Promise<SigningKeyRow> {
  const found = await currentKey(db)
  if (found) return found
  return db.transaction(async (tx) => {
    await lockSigningKeys(tx)
    const made = await currentKey(tx) // another process may have made it while we waited
    if (made) return made
    return insertKey(tx, await newSigningKey(now))
  })
}

// Imported private keys by kid (a kid is a thumbprint, so a key imported once never goes stale).
const imported = new Map<string, Promise<CryptoKey | Uint8Array>>()

/** The payload as a compact JWS (ES256) under the current key: header { alg, kid, typ }. */
export async function signEvent(db: Database, payload: Record<string, unknown>, now = new Date()): Promise<string> {
  const key = await currentSigningKey(db, now)
  let privateKey = imported.get(key.kid)
  if (!privateKey) {
    privateKey = importJWK(key.privateJwk as JWK, SIGNING_ALG)
    privateKey.catch(() => imported.delete(key.kid))
    imported.set(key.kid, privateKey)
  }
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: SIGNING_ALG, kid: key.kid, typ: EVENT_JWS_TYP })
    .sign(await privateKey)
}
