// Ruleset 2027.1: 2026.2 plus profit and extraction (RULES.md, "Ruleset 2027.1"): PRF-EXTRACTION
// amber at 5% of revenue, PRF-MARGIN info at a 20% adjusted margin, PRF-RELATED-PROPERTY info when
// half the rent goes to related parties. Under it an assessment also carries the profit metrics.
import ruleset2026_2 from './2026.2.js'

export default {
  version: '2027.1',
  rules: {
    ...ruleset2026_2.rules,
    'PRF-EXTRACTION': {
      description: 'Rent, fees and other charges, shareholder-loan interest and dividends paid to owners and related parties, as a share of revenue.',
      severities: ['amber'],
      thresholds: { amber: 0.05 },
    },
    'PRF-MARGIN': {
      description: 'Operating margin with the rent, fees and other charges paid to related parties added back (disguised profit).',
      severities: ['info'],
      thresholds: { adjustedMargin: 0.20 },
    },
    'PRF-RELATED-PROPERTY': {
      description: "Share of the rent payable that goes to related parties: the homes' property sits in an owner's company.",
      severities: ['info'],
      thresholds: { relatedRentShare: 0.50 },
    },
  },
}
