// The authorisation matrix: every route the app has × every role × own and foreign objects,
// against the table below. The route list is read from the app itself (printRoutes and the
// OpenAPI document): a route missing from the table, or a row for a route the app no longer has,
// fails the test. Bodies are valid, so a status says what the token may do, not what it sent.
import t from 'tap'
import { randomUUID } from 'node:crypto'
import { build, isProblem, tokenFor } from './helper.js'
import { buildWorld, exampleBody, ixbrlDocument, ROLES, TODAY, type MatrixRole, type World } from './fuzz/world.js'
import { appRoutes } from './fuzz/harness.js'
import { ofstedRegisterCsv } from './fixtures/ofsted.js'
import type { App } from '../src/app.js'

type Row = Record<MatrixRole, number>

/** Everyone, token or not (health, documents, published keys). */
const open = (status = 200): Row => ({ anonymous: status, regulator: status, providerOwn: status, providerOther: status, councilOwn: status, councilOther: status })

// own/other: providerOwn is a token for the group the request is about (the path's provider, the
// return's or requirement's group); providerOther a token for another real group. councilOwn is a
// token for the council in the path, or the council a notice or webhook is addressed to/belongs
// to; councilOther a real council that is not. GET rows hold for HEAD too.
const MATRIX = {
  'GET /health/live': open(),
  'GET /health/ready': open(),
  'GET /openapi.json': open(),
  'GET /docs': open(),
  'GET /docs/json': open(),
  'GET /docs/yaml': open(),
  'GET /docs/static/index.html': open(302), // to the docs UI's own page
  'GET /docs/static/swagger-initializer.js': open(),
  'GET /docs/static/*': open(),
  'GET /metrics': open(401),

  'GET /v1/councils': { regulator: 200, providerOwn: 200, providerOther: 200, councilOwn: 200, councilOther: 200, anonymous: 401 },
  'PUT /v1/councils/{laCode}': { regulator: 200, providerOwn: 403, providerOther: 403, councilOwn: 403, councilOther: 403, anonymous: 401 },

  'POST /v1/providers': { regulator: 201, providerOwn: 403, providerOther: 403, councilOwn: 403, councilOther: 403, anonymous: 401 },
  'GET /v1/providers': { regulator: 200, providerOwn: 200, providerOther: 200, councilOwn: 403, councilOther: 403, anonymous: 401 },
  'GET /v1/providers/{id}': { regulator: 200, providerOwn: 200, providerOther: 404, councilOwn: 403, councilOther: 403, anonymous: 401 },
  'PUT /v1/providers/{id}/designation': { regulator: 200, providerOwn: 403, providerOther: 403, councilOwn: 403, councilOther: 403, anonymous: 401 },

  'POST /v1/providers/{id}/returns': { regulator: 403, providerOwn: 201, providerOther: 404, councilOwn: 403, councilOther: 403, anonymous: 401 },
  'GET /v1/providers/{id}/returns': { regulator: 200, providerOwn: 200, providerOther: 404, councilOwn: 403, councilOther: 403, anonymous: 401 },
  'GET /v1/returns/{returnId}': { regulator: 200, providerOwn: 200, providerOther: 404, councilOwn: 403, councilOther: 403, anonymous: 401 },
  'POST /v1/returns/{returnId}/amendments': { regulator: 403, providerOwn: 201, providerOther: 404, councilOwn: 403, councilOther: 403, anonymous: 401 },
  'POST /v1/providers/{id}/accounts/ixbrl': { regulator: 403, providerOwn: 200, providerOther: 404, councilOwn: 403, councilOther: 403, anonymous: 401 },
  // filled with the group's latest return (the empty template: any provider or regulator)
  'GET /v1/returns/template.xlsx': { regulator: 200, providerOwn: 200, providerOther: 404, councilOwn: 403, councilOther: 403, anonymous: 401 },

  'GET /v1/providers/{id}/ownership': { regulator: 200, providerOwn: 200, providerOther: 404, councilOwn: 403, councilOther: 403, anonymous: 401 },
  'GET /v1/providers/{id}/ownership/bods': { regulator: 200, providerOwn: 200, providerOther: 404, councilOwn: 403, councilOther: 403, anonymous: 401 },
  'POST /v1/ownership/resolve': { regulator: 200, providerOwn: 200, providerOther: 200, councilOwn: 200, councilOther: 200, anonymous: 401 },

  'GET /v1/rules': { regulator: 200, providerOwn: 200, providerOther: 200, councilOwn: 200, councilOther: 200, anonymous: 401 },
  'GET /v1/rulesets': { regulator: 200, providerOwn: 200, providerOther: 200, councilOwn: 200, councilOther: 200, anonymous: 401 },
  'GET /v1/rulesets/{version}': { regulator: 200, providerOwn: 200, providerOther: 200, councilOwn: 200, councilOther: 200, anonymous: 401 },
  'POST /v1/rulesets': { regulator: 201, providerOwn: 403, providerOther: 403, councilOwn: 403, councilOther: 403, anonymous: 401 },
  'GET /v1/providers/{id}/assessment': { regulator: 200, providerOwn: 200, providerOther: 404, councilOwn: 403, councilOther: 403, anonymous: 401 },
  'GET /v1/returns/{returnId}/assessment': { regulator: 200, providerOwn: 200, providerOther: 404, councilOwn: 403, councilOther: 403, anonymous: 401 },
  'GET /v1/returns/{returnId}/assessments': { regulator: 200, providerOwn: 200, providerOther: 404, councilOwn: 403, councilOther: 403, anonymous: 401 },
  'GET /v1/providers/{id}/stability': { regulator: 200, providerOwn: 200, providerOther: 404, councilOwn: 200, councilOther: 200, anonymous: 401 },
  'GET /v1/councils/{laCode}/providers': { regulator: 200, providerOwn: 403, providerOther: 403, councilOwn: 200, councilOther: 403, anonymous: 401 },
  'POST /v1/providers/{id}/stress-tests': { regulator: 200, providerOwn: 403, providerOther: 403, councilOwn: 403, councilOther: 403, anonymous: 401 },
  'POST /v1/stress-tests': { regulator: 200, providerOwn: 403, providerOther: 403, councilOwn: 403, councilOther: 403, anonymous: 401 },
  // councils see a group's standing, never its figures
  'GET /v1/providers/{id}/profitability': { regulator: 200, providerOwn: 200, providerOther: 404, councilOwn: 403, councilOther: 403, anonymous: 401 },
  'GET /v1/providers/{id}/settings': { regulator: 200, providerOwn: 200, providerOther: 404, councilOwn: 403, councilOther: 403, anonymous: 401 },
  'POST /v1/profit-cap/simulations': { regulator: 200, providerOwn: 403, providerOther: 403, councilOwn: 403, councilOther: 403, anonymous: 401 },

  'GET /v1/flags': { regulator: 200, providerOwn: 403, providerOther: 403, councilOwn: 403, councilOther: 403, anonymous: 401 },
  'GET /v1/flags/{id}': { regulator: 200, providerOwn: 403, providerOther: 403, councilOwn: 403, councilOther: 403, anonymous: 401 },
  'POST /v1/flags/{id}/notes': { regulator: 201, providerOwn: 403, providerOther: 403, councilOwn: 403, councilOther: 403, anonymous: 401 },
  'POST /v1/flags/{id}/transitions': { regulator: 200, providerOwn: 403, providerOther: 403, councilOwn: 403, councilOther: 403, anonymous: 401 },
  'GET /v1/designation-candidates': { regulator: 200, providerOwn: 403, providerOther: 403, councilOwn: 403, councilOther: 403, anonymous: 401 },
  'GET /v1/register/overdue': { regulator: 200, providerOwn: 403, providerOther: 403, councilOwn: 403, councilOther: 403, anonymous: 401 },

  'POST /v1/providers/{id}/requirements': { regulator: 201, providerOwn: 403, providerOther: 403, councilOwn: 403, councilOther: 403, anonymous: 401 },
  'GET /v1/providers/{id}/requirements': { regulator: 200, providerOwn: 200, providerOther: 404, councilOwn: 403, councilOther: 403, anonymous: 401 },
  'POST /v1/requirements/{id}/responses': { regulator: 403, providerOwn: 201, providerOther: 404, councilOwn: 403, councilOther: 403, anonymous: 401 },

  'GET /v1/providers/{id}/impact': { regulator: 200, providerOwn: 403, providerOther: 403, councilOwn: 403, councilOther: 403, anonymous: 401 },
  'GET /v1/councils/{laCode}/impact/{providerId}': { regulator: 200, providerOwn: 403, providerOther: 403, councilOwn: 200, councilOther: 403, anonymous: 401 },
  'POST /v1/providers/{id}/notices': { regulator: 201, providerOwn: 403, providerOther: 403, councilOwn: 403, councilOther: 403, anonymous: 401 },
  'GET /v1/providers/{id}/notices': { regulator: 200, providerOwn: 403, providerOther: 403, councilOwn: 403, councilOther: 403, anonymous: 401 },
  'GET /v1/councils/{laCode}/notices': { regulator: 200, providerOwn: 403, providerOther: 403, councilOwn: 200, councilOther: 403, anonymous: 401 },
  'GET /v1/notices/{id}': { regulator: 200, providerOwn: 403, providerOther: 403, councilOwn: 200, councilOther: 404, anonymous: 401 },
  'POST /v1/notices/{id}/acknowledgements': { regulator: 403, providerOwn: 403, providerOther: 403, councilOwn: 201, councilOther: 404, anonymous: 401 },
  'POST /v1/notices/{id}/withdrawal': { regulator: 200, providerOwn: 403, providerOther: 403, councilOwn: 403, councilOther: 403, anonymous: 401 },

  'POST /v1/councils/{laCode}/webhooks': { regulator: 403, providerOwn: 403, providerOther: 403, councilOwn: 201, councilOther: 403, anonymous: 401 },
  'GET /v1/councils/{laCode}/webhooks': { regulator: 200, providerOwn: 403, providerOther: 403, councilOwn: 200, councilOther: 403, anonymous: 401 },
  'GET /v1/councils/{laCode}/webhooks/{id}/deliveries': { regulator: 200, providerOwn: 403, providerOther: 403, councilOwn: 200, councilOther: 403, anonymous: 401 },
  'DELETE /v1/councils/{laCode}/webhooks/{id}': { regulator: 403, providerOwn: 403, providerOther: 403, councilOwn: 204, councilOther: 403, anonymous: 401 },
  'PUT /v1/councils/{laCode}/contacts': { regulator: 200, providerOwn: 403, providerOther: 403, councilOwn: 200, councilOther: 403, anonymous: 401 },
  'GET /v1/councils/{laCode}/contacts': { regulator: 200, providerOwn: 403, providerOther: 403, councilOwn: 200, councilOther: 403, anonymous: 401 },
  'GET /v1/councils/{laCode}/contacts/deliveries': { regulator: 200, providerOwn: 403, providerOther: 403, councilOwn: 200, councilOther: 403, anonymous: 401 },
  'POST /v1/signing-keys/rotations': { regulator: 201, providerOwn: 403, providerOther: 403, councilOwn: 403, councilOther: 403, anonymous: 401 },
  'GET /.well-known/jwks.json': open(),

  'POST /v1/reassessments': { regulator: 200, providerOwn: 403, providerOther: 403, councilOwn: 403, councilOther: 403, anonymous: 401 },
  // loaded before it is read: the GET answers the load the PUT made
  'PUT /v1/reference/ofsted-settings': { regulator: 200, providerOwn: 403, providerOther: 403, councilOwn: 403, councilOther: 403, anonymous: 401 },
  'GET /v1/reference/ofsted-settings': { regulator: 200, providerOwn: 403, providerOther: 403, councilOwn: 403, councilOther: 403, anonymous: 401 },
  'GET /v1/audit': { regulator: 200, providerOwn: 403, providerOther: 403, councilOwn: 403, councilOther: 403, anonymous: 401 },
} satisfies Record<string, Row>

type RouteKey = keyof typeof MATRIX

interface Req {
  url: string
  payload?: unknown
  headers?: Record<string, string>
  /** The group and council the request is about (default: the world's troubled group and own council). */
  providerId?: string
  laCode?: string
}

/** How to ask each route, with real objects; writes that succeed once use objects of their own. */
const REQUESTS: Record<RouteKey, (w: World, app: App) => Req | Promise<Req>> = {
  'GET /health/live': () => ({ url: '/health/live' }),
  'GET /health/ready': () => ({ url: '/health/ready' }),
  'GET /openapi.json': () => ({ url: '/openapi.json' }),
  'GET /docs': () => ({ url: '/docs' }),
  'GET /docs/json': () => ({ url: '/docs/json' }),
  'GET /docs/yaml': () => ({ url: '/docs/yaml' }),
  'GET /docs/static/index.html': () => ({ url: '/docs/static/index.html' }),
  'GET /docs/static/swagger-initializer.js': () => ({ url: '/docs/static/swagger-initializer.js' }),
  'GET /docs/static/*': () => ({ url: '/docs/static/swagger-ui.css' }),
  'GET /metrics': () => ({ url: '/metrics' }),

  'GET /v1/councils': () => ({ url: '/v1/councils' }),
  'PUT /v1/councils/{laCode}': (w) => ({ url: `/v1/councils/${w.councilOwn}`, payload: exampleBody('PUT /v1/councils/{laCode}', w) }),

  'POST /v1/providers': (w) => ({ url: '/v1/providers', payload: exampleBody('POST /v1/providers', w) }),
  'GET /v1/providers': () => ({ url: '/v1/providers' }),
  'GET /v1/providers/{id}': (w) => ({ url: `/v1/providers/${w.providerId}` }),
  // The other group is designated, so the troubled group's standing stays as the world made it.
  'PUT /v1/providers/{id}/designation': (w) => ({ url: `/v1/providers/${w.otherProviderId}/designation`, providerId: w.otherProviderId, payload: exampleBody('PUT /v1/providers/{id}/designation', w) }),

  // An earlier period than the world's return, so the group's latest return stays the same.
  'POST /v1/providers/{id}/returns': (w) => ({ url: `/v1/providers/${w.otherProviderId}/returns`, providerId: w.otherProviderId, payload: exampleBody('POST /v1/providers/{id}/returns', w) }),
  'GET /v1/providers/{id}/returns': (w) => ({ url: `/v1/providers/${w.providerId}/returns` }),
  'GET /v1/returns/{returnId}': (w) => ({ url: `/v1/returns/${w.returnId}` }),
  'POST /v1/returns/{returnId}/amendments': (w) => ({ url: `/v1/returns/${w.otherReturnId}/amendments`, providerId: w.otherProviderId, payload: exampleBody('POST /v1/returns/{returnId}/amendments', w) }),
  'POST /v1/providers/{id}/accounts/ixbrl': (w) => ({
    url: `/v1/providers/${w.providerId}/accounts/ixbrl`, payload: ixbrlDocument(), headers: { 'content-type': 'application/xhtml+xml' },
  }),

  'GET /v1/returns/template.xlsx': (w) => ({ url: `/v1/returns/template.xlsx?providerId=${w.providerId}` }),

  'GET /v1/providers/{id}/ownership': (w) => ({ url: `/v1/providers/${w.providerId}/ownership` }),
  'GET /v1/providers/{id}/ownership/bods': (w) => ({ url: `/v1/providers/${w.providerId}/ownership/bods` }),
  'POST /v1/ownership/resolve': (w) => ({ url: '/v1/ownership/resolve', payload: exampleBody('POST /v1/ownership/resolve', w) }),

  'GET /v1/rules': () => ({ url: '/v1/rules' }),
  'GET /v1/rulesets': () => ({ url: '/v1/rulesets' }),
  'GET /v1/rulesets/{version}': (w) => ({ url: `/v1/rulesets/${w.rulesetVersion}` }),
  'POST /v1/rulesets': async (w, app) => {
    const inForce = (await app.inject({ url: '/v1/rules', headers: { authorization: `Bearer ${w.tokens.regulator}` } })).json()
    return { url: '/v1/rulesets', payload: exampleBody('POST /v1/rulesets', w, { ruleset: inForce }) }
  },
  'GET /v1/providers/{id}/assessment': (w) => ({ url: `/v1/providers/${w.providerId}/assessment` }),
  'GET /v1/returns/{returnId}/assessment': (w) => ({ url: `/v1/returns/${w.returnId}/assessment` }),
  'GET /v1/returns/{returnId}/assessments': (w) => ({ url: `/v1/returns/${w.returnId}/assessments` }),
  'GET /v1/providers/{id}/stability': (w) => ({ url: `/v1/providers/${w.providerId}/stability` }),
  'GET /v1/councils/{laCode}/providers': (w) => ({ url: `/v1/councils/${w.councilOwn}/providers` }),
  'POST /v1/providers/{id}/stress-tests': (w) => ({ url: `/v1/providers/${w.providerId}/stress-tests`, payload: exampleBody('POST /v1/providers/{id}/stress-tests', w) }),
  'POST /v1/stress-tests': (w) => ({ url: '/v1/stress-tests', payload: exampleBody('POST /v1/stress-tests', w) }),
  'GET /v1/providers/{id}/profitability': (w) => ({ url: `/v1/providers/${w.providerId}/profitability` }),
  'GET /v1/providers/{id}/settings': (w) => ({ url: `/v1/providers/${w.providerId}/settings` }),
  'POST /v1/profit-cap/simulations': (w) => ({ url: '/v1/profit-cap/simulations', payload: exampleBody('POST /v1/profit-cap/simulations', w) }),

  'GET /v1/flags': () => ({ url: '/v1/flags' }),
  'GET /v1/flags/{id}': (w) => ({ url: `/v1/flags/${w.flagIds[0]}` }),
  'POST /v1/flags/{id}/notes': (w) => ({ url: `/v1/flags/${w.flagIds[0]}/notes`, payload: exampleBody('POST /v1/flags/{id}/notes', w) }),
  'POST /v1/flags/{id}/transitions': (w) => ({ url: `/v1/flags/${w.flagIds[1]}/transitions`, headers: { 'if-match': '*' }, payload: exampleBody('POST /v1/flags/{id}/transitions', w) }),
  'GET /v1/designation-candidates': () => ({ url: '/v1/designation-candidates' }),
  'GET /v1/register/overdue': () => ({ url: '/v1/register/overdue' }),

  'POST /v1/providers/{id}/requirements': (w) => ({ url: `/v1/providers/${w.providerId}/requirements`, payload: exampleBody('POST /v1/providers/{id}/requirements', w) }),
  'GET /v1/providers/{id}/requirements': (w) => ({ url: `/v1/providers/${w.providerId}/requirements` }),
  'POST /v1/requirements/{id}/responses': (w) => ({ url: `/v1/requirements/${w.requirementId}/responses`, payload: exampleBody('POST /v1/requirements/{id}/responses', w) }),

  'GET /v1/providers/{id}/impact': (w) => ({ url: `/v1/providers/${w.providerId}/impact` }),
  'GET /v1/councils/{laCode}/impact/{providerId}': (w) => ({ url: `/v1/councils/${w.councilOwn}/impact/${w.providerId}` }),
  'POST /v1/providers/{id}/notices': (w) => ({ url: `/v1/providers/${w.otherProviderId}/notices`, providerId: w.otherProviderId, payload: exampleBody('POST /v1/providers/{id}/notices', w) }),
  'GET /v1/providers/{id}/notices': (w) => ({ url: `/v1/providers/${w.providerId}/notices` }),
  'GET /v1/councils/{laCode}/notices': (w) => ({ url: `/v1/councils/${w.councilOwn}/notices` }),
  'GET /v1/notices/{id}': (w) => ({ url: `/v1/notices/${w.noticeIds[0]}` }),
  'POST /v1/notices/{id}/acknowledgements': (w) => ({ url: `/v1/notices/${w.noticeIds[0]}/acknowledgements` }),
  'POST /v1/notices/{id}/withdrawal': (w) => ({ url: `/v1/notices/${w.noticeIds[1]}/withdrawal`, payload: exampleBody('POST /v1/notices/{id}/withdrawal', w) }),

  'POST /v1/councils/{laCode}/webhooks': (w) => ({ url: `/v1/councils/${w.councilOwn}/webhooks`, payload: exampleBody('POST /v1/councils/{laCode}/webhooks', w) }),
  'GET /v1/councils/{laCode}/webhooks': (w) => ({ url: `/v1/councils/${w.councilOwn}/webhooks` }),
  'GET /v1/councils/{laCode}/webhooks/{id}/deliveries': (w) => ({ url: `/v1/councils/${w.councilOwn}/webhooks/${w.webhookIds[0]}/deliveries` }),
  'DELETE /v1/councils/{laCode}/webhooks/{id}': (w) => ({ url: `/v1/councils/${w.councilOwn}/webhooks/${w.webhookIds[1]}` }),
  'PUT /v1/councils/{laCode}/contacts': (w) => ({ url: `/v1/councils/${w.councilOwn}/contacts`, payload: { emails: ['commissioning@example.gov.uk'] } }),
  'GET /v1/councils/{laCode}/contacts': (w) => ({ url: `/v1/councils/${w.councilOwn}/contacts` }),
  'GET /v1/councils/{laCode}/contacts/deliveries': (w) => ({ url: `/v1/councils/${w.councilOwn}/contacts/deliveries` }),
  'POST /v1/signing-keys/rotations': () => ({ url: '/v1/signing-keys/rotations' }),
  'GET /.well-known/jwks.json': () => ({ url: '/.well-known/jwks.json' }),

  'POST /v1/reassessments': () => ({ url: '/v1/reassessments' }),
  'PUT /v1/reference/ofsted-settings': () => ({ url: '/v1/reference/ofsted-settings', headers: { 'content-type': 'text/csv' }, payload: ofstedRegisterCsv(3) }),
  'GET /v1/reference/ofsted-settings': () => ({ url: '/v1/reference/ofsted-settings' }),
  'GET /v1/audit': () => ({ url: '/v1/audit' }),
}

async function tokenOf(role: MatrixRole, w: World, req: Req): Promise<string | undefined> {
  const providerId = req.providerId ?? w.providerId
  const laCode = req.laCode ?? w.councilOwn
  switch (role) {
    case 'anonymous': return undefined
    case 'regulator': return w.tokens.regulator
    case 'providerOwn': return tokenFor({ role: 'provider', providerId })
    case 'providerOther': return tokenFor({ role: 'provider', providerId: providerId === w.providerId ? w.otherProviderId : w.providerId })
    case 'councilOwn': return tokenFor({ role: 'council', laCode })
    case 'councilOther': return tokenFor({ role: 'council', laCode: laCode === w.councilOther ? w.councilOwn : w.councilOther })
  }
}

const METRICS_TOKEN = 'metrics-token-for-the-matrix-0123456789'

// One app and one world for the file: the rows are ordered so that no write spoils a later row.
const app = await build(t, { now: () => TODAY, config: { metricsToken: METRICS_TOKEN } })
await app.ready()
const w = await buildWorld(app)

t.test('every route × every role answers as the matrix says', async (t) => {
  const { keys, heads } = appRoutes(app)

  // The OpenAPI document is a second reading of the same list: every documented operation is routed.
  const documented = Object.entries((app.swagger() as { paths: Record<string, Record<string, unknown>> }).paths)
    .flatMap(([path, ops]) => Object.keys(ops).filter((m) => m !== 'parameters').map((m) => `${m.toUpperCase()} ${path}`))
  t.ok(documented.length > 30, `${documented.length} documented operations`)
  t.same(documented.filter((k) => !keys.has(k)), [], 'every documented operation is a route')

  t.same([...keys].filter((k) => !(k in MATRIX)), [], 'every route of the app has a row in the matrix')
  t.same(Object.keys(MATRIX).filter((k) => !keys.has(k)), [], 'every row of the matrix is a route of the app')
  t.same([...heads].filter((k) => !keys.has(k)), [], 'every HEAD route is a GET route\'s')

  let asked = 0
  const notProblems: string[] = []
  for (const key of Object.keys(MATRIX) as RouteKey[]) {
    if (!keys.has(key)) continue
    const [method] = key.split(' ')
    const methods = method === 'GET' && heads.has(key) ? ['GET', 'HEAD'] : [method]
    for (const m of methods) {
      const seen = {} as Row
      for (const role of ROLES) {
        const req = await REQUESTS[key](w, app)
        const token = await tokenOf(role, w, req)
        const res = await app.inject({
          method: m as 'GET', url: req.url,
          headers: { ...req.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
          ...(req.payload === undefined ? {} : { payload: req.payload as string }),
        })
        asked++
        seen[role] = res.statusCode
        if (res.statusCode >= 400 && !isProblem(res)) notProblems.push(`${m} ${req.url} as ${role}: ${res.statusCode} ${res.headers['content-type']}`)
        if (res.statusCode === 401 && !/^Bearer/.test(String(res.headers['www-authenticate']))) notProblems.push(`${m} ${req.url} as ${role}: 401 without WWW-Authenticate: Bearer`)
        if (res.statusCode !== MATRIX[key][role] && res.statusCode >= 400) t.comment(`${m} ${req.url} as ${role}: ${res.body.slice(0, 300)}`)
      }
      t.same(seen, MATRIX[key], `${m}${key.slice(method.length)}`)
    }
  }
  t.same(notProblems, [], 'every refusal is problem+json; every 401 says WWW-Authenticate: Bearer')
  t.comment(`${keys.size} routes (${heads.size} also as HEAD) × ${ROLES.length} roles: ${asked} requests`)

  // /metrics takes its own token, never a JWT (the matrix row above): with it, the figures.
  const metrics = await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
  t.equal(metrics.statusCode, 200, 'the metrics token reads /metrics')
})

t.test('foreign objects under an own path are not found', async (t) => {
  const asOwn = async (url: string, token: string) => (await app.inject({ url, headers: { authorization: `Bearer ${token}` } })).statusCode
  // The own council's path with another council's line: the troubled group holds none of its children.
  t.equal(await asOwn(`/v1/councils/${w.councilOwn}/impact/${w.otherProviderId}`, w.tokens.councilOwn), 404, 'impact of a group holding none of the council\'s children')
  t.equal(await asOwn(`/v1/notices/${randomUUID()}`, w.tokens.councilOwn), 404, 'an unknown notice')
  t.equal(await asOwn(`/v1/returns/${w.otherReturnId}/assessment`, w.tokens.providerOwn), 404, 'another group\'s return by id')
  t.equal(await asOwn(`/v1/providers/${randomUUID()}`, w.tokens.regulator), 404, 'an unknown group')
  if (w.webhookIds.length) {
    // Another council's webhook under the own council's path.
    const other = await app.inject({
      method: 'POST', url: `/v1/councils/${w.councilOther}/webhooks`, headers: { authorization: `Bearer ${w.tokens.councilOther}` },
      payload: { url: 'https://other.example.gov.uk/hook' },
    })
    t.equal(other.statusCode, 201)
    t.equal(await asOwn(`/v1/councils/${w.councilOwn}/webhooks/${other.json().id}/deliveries`, w.tokens.councilOwn), 404, 'another council\'s webhook')
    const del = await app.inject({ method: 'DELETE', url: `/v1/councils/${w.councilOwn}/webhooks/${other.json().id}`, headers: { authorization: `Bearer ${w.tokens.councilOwn}` } })
    t.equal(del.statusCode, 404, 'another council\'s webhook cannot be deactivated')
  }
})
