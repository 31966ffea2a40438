// Calendar arithmetic on ISO dates (YYYY-MM-DD), without time zones.

const pad = (n: number, width: number) => String(n).padStart(width, '0')

const daysInMonth = (year: number, month: number) =>
  month === 2 ? ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28)
    : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31

/**
 * An ISO date plus whole calendar months, the day held where the month has it and otherwise the
 * month's last day: 2025-03-31 + 6 → 2025-09-30; 2024-02-29 + 12 → 2025-02-28.
 */
export const addCalendarMonths = (isoDate: string, months: number) => {
  // YYYY-MM-DD read by position: every assessment adds months several times
  const year = Number(isoDate.slice(0, 4)), month = Number(isoDate.slice(5, 7)), day = Number(isoDate.slice(8, 10))
  const index = year * 12 + (month - 1) + months
  const y = Math.floor(index / 12)
  const m = index - y * 12 + 1
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(Math.min(day, daysInMonth(y, m)), 2)}`
}
