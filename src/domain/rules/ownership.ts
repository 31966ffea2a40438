// Ownership rules (RULES.md, "Ownership rules"): they read the resolved ownership graph, never the
// filed one, so a native graph and BODS statements are judged alike.
import {
  ENTITY_KIND_NAMES, OFFSHORE_JURISDICTIONS, formatDate, formatPercentFigure, listInWords,
} from '../explain.js'
import { addCalendarMonths } from '../metrics.js'
import type { OwnershipResolution, ResolvedEntity } from '../ownership/types.js'
import type { RuleId, Ruleset } from '../ruleset.js'
import { flag, type JsonValue, type RuleCheck } from './rule.js'

const PRIVATE_EQUITY = new Set(['private_equity_fund', 'fund_manager'])
/**
 * Effective percentages are sums of products of filed shares and carry binary noise
 * (0.7 × 0.35 × 100 is 24.499999999999996): a line is met within this, as the resolution does.
 */
const PCT_NOISE = 1e-9

/**
 * The private-equity holders as the ruleset draws the line: a fund or fund manager (not the
 * reporting entity itself) with at least the threshold effective ownership, or control. Largest
 * first, then by ref, each with its index in the resolution's entities.
 */
export const privateEquityHolders = (ownership: OwnershipResolution, ruleset: Ruleset) => {
  const threshold = ruleset.rules['OWN-PE-BACKED']?.thresholds.effectivePct ?? 25
  return ownership.entities
    .map((entity, index) => ({ entity, index }))
    .filter(({ entity: e }) => PRIVATE_EQUITY.has(e.kind) && e.ref !== ownership.reportingEntity
      && (e.effectivePct >= threshold - PCT_NOISE || e.controls))
    .sort((x, y) => y.entity.effectivePct - x.entity.effectivePct || (x.entity.ref < y.entity.ref ? -1 : x.entity.ref > y.entity.ref ? 1 : 0))
}

const holding = (e: ResolvedEntity) =>
  e.controls && e.effectivePct > 0 ? `holds ${formatPercentFigure(e.effectivePct)} of the group and controls it`
    : e.controls ? 'controls the group' : `holds ${formatPercentFigure(e.effectivePct)} of the group`

const entityInputs = (index: number, e: ResolvedEntity): [string, JsonValue][] => [
  [`/ownership/entities/${index}/name`, e.name],
  [`/ownership/entities/${index}/kind`, e.kind],
  [`/ownership/entities/${index}/effectivePct`, e.effectivePct],
  [`/ownership/entities/${index}/controls`, e.controls],
]

const peBacked: RuleCheck = ({ ownership, ruleset }, { thresholds: t }) => {
  const holders = privateEquityHolders(ownership, ruleset)
  if (holders.length === 0) return null
  return flag('OWN-PE-BACKED', 'info',
    `Private-equity-backed (info at ${formatPercentFigure(t.effectivePct)} or control): `
    + holders.map(({ entity: e }) => `${e.name} (${ENTITY_KIND_NAMES[e.kind]}) ${holding(e)}`).join('; ') + '.',
    {
      metrics: Object.fromEntries(holders.map(({ entity: e }) => [`effectivePct/${e.ref}`, e.effectivePct])),
      thresholds: holders.some(({ entity: e }) => e.effectivePct >= t.effectivePct - PCT_NOISE) ? { effectivePct: t.effectivePct } : {},
      inputs: Object.fromEntries(holders.flatMap(({ entity, index }) => entityInputs(index, entity))),
    })
}

const offshore: RuleCheck = ({ ownership }) => {
  if (!ownership.offshore) return null
  const byRef = new Map(ownership.entities.map(e => [e.ref, e]))
  const chains = ownership.ultimateControllers.flatMap((uc, index) => {
    const places = [...new Set(uc.path.flatMap(ref => {
      const code = byRef.get(ref)?.jurisdiction ?? (ref === uc.ref ? uc.jurisdiction : '')
      return Object.hasOwn(OFFSHORE_JURISDICTIONS, code) ? [code] : []
    }))]
    return places.length === 0 ? [] : [{ uc, index, places }]
  })
  const explanation = chains.length === 0
    ? `A chain to an ultimate controller passes through an offshore jurisdiction (${ownership.depth} interests deep).`
    : chains.map(({ uc, places }, i) =>
      `${i === 0 ? 'The' : 'the'} chain to ${uc.name} passes through ${listInWords(places.map(code => OFFSHORE_JURISDICTIONS[code]))}: `
      + uc.path.map(ref => byRef.get(ref)?.name ?? ref).join(' → ')).join('; ') + '.'
  return flag('OWN-OFFSHORE', 'info', explanation, {
    metrics: { depth: ownership.depth },
    thresholds: {},
    inputs: {
      '/ownership/offshore': true,
      '/ownership/depth': ownership.depth,
      ...Object.fromEntries(chains.map(({ uc, index }) => [`/ownership/ultimateControllers/${index}/path`, uc.path])),
    },
  })
}

const opacity: RuleCheck = ({ ownership }, { thresholds: t }) => {
  const short = ownership.resolvedPct < t.resolvedPct - PCT_NOISE
  const unowned = ownership.cycles.map((cycle, index) => ({ cycle, index })).filter(({ cycle }) => !cycle.ownedByRoot)
  if (!short && unowned.length === 0) return null
  const byRef = new Map(ownership.entities.map(e => [e.ref, e.name]))
  const sentences = [
    ...(short ? [`Only ${formatPercentFigure(ownership.resolvedPct)} of the ownership resolves to declared ultimate owners `
      + `(amber below ${formatPercentFigure(t.resolvedPct)}).`] : []),
    ...unowned.map(({ cycle }) => cycle.refs.length === 1
      ? `${byRef.get(cycle.refs[0]) ?? cycle.refs[0]} holds itself, and no root owns into it.`
      : `${listInWords(cycle.refs.map(ref => byRef.get(ref) ?? ref))} hold one another, and no root owns into them.`),
  ]
  return flag('OWN-OPACITY', 'amber', sentences.join(' '), {
    metrics: { resolvedPct: ownership.resolvedPct },
    thresholds: short ? { resolvedPct: t.resolvedPct } : {},
    inputs: {
      '/ownership/resolvedPct': ownership.resolvedPct,
      ...Object.fromEntries(unowned.map(({ cycle, index }) => [`/ownership/cycles/${index}/refs`, cycle.refs])),
    },
  })
}

const holdPeriod: RuleCheck = ({ annualReturn, ownership, ruleset }, { thresholds: t }) => {
  const periodEnd = annualReturn.periodEnd.slice(0, 10)
  const since = new Map(ownership.peHolders.map((h, index) => [h.ref, { heldSince: h.heldSince, index }]))
  const long = privateEquityHolders(ownership, ruleset).flatMap(({ entity }) => {
    const held = since.get(entity.ref)
    // "more than N years": the anniversary itself is not yet more
    return held?.heldSince !== undefined && periodEnd > addCalendarMonths(held.heldSince, t.years * 12)
      ? [{ entity, heldSince: held.heldSince, index: held.index }] : []
  })
  if (long.length === 0) return null
  return flag('OWN-HOLD-PERIOD', 'info',
    [...new Set(long.map(h => h.heldSince))].map(since => {
      const names = long.filter(h => h.heldSince === since).map(h => h.entity.name)
      return `${listInWords(names)} ${names.length === 1 ? 'has' : 'have'} held the group since ${formatDate(since)}`
    }).join('; ')
    + `, more than ${t.years} years at the period end of ${formatDate(periodEnd)}: sale or refinancing likely.`,
    {
      metrics: {},
      thresholds: { years: t.years },
      inputs: {
        '/annualReturn/periodEnd': annualReturn.periodEnd,
        ...Object.fromEntries(long.map(({ heldSince, index }) => [`/ownership/peHolders/${index}/heldSince`, heldSince])),
      },
    })
}

export const ownershipRules = {
  'OWN-PE-BACKED': peBacked,
  'OWN-OFFSHORE': offshore,
  'OWN-OPACITY': opacity,
  'OWN-HOLD-PERIOD': holdPeriod,
} satisfies Partial<Record<RuleId, RuleCheck>>
