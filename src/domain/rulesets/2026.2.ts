// Ruleset 2026.2: 2026.1 plus the iXBRL cross-check CMP-ACCOUNTS-MISMATCH (amber beyond 1%).
import ruleset2026_1 from './2026.1.js'

export default {
  version: '2026.2',
  rules: {
    ...ruleset2026_1.rules,
    'CMP-ACCOUNTS-MISMATCH': {
      description: "A filed accounts figure differs from the same figure in the group's iXBRL accounts by more than the tolerance.",
      severities: ['amber'],
      thresholds: { tolerance: 0.01 },
    },
  },
}
