// Councils' webhooks and their delivery logs.
//
// Who may do what: a council registers, lists and deactivates its own webhooks and reads their
// delivery logs (another council's laCode is 403; a webhook id of another council is 404).
// A regulator may list a council's webhooks and read the delivery logs (to see that a notice
// reached the council) but not register or deactivate one: where a council's notices go is
// the council's own choice. Providers: 403.
import { randomUUID } from 'node:crypto'
import type { CouncilDeps, WebhookDeps } from './deps.js'
import { authorise } from './authorise.js'
import { decodeCursor, paginate } from './cursor.js'
import {
  abandonPendingDeliveries, activeWebhookAt, attemptsOf, findWebhook, insertWebhook, listDeliveries, listWebhooks as listWebhookRows,
  lockCouncilWebhooks, lockWebhook, setInactive,
} from '../db/queries/webhooks.js'
import { appendAudit } from '../db/queries/audit.js'
import { urlForAudit, webhookUrlProblem } from '../delivery/target.js'
import { mayActForCouncil } from '../domain/access.js'
import type { Actor } from '../domain/actor.js'
import { conflict, forbidden, notFound, validationProblem } from '../problems.js'
import { deliveryView, webhookView } from '../views/webhooks.js'

/** A council acts only for itself; a regulator reads any council's. */
function assertCouncilScope(deps: CouncilDeps, actor: Actor, laCode: string) {
  if (!mayActForCouncil(actor, laCode)) throw forbidden('A council token acts only for its own council')
  if (!deps.councils.has(laCode)) throw notFound('council')
}

export async function registerWebhook(deps: WebhookDeps, actor: Actor, laCode: string, url: string) {
  authorise(actor, 'registerWebhook')
  assertCouncilScope(deps, actor, laCode)
  const problem = webhookUrlProblem(url, deps.webhookAllowHttpLoopback)
  if (problem) throw validationProblem([{ pointer: '/url', detail: problem }])
  const { now } = deps
  const row = await deps.db.transaction(async (tx) => {
    // Two registrations of the same URL cannot both pass the check.
    await lockCouncilWebhooks(tx, laCode)
    const same = await activeWebhookAt(tx, laCode, url)
    if (same) throw conflict('This council already has an active webhook at this URL', { webhookId: same.id })
    const row = await insertWebhook(tx, { id: randomUUID(), laCode, url, active: true, createdBy: actor.sub, createdAt: now })
    await appendAudit(tx, actor, {
      action: 'webhook.register', objectType: 'webhook', objectId: row.id, summary: { laCode, url: urlForAudit(url) },
    }, now)
    return row
  })
  return webhookView(row)
}

export async function listWebhooks(deps: CouncilDeps, actor: Actor, laCode: string) {
  authorise(actor, 'readWebhooks')
  assertCouncilScope(deps, actor, laCode)
  return { items: (await listWebhookRows(deps.db, laCode)).map(webhookView) }
}

/**
 * Deactivates a webhook (no more events are written for it) and gives up its pending
 * deliveries, which show as failed in its log. Audited; deactivating twice changes nothing.
 */
export async function deactivateWebhook(deps: CouncilDeps, actor: Actor, laCode: string, id: string): Promise<void> {
  authorise(actor, 'deactivateWebhook')
  assertCouncilScope(deps, actor, laCode)
  const { now } = deps
  const row = await deps.db.transaction(async (tx) => {
    const row = await lockWebhook(tx, laCode, id)
    if (!row || !row.active) return row
    const updated = await setInactive(tx, id)
    const cancelled = await abandonPendingDeliveries(tx, id)
    await appendAudit(tx, actor, {
      action: 'webhook.deactivate', objectType: 'webhook', objectId: id,
      summary: { laCode, url: urlForAudit(row.url), pendingDeliveriesAbandoned: cancelled.length },
    }, now)
    return updated
  })
  if (!row) throw notFound('webhook')
}

/** One page of a webhook's delivery log, newest first, each delivery with its attempts in order. */
export async function webhookDeliveries(deps: CouncilDeps, actor: Actor, laCode: string, id: string, q: { limit?: number; cursor?: string }) {
  authorise(actor, 'readDeliveries')
  assertCouncilScope(deps, actor, laCode)
  const hook = await findWebhook(deps.db, laCode, id)
  if (!hook) throw notFound('webhook')
  const { limit = 50, cursor } = q
  const after = decodeCursor(cursor, ['timestamp', 'uuid']) as [string, string] | undefined
  const rows = await listDeliveries(deps.db, hook.id, { after, limit })
  const page = paginate(rows, limit, (d) => [d.createdAt.toISOString(), d.id])
  const attempts = await attemptsOf(deps.db, page.items.map((d) => d.id))
  return { items: page.items.map((d) => deliveryView({ ...d, attemptLog: attempts.get(d.id) ?? [] })), nextCursor: page.nextCursor }
}
