// How figures read in an explanation a regulator can paste into a letter (RULES.md): ratios to one
// decimal place, money as £ with thousands separators, dates in words. Formatted by hand so the
// text never depends on the machine's locale or ICU data.

/** Rounds half away from zero, so -2.5 and 2.5 read the same either side of nil. */
const roundTo = (value: number, decimals: number) => {
  const factor = 10 ** decimals
  return Math.sign(value) * Math.round(Math.abs(value) * factor) / factor
}

const groupThousands = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')

/** A number with thousands separators and exactly `decimals` places: 1234.5 → "1,234.5". */
export const formatNumber = (value: number, decimals = 0) => {
  const rounded = roundTo(value, decimals)
  const [whole, fraction] = Math.abs(rounded).toFixed(decimals).split('.')
  const text = groupThousands(whole) + (fraction === undefined ? '' : `.${fraction}`)
  return rounded < 0 ? `-${text}` : text
}

/** Whole pounds: 400000000 → "£400,000,000", -2500 → "-£2,500". */
export const formatMoney = (pounds: number) => {
  const rounded = roundTo(pounds, 0)
  return rounded < 0 ? `-£${formatNumber(-rounded)}` : `£${formatNumber(rounded)}`
}

/** A ratio to one decimal place: 8.888 → "8.9". */
export const formatRatio = (value: number) => formatNumber(value, 1)

/** A multiple to one decimal place: 8.888 → "8.9x". */
export const formatMultiple = (value: number) => `${formatRatio(value)}x`

/**
 * A published threshold as published, at least one decimal place: 8 → "8.0", 1.25 → "1.25".
 * Rounding 1.25 to "1.3" would misquote the regulation.
 */
export const formatThreshold = (value: number) => {
  const text = String(value)
  if (/e/i.test(text)) return formatNumber(value, 4)
  const [whole, fraction] = text.replace('-', '').split('.')
  const body = `${groupThousands(whole)}.${fraction ?? '0'}`
  return value < 0 ? `-${body}` : body
}

/**
 * A fraction as a percentage, to one decimal place without a trailing ".0":
 * 0.42 → "42%", 0.4217 → "42.2%", -0.108 → "-10.8%".
 */
export const formatPercent = (fraction: number) => {
  const text = formatNumber(fraction * 100, 1)
  return `${text.endsWith('.0') ? text.slice(0, -2) : text}%`
}

/** A figure already in percent (ownership): 62.5 → "62.5%", 100 → "100%". */
export const formatPercentFigure = (pct: number) => formatPercent(pct / 100)

const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
]

/** An ISO date (or the date part of a timestamp) in words: "2025-03-31" → "31 March 2025". */
export const formatDate = (iso: string) => {
  const [year, month, day] = iso.slice(0, 10).split('-').map(Number)
  return `${day} ${MONTHS[month - 1]} ${year}`
}

/** "1 month", "3 months", "2.5 months". */
export const formatMonths = (months: number) =>
  `${formatThreshold(months).replace(/\.0$/, '')} month${months === 1 ? '' : 's'}`

/** "A, B and C". */
export const listInWords = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`

/** Offshore jurisdictions named as the regime names them (RULES.md, OWN-OFFSHORE). */
export const OFFSHORE_JURISDICTIONS: Readonly<Record<string, string>> = {
  JE: 'Jersey',
  GG: 'Guernsey',
  IM: 'the Isle of Man',
  KY: 'the Cayman Islands',
  VG: 'the British Virgin Islands',
  BM: 'Bermuda',
  LU: 'Luxembourg',
}

/** Accounts fields in the words of a set of accounts. */
export const ACCOUNTS_FIELD_NAMES: Readonly<Record<string, string>> = {
  revenue: 'revenue',
  ebitda: 'EBITDA',
  operatingProfit: 'operating profit',
  depreciationAmortisation: 'depreciation and amortisation',
  cashInterestPayable: 'cash interest payable',
  cash: 'cash',
  currentAssets: 'current assets',
  totalAssets: 'total assets',
  currentLiabilities: 'current liabilities',
  totalLiabilities: 'total liabilities',
  totalEquity: 'total equity',
  retainedEarnings: 'retained earnings',
  reportedBorrowings: 'reported borrowings',
}

/** Facility kinds as a lender's documents name them. */
export const FACILITY_KIND_NAMES: Readonly<Record<string, string>> = {
  term_loan: 'term loan',
  revolving_credit: 'revolving credit facility',
  unitranche: 'unitranche',
  bond: 'bond',
  loan_notes: 'loan notes',
  lease: 'lease',
  other: 'facility',
}

/** "the Barclays term loan" — a facility as a letter would refer to it. */
export const describeFacility = (f: { lender: string; kind: string }) =>
  `the ${f.lender} ${FACILITY_KIND_NAMES[f.kind] ?? 'facility'}`

export const ENTITY_KIND_NAMES: Readonly<Record<string, string>> = {
  company: 'company',
  private_equity_fund: 'private equity fund',
  fund_manager: 'fund manager',
  trust: 'trust',
  person: 'person',
  public_body: 'public body',
  charity: 'charity',
  other: 'entity',
}
