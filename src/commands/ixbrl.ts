// Accounts straight from the iXBRL a group filed at Companies House: read, mapped, returned.
// Nothing is filed; the figures are remembered by the document's hash so a return can cite them.
import { createHash } from 'node:crypto'
import { MONEY_LIMIT } from '../../schema/common.js'
import type { Deps } from './deps.js'
import { authorise } from './authorise.js'
import { findProvider } from '../db/queries/providers.js'
import { rememberExtraction } from '../db/queries/ixbrl.js'
import { appendAudit } from '../db/queries/audit.js'
import { mayReadProvider } from '../domain/access.js'
import type { Actor } from '../domain/actor.js'
import { IxbrlError, mapAccounts, readIxbrlInTurns } from '../domain/ixbrl/index.js'
import { notFound, Problem } from '../problems.js'

/** A large document is read a piece at a time, other requests answered between the pieces. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * Reads the accounts from the document and remembers them for the group. The document is the
 * text of an XHTML or HTML body; anything else (a JSON body) is not a filing.
 */
export async function readIxbrlAccounts(deps: Deps, actor: Actor, providerId: string, document: unknown) {
  authorise(actor, 'readIxbrl')
  if (!mayReadProvider(actor, providerId)) throw notFound('provider')
  if (!await findProvider(deps.db, providerId)) throw notFound('provider')
  if (typeof document !== 'string') throw new Problem('unsupported-media-type', 'Send the iXBRL document as application/xhtml+xml or text/html')
  const text = document
  let extraction
  try {
    extraction = mapAccounts(await readIxbrlInTurns(text, nextTurn))
  } catch (err) {
    if (err instanceof IxbrlError) {
      throw new Problem('validation-failed', `The document cannot be read as iXBRL accounts: ${err.message}`,
        { errors: err.problems.map((p) => ({ pointer: '', detail: p.pointer ? `${p.pointer}: ${p.detail}` : p.detail })), missing: err.missing })
    }
    throw err
  }
  // A figure no return could hold (a runaway scale or digit string) is the document's problem.
  const absurd = extraction.facts.filter((f) => !Number.isSafeInteger(f.value) || Math.abs(f.value) > MONEY_LIMIT)
  if (absurd.length) {
    throw new Problem('validation-failed', 'The document tags figures beyond ±£10,000,000,000,000',
      { errors: absurd.map((f) => ({ pointer: '', detail: `${f.field} (${f.concept ?? 'derived'}, context ${f.contextRef ?? '-'}) is out of range` })) })
  }
  const sha256 = createHash('sha256').update(text).digest('hex')
  const { now } = deps
  await deps.db.transaction(async (tx) => {
    await rememberExtraction(tx, providerId, sha256, extraction, now)
    await appendAudit(tx, actor, { action: 'ixbrl.read', objectType: 'provider', objectId: providerId, summary: { sha256, companyNumber: extraction.companyNumber ?? null, missing: extraction.missing } }, now)
  })
  return {
    ixbrlSha256: sha256, scope: extraction.scope, accounts: extraction.accounts, facts: extraction.facts, missing: extraction.missing, missingReasons: extraction.missingReasons,
    periodStart: extraction.periodStart ?? null, periodEnd: extraction.periodEnd ?? null, companyNumber: extraction.companyNumber ?? null,
  }
}
