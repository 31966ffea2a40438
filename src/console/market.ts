// The market (CONSOLE.md): the hex map of the 153 councils shaded by the share of their
// looked-after children placed with red- or amber-rated groups, the groups by rating, the groups
// to bring into the scheme, what is overdue, the quality of settings in Ofsted's register, and the
// market stress test; and the profit cap simulated over the market. The regulator's alone, through
// the commands. A stress test and a cap simulation store nothing, so their forms are GET forms: the
// scenario is in the address, the page can be bookmarked and works without scripts.
import type { FastifyPluginAsync } from 'fastify'
import type { Deps } from '../commands/deps.js'
import { marketExposure } from '../commands/market.js'
import { ofstedRegisterInForce } from '../commands/ofsted-register.js'
import { designationCandidates, overdue } from '../commands/oversight.js'
import { providerImpact } from '../commands/impact.js'
import { simulateCap } from '../commands/profitability.js'
import { stressMarket } from '../commands/stress-tests.js'
import type { Actor } from '../domain/actor.js'
import { CAP_MEASURES, type CapMeasure } from '../domain/profitability.js'
import type { Rating } from '../domain/rating.js'
import type { StressScenario } from '../domain/stress.js'
import { Problem } from '../problems.js'
import type { FieldError } from './form-fields.js'
import { readNumber, scenarioText, STRESS_FIELDS, stressScenarioOf, textOf as text, type Query } from './stress-scenario.js'
import { marketMap } from './pictures/market-map.js'
import { escapeXml } from './pictures/svg.js'
import { capDistributionChart, capText, marginText } from './pictures/profit-cap.js'
import { RATINGS } from './words.js'

const grouped = (n: number) => n.toLocaleString('en-GB')
const pounds = (v: number) => `${v < 0 ? '−' : ''}£${grouped(Math.abs(Math.round(v)))}`

// ---- the market stress test ------------------------------------------------------------------

/**
 * The market under the scenario: the ratings before and after, the groups whose rating would
 * change, and the councils whose children those groups hold (each group's impact, as GET
 * /v1/providers/{id}/impact gives it).
 */
async function stressResults(deps: Deps, actor: Actor, scenario: StressScenario) {
  const result = await stressMarket(deps, actor, scenario)
  const impacts = await Promise.all(result.turned.map((g) => providerImpact(deps, actor, g.providerId)))
  const councils = new Map<string, { laCode: string; name: string; children: number; childrenLookedAfter: number | null; groups: Set<string> }>()
  impacts.forEach((impact, i) => {
    for (const line of impact.councils) {
      if (line.children <= 0) continue
      const c = councils.get(line.laCode) ?? { laCode: line.laCode, name: line.name, children: 0, childrenLookedAfter: line.childrenLookedAfter, groups: new Set<string>() }
      c.children += line.children
      c.groups.add(result.turned[i].name)
      councils.set(line.laCode, c)
    }
  })
  const affected = [...councils.values()].map((c) => ({
    ...c, groups: [...c.groups].sort(), share: c.childrenLookedAfter ? Math.min(1, c.children / c.childrenLookedAfter) : null,
  })).map((c) => ({ ...c, childrenText: grouped(c.children), shareText: c.share === null ? 'No figure' : `${(c.share * 100).toFixed(1)}%` })).sort((a, b) => (b.share ?? -1) - (a.share ?? -1) || b.children - a.children || a.name.localeCompare(b.name))
  const ratings = (['red', 'amber', 'green'] as const).map((r) => ({ tag: RATINGS[r], today: result.today[r], stressed: result.stressed[r] }))
  return {
    ...result,
    words: scenarioText(scenario),
    ratings,
    turned: result.turned.map((g) => ({
      ...g, fromTag: RATINGS[g.from as Rating], toTag: RATINGS[g.to as Rating],
      // one rule id a line: an id never breaks at its hyphens (ids are the ruleset's: no markup)
      flagsHtml: `<ul class="govuk-list govuk-!-font-size-16 govuk-!-margin-bottom-0">${g.flags.map((f) => `<li>${escapeXml(f)}</li>`).join('')}</ul>`,
    })),
    councils: affected,
    children: affected.reduce((n, c) => n + c.children, 0),
    childrenText: grouped(affected.reduce((n, c) => n + c.children, 0)),
  }
}

// ---- the quality of settings: Ofsted's register ----------------------------------------------

/** The register in force, or `undefined` when none has been loaded. */
async function ofstedRegister(deps: Deps, actor: Actor) {
  try {
    const load = await ofstedRegisterInForce(deps, actor)
    return 'byJudgement' in load ? load : undefined // asked without a URN: always the load's summary
  } catch (err) {
    if (err instanceof Problem && err.status === 404) return undefined
    throw err
  }
}

const JUDGEMENTS = [
  { key: 'outstanding', text: 'Outstanding' },
  { key: 'good', text: 'Good' },
  { key: 'requiresImprovement', text: 'Requires improvement to be good' },
  { key: 'inadequate', text: 'Inadequate' },
  { key: 'none', text: 'Not yet judged' },
] as const

// ---- the profit cap --------------------------------------------------------------------------

export const MEASURES: Record<CapMeasure, { text: string; hint: string }> = {
  operatingMargin: { text: 'Operating margin', hint: 'Operating profit as a share of revenue, as the CMA measured it.' },
  ebitdaMargin: { text: 'EBITDA margin', hint: 'EBITDA as a share of revenue, as the LGA-commissioned studies measured it.' },
  adjustedMargin: { text: 'Adjusted margin', hint: 'Operating profit with related-party rent, fees and other charges added back (disguised profit), as a share of revenue.' },
}

/** The cap a query asks for: `undefined` when none was asked (the form not sent), or its errors. */
export function capScenarioOf(q: Query): { values: { measure: string; capPct: string }; scenario?: { measure: CapMeasure; capPct: number }; errors: FieldError[] } | undefined {
  if (!('measure' in q) && !('capPct' in q)) return undefined
  const values = { measure: text(q, 'measure'), capPct: text(q, 'capPct') }
  const errors: FieldError[] = []
  const measure = (CAP_MEASURES as readonly string[]).includes(values.measure) ? values.measure as CapMeasure : undefined
  if (!measure) errors.push({ field: 'measure', text: 'Select how profit is measured' })
  const capPct = readNumber(values.capPct, /%$/)
  if (capPct === null) errors.push({ field: 'capPct', text: 'Enter the cap, as a percentage of revenue' })
  else if (Number.isNaN(capPct)) errors.push({ field: 'capPct', text: 'The cap must be a number, like 12.5' })
  else if (capPct < 0 || capPct > 100) errors.push({ field: 'capPct', text: 'The cap must be between 0% and 100%' })
  return errors.length || !measure || capPct === null ? { values, errors } : { values, scenario: { measure, capPct }, errors }
}

async function capResults(deps: Deps, actor: Actor, scenario: { measure: CapMeasure; capPct: number }) {
  const simulation = await simulateCap(deps, actor, scenario)
  const measure = MEASURES[scenario.measure].text
  const { totals } = simulation
  const groups = (n: number) => `${grouped(n)} group${n === 1 ? '' : 's'}`
  const sentence = totals.measured === 0
    ? `No group’s latest return can be measured by ${measure.toLowerCase()}.`
    : `With profit capped at ${capText(scenario.capPct)} of revenue by ${measure.toLowerCase()}, ${totals.over} of the ${groups(totals.measured)} measured would be over the cap`
      + (totals.over ? `, by ${pounds(totals.excess)} in all; they hold ${((totals.revenueShareOver ?? 0) * 100).toFixed(1)}% of the measured groups’ revenue.` : '.')
  return {
    ...simulation,
    measureText: measure,
    capText: capText(scenario.capPct),
    sentence: sentence + (totals.notMeasurable ? ` ${groups(totals.notMeasurable)} cannot be measured this way.` : ''),
    chart: capDistributionChart({
      id: 'profit-cap-chart', measure, capPct: scenario.capPct,
      groups: simulation.providers.map((p) => ({ name: p.name, value: p.measureValue, over: (p.excess ?? 0) > 0 })),
    }),
    rows: simulation.providers.map((p) => ({
      ...p,
      measureText: p.measureValue === null ? 'Not measurable' : marginText(p.measureValue * 100),
      revenueText: pounds(p.revenue),
      profitText: p.profit === null ? '' : pounds(p.profit),
      allowedText: p.allowed === null ? '' : pounds(p.allowed),
      excessText: p.excess === null ? '' : p.excess > 0 ? pounds(p.excess) : 'None',
    })),
  }
}

const REQUIREMENTS: Record<string, string> = {
  risk_mitigation_plan: 'Risk mitigation plan', independent_business_review: 'Independent business review', information: 'Information',
}

const errorFor = (errors: FieldError[]) => Object.fromEntries(errors.map((e) => [e.field, { text: e.text }]))

const market: FastifyPluginAsync = async (app) => {
  app.get('/market', { onRequest: app.signedIn('readMarket') }, async (req, reply) => {
    const deps = app.deps()
    const stress = stressScenarioOf(req.query as Query)
    const [exposure, candidates, late, ofsted, stressed] = await Promise.all([
      marketExposure(deps, req.actor), designationCandidates(deps, req.actor), overdue(deps, req.actor), ofstedRegister(deps, req.actor),
      stress?.scenario ? stressResults(deps, req.actor, stress.scenario) : undefined,
    ])
    const shares = Object.fromEntries(exposure.councils.map((c) => [c.laCode, c.share]))
    const names = Object.fromEntries(exposure.councils.map((c) => [c.laCode, c.name]))
    const mostExposed = exposure.councils.filter((c) => c.share !== null && c.share > 0)
      .sort((a, b) => b.share! - a.share! || a.name.localeCompare(b.name)).slice(0, 10)
    const errors = stress?.errors ?? []
    return reply.code(errors.length ? 400 : 200).view('pages/market.njk', {
      map: marketMap({ id: 'market-map', shares, names }),
      totals: (Object.keys(RATINGS) as Rating[]).map((r) => ({ tag: RATINGS[r], groups: exposure.groupsByRating[r], href: `/providers?rating=${r}` })),
      mostExposed,
      candidates: candidates.items.map((c) => ({ ...c, ratingTag: RATINGS[c.rating as Rating] })),
      late: { ...late, requirements: late.requirements.map((r) => ({ ...r, kindText: REQUIREMENTS[r.kind] ?? r.kind })) },
      ofsted: ofsted && {
        ...ofsted, settingsText: grouped(ofsted.settings), inadequateText: grouped(ofsted.byJudgement.inadequate),
        judgements: JUDGEMENTS.map((j) => ({ ...j, settingsText: grouped(ofsted.byJudgement[j.key]) })),
      },
      stressFields: STRESS_FIELDS,
      values: stress?.values ?? {},
      errors,
      errorFor: errorFor(errors),
      stressed,
    })
  })

  app.get('/market/profit-cap', { onRequest: app.signedIn('simulateProfitCap') }, async (req, reply) => {
    const cap = capScenarioOf(req.query as Query)
    const results = cap?.scenario ? await capResults(app.deps(), req.actor, cap.scenario) : undefined
    const errors = cap?.errors ?? []
    return reply.code(errors.length ? 400 : 200).view('pages/market-profit-cap.njk', {
      measures: CAP_MEASURES.map((m) => ({ value: m, ...MEASURES[m] })),
      values: cap?.values ?? {},
      errors,
      errorFor: errorFor(errors),
      results,
    })
  })
}
export default market
