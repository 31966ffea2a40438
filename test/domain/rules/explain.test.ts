import t from 'tap'
import {
  describeFacility, formatDate, formatMoney, formatMonths, formatMultiple, formatNumber, formatPercent,
  formatPercentFigure, formatRatio, formatThreshold, listInWords,
} from '../../../src/domain/explain.js'

t.test('money: £, thousands separators, whole pounds', async t => {
  t.equal(formatMoney(400_000_000), '£400,000,000')
  t.equal(formatMoney(45_000_000), '£45,000,000')
  t.equal(formatMoney(999), '£999')
  t.equal(formatMoney(1000), '£1,000')
  t.equal(formatMoney(0), '£0')
  t.equal(formatMoney(-0), '£0', 'no negative nil')
  t.equal(formatMoney(-2_500), '-£2,500')
  t.equal(formatMoney(2_916_666.67), '£2,916,667', 'rounded to the pound')
  t.equal(formatMoney(0.5), '£1', 'half away from nil')
  t.equal(formatMoney(-0.5), '-£1')
  t.equal(formatMoney(12_345_678_901), '£12,345,678,901')
})

t.test('ratios and multiples to one decimal place', async t => {
  t.equal(formatMultiple(400_000_000 / 45_000_000), '8.9x')
  t.equal(formatMultiple(8), '8.0x')
  t.equal(formatMultiple(1.25), '1.3x', 'a computed ratio rounds')
  t.equal(formatMultiple(0.04), '0.0x')
  t.equal(formatMultiple(-0.04), '0.0x', 'no negative nil')
  t.equal(formatRatio(-0.35), '-0.4', 'half away from nil')
  t.equal(formatRatio(1234.56), '1,234.6')
  t.equal(formatNumber(1_234_567), '1,234,567')
  t.equal(formatNumber(-1234.5, 2), '-1,234.50')
})

t.test('thresholds as published', async t => {
  t.equal(formatThreshold(8), '8.0')
  t.equal(formatThreshold(1.25), '1.25', 'never rounded into a different line')
  t.equal(formatThreshold(0.1), '0.1')
  t.equal(formatThreshold(-0.2), '-0.2')
  t.equal(formatThreshold(1000), '1,000.0')
  t.equal(formatThreshold(1e-7), '0.0000')
  t.equal(formatMonths(1), '1 month')
  t.equal(formatMonths(3), '3 months')
  t.equal(formatMonths(2.5), '2.5 months')
})

t.test('percentages: one decimal place, no trailing .0', async t => {
  t.equal(formatPercent(0.25), '25%')
  t.equal(formatPercent(0.4375), '43.8%')
  t.equal(formatPercent(0.1), '10%')
  t.equal(formatPercent(0), '0%')
  t.equal(formatPercent(-0.10769), '-10.8%')
  t.equal(formatPercent(1.5), '150%')
  t.equal(formatPercentFigure(62.5), '62.5%')
  t.equal(formatPercentFigure(100), '100%')
  t.equal(formatPercentFigure(33.333333), '33.3%')
})

t.test('dates in words, from the ISO string (no time zone involved)', async t => {
  t.equal(formatDate('2025-03-31'), '31 March 2025')
  t.equal(formatDate('2026-01-01T00:30:00+01:00'), '1 January 2026', 'the date as written')
  t.equal(formatDate('2024-02-29'), '29 February 2024')
  t.equal(formatDate('2025-12-09'), '9 December 2025')
})

t.test('lists and facilities in words', async t => {
  t.equal(listInWords([]), '')
  t.equal(listInWords(['Jersey']), 'Jersey')
  t.equal(listInWords(['Jersey', 'Luxembourg']), 'Jersey and Luxembourg')
  t.equal(listInWords(['A', 'B', 'C']), 'A, B and C')
  t.equal(describeFacility({ lender: 'Barclays Bank plc', kind: 'revolving_credit' }), 'the Barclays Bank plc revolving credit facility')
  t.equal(describeFacility({ lender: 'Ares', kind: 'unitranche' }), 'the Ares unitranche')
})
