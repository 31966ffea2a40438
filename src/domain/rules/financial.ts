// Financial rules (RULES.md, "Financial rules"). Every comparison is on unrounded metrics; every
// line is drawn by the ruleset in force.
import type { Covenant } from '../annual-return.js'
import {
  describeFacility, formatDate, formatMoney, formatMonths, formatMultiple, formatPercent, formatRatio,
  formatThreshold,
} from '../explain.js'
import {
  addCalendarMonths, altmanZ, availableLiquidity, isThirdPartyDebt, type CovenantHeadroom,
} from '../metrics.js'
import type { RuleId } from '../ruleset.js'
import {
  accountsInputs, ebitdaInputs, facilityIndexes, facilityInputs, flag, type JsonValue, type RuleCheck,
} from './rule.js'

const leverage: RuleCheck = ({ annualReturn, metrics: m }, { thresholds: t }) => {
  const a = annualReturn.accounts
  const debt = facilityIndexes(annualReturn.facilities, isThirdPartyDebt)
  const evidence = (thresholds: Record<string, number>) => ({
    metrics: { leverage: m.leverage, seniorNetDebt: m.seniorNetDebt, thirdPartyDebt: m.thirdPartyDebt, ebitda: m.ebitda },
    thresholds,
    inputs: { ...ebitdaInputs(a), ...accountsInputs(a, ['cash']), ...facilityInputs(annualReturn.facilities, debt, ['kind', 'drawn']) },
  })
  if (m.ebitda <= 0) {
    // no multiple to give: owing the banks with no earnings to pay them is red outright
    if (m.thirdPartyDebt <= 0) return null
    return flag('FIN-LEVERAGE', 'red',
      `EBITDA is ${formatMoney(m.ebitda)} against ${formatMoney(m.thirdPartyDebt)} of third-party debt `
      + '(red when EBITDA is nil or negative and third-party debt is owed).', evidence({}))
  }
  if (m.leverage === null) return null
  const severity = m.leverage >= t.red ? 'red' : m.leverage >= t.amber ? 'amber' : null
  if (severity === null) return null
  return flag('FIN-LEVERAGE', severity,
    `Senior net debt is ${formatMultiple(m.leverage)} EBITDA (${severity} at ${formatThreshold(t[severity])}x): `
    + `${formatMoney(m.seniorNetDebt)} net debt / ${formatMoney(m.ebitda)} EBITDA.`,
    evidence({ [severity]: t[severity] }))
}

const interestCover: RuleCheck = ({ annualReturn, metrics: m }, { thresholds: t }) => {
  if (m.interestCover === null) return null
  const severity = m.interestCover < t.red ? 'red' : m.interestCover < t.amber ? 'amber' : null
  if (severity === null) return null
  const a = annualReturn.accounts
  return flag('FIN-INTEREST-COVER', severity,
    `Interest cover is ${formatMultiple(m.interestCover)} (${severity} below ${formatThreshold(t[severity])}x): `
    + `${formatMoney(m.ebitda)} EBITDA / ${formatMoney(a.cashInterestPayable)} cash interest payable.`,
    {
      metrics: { interestCover: m.interestCover, ebitda: m.ebitda },
      thresholds: { [severity]: t[severity] },
      inputs: { ...ebitdaInputs(a), ...accountsInputs(a, ['cashInterestPayable']) },
    })
}

const METRIC_WORDS: Record<Covenant['metric'], string> = {
  leverage: 'leverage', interest_cover: 'interest cover', liquidity: 'liquidity', other: '',
}

/** A covenant figure as filed: multiples with an x, liquidity in pounds. */
const covenantFigure = (metric: Covenant['metric'], value: number) =>
  metric === 'leverage' || metric === 'interest_cover' ? `${formatThreshold(value)}x`
    : metric === 'liquidity' ? formatMoney(value) : formatThreshold(value)

const covenant: RuleCheck = ({ annualReturn, metrics: m }, { thresholds: t }) => {
  const tight = m.covenantHeadroom
    .filter((c): c is CovenantHeadroom & { headroom: number } => c.headroom !== null && c.headroom < t.amber)
    .sort((x, y) => x.headroom - y.headroom || x.facility - y.facility || x.covenant - y.covenant)
  if (tight.length === 0) return null
  const worst = tight[0]
  const severity = worst.headroom < t.red ? 'red' : 'amber'
  const facility = annualReturn.facilities[worst.facility]
  const name = `The ${METRIC_WORDS[worst.metric] ? `${METRIC_WORDS[worst.metric]} ` : ''}covenant on ${describeFacility(facility)}`
  const state = worst.headroom < 0 ? 'is breached' : `has ${formatPercent(worst.headroom)} headroom`
  const others = tight.length - 1
  const more = others === 0 ? ''
    : `; ${others} other covenant${others === 1 ? '' : 's'} below ${formatPercent(t.amber)} headroom`
  const covenantPointer = (c: CovenantHeadroom) => `/annualReturn/facilities/${c.facility}/covenants/${c.covenant}`
  return flag('FIN-COVENANT', severity,
    `${name} ${state}: ${covenantFigure(worst.metric, worst.actual)} against a `
    + `${worst.kind === 'max' ? 'maximum' : 'minimum'} of ${covenantFigure(worst.metric, worst.limit)} `
    + `(headroom ${formatPercent(worst.headroom)}, ${severity} below ${formatPercent(t[severity])}${more}).`,
    {
      metrics: {
        headroomMin: m.headroomMin,
        ...Object.fromEntries(tight.map(c => [`covenantHeadroom/${c.facility}/${c.covenant}`, c.headroom])),
      },
      thresholds: { [severity]: t[severity] },
      inputs: Object.fromEntries(tight.flatMap(c => {
        const filed = annualReturn.facilities[c.facility].covenants[c.covenant]
        return [
          [`/annualReturn/facilities/${c.facility}/lender`, c.lender],
          ...(['metric', 'kind', 'limit', 'actual', 'testDate'] as const)
            .map(field => [`${covenantPointer(c)}/${field}`, filed[field] as JsonValue]),
        ]
      })),
    })
}

const refinancing: RuleCheck = ({ annualReturn, metrics: m }, { thresholds: t }) => {
  const window = m.maturingWithin12m !== null && m.maturingWithin12m >= t.red ? { severity: 'red' as const, months: 12, share: m.maturingWithin12m }
    : m.maturingWithin24m !== null && m.maturingWithin24m >= t.amber ? { severity: 'amber' as const, months: 24, share: m.maturingWithin24m }
      : null
  if (window === null) return null
  const by = addCalendarMonths(annualReturn.periodEnd, window.months)
  const maturing = facilityIndexes(annualReturn.facilities, f => isThirdPartyDebt(f) && f.maturityDate.slice(0, 10) <= by)
  const amount = maturing.reduce((sum, i) => sum + annualReturn.facilities[i].drawn, 0)
  const metric = window.months === 12 ? 'maturingWithin12m' : 'maturingWithin24m'
  return flag('FIN-REFINANCING', window.severity,
    `${formatPercent(window.share)} of third-party debt matures within ${window.months} months of the period end, `
    + `by ${formatDate(by)} (${window.severity} at ${formatPercent(t[window.severity])}): `
    + `${formatMoney(amount)} of ${formatMoney(m.thirdPartyDebt)} drawn.`,
    {
      metrics: { [metric]: window.share, thirdPartyDebt: m.thirdPartyDebt },
      thresholds: { [window.severity]: t[window.severity] },
      inputs: {
        '/annualReturn/periodEnd': annualReturn.periodEnd,
        ...facilityInputs(annualReturn.facilities, maturing, ['kind', 'drawn', 'maturityDate']),
      },
    })
}

const OPINION_WORDS = {
  qualified: 'the audit opinion is qualified',
  adverse: 'the audit opinion is adverse',
  disclaimer: 'the auditor disclaimed an opinion',
} as const

const goingConcern: RuleCheck = ({ annualReturn }) => {
  const a = annualReturn.accounts
  const opinion = a.auditOpinion === 'qualified' || a.auditOpinion === 'adverse' || a.auditOpinion === 'disclaimer'
    ? OPINION_WORDS[a.auditOpinion] : null
  if (!a.goingConcernMaterialUncertainty && opinion === null) return null
  const reasons = [
    ...(a.goingConcernMaterialUncertainty ? ['the auditor reports a material uncertainty related to going concern'] : []),
    ...(opinion === null ? [] : [opinion]),
  ].join(' and ')
  return flag('FIN-GOING-CONCERN', 'red', `${reasons[0].toUpperCase()}${reasons.slice(1)}.`, {
    metrics: {},
    thresholds: {},
    inputs: accountsInputs(a, ['goingConcernMaterialUncertainty', 'auditOpinion']),
  })
}

const liquidity: RuleCheck = ({ annualReturn, metrics: m }, { thresholds: t }) => {
  if (m.liquidityMonths === null) return null
  const severity = m.liquidityMonths < t.red ? 'red' : m.liquidityMonths < t.amber ? 'amber' : null
  if (severity === null) return null
  const a = annualReturn.accounts
  const undrawn = facilityIndexes(annualReturn.facilities, f => !f.shareholderLoan && f.committed > f.drawn)
  return flag('FIN-LIQUIDITY', severity,
    `Cash and undrawn facilities cover ${formatRatio(m.liquidityMonths)} months of cash costs `
    + `(${severity} below ${formatMonths(t[severity])}): `
    + `${formatMoney(availableLiquidity(a, annualReturn.facilities))} / `
    + `${formatMoney((a.revenue - m.ebitda) / 12)} a month of revenue less EBITDA.`,
    {
      metrics: { liquidityMonths: m.liquidityMonths, ebitda: m.ebitda },
      thresholds: { [severity]: t[severity] },
      inputs: {
        ...accountsInputs(a, ['cash', 'revenue']),
        ...ebitdaInputs(a),
        ...facilityInputs(annualReturn.facilities, undrawn, ['committed', 'drawn']),
      },
    })
}

const netLiabilities: RuleCheck = ({ annualReturn, metrics: m }, { thresholds: t }) => {
  if (!(m.netAssets < t.amber)) return null
  const a = annualReturn.accounts
  return flag('FIN-NET-LIABILITIES', 'amber',
    `Net assets are ${formatMoney(m.netAssets)} (amber below ${formatMoney(t.amber)}): `
    + `${formatMoney(a.totalAssets)} total assets less ${formatMoney(a.totalLiabilities)} total liabilities.`,
    {
      metrics: { netAssets: m.netAssets },
      thresholds: { amber: t.amber },
      inputs: accountsInputs(a, ['totalAssets', 'totalLiabilities']),
    })
}

const zScore: RuleCheck = ({ annualReturn, metrics: m }, { thresholds: t }) => {
  const a = annualReturn.accounts
  const z = altmanZ(a)
  if (m.zScore === null || z === null || !(m.zScore < t.amber)) return null
  return flag('FIN-ZSCORE', 'amber',
    `Altman Z'' score is ${formatRatio(m.zScore)} (amber below ${formatThreshold(t.amber)}): `
    + `${formatMoney(a.currentAssets - a.currentLiabilities)} working capital, `
    + `${formatMoney(a.retainedEarnings)} retained earnings and ${formatMoney(a.operatingProfit)} operating profit `
    + `on ${formatMoney(a.totalAssets)} total assets; ${formatMoney(m.netAssets)} net assets `
    + `on ${formatMoney(a.totalLiabilities)} total liabilities.`,
    {
      metrics: { zScore: m.zScore, x1: z.x1, x2: z.x2, x3: z.x3, x4: z.x4 },
      thresholds: { amber: t.amber },
      inputs: accountsInputs(a, [
        'currentAssets', 'currentLiabilities', 'retainedEarnings', 'operatingProfit', 'totalAssets', 'totalLiabilities',
      ]),
    })
}

const deterioration: RuleCheck = ({ annualReturn, metrics: m, previous }, { thresholds: t }) => {
  const a = annualReturn.accounts
  const fell = m.ebitdaChange !== null && m.ebitdaChange <= t.amber
  const losses = previous !== null && a.operatingProfit < 0 && previous.operatingProfit < 0
  if (!fell && !losses) return null
  const sentences = [
    ...(fell ? [`EBITDA fell ${formatPercent(-m.ebitdaChange!)} on the previous period `
      + `(amber at a ${formatPercent(-t.amber)} fall): ${formatMoney(m.ebitda)} against ${formatMoney(previous!.ebitda!)}.`] : []),
    ...(losses ? [`Operating loss in this and the previous return: ${formatMoney(a.operatingProfit)} `
      + `and ${formatMoney(previous!.operatingProfit)} operating profit.`] : []),
  ]
  return flag('FIN-DETERIORATION', 'amber', sentences.join(' '), {
    metrics: { ebitdaChange: m.ebitdaChange, ebitda: m.ebitda },
    thresholds: fell ? { amber: t.amber } : {},
    inputs: {
      ...(fell ? { ...ebitdaInputs(a), '/previous/ebitda': previous!.ebitda! } : {}),
      ...(losses ? { '/annualReturn/accounts/operatingProfit': a.operatingProfit, '/previous/operatingProfit': previous!.operatingProfit } : {}),
    },
  })
}

export const financialRules = {
  'FIN-LEVERAGE': leverage,
  'FIN-INTEREST-COVER': interestCover,
  'FIN-COVENANT': covenant,
  'FIN-REFINANCING': refinancing,
  'FIN-GOING-CONCERN': goingConcern,
  'FIN-LIQUIDITY': liquidity,
  'FIN-NET-LIABILITIES': netLiabilities,
  'FIN-ZSCORE': zScore,
  'FIN-DETERIORATION': deterioration,
} satisfies Partial<Record<RuleId, RuleCheck>>
