// Ruleset 2027.2: 2027.1 plus quality (RULES.md, "Quality indicators"): QUA-INADEQUATE red when a
// quarter of the places in settings on Ofsted's register are in settings judged Inadequate, amber
// at a tenth; QUA-UNREGISTERED amber from one setting not registered. Under it an assessment reads
// the register in force, records the load it read and carries the quality metrics.
import ruleset2027_1 from './2027.1.js'

export default {
  version: '2027.2',
  rules: {
    ...ruleset2027_1.rules,
    'QUA-INADEQUATE': {
      description: "Share of the places in the return's settings on Ofsted's register that are in settings whose latest judgement is Inadequate.",
      severities: ['red', 'amber'],
      thresholds: { red: 0.25, amber: 0.10 },
    },
    'QUA-UNREGISTERED': {
      description: "The return's settings that are not on Ofsted's register, or are on it with a registration status other than Active.",
      severities: ['amber'],
      thresholds: { amber: 1 },
    },
  },
}
