// The service's own signing keys (the commands in commands/signing-keys.ts make and use them).
import { desc, gt, isNull, or, sql } from 'drizzle-orm'
import { signingKeys } from '../schema.js'
import type { Queryable } from '../client.js'
import { LOCKS } from '../locks.js'

export type SigningKeyRow = typeof signingKeys.$inferSelect

/** Key creation and rotation hold this lock, so there is only ever one current key. */
export async function lockSigningKeys(tx: Queryable) {
  await tx.execute(sql`select pg_advisory_xact_lock(${LOCKS.signingKey}::bigint)`)
}

export async function currentKey(db: Queryable) {
  const [row] = await db.select().from(signingKeys).where(isNull(signingKeys.retiredAt)).orderBy(desc(signingKeys.createdAt)).limit(1)
  return row
}

export async function insertKey(tx: Queryable, row: SigningKeyRow) {
  const [inserted] = await tx.insert(signingKeys).values(row).returning()
  return inserted
}

/** Retires the current key(s); returns their ids. */
export async function retireCurrentKeys(tx: Queryable, now: Date) {
  return tx.update(signingKeys).set({ retiredAt: now }).where(isNull(signingKeys.retiredAt)).returning({ kid: signingKeys.kid })
}

/** The public keys of every key not retired before `since`: the current one first. */
export async function publicKeysSince(db: Queryable, since: Date) {
  return db.select({ publicJwk: signingKeys.publicJwk }).from(signingKeys)
    .where(or(isNull(signingKeys.retiredAt), gt(signingKeys.retiredAt, since)))
    .orderBy(sql`${signingKeys.retiredAt} is null desc`, desc(signingKeys.createdAt), desc(signingKeys.kid))
}
