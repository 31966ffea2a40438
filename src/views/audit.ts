// How an entry of the audit log reads.
import type { Static } from 'typebox'
import type { AuditEntry } from '../../schema/audit.js'
import type { AuditRow } from '../db/queries/audit.js'

export const auditEntryView = (r: AuditRow): Static<typeof AuditEntry> =>
  ({ ...r, at: r.at.toISOString(), summary: r.summary as Record<string, unknown> })
