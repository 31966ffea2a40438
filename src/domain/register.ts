// The register's state machine (issue: open → under_review → escalated → resolved | dismissed;
// under_review → resolved | dismissed). A rationale is required to close a flag.
export type FlagStatus = 'open' | 'under_review' | 'escalated' | 'resolved' | 'dismissed'
export type TransitionTarget = Exclude<FlagStatus, 'open'>

export const TRANSITIONS: Readonly<Record<FlagStatus, readonly TransitionTarget[]>> = {
  open: ['under_review'],
  under_review: ['escalated', 'resolved', 'dismissed'],
  escalated: ['resolved', 'dismissed'],
  resolved: [],
  dismissed: [],
}

/** The statuses of a flag still on the register: the one list (SQL reads it too). */
export const OPEN_STATUSES = ['open', 'under_review', 'escalated'] as const satisfies readonly FlagStatus[]
export type OpenStatus = typeof OPEN_STATUSES[number]

/** A flag still open on the register (any period), as an assessment of its provider reads it. */
export interface OpenFlag {
  id: string
  providerId: string
  periodEnd: string
  ruleId: string
  severity: 'red' | 'amber'
  status: OpenStatus
  explanation: string
  evidence: unknown
}

export type TransitionCheck =
  | { ok: true }
  | { ok: false; reason: 'forbidden'; detail: string }
  | { ok: false; reason: 'rationale'; detail: string }

export function checkTransition(from: FlagStatus, to: TransitionTarget, rationale: string | undefined): TransitionCheck {
  if (!TRANSITIONS[from].includes(to)) {
    const allowed = TRANSITIONS[from]
    return { ok: false, reason: 'forbidden', detail: `A flag that is ${from} cannot move to ${to}${allowed.length ? `; it can move to ${allowed.join(' or ')}` : ': it is closed'}` }
  }
  if ((to === 'resolved' || to === 'dismissed') && !rationale?.trim()) {
    return { ok: false, reason: 'rationale', detail: `A rationale is required to mark a flag ${to}` }
  }
  return { ok: true }
}
