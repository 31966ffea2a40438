// When a designated group's next return is due: 9 months after the end of the period that follows
// its latest (a year on), or, with no return yet, 9 months after it was designated.
import { addCalendarMonths } from './calendar.js'

export const FILING_MONTHS = 9

export function filingDueBy(lastPeriodEnd: string | null, designatedOn: string): string {
  return lastPeriodEnd
    ? addCalendarMonths(addCalendarMonths(lastPeriodEnd, 12), FILING_MONTHS)
    : addCalendarMonths(designatedOn, FILING_MONTHS)
}

export const isFilingOverdue = (lastPeriodEnd: string | null, designatedOn: string, today: string) =>
  filingDueBy(lastPeriodEnd, designatedOn) < today
