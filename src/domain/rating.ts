// Ratings (RULES.md, "Stability rating"). Info flags never change a rating.
import type { Flag } from './rules/rule.js'

export type Rating = 'red' | 'amber' | 'green' | 'unrated'

/** The rating one assessment would give on its own (no register history, no notices). */
export const provisionalRating = (flags: Pick<Flag, 'severity'>[]): Exclude<Rating, 'unrated'> =>
  flags.some(f => f.severity === 'red') ? 'red' : flags.some(f => f.severity === 'amber') ? 'amber' : 'green'

export interface Standing {
  /** severities of the register entries that are open (`open`, `under_review` or `escalated`) */
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

/** The rule ids a stability view lists: each open entry's, once, in order. */
export const openFlagIds = (openEntries: { ruleId: string }[]): string[] =>
  [...new Set(openEntries.map(e => e.ruleId))].sort()

export interface RegisterChanges<E extends { ruleId: string }> {
  /** flags raised for the first time in this period: open a register entry for each */
  open: Flag[]
  /** flags raised again by an amendment: update the entry's evidence (and severity) */
  update: { entry: E; flag: Flag }[]
  /** entries the amendment no longer raises: resolve them, as the system */
  resolve: E[]
}

/**
 * What a return does to the register. Pass the open entries of the same period (none for a new
 * period): red and amber flags open or update an entry; an entry whose rule is no longer raised
 * is resolved. Info flags never enter the register.
 */
export const registerChanges = <E extends { ruleId: string }>(
  existingOpenEntries: E[], newFlags: Flag[],
): RegisterChanges<E> => {
  const registrable = newFlags.filter(f => f.severity === 'red' || f.severity === 'amber')
  const raisedNow = new Map(registrable.map(f => [f.ruleId as string, f]))
  const existingIds = new Set(existingOpenEntries.map(e => e.ruleId))
  return {
    open: registrable.filter(f => !existingIds.has(f.ruleId)),
    update: existingOpenEntries.flatMap(entry => {
      const again = raisedNow.get(entry.ruleId)
      return again === undefined ? [] : [{ entry, flag: again }]
    }),
    resolve: existingOpenEntries.filter(entry => !raisedNow.has(entry.ruleId)),
  }
}

/**
 * A provider's standing once a return's register changes apply to its open entries (every
 * period's): its rating and the rule ids its stability view lists. For an accepted return.
 */
export const standingAfter = <E extends { id: string; ruleId: string; severity: 'red' | 'amber' }>(
  openEntries: E[], changes: RegisterChanges<E>, noticeInForce: boolean,
): { rating: Rating; openFlags: string[] } => {
  const updated = new Map(changes.update.map(u => [u.entry.id, u.flag.severity as 'red' | 'amber']))
  const stillOpen = [
    ...openEntries.filter(e => !changes.resolve.includes(e)).map(e => ({ ruleId: e.ruleId, severity: updated.get(e.id) ?? e.severity })),
    ...changes.open.map(f => ({ ruleId: f.ruleId as string, severity: f.severity as 'red' | 'amber' })),
  ]
  return {
    rating: stabilityRating({ openFlagSeverities: stillOpen.map(e => e.severity), noticeInForce, hasAcceptedReturn: true }),
    openFlags: openFlagIds(stillOpen),
  }
}
