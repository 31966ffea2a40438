// Where a council's notices are emailed (through GOV.UK Notify, delivery/email-worker.ts), and the
// log of what was. A council names its own addresses; a regulator may name them for it (most
// councils have no system to receive webhooks, and the regulator is who knows whom to tell).
// Another council's laCode is 403; providers 403.
import type { ContactDeps } from './deps.js'
import { authorise } from './authorise.js'
import { decodeCursor, paginate } from './cursor.js'
import { contactsOf, emailAttemptsOf, listEmailDeliveries, replaceContacts } from '../db/queries/emails.js'
import { appendAudit } from '../db/queries/audit.js'
import { mayActForCouncil } from '../domain/access.js'
import type { Actor } from '../domain/actor.js'
import { forbidden, notFound } from '../problems.js'
import { emailDeliveryView } from '../views/webhooks.js'

function assertCouncilScope(deps: ContactDeps, actor: Actor, laCode: string) {
  if (!mayActForCouncil(actor, laCode)) throw forbidden('A council token acts only for its own council')
  if (!deps.councils.has(laCode)) throw notFound('council')
}

const contactsView = (deps: ContactDeps, laCode: string, emails: string[]) => ({ laCode, emails, emailEnabled: deps.emailConfigured })

export async function councilContacts(deps: ContactDeps, actor: Actor, laCode: string) {
  authorise(actor, 'readCouncilContacts')
  assertCouncilScope(deps, actor, laCode)
  return contactsView(deps, laCode, (await contactsOf(deps.db, laCode)).map((c) => c.email))
}

/** Replaces the council's addresses (compared without letter case), with its audit entry, in one transaction. */
export async function setCouncilContacts(deps: ContactDeps, actor: Actor, laCode: string, emails: string[]) {
  authorise(actor, 'setCouncilContacts')
  assertCouncilScope(deps, actor, laCode)
  const wanted = [...new Set(emails.map((e) => e.trim().toLowerCase()))].sort()
  await deps.db.transaction(async (tx) => {
    await replaceContacts(tx, laCode, wanted, actor.sub, deps.now)
    await appendAudit(tx, actor, { action: 'council.contacts.set', objectType: 'council', objectId: laCode, summary: { emails: wanted } }, deps.now)
  })
  return contactsView(deps, laCode, wanted)
}

/** The council's email deliveries, newest first, with every attempt. */
export async function emailDeliveries(deps: ContactDeps, actor: Actor, laCode: string, q: { limit?: number; cursor?: string }) {
  authorise(actor, 'readCouncilContacts')
  assertCouncilScope(deps, actor, laCode)
  const { limit = 50, cursor } = q
  const after = decodeCursor(cursor, ['timestamp', 'uuid']) as [string, string] | undefined
  const rows = await listEmailDeliveries(deps.db, laCode, { after, limit })
  const page = paginate(rows, limit, (d) => [d.createdAt.toISOString(), d.id])
  const attempts = await emailAttemptsOf(deps.db, page.items.map((d) => d.id))
  return { items: page.items.map((d) => emailDeliveryView({ ...d, attemptLog: attempts.get(d.id) ?? [] })), nextCursor: page.nextCursor }
}
