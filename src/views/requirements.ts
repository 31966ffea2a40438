// How a requirement reads, with the provider's responses; overdue as of `today`.
import type { Static } from 'typebox'
import type { Requirement } from '../../schema/workflow.js'
import type { RequirementResponseRow, RequirementRow } from '../db/queries/requirements.js'

export const requirementView = (r: RequirementRow, responses: RequirementResponseRow[], today: string): Static<typeof Requirement> => ({
  id: r.id, providerId: r.providerId, kind: r.kind, detail: r.detail, dueDate: r.dueDate, status: r.status,
  overdue: r.status === 'open' && r.dueDate < today, requiredBy: r.requiredBy, requiredAt: r.requiredAt.toISOString(),
  responses: responses.map((x) => ({ id: x.id, documentReference: x.documentReference, text: x.text, respondedBy: x.respondedBy, respondedAt: x.respondedAt.toISOString() })),
})
