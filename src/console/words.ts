// How the console says the register's and the ratings' values: words first, colour second (a tag's
// colour never says anything its text does not).
import type { FlagStatus, TransitionTarget } from '../domain/register.js'
import type { Rating } from '../domain/rating.js'

export interface Tag { text: string; classes: string }

export const RATINGS: Record<Rating, Tag> = {
  red: { text: 'Red', classes: 'govuk-tag--red' },
  amber: { text: 'Amber', classes: 'govuk-tag--orange' },
  green: { text: 'Green', classes: 'govuk-tag--green' },
  unrated: { text: 'Unrated', classes: 'govuk-tag--grey' },
}

export const SEVERITIES: Record<'red' | 'amber', Tag> = { red: RATINGS.red, amber: RATINGS.amber }

export const STATUSES: Record<FlagStatus, Tag> = {
  open: { text: 'Open', classes: 'govuk-tag--yellow' },
  under_review: { text: 'Under review', classes: 'govuk-tag--blue' },
  escalated: { text: 'Escalated', classes: 'govuk-tag--purple' },
  resolved: { text: 'Resolved', classes: 'govuk-tag--grey' },
  dismissed: { text: 'Dismissed', classes: 'govuk-tag--grey' },
}

/** What each move through review is called on the flag's form, and what it means. */
export const MOVES: Record<TransitionTarget, { text: string; hint: string; done: string }> = {
  under_review: { text: 'Start review', hint: 'Acknowledge the flag: the oversight team is looking into it.', done: 'The flag is now under review.' },
  escalated: { text: 'Escalate', hint: 'The flag needs a decision above the analyst.', done: 'The flag has been escalated.' },
  resolved: { text: 'Resolve', hint: 'The risk has been dealt with. Give the reason below.', done: 'The flag has been resolved.' },
  dismissed: { text: 'Dismiss', hint: 'The flag does not show a real risk. Give the reason below.', done: 'The flag has been dismissed.' },
}

const numberFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 })

/** A value from evidence or a document, as text: numbers grouped, yes and no, lists and objects in words. */
export function valueText(value: unknown): string {
  if (value === null || value === undefined) return 'Not given'
  if (typeof value === 'number') return numberFormat.format(value)
  if (typeof value === 'boolean') return value ? 'Yes' : 'No'
  if (typeof value === 'string') return value
  if (Array.isArray(value)) return value.map(valueText).join(', ')
  return Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}: ${valueText(v)}`).join('; ')
}

const EVIDENCE_PARTS: Record<string, string> = { inputs: 'From the return', metrics: 'Measures', thresholds: 'Thresholds' }

/** A JSON pointer into the return, as words: `/annualReturn/facilities/0/drawn` is "facilities 1, drawn". */
export const pointerText = (pointer: string) =>
  pointer.replace(/^\/annualReturn\//, '').split('/').map((p) => (/^\d+$/.test(p) ? String(Number(p) + 1) : p)).join(' › ')

/** A flag's evidence in parts (what the return said, what was measured, the lines it crossed), each a list. */
export function evidenceParts(evidence: Record<string, unknown>) {
  const row = (key: string, value: unknown) => ({ key: { text: key.startsWith('/') ? pointerText(key) : key }, value: { text: valueText(value) } })
  const loose = Object.entries(evidence).filter(([, v]) => v === null || typeof v !== 'object' || Array.isArray(v))
  const parts = Object.entries(evidence).filter(([, v]) => v !== null && typeof v === 'object' && !Array.isArray(v))
    .map(([key, v]) => ({ title: EVIDENCE_PARTS[key] ?? key, rows: Object.entries(v as Record<string, unknown>).map(([k, x]) => row(k, x)) }))
  return loose.length ? [{ title: 'Facts', rows: loose.map(([k, v]) => row(k, v)) }, ...parts] : parts
}
