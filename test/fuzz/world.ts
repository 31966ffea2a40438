// A small real market for the authorisation matrix and the fuzzer: two provider groups with
// filed returns (one troubled: flags, a notice, a requirement), councils that are and are not
// addressed, and a council webhook when the app has webhook routes. Built through the API, so
// every id is one the service issued.
import { readFileSync } from 'node:fs'
import { randomUUID } from 'node:crypto'
import { bearer, seedProvider, tokenFor } from '../helper.js'
import { smallReturn } from '../fixtures/returns.js'
import type { App } from '../../src/app.js'

/** The fixtures are valid on this day (src/demo/returns.ts). */
export const TODAY = new Date('2026-11-23T10:00:00Z')

/** The roles of the matrix: who asks, about whose object. */
export const ROLES = ['anonymous', 'regulator', 'providerOwn', 'providerOther', 'councilOwn', 'councilOther'] as const
export type MatrixRole = typeof ROLES[number]

export const ixbrlDocument = () => readFileSync(new URL('../fixtures/ixbrl/frs102-group.xhtml', import.meta.url), 'utf8')

export interface World {
  /** The troubled group: a return with placements in the own council, flags, notices, a requirement. */
  providerId: string
  returnId: string
  /** Another group with a return of its own (the "other" provider; its return is the one amended). */
  otherProviderId: string
  otherReturnId: string
  /** Open flags of the troubled group: [0] for reads and notes, [1] to be transitioned. */
  flagIds: string[]
  /** Addressed to the own council: [0] for reads and acknowledgement, [1] to be withdrawn. */
  noticeIds: string[]
  requirementId: string
  /** Addressed by the notices (the troubled group places children there). */
  councilOwn: string
  /** A real council the troubled group holds no children of. */
  councilOther: string
  rulesetVersion: string
  /** The own council's webhooks ([0] for reads, [1] to be deactivated), when the app has webhook routes. */
  webhookIds: string[]
  /** Valid tokens, by role, for the troubled group and the own council. */
  tokens: Record<Exclude<MatrixRole, 'anonymous'>, string>
}

const ok = (what: string, res: { statusCode: number; body: string }, status = [200, 201]) => {
  if (!status.includes(res.statusCode)) throw new Error(`world: ${what} answered ${res.statusCode} ${res.body.slice(0, 500)}`)
  return JSON.parse(res.body)
}

export const hasRoute = (app: App, method: string, url: string) => app.hasRoute({ method: method as 'GET', url })

/** Seeds the world through the API; the app's clock must be TODAY (or later). */
export async function buildWorld(app: App): Promise<World> {
  const regulator = await bearer({ role: 'regulator' })
  const councilOwn = 'E09000007'
  const councilOther = 'E10000034'

  const troubled = await seedProvider(app)
  const body = smallReturn({ laCodes: [councilOwn, 'E09000001', 'E08000025'] })
  body.accounts.goingConcernMaterialUncertainty = true
  body.accounts.auditOpinion = 'qualified'
  body.placements = [{ laCode: councilOwn, children: 12 }, { laCode: 'E09000001', children: 7 }, { laCode: 'E08000025', children: 3 }]
  const filed = ok('troubled return', await app.inject({
    method: 'POST', url: `/v1/providers/${troubled.id}/returns`, headers: await bearer({ role: 'provider', providerId: troubled.id }), payload: body,
  }))

  // An earlier year too, so the group's returns come in more than one page (its latest stays the above).
  ok('earlier return', await app.inject({
    method: 'POST', url: `/v1/providers/${troubled.id}/returns`, headers: await bearer({ role: 'provider', providerId: troubled.id }),
    payload: smallReturn({ periodEnd: '2024-03-31', laCodes: [councilOwn, 'E09000001'] }),
  }))

  const other = await seedProvider(app)
  const otherFiled = ok('other return', await app.inject({
    method: 'POST', url: `/v1/providers/${other.id}/returns`, headers: await bearer({ role: 'provider', providerId: other.id }),
    payload: smallReturn({ seed: 7, laCodes: [councilOther, 'E06000001'] }),
  }))

  const flags = ok('flags', await app.inject({ url: `/v1/flags?providerId=${troubled.id}&status=open&limit=200`, headers: regulator })).items as Array<{ id: string }>
  if (flags.length < 2) throw new Error(`world: the troubled group raised ${flags.length} flags; 2 are needed`)

  const noticeIds: string[] = []
  for (const summary of ['Lenders have not renewed the facilities; the auditor doubts the group is a going concern.', 'A second notice, to be withdrawn.']) {
    noticeIds.push(ok('notice', await app.inject({
      method: 'POST', url: `/v1/providers/${troubled.id}/notices`, headers: regulator, payload: { kind: 'failure_likely', summary },
    })).id)
  }
  const requirement = ok('requirement', await app.inject({
    method: 'POST', url: `/v1/providers/${troubled.id}/requirements`, headers: regulator,
    payload: { kind: 'risk_mitigation_plan', detail: 'A continuity plan for every placement.', dueDate: '2027-01-31' },
  }))
  const rules = ok('rules', await app.inject({ url: '/v1/rules', headers: regulator }))

  const webhookIds: string[] = []
  if (hasRoute(app, 'POST', '/v1/councils/:laCode/webhooks')) {
    const council = await bearer({ role: 'council', laCode: councilOwn })
    for (const n of [1, 2]) {
      webhookIds.push(ok('webhook', await app.inject({
        method: 'POST', url: `/v1/councils/${councilOwn}/webhooks`, headers: council, payload: { url: `https://notices.example.gov.uk/hook-${n}` },
      })).id)
    }
  }

  return {
    providerId: troubled.id, returnId: filed.id, otherProviderId: other.id, otherReturnId: otherFiled.id,
    flagIds: flags.map((f) => f.id), noticeIds, requirementId: requirement.id,
    councilOwn, councilOther, rulesetVersion: rules.version, webhookIds,
    tokens: {
      regulator: await tokenFor({ role: 'regulator' }),
      providerOwn: await tokenFor({ role: 'provider', providerId: troubled.id }),
      providerOther: await tokenFor({ role: 'provider', providerId: other.id }),
      councilOwn: await tokenFor({ role: 'council', laCode: councilOwn }),
      councilOther: await tokenFor({ role: 'council', laCode: councilOther }),
    },
  }
}

/** A ruleset version after the one in force (each call a newer one). */
let rulesetBump = 0
export const nextRulesetVersion = (inForce: string) => {
  const [year, n] = inForce.split('.').map(Number)
  return `${year}.${n + 1 + rulesetBump++}`
}

export const companyNumber = () => String(10_000_000 + Math.floor(Math.random() * 89_999_999))

/**
 * A valid body for each route that takes one (keyed `METHOD /path/{param}` as in the OpenAPI
 * document). Valid under the schema and, with the world's ids, under the route's own checks.
 */
export function exampleBody(key: string, w: World, current?: { ruleset?: Record<string, unknown> }): unknown {
  switch (key) {
    case 'PUT /v1/councils/{laCode}': return { childrenLookedAfter: 420 }
    case 'POST /v1/providers': return { name: `Group ${randomUUID().slice(0, 8)}`, companyNumber: companyNumber(), kind: 'private' }
    case 'PUT /v1/providers/{id}/designation': return { designated: true, reason: 'Holds a large share of a council\'s children', responsibleIndividual: 'Jane Doe, Chief Executive' }
    case 'POST /v1/providers/{id}/returns': return smallReturn({ periodEnd: '2025-03-31' })
    case 'POST /v1/returns/{returnId}/amendments': return smallReturn({ seed: 7, laCodes: [w.councilOther, 'E06000001'] })
    case 'POST /v1/rulesets': {
      const r = current?.ruleset as { version: string; rules: unknown } | undefined
      return r ? { version: nextRulesetVersion(r.version), rules: r.rules } : { version: nextRulesetVersion(w.rulesetVersion), rules: {} }
    }
    case 'POST /v1/flags/{id}/transitions': return { to: 'under_review' }
    case 'POST /v1/flags/{id}/notes': return { text: 'Called the finance director: lenders meet on Friday.' }
    case 'POST /v1/providers/{id}/stress-tests':
    case 'POST /v1/stress-tests': return { ebitdaChangePct: -20, interestRateBps: 200, cashChangePct: -10 }
    case 'POST /v1/ownership/resolve': return smallReturn().ownership
    case 'POST /v1/providers/{id}/requirements': return { kind: 'information', detail: 'The latest management accounts.', dueDate: '2027-02-28' }
    case 'POST /v1/requirements/{id}/responses': return { documentReference: 'SFT-2027-0042', text: 'Plan attached: step-in agreements with two operators.' }
    case 'POST /v1/providers/{id}/notices': return { kind: 'failure_likely', summary: 'Failure is likely: councils should prepare.' }
    case 'POST /v1/notices/{id}/withdrawal': return { reason: 'The group has been refinanced.' }
    case 'POST /v1/councils/{laCode}/webhooks': return { url: `https://notices.example.gov.uk/${randomUUID()}` }
    default: return undefined
  }
}

/** Real values for a path parameter of a route (the world's objects of that kind). */
export function paramValues(path: string, name: string, w: World): string[] {
  if (name === 'laCode') return [w.councilOwn, w.councilOther]
  if (name === 'providerId') return [w.providerId, w.otherProviderId]
  if (name === 'returnId') return [w.returnId, w.otherReturnId]
  if (name === 'version') return [w.rulesetVersion]
  if (path.startsWith('/v1/flags/')) return w.flagIds
  if (path.startsWith('/v1/notices/')) return w.noticeIds
  if (path.startsWith('/v1/requirements/')) return [w.requirementId]
  if (path.includes('/webhooks/')) return w.webhookIds.length ? w.webhookIds : [randomUUID()]
  if (path.startsWith('/v1/providers/')) return [w.providerId, w.otherProviderId]
  return [randomUUID()]
}
