// The register's state machine (issue: open → under_review → escalated → resolved | dismissed;
// under_review → resolved | dismissed). A rationale is required to close an entry.
export type FlagStatus = 'open' | 'under_review' | 'escalated' | 'resolved' | 'dismissed'
export type TransitionTarget = Exclude<FlagStatus, 'open'>

export const TRANSITIONS: Readonly<Record<FlagStatus, readonly TransitionTarget[]>> = {
  open: ['under_review'],
  under_review: ['escalated', 'resolved', 'dismissed'],
  escalated: ['resolved', 'dismissed'],
  resolved: [],
  dismissed: [],
}

export const OPEN_STATUSES: readonly FlagStatus[] = ['open', 'under_review', 'escalated']

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
