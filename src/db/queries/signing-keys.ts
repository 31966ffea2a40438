// The service's own ES256 keys, which sign every webhook delivery (a compact JWS). Receivers
// verify against GET /.well-known/jwks.json; a retired key stays published for 30 days so that
// deliveries signed just before a rotation (and retried after it) still verify.
//
// The private JWK is stored in the table. In production it would live in a KMS/HSM (the
// service asking it to sign) and this table would hold only the public part and the key id.
import { desc, gt, isNull, or, sql } from 'drizzle-orm'
import { calculateJwkThumbprint, CompactSign, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose'
import { signingKeys } from '../schema.js'
import type { Database, Queryable } from '../client.js'
import type { Actor } from '../../domain/actor.js'
import { appendAudit } from './audit.js'
import { LOCKS } from '../locks.js'

export const SIGNING_ALG = 'ES256'
/** The JWS `typ` of a webhook event (RFC 8725 §3.11: explicit typing), for receivers to check. */
export const EVENT_JWS_TYP = 'webhook-event+jwt'
/** How long a retired key stays in the published key set. */
export const RETIRED_KEY_PUBLISHED_MS = 30 * 24 * 60 * 60_000

export type SigningKeyRow = typeof signingKeys.$inferSelect

/** A new key pair, named by its RFC 7638 thumbprint. */
async function newKey(now: Date): Promise<SigningKeyRow> {
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

const current = (db: Queryable) =>
  db.select().from(signingKeys).where(isNull(signingKeys.retiredAt)).orderBy(desc(signingKeys.createdAt)).limit(1)

/** The key that signs now; the first one is made on first use. */
export async function currentSigningKey(db: Database, now = new Date()): Promise<SigningKeyRow> {
  const [found] = await current(db)
  if (found) return found
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCKS.signingKey}::bigint)`)
    const [made] = await current(tx) // another process may have made it while we waited
    if (made) return made
    const [row] = await tx.insert(signingKeys).values(await newKey(now)).returning()
    return row
  })
}

/** Makes a new current key and retires the old one (still published for 30 days). Audited. */
export async function rotateSigningKey(db: Database, actor: Actor, now: Date) {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCKS.signingKey}::bigint)`)
    const retired = await tx.update(signingKeys).set({ retiredAt: now })
      .where(isNull(signingKeys.retiredAt)).returning({ kid: signingKeys.kid })
    const [row] = await tx.insert(signingKeys).values(await newKey(now)).returning()
    await appendAudit(tx, actor, {
      action: 'signing-key.rotate', objectType: 'signing-key', objectId: row.kid,
      summary: { kid: row.kid, retired: retired.map((r) => r.kid) },
    }, now)
    return { key: row, retired: retired.map((r) => ({ kid: r.kid, retiredAt: now })) }
  })
}

export type PublishedJwk = JWK & { kty: string; kid: string; alg: string; use: string }

/** The public keys to publish: every key not retired more than 30 days ago; the current one first. */
export async function publishedKeys(db: Database, now = new Date()): Promise<PublishedJwk[]> {
  await currentSigningKey(db, now)
  const since = new Date(now.getTime() - RETIRED_KEY_PUBLISHED_MS)
  const rows = await db.select({ publicJwk: signingKeys.publicJwk }).from(signingKeys)
    .where(or(isNull(signingKeys.retiredAt), gt(signingKeys.retiredAt, since)))
    .orderBy(sql`${signingKeys.retiredAt} is null desc`, desc(signingKeys.createdAt), desc(signingKeys.kid))
  return rows.map((r) => r.publicJwk as PublishedJwk)
}

// Imported private keys by kid (a kid is a thumbprint, so an entry never goes stale).
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
