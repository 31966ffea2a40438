// Ruleset 2026.1: the regime's default risk rules, exactly as RULES.md publishes them.
// Plain data in the shape a regulator publishes (POST /v1/rulesets); parseRuleset validates it at load.
export default {
  version: '2026.1',
  rules: {
    'FIN-LEVERAGE': {
      description: 'Senior net debt (third-party debt less cash) as a multiple of EBITDA; red also when EBITDA is nil or negative while third-party debt is owed.',
      severities: ['red', 'amber'],
      thresholds: { red: 8.0, amber: 6.0 },
    },
    'FIN-INTEREST-COVER': {
      description: 'EBITDA as a multiple of third-party cash interest payable.',
      severities: ['red', 'amber'],
      thresholds: { red: 1.25, amber: 2.0 },
    },
    'FIN-COVENANT': {
      description: 'Headroom on every tested lender covenant, as a fraction of its limit; below nil is a breach.',
      severities: ['red', 'amber'],
      thresholds: { red: 0, amber: 0.10 },
    },
    'FIN-REFINANCING': {
      description: 'Share of third-party debt maturing within 12 months (red) or 24 months (amber) of the period end.',
      severities: ['red', 'amber'],
      thresholds: { red: 0.25, amber: 0.25 },
    },
    'FIN-GOING-CONCERN': {
      description: 'The auditor reports a material uncertainty on going concern, or the audit opinion is qualified, adverse or a disclaimer.',
      severities: ['red'],
      thresholds: {},
    },
    'FIN-LIQUIDITY': {
      description: 'Cash and undrawn non-shareholder facilities, in months of cash costs (revenue less EBITDA).',
      severities: ['red', 'amber'],
      thresholds: { red: 1, amber: 3 },
    },
    'FIN-NET-LIABILITIES': {
      description: 'Net assets: total assets less total liabilities.',
      severities: ['amber'],
      thresholds: { amber: 0 },
    },
    'FIN-ZSCORE': {
      description: "Altman Z'' score for private non-manufacturers.",
      severities: ['amber'],
      thresholds: { amber: 1.1 },
    },
    'FIN-DETERIORATION': {
      description: "Fall in EBITDA against the latest version of the previous period's return, or an operating loss in this and the previous return.",
      severities: ['amber'],
      thresholds: { amber: -0.20 },
    },
    'OWN-PE-BACKED': {
      description: 'A private-equity fund or fund manager holds the threshold share of effective ownership of the reporting entity, or controls it.',
      severities: ['info'],
      thresholds: { effectivePct: 25 },
    },
    'OWN-OFFSHORE': {
      description: 'The chain to an ultimate controller passes through Jersey, Guernsey, the Isle of Man, the Cayman Islands, the British Virgin Islands, Bermuda or Luxembourg.',
      severities: ['info'],
      thresholds: {},
    },
    'OWN-OPACITY': {
      description: 'Ownership resolved to ultimate owners falls short of the threshold, or the graph has a cycle that no root owns into.',
      severities: ['amber'],
      thresholds: { resolvedPct: 75 },
    },
    'OWN-HOLD-PERIOD': {
      description: 'A private-equity holder has held the group for longer than the threshold at the period end: sale or refinancing likely.',
      severities: ['info'],
      thresholds: { years: 5 },
    },
    'CONT-DIFFICULT-TO-REPLACE': {
      description: "Children placed, registered places, councils served or the largest share of one council's children looked after reach a threshold.",
      severities: ['info'],
      thresholds: { childrenPlaced: 250, places: 300, councilsServed: 20, maxCouncilDependence: 0.10 },
    },
    'CMP-LATE': {
      description: 'Return submitted more than the threshold number of calendar months after the period end.',
      severities: ['red', 'amber'],
      thresholds: { red: 9, amber: 6 },
    },
    'CMP-INCONSISTENT': {
      description: 'The balance sheet does not balance within the tolerance, or reported borrowings differ from the drawn amounts of non-lease facilities by more than the tolerance.',
      severities: ['amber'],
      thresholds: { balanceTolerance: 1000, borrowingsTolerance: 0.01 },
    },
    'SYS-CONTINUITY': {
      description: 'A private-equity-backed group that is difficult to replace, with a red financial flag or the threshold number of amber ones (red), or fewer amber ones (amber): its failure would threaten placement continuity.',
      severities: ['red', 'amber'],
      thresholds: { amberFinFlagsForRed: 2 },
    },
  },
}
