// Ofsted registers of any size, in the shape Ofsted publishes them (every column of its
// provider-level file, children's homes REDACTED, names with commas, agencies without places, a mix
// of judgements and settings not yet inspected, SC and seven-digit URNs). Deterministic.
import { ofstedCsv, type OfstedCsvRow } from './ofsted.js'

const JUDGEMENTS = ['Outstanding', 'Good', 'Good', 'Good', 'Requires improvement to be good', 'Inadequate', 'Not yet inspected'] as const
const STATUSES = ['Active', 'Active', 'Active', 'Active', 'Active', 'Active', 'Active', 'Active', 'Resigned', 'Cancelled'] as const
const TYPES = ["Children's home", "Children's home", "Children's home", 'Independent fostering agency', "Secure children's home", 'Residential family centre'] as const

/** The URN of the register's `i`th setting: SC and six digits, every seventh a newer seven-digit one. */
export const urnOf = (i: number) => (i % 7 === 3 ? String(2_000_000 + i) : `SC${String(100_000 + i)}`)

export function ofstedRow(i: number): OfstedCsvRow {
  const type = TYPES[i % TYPES.length]
  const judgement = JUDGEMENTS[(i * 5) % JUDGEMENTS.length]
  const home = type.includes('home')
  const inspected = judgement !== 'Not yet inspected'
  const date = `${String(1 + (i % 28)).padStart(2, '0')}/${String(1 + (i % 12)).padStart(2, '0')}/${2022 + (i % 4)}`
  return {
    'Web link': `https://reports.ofsted.gov.uk/provider/2/${urnOf(i)}`,
    URN: urnOf(i),
    'Provision type': type,
    'Registration date': `0${1 + (i % 9)}/0${1 + (i % 9)}/20${10 + (i % 10)}`,
    'Registration status': STATUSES[i % STATUSES.length],
    'Setting name': home ? 'REDACTED' : `Setting ${i}, "The Lodge"`,
    'Address 1': home ? 'REDACTED' : `${i} High Street`,
    Town: home ? 'REDACTED' : 'Leeds',
    Postcode: home ? 'REDACTED' : 'LS1 1AA',
    'Ofsted region': 'North East, Yorkshire and the Humber',
    'Local authority': ['Leeds', 'Durham', 'Kent', 'Bristol, City of'][i % 4],
    Sector: ['Private', 'Voluntary', 'Local authority'][i % 3],
    Places: type === 'Independent fostering agency' ? '' : String(1 + (i % 8)),
    'Organisation which owns the provider': `Provider ${i % 997} Ltd`,
    'Inspection event type': inspected ? 'Full inspection' : '',
    'Inspection date': inspected ? date : '',
    'Overall experiences and progress of children and young people': judgement,
    'How well children and young people are helped and protected': inspected ? 'Good' : '',
    'The effectiveness of leaders and managers': inspected ? 'Requires improvement to be good' : '',
    'Publication date': inspected ? date : '',
  }
}

/** A register of `n` settings as Ofsted's CSV text. */
export const ofstedRegisterCsv = (n: number, row: (i: number) => OfstedCsvRow = ofstedRow) =>
  ofstedCsv(Array.from({ length: n }, (_, i) => row(i)))
