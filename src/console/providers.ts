// The groups (CONSOLE.md): every group with its rating and designation, found by name, and one
// group's page: its standing, latest assessment and key metrics with their trends, ownership
// diagram, placements and settings by council, its settings beside Ofsted's register,
// profitability against a cap, designation, returns, requirements and notices; and, for the
// regulator, the forms to designate it, set a requirement, issue a notice and run a stress test.
// Every read and change is the API's own command with the person's actor, so a provider sees its
// own group only (another group is a 404, as in the API) and a council none (403).
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { Deps } from '../commands/deps.js'
import { designateProvider, getProvider, listProviders } from '../commands/providers.js'
import { assessmentOfReturn, latestAssessmentOfProvider, stability } from '../commands/assessments.js'
import { ownershipOfProvider } from '../commands/ownership.js'
import { getReturn, listReturns } from '../commands/returns.js'
import { requirementsOfProvider, setRequirement } from '../commands/requirements.js'
import { issueNotice, noticesOfProvider } from '../commands/notices.js'
import { rulesInForce } from '../commands/rulesets.js'
import { listCouncils } from '../commands/councils.js'
import { profitabilityOfProvider } from '../commands/profitability.js'
import { settingsOfProvider } from '../commands/ofsted-register.js'
import { stressProvider } from '../commands/stress-tests.js'
import type { AnnualReturn } from '../domain/annual-return.js'
import { mayDo } from '../domain/access.js'
import type { Actor } from '../domain/actor.js'
import type { Rating } from '../domain/rating.js'
import { Problem } from '../problems.js'
import { ownershipDiagram } from './pictures/ownership.js'
import { keyMetricTrends, trendChart, type PeriodFigures, type RulesetLines } from './pictures/trends.js'
import { fieldOf, type FieldError } from './form-fields.js'
import { RATINGS, valueText } from './words.js'
import { readCap, readNotice, readRequirement, REQUIREMENT_KINDS } from './provider-forms.js'
import { STRESS_FIELDS, stressScenarioOf } from './stress-scenario.js'
import { placementsByCouncil, pounds, profitabilityAgainstCap, settingsWithJudgements, stressOutcome } from './provider-sections.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const PAGE_SIZE = 50
/** The periods the trend charts show, the latest ones. */
const TREND_PERIODS = 6

/** A read that finds nothing (a group with no return yet, no ownership filed) is no section, not an error page. */
async function orNone<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read
  } catch (err) {
    if (err instanceof Problem && err.status === 404) return undefined
    throw err
  }
}

/**
 * The key figures of the group's latest periods (each period's latest version), oldest first, and
 * the latest period's return as filed (its placements and settings).
 */
async function periodFigures(deps: Deps, actor: Actor, providerId: string): Promise<{ figures: PeriodFigures[]; latest?: AnnualReturn }> {
  const versions = (await listReturns(deps, actor, providerId, { limit: 200 })).items
  const latest = versions.filter((v) => v.supersededBy === null)
    .sort((a, b) => a.periodEnd.localeCompare(b.periodEnd)).slice(-TREND_PERIODS)
  const periods = await Promise.all(latest.map(async (v) => {
    const [filed, assessment] = await Promise.all([getReturn(deps, actor, v.id), assessmentOfReturn(deps, actor, v.id)])
    const m = assessment.metrics as { leverage: number | null; interestCover: number | null; liquidityMonths: number | null; ebitda: number }
    const body = filed.body as AnnualReturn
    return {
      body,
      figures: {
        period: v.periodEnd.slice(0, 4), leverage: m.leverage, interestCover: m.interestCover, liquidityMonths: m.liquidityMonths,
        revenue: body.accounts.revenue, ebitda: m.ebitda, operatingProfit: body.accounts.operatingProfit,
      },
    }
  }))
  return { figures: periods.map((p) => p.figures), latest: periods.at(-1)?.body }
}

/** The cap the page reads margins against unless asked for another: the ruleset's PRF-MARGIN line, else 20%. */
const defaultCapPct = (rules: RulesetLines) => {
  const line = rules.rules['PRF-MARGIN']?.thresholds?.adjustedMargin
  return typeof line === 'number' ? Math.round(line * 1000) / 10 : 20
}

const METRICS: Array<{ key: string; label: string; format: (v: number) => string }> = [
  { key: 'leverage', label: 'Leverage (senior net debt to EBITDA)', format: (v) => `${v.toFixed(1)}×` },
  { key: 'interestCover', label: 'Interest cover', format: (v) => `${v.toFixed(2)}×` },
  { key: 'liquidityMonths', label: 'Liquidity', format: (v) => `${v.toFixed(1)} months` },
  { key: 'ebitda', label: 'EBITDA', format: pounds },
  { key: 'seniorNetDebt', label: 'Senior net debt', format: pounds },
  { key: 'netAssets', label: 'Net assets', format: pounds },
  { key: 'zScore', label: 'Z-score', format: (v) => v.toFixed(2) },
  { key: 'headroomMin', label: 'Tightest covenant headroom', format: (v) => `${(v * 100).toFixed(1)}%` },
  { key: 'childrenPlaced', label: 'Children placed', format: (v) => v.toLocaleString('en-GB') },
  { key: 'councilsServed', label: 'Councils served', format: (v) => v.toLocaleString('en-GB') },
]

const metricRows = (metrics: Record<string, unknown>) => METRICS.map(({ key, label, format }) => {
  const v = metrics[key]
  return { key: { text: label }, value: { text: typeof v === 'number' ? format(v) : v === null || v === undefined ? 'Not defined for this period' : valueText(v) } }
})

const yesNo = (b: boolean | null) => (b === null ? 'Not known' : b ? 'Yes' : 'No')

const providers: FastifyPluginAsync = async (app) => {
  app.get('/providers', { onRequest: app.signedIn('listProviders') }, async (req, reply) => {
    const q = req.query as Record<string, unknown>
    const rating = typeof q.rating === 'string' && q.rating in RATINGS ? q.rating as Rating : undefined
    const designated = q.designated === 'yes' ? true : q.designated === 'no' ? false : undefined
    const peBacked = q.peBacked === 'yes' ? true : q.peBacked === 'no' ? false : undefined
    const cursor = typeof q.cursor === 'string' && q.cursor.length > 0 && q.cursor.length <= 500 ? q.cursor : undefined
    // The API's own limit on a name to find; a longer one is cut there rather than refused.
    const name = typeof q.name === 'string' ? q.name.trim().slice(0, 200) || undefined : undefined
    const filters = { rating, designated, peBacked, name }
    const page = await listProviders(app.deps(), req.actor, { ...filters, cursor, limit: PAGE_SIZE }).catch((err) => {
      if (cursor && err instanceof Problem && err.status === 400) return listProviders(app.deps(), req.actor, { ...filters, limit: PAGE_SIZE })
      throw err
    })
    const href = (more: Record<string, string | undefined>) => {
      const s = new URLSearchParams()
      const all = { name, rating, designated: designated === undefined ? undefined : designated ? 'yes' : 'no', peBacked: peBacked === undefined ? undefined : peBacked ? 'yes' : 'no', ...more }
      for (const [k, v] of Object.entries(all)) if (v) s.set(k, v)
      return s.size ? `/providers?${s}` : '/providers'
    }
    return reply.view('pages/providers.njk', {
      values: { name: name ?? '', rating: rating ?? '', designated: q.designated === 'yes' || q.designated === 'no' ? q.designated : '', peBacked: q.peBacked === 'yes' || q.peBacked === 'no' ? q.peBacked : '' },
      groups: page.items.map((p) => ({ ...p, ratingTag: RATINGS[p.rating as Rating], peText: yesNo(p.peBacked) })),
      ratingItems: Object.entries(RATINGS).map(([value, tag]) => ({ value, text: tag.text })),
      nextHref: page.nextCursor ? href({ cursor: page.nextCursor }) : undefined,
      firstHref: cursor ? href({}) : undefined,
      filtered: Boolean(name || rating || designated !== undefined || peBacked !== undefined),
    })
  })

  /** The forms' problems and values when a post is shown again; the cap's when the page is asked for another. */
  interface FormState { errors?: FieldError[]; values?: Record<string, string> }

  async function groupPage(req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, status = 200, form: FormState = {}) {
    const deps = app.deps()
    const { actor } = req
    const id = req.params.id.toLowerCase()
    const group = await getProvider(deps, actor, id)
    const regulator = mayDo(actor, 'readProviderNotices')
    const [standing, assessment, ownership, returns, periods, requirements, notices, rules, profit, settings, councils] = await Promise.all([
      stability(deps, actor, id),
      orNone(latestAssessmentOfProvider(deps, actor, id)),
      orNone(ownershipOfProvider(deps, actor, id)),
      listReturns(deps, actor, id, { limit: 20 }),
      periodFigures(deps, actor, id),
      requirementsOfProvider(deps, actor, id),
      regulator ? noticesOfProvider(deps, actor, id) : undefined,
      rulesInForce(deps, actor),
      profitabilityOfProvider(deps, actor, id),
      orNone(settingsOfProvider(deps, actor, id)),
      listCouncils(deps, actor),
    ])
    const notice = req.session.get('notice')
    if (notice) req.session.set('notice', undefined)
    const councilName = new Map(councils.items.map((c) => [c.laCode, c.name]))
    const q = req.query as Record<string, unknown>
    const cap = readCap(typeof q.capPct === 'string' ? q.capPct : undefined, defaultCapPct(rules))
    const errors = [...(form.errors ?? []), ...cap.errors]
    const latestFigures = periods.figures.at(-1)
    const profitPeriods = profit.periods.filter((p) => Object.values(p.metrics).some((v) => typeof v === 'number'))
    return reply.code(errors.length && status === 200 ? 400 : status).view('pages/provider.njk', {
      group, standing, notice, regulator,
      ratingTag: RATINGS[standing.rating as Rating],
      pe: yesNo(standing.peBacked),
      assessment: assessment && { ...assessment, rows: metricRows(assessment.metrics as Record<string, unknown>) },
      ownership: ownership && ownershipDiagram(ownership, { id: 'ownership', groupName: group.name }),
      ownershipAsOf: ownership?.asOf,
      trends: periods.figures.length ? keyMetricTrends('trend', periods.figures, rules).map(trendChart) : [],
      placements: periods.latest && placementsByCouncil(periods.latest, councils.items),
      latestPeriodEnd: standing.lastReturnPeriodEnd,
      settings: settings && { ...settings, ...settingsWithJudgements(settings.settings, (laCode) => councilName.get(laCode) ?? laCode) },
      profit: profitPeriods.length ? profitabilityAgainstCap(profitPeriods, cap.capPct, latestFigures?.revenue, profit.marketPercentile) : undefined,
      cap: { pct: cap.capPct, value: cap.value },
      returns: returns.items,
      requirements: requirements.items.map((r) => ({ ...r, kindText: REQUIREMENT_KINDS[r.kind as keyof typeof REQUIREMENT_KINDS]?.text ?? r.kind })),
      notices: notices?.items.map((n) => ({ ...n, councilsText: n.addressees.map((a) => councilName.get(a.laCode) ?? a.laCode).join(', ') })),
      // whom a notice issued now would go to: the latest return's placements, as issueNotice addresses it
      noticeCouncils: periods.latest ? [...new Set(periods.latest.placements.filter((p) => p.children > 0).map((p) => p.laCode))].map((laCode) => councilName.get(laCode) ?? laCode) : [],
      mayDesignate: mayDo(actor, 'designate'),
      maySetRequirement: mayDo(actor, 'setRequirement'),
      mayIssueNotice: mayDo(actor, 'issueNotice'),
      mayStressTest: mayDo(actor, 'stressTest') && Boolean(periods.latest),
      mayFileReturn: mayDo(actor, 'fileReturn'),
      mayAnswer: mayDo(actor, 'answerRequirement'),
      requirementKinds: Object.entries(REQUIREMENT_KINDS).map(([value, k]) => ({ value, text: k.text, hint: { text: k.hint } })),
      stressFields: STRESS_FIELDS,
      errors,
      errorFor: Object.fromEntries(errors.map((e) => [e.field, { text: e.text }])),
      values: form.values ?? {},
    })
  }

  const groupRoute = { schema: { params: { type: 'object', properties: { id: { type: 'string', pattern: UUID.source } }, required: ['id'] } } }

  app.get<{ Params: { id: string } }>('/providers/:id', { ...groupRoute, onRequest: app.signedIn('readProvider') }, async (req, reply) => groupPage(req, reply))

  app.post<{ Params: { id: string } }>('/providers/:id/designation', { ...groupRoute, onRequest: app.signedIn('designate') }, async (req, reply) => {
    const field = fieldOf(req.body)
    const choice = field('designated')
    const reason = field('reason').trim()
    const responsibleIndividual = field('responsibleIndividual').trim()
    const values = { designated: choice, reason: field('reason'), responsibleIndividual: field('responsibleIndividual') }
    const errors: FieldError[] = []
    if (choice !== 'yes' && choice !== 'no') errors.push({ field: 'designated', text: 'Select whether the group is in the oversight scheme' })
    if (!reason) errors.push({ field: 'reason', text: 'Enter the reason for the decision' })
    else if (reason.length > 2000) errors.push({ field: 'reason', text: 'The reason must be 2,000 characters or fewer' })
    if (responsibleIndividual.length > 200) errors.push({ field: 'responsibleIndividual', text: 'The responsible individual’s name must be 200 characters or fewer' })
    if (errors.length) return groupPage(req, reply, 400, { errors, values })
    await designateProvider(app.deps(), req.actor, req.params.id.toLowerCase(), {
      designated: choice === 'yes', reason, ...(responsibleIndividual ? { responsibleIndividual } : {}),
    })
    req.session.set('notice', choice === 'yes' ? 'The group is now designated.' : 'The group is no longer designated.')
    return reply.redirect(`/providers/${req.params.id}#designation`, 303)
  })

  app.post<{ Params: { id: string } }>('/providers/:id/requirements', { ...groupRoute, onRequest: app.signedIn('setRequirement') }, async (req, reply) => {
    const deps = app.deps()
    const read = readRequirement(fieldOf(req.body), deps.now.toISOString().slice(0, 10))
    if (!read.requirement) return groupPage(req, reply, 400, read)
    const set = await setRequirement(deps, req.actor, req.params.id.toLowerCase(), read.requirement)
    req.session.set('notice', `${REQUIREMENT_KINDS[set.kind].text} required by ${new Date(`${set.dueDate}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' })}.`)
    return reply.redirect(`/providers/${req.params.id}#requirements`, 303)
  })

  app.post<{ Params: { id: string } }>('/providers/:id/notices', { ...groupRoute, onRequest: app.signedIn('issueNotice') }, async (req, reply) => {
    const read = readNotice(fieldOf(req.body))
    if (!read.notice) return groupPage(req, reply, 400, read)
    const issued = await issueNotice(app.deps(), req.actor, req.params.id.toLowerCase(), read.notice)
    const n = issued.addressees.length
    req.session.set('notice', n ? `Notice issued to ${n === 1 ? '1 council' : `${n} councils`}.` : 'Notice issued. The group’s latest return places no children, so no council was told.')
    return reply.redirect(`/providers/${req.params.id}#notices`, 303)
  })

  // A stress test changes nothing: its form is a GET, and its result a page of its own that can be
  // bookmarked or sent on, with the form again to try another scenario.
  app.get<{ Params: { id: string } }>('/providers/:id/stress-test', { ...groupRoute, onRequest: app.signedIn('stressTest') }, async (req, reply) => {
    const deps = app.deps()
    const id = req.params.id.toLowerCase()
    const group = await getProvider(deps, req.actor, id)
    const q = req.query as Record<string, unknown>
    const read = stressScenarioOf(q)
    const result = read?.scenario ? await orNone(stressProvider(deps, req.actor, id, read.scenario)) : undefined
    const errors = read?.errors ?? []
    return reply.code(errors.length ? 400 : 200).view('pages/provider-stress-test.njk', {
      group, stressFields: STRESS_FIELDS, values: read?.values ?? {}, errors,
      errorFor: Object.fromEntries(errors.map((e) => [e.field, { text: e.text }])),
      noReturn: Boolean(read?.scenario && !result),
      result: result && { ...stressOutcome(result), rulesetVersion: result.rulesetVersion },
    })
  })
}
export default providers
