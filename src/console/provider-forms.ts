// The regulator's forms on a group's page, read and checked as the API's schemas check the same
// fields (schema/workflow.ts, schema/assessment.ts): every bad field named at once, in words, each
// by the id of the input a GOV.UK error summary links to. Pure: no request, no command.
import { readNumber } from './stress-scenario.js'
import type { FieldError } from './form-fields.js'

export const REQUIREMENT_KINDS = {
  risk_mitigation_plan: { text: 'Risk mitigation plan', hint: 'How the group will deal with the risks the regulator has found' },
  independent_business_review: { text: 'Independent business review', hint: 'A review of the group’s finances by an adviser the regulator accepts' },
  information: { text: 'Information', hint: 'Documents or figures the regulator needs' },
} as const
export type RequirementKind = keyof typeof REQUIREMENT_KINDS

const DETAIL_MAX = 10_000
const SUMMARY_MAX = 5000

type Field = (name: string) => string

/** A requirement as POST /v1/providers/{id}/requirements takes it, or what is wrong with the form. */
export function readRequirement(field: Field, today: string) {
  const kind = field('requirementKind')
  const detail = field('requirementDetail').trim()
  const [day, month, year] = ['dueDate-day', 'dueDate-month', 'dueDate-year'].map((n) => field(n).trim())
  const values = { requirementKind: kind, requirementDetail: field('requirementDetail'), 'dueDate-day': day, 'dueDate-month': month, 'dueDate-year': year }
  const errors: FieldError[] = []
  if (!Object.hasOwn(REQUIREMENT_KINDS, kind)) errors.push({ field: 'requirementKind', text: 'Select what the group must provide' })
  if (!detail) errors.push({ field: 'requirementDetail', text: 'Enter what the group must provide' })
  else if (detail.length > DETAIL_MAX) errors.push({ field: 'requirementDetail', text: 'What the group must provide must be 10,000 characters or fewer' })
  const due = dateOf(day, month, year)
  // The day box is linked whichever part is wrong: the first of the three, as GOV.UK's pattern does.
  if (!day && !month && !year) errors.push({ field: 'dueDate-day', text: 'Enter the date it is due' })
  else if (!due) errors.push({ field: 'dueDate-day', text: 'The date it is due must be a real date, like 31 3 2027' })
  else if (due < today) errors.push({ field: 'dueDate-day', text: 'The date it is due must be today or in the future' })
  return errors.length || !due
    ? { errors, values }
    : { errors, values, requirement: { kind: kind as RequirementKind, detail, dueDate: due } }
}

/** Day, month and year as an ISO date when they make a real one (years 2000 to 2099). */
function dateOf(day: string, month: string, year: string): string | undefined {
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return undefined
  const [d, m, y] = [Number(day), Number(month), Number(year)]
  if (y < 2000 || y > 2099 || m < 1 || m > 12 || d < 1) return undefined
  if (d > new Date(Date.UTC(y, m, 0)).getUTCDate()) return undefined
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

/** A notice as POST /v1/providers/{id}/notices takes it (its one kind: failure likely), or what is wrong. */
export function readNotice(field: Field) {
  const summary = field('noticeSummary').trim()
  const values = { noticeSummary: field('noticeSummary') }
  const errors: FieldError[] = []
  if (!summary) errors.push({ field: 'noticeSummary', text: 'Enter what the councils need to know' })
  else if (summary.length > SUMMARY_MAX) errors.push({ field: 'noticeSummary', text: 'What the councils need to know must be 5,000 characters or fewer' })
  return errors.length ? { errors, values } : { errors, values, notice: { kind: 'failure_likely' as const, summary } }
}

/** The cap a group's margins are read against, in percent of revenue (0 to 100), or what is wrong with it. */
export function readCap(text: string | undefined, fallback: number) {
  if (text === undefined || text.trim() === '') return { capPct: fallback, value: String(fallback), errors: [] as FieldError[] }
  const n = readNumber(text, /%$/)
  if (n === null || Number.isNaN(n) || n < 0 || n > 100) return { capPct: fallback, value: text, errors: [{ field: 'capPct', text: 'The cap must be a percentage from 0 to 100, like 10' }] }
  return { capPct: n, value: text.trim(), errors: [] as FieldError[] }
}
