// The audit log's hash chain: each entry's hash covers its canonical JSON and the previous hash,
// so editing or removing any row breaks every hash after it.
import { createHash } from 'node:crypto'
import canonicalize from 'canonicalize'

export interface AuditFields {
  seq: number
  at: string
  actorSub: string
  actorRole: string
  action: string
  objectType: string
  objectId: string
  summary: unknown
}

export const GENESIS_HASH = '0'.repeat(64)

export function chainHash(prevHash: string, entry: AuditFields): string {
  const canonical = canonicalize({
    seq: entry.seq, at: entry.at, actorSub: entry.actorSub, actorRole: entry.actorRole,
    action: entry.action, objectType: entry.objectType, objectId: entry.objectId, summary: entry.summary,
  })
  return createHash('sha256').update(prevHash).update(canonical ?? '').digest('hex')
}

/**
 * The canonical JSON of an entry split around its `seq`, for a database that numbers the entry
 * itself: `head + seq + tail` is exactly the text `chainHash` hashes (RFC 8785 orders the keys,
 * and `seq` falls between `objectType` and `summary`).
 */
export function chainTextAround(entry: Omit<AuditFields, 'seq'>): { head: string; tail: string } {
  const rest = canonicalize({
    at: entry.at, actorSub: entry.actorSub, actorRole: entry.actorRole,
    action: entry.action, objectType: entry.objectType, objectId: entry.objectId,
  }) ?? '{}'
  return { head: `${rest.slice(0, -1)},"seq":`, tail: `,"summary":${canonicalize(entry.summary) ?? 'null'}}` }
}

export type ChainVerdict = { ok: true; count: number } | { ok: false; count: number; seq: number; reason: string }

/** Walks entries in sequence order (streamed: the log can be larger than memory); names the first that does not hold. */
export async function verifyChain(entries: AsyncIterable<AuditFields & { prevHash: string; hash: string }> | Iterable<AuditFields & { prevHash: string; hash: string }>): Promise<ChainVerdict> {
  let prev = GENESIS_HASH
  let expectedSeq = 1
  let count = 0
  for await (const e of entries) {
    if (e.seq !== expectedSeq) return { ok: false, count, seq: e.seq, reason: `sequence jumps from ${expectedSeq - 1} to ${e.seq}: entry ${expectedSeq} was removed` }
    if (e.prevHash !== prev) return { ok: false, count, seq: e.seq, reason: 'previous-hash link does not match the entry before it' }
    if (chainHash(prev, e) !== e.hash) return { ok: false, count, seq: e.seq, reason: 'hash does not match the entry\'s contents: it was edited' }
    prev = e.hash
    expectedSeq++
    count++
  }
  return { ok: true, count }
}
