// Ratings (RULES.md, "Stability rating"). Info flags never change a rating.
import type { Flag } from './rules/rule.js'

export type Rating = 'red' | 'amber' | 'green' | 'unrated'

/** The rating one assessment would give on its own (no register history, no notices). */
export const provisionalRating = (flags: Pick<Flag, 'severity'>[]): Exclude<Rating, 'unrated'> =>
  flags.some(f => f.severity === 'red') ? 'red' : flags.some(f => f.severity === 'amber') ? 'amber' : 'green'

export interface Standing {
  /** severities of the flags that are open (`open`, `under_review` or `escalated`) */
  openFlagSeverities: ('red' | 'amber')[]
  noticeInForce: boolean
  hasAcceptedReturn: boolean
}

/**
 * red if a red flag is open or a "failure likely" notice is in force; else amber if an amber flag
 * is open; else green. With no accepted return, unrated — unless a notice is in force: a council
 * must never read "unrated" while the regulator warns that failure is likely.
 */
export const stabilityRating = ({ openFlagSeverities, noticeInForce, hasAcceptedReturn }: Standing): Rating => {
  if (noticeInForce || openFlagSeverities.includes('red')) return 'red'
  if (!hasAcceptedReturn) return 'unrated'
  return openFlagSeverities.includes('amber') ? 'amber' : 'green'
}

/** The rule ids a stability view lists: each open flag's, once, in order. */
export const openFlagIds = (openFlags: { ruleId: string }[]): string[] =>
  [...new Set(openFlags.map(f => f.ruleId))].sort()

export interface RegisterChanges<F extends { ruleId: string }> {
  /** raised for the first time in this period: open a flag on the register for each */
  open: Flag[]
  /** open flags raised again (by an amendment, a reassessment): update their evidence (and severity) */
  update: { flag: F; raised: Flag }[]
  /** open flags no longer raised: resolve them, as the system */
  resolve: F[]
}

/**
 * What a return does to the register. Pass the open flags of the same period (none for a new
 * period): red and amber flags raised open a flag or update the open one; an open flag whose rule
 * is no longer raised is resolved. Info flags never enter the register.
 */
export const registerChanges = <F extends { ruleId: string }>(
  openFlags: F[], raisedFlags: Flag[],
): RegisterChanges<F> => {
  const registrable = raisedFlags.filter(f => f.severity === 'red' || f.severity === 'amber')
  const raisedNow = new Map(registrable.map(f => [f.ruleId as string, f]))
  const openIds = new Set(openFlags.map(f => f.ruleId))
  return {
    open: registrable.filter(f => !openIds.has(f.ruleId)),
    update: openFlags.flatMap(flag => {
      const raised = raisedNow.get(flag.ruleId)
      return raised === undefined ? [] : [{ flag, raised }]
    }),
    resolve: openFlags.filter(flag => !raisedNow.has(flag.ruleId)),
  }
}

/**
 * A provider's standing once a return's register changes apply to its open flags (every
 * period's): its rating and the rule ids its stability view lists. For an accepted return.
 */
export const standingAfter = <F extends { id: string; ruleId: string; severity: 'red' | 'amber' }>(
  openFlags: F[], changes: RegisterChanges<F>, noticeInForce: boolean,
): { rating: Rating; openFlags: string[] } => {
  const updated = new Map(changes.update.map(u => [u.flag.id, u.raised.severity as 'red' | 'amber']))
  const stillOpen = [
    ...openFlags.filter(f => !changes.resolve.includes(f)).map(f => ({ ruleId: f.ruleId, severity: updated.get(f.id) ?? f.severity })),
    ...changes.open.map(f => ({ ruleId: f.ruleId as string, severity: f.severity as 'red' | 'amber' })),
  ]
  return {
    rating: stabilityRating({ openFlagSeverities: stillOpen.map(e => e.severity), noticeInForce, hasAcceptedReturn: true }),
    openFlags: openFlagIds(stillOpen),
  }
}
