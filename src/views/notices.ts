// How a notice reads: to a regulator every council addressed and who has yet to acknowledge; to a
// council only its own line. And what a council's webhook receives of it.
import type { Static } from 'typebox'
import type { Notice } from '../../schema/workflow.js'
import { seesAcknowledgements, visibleAddressees } from '../domain/access.js'
import type { Actor } from '../domain/actor.js'
import type { AddresseeRow, NoticeRow } from '../db/queries/notices.js'

export type NoticeView = Static<typeof Notice>

export function noticeView(n: NoticeRow, providerName: string, addressees: AddresseeRow[], actor: Actor): NoticeView {
  return {
    id: n.id, providerId: n.providerId, providerName, kind: n.kind, summary: n.summary, inForce: n.withdrawnAt === null,
    issuedAt: n.issuedAt.toISOString(), issuedBy: n.issuedBy, withdrawnAt: n.withdrawnAt?.toISOString() ?? null, withdrawalReason: n.withdrawalReason,
    addressees: visibleAddressees(actor, addressees).map((a) => ({
      laCode: a.laCode, children: a.children, acknowledgedAt: a.acknowledgedAt?.toISOString() ?? null, acknowledgedBy: a.acknowledgedBy,
    })),
    ...(seesAcknowledgements(actor) ? { unacknowledged: addressees.filter((a) => !a.acknowledgedAt).map((a) => a.laCode) } : {}),
  }
}

/** What a council's webhook receives: its own line, never another council's. */
export const noticeEventData = (type: string, n: NoticeRow, providerName: string, a: AddresseeRow | undefined) => ({
  type, noticeId: n.id, kind: n.kind, providerId: n.providerId, providerName, summary: n.summary,
  children: a?.children ?? 0, issuedAt: n.issuedAt.toISOString(), withdrawnAt: n.withdrawnAt?.toISOString() ?? null,
  withdrawalReason: n.withdrawalReason,
})
