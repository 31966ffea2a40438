// The console beside the API, without a browser: what it answers and with which headers, what it
// leaves of the API as it was, its session cookie, and who may open which page (signed in by the
// real OIDC flow over HTTP).
import t from 'tap'
import { spawnSync } from 'node:child_process'
import { build, bearer, isProblem, seedProvider } from '../helper.js'
import { appRoutes } from '../fuzz/harness.js'
import { Visitor } from './http.js'
import { safeReturnTo } from '../../src/console/sign-in.js'
import { DevIdentityProvider, normaliseAccount } from '../../src/console/dev-identity.js'
import { MAX_SIGNED_IN_MS } from '../../src/console/session.js'

const html = { accept: 'text/html,application/xhtml+xml' }
const NO_SUCH = '00000000-0000-4000-8000-000000000000'

t.test('the API answers as before; the console has its own pages and headers', async (t) => {
  const app = await build(t)
  const reg = await bearer({ role: 'regulator' })

  const api = await app.inject({ url: '/v1/councils', headers: { ...reg, ...html } })
  t.equal(api.statusCode, 200)
  t.match(api.headers['content-security-policy'], /script-src 'self' 'unsafe-inline'/, 'the API keeps its own CSP (the docs UI needs it)')
  t.notOk(api.headers['set-cookie'], 'no session for the API')
  const apiMissing = await app.inject({ url: '/v1/nowhere', headers: { ...reg, ...html } })
  t.equal(apiMissing.statusCode, 404)
  t.ok(isProblem(apiMissing), 'an unknown API path is problem+json, even to a browser')
  const docs = await app.inject({ url: '/docs/static/index.html' })
  t.equal(docs.statusCode, 302, 'the docs UI as before')

  const page = await app.inject({ url: '/', headers: html })
  t.equal(page.statusCode, 200)
  t.match(page.headers['content-type'], /^text\/html/)
  const csp = String(page.headers['content-security-policy'])
  t.match(csp, /script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}'/)
  t.match(csp, /style-src 'self' 'nonce-/)
  t.match(csp, /frame-ancestors 'none'/)
  t.match(csp, /form-action 'self'/)
  t.notMatch(csp, /unsafe-inline/)
  t.equal(page.headers['cache-control'], 'no-store')
  t.equal(page.headers['x-content-type-options'], 'nosniff', 'and the service\'s other headers')
  const nonce = /'nonce-([^']+)'/.exec(csp)![1]
  const scripts = [...page.body.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])
  t.ok(scripts.length >= 2)
  t.same(scripts.filter((s) => !s.includes(`nonce="${nonce}"`)), [], 'every script the page writes carries the nonce')

  const missing = await app.inject({ url: '/no/such/page', headers: html })
  t.equal(missing.statusCode, 404)
  t.match(missing.body, /<h1 class="govuk-heading-l">Page not found<\/h1>/, 'a browser gets the 404 page')
  t.match(missing.headers['content-security-policy'], /nonce-/)
  const missingJson = await app.inject({ url: '/no/such/page' })
  t.ok(isProblem(missingJson), 'a client of the API still gets problem+json')

  const doc = (await app.inject({ url: '/openapi.json' })).json() as { paths: Record<string, unknown> }
  t.same(Object.keys(doc.paths).filter((p) => !p.startsWith('/v1/') && !p.startsWith('/health') && p !== '/.well-known/jwks.json' && p !== '/metrics'), [], 'no console route in the OpenAPI document')
})

t.test('an error in a page is the 500 page in the service\'s design, with a reference and nothing of the error', async (t) => {
  const app = await build(t, {
    consolePages: async (pages) => {
      pages.get('/test/boom', async () => { throw new Error('select secret from internals') })
      pages.get('/test/db-down', async () => { throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }) })
    },
  })
  const res = await app.inject({ url: '/test/boom', headers: { ...html, 'x-request-id': 'req-boom-1' } })
  t.equal(res.statusCode, 500)
  t.match(res.headers['content-type'], /^text\/html/)
  t.match(res.body, /<h1 class="govuk-heading-l">Sorry, there is a problem with the service<\/h1>/)
  t.match(res.body, /quote reference <span class="app-reference">req-boom-1<\/span>/)
  t.notMatch(res.body, /secret|internals|at .*\.ts/, 'nothing of the error reaches the page')
  const down = await app.inject({ url: '/test/db-down', headers: html })
  t.equal(down.statusCode, 503)
  t.equal(down.headers['retry-after'], '5')
  t.match(down.body, /Sorry, the service is unavailable/)
  t.notMatch(down.body, /5432/)
})

t.test('assets: GOV.UK and MoJ Frontend as published, cached, with no session; a missing one is a 404', async (t) => {
  const app = await build(t)
  for (const [url, type] of [
    ['/assets/govuk-frontend.min.css', 'text/css'], ['/assets/govuk-frontend.min.js', 'javascript'],
    ['/assets/moj-frontend.min.css', 'text/css'], ['/assets/moj-frontend.min.js', 'javascript'],
    ['/assets/console.css', 'text/css'], ['/assets/console.js', 'javascript'],
    ['/assets/fonts/bold-b542beb274-v2.woff2', 'font/woff2'], ['/assets/images/icon-arrow-black-down.svg', 'image/svg+xml'],
    ['/assets/images/console-icon.svg', 'image/svg+xml'],
  ]) {
    const res = await app.inject({ url })
    t.equal(res.statusCode, 200, url)
    t.match(res.headers['content-type'], type, url)
    t.match(res.headers['cache-control'], /max-age=3600/, url)
    t.notOk(res.headers['set-cookie'], `${url}: no session cookie`)
  }
  t.equal((await app.inject({ url: '/assets/nothing.css' })).statusCode, 404)
  t.equal((await app.inject({ url: '/assets/../package.json' })).statusCode, 404)
  t.equal((await app.inject({ url: '/assets/govuk-frontend.min.css', method: 'DELETE' })).statusCode, 405)
})

t.test('the session cookie: its own name, HttpOnly, SameSite=Lax, an hour; Secure and __Host- when served over https', async (t) => {
  const app = await build(t)
  const cookie = String((await app.inject({ url: '/', headers: html })).headers['set-cookie'])
  t.match(cookie, /^oversight-console=[^;]+;/)
  t.match(cookie, /; HttpOnly/)
  t.match(cookie, /; SameSite=Lax/)
  t.match(cookie, /; Path=\//)
  t.match(cookie, /; Max-Age=3600/)
  t.notMatch(cookie, /; Secure/, 'plain http: not Secure')

  const https = await build(t, { config: { consoleUrl: 'https://oversight.example.gov.uk' } })
  const secure = String((await https.inject({ url: '/', headers: html })).headers['set-cookie'])
  t.match(secure, /^__Host-oversight-console=[^;]+;.*; Secure/)

  const garbage = await app.inject({ url: '/', headers: { ...html, cookie: 'oversight-console=bm9wZQ;bm9wZQ; _session=x' } })
  t.equal(garbage.statusCode, 200, 'a cookie that does not decrypt is no session')
  t.match(garbage.body, /Sign in/)
})

t.test('where sign-in may return to: only a path of this service', async (t) => {
  t.equal(safeReturnTo('/register?severity=red'), '/register?severity=red')
  for (const bad of ['//evil.example/x', '/\\evil.example', 'https://evil.example/', '/sign-out', '/oidc/session/end', '', 42, undefined, `/${'x'.repeat(3000)}`]) {
    t.equal(safeReturnTo(bad), '/', JSON.stringify(bad)?.slice(0, 40) ?? 'undefined')
  }
  t.equal(normaliseAccount('  Council:e09000007 '), 'council:E09000007')
  t.equal(normaliseAccount('REGULATOR'), 'regulator')
  t.equal(normaliseAccount('provider: 6F1C3A52-8B0E-4A53-9D7E-1A2B3C4D5E6F'), 'provider:6f1c3a52-8b0e-4a53-9d7e-1a2b3c4d5e6f')
})

t.test('the development identity provider never runs in production', async (t) => {
  const app = await build(t)
  t.throws(() => new DevIdentityProvider(app, { deps: () => app.deps(), production: true }), /does not run when NODE_ENV=production/)
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    env: { ...process.env, NODE_ENV: 'production', SESSION_KEY: Buffer.alloc(32, 1).toString('base64'), OIDC_ISSUER: '', DATABASE_URL: '' },
    encoding: 'utf8', timeout: 120_000,
  })
  t.equal(run.status, 2, 'npm start stops with a non-zero exit')
  t.match(run.stderr, /OIDC_ISSUER .* is required when NODE_ENV=production: the development identity provider never runs in production/)
})

t.test('with OIDC_ISSUER set there is no development identity provider', async (t) => {
  const app = await build(t, { config: { oidc: { issuer: 'https://login.example.gov.uk', clientId: 'console', clientSecret: 'secret' } } })
  const res = await app.inject({ url: '/oidc/.well-known/openid-configuration', headers: html })
  t.equal(res.statusCode, 404)
})

t.test('signed in by the real flow: each role\'s home, and who may open which console page', async (t) => {
  let clock = Date.parse('2026-12-01T09:00:00Z')
  const app = await build(t, { now: () => new Date(clock) })
  const group = await seedProvider(app, { name: 'Northern Lights Care' })
  const base = await app.listen({ port: 0, host: '127.0.0.1' })

  const start = await new Visitor(base).request(`/sign-in?returnTo=${encodeURIComponent('/?x=1')}`)
  t.equal(start.status, 303)
  const auth = new URL(start.location!)
  t.equal(auth.origin + auth.pathname, `${base}/oidc/auth`)
  t.equal(auth.searchParams.get('response_type'), 'code')
  t.equal(auth.searchParams.get('code_challenge_method'), 'S256')
  t.match(auth.searchParams.get('code_challenge'), /^[\w-]{43}$/)
  t.match(auth.searchParams.get('state'), /^[\w-]{20,}$/)
  t.match(auth.searchParams.get('nonce'), /^[\w-]{20,}$/)
  t.equal(auth.searchParams.get('scope'), 'openid oversight')
  t.equal(auth.searchParams.get('redirect_uri'), `${base}/sign-in/callback`)

  const people = {
    regulator: new Visitor(base), council: new Visitor(base), provider: new Visitor(base), signedOut: new Visitor(base),
  }
  const homes = {
    regulator: await people.regulator.signIn('regulator'),
    council: await people.council.signIn('council:E09000007'),
    provider: await people.provider.signIn(`provider:${group.id}`),
  }
  t.match(homes.regulator.text, /<h1 class="govuk-heading-l">Oversight<\/h1>/)
  t.match(homes.council.text, /<h1 class="govuk-heading-l">Camden<\/h1>/)
  t.match(homes.provider.text, />Northern Lights Care<\/h1>/)
  t.notMatch(homes.council.text, /Northern Lights/, 'a council sees no group here')

  // Every console route but the assets and the identity provider's own endpoints, for everyone.
  // A page the console adds needs its row here: the same rights as the API's route it shows.
  type Who = keyof typeof people
  const CONSOLE_MATRIX: Record<string, { path: string; form?: Record<string, string> } & Record<Who, number>> = {
    'GET /': { path: '/', signedOut: 200, regulator: 200, council: 200, provider: 200 },
    'GET /sign-in': { path: '/sign-in', signedOut: 303, regulator: 303, council: 303, provider: 303 },
    'GET /sign-in/callback': { path: '/sign-in/callback?code=x&state=y', signedOut: 400, regulator: 400, council: 400, provider: 400 },
    'GET /sign-out': { path: '/sign-out', signedOut: 303, regulator: 303, council: 303, provider: 303 },
    'GET /oidc/interaction/{uid}': { path: '/oidc/interaction/not-one', signedOut: 400, regulator: 400, council: 400, provider: 400 },
    'POST /oidc/interaction/{uid}': { path: '/oidc/interaction/not-one', form: { account: 'regulator' }, signedOut: 403, regulator: 403, council: 403, provider: 403 },
    // The register: the regulator's alone, as GET /v1/flags is; a form without its CSRF token is refused.
    'GET /register': { path: '/register', signedOut: 303, regulator: 200, council: 403, provider: 403 },
    'GET /register/{id}': { path: `/register/${NO_SUCH}`, signedOut: 303, regulator: 404, council: 403, provider: 403 },
    'POST /register/{id}/transitions': { path: `/register/${NO_SUCH}/transitions`, form: { to: 'under_review' }, signedOut: 303, regulator: 403, council: 403, provider: 403 },
    'POST /register/{id}/notes': { path: `/register/${NO_SUCH}/notes`, form: { note: 'x' }, signedOut: 303, regulator: 403, council: 403, provider: 403 },
    // Groups: as GET /v1/providers and /v1/providers/{id} (a provider lists its own; another group is a 404).
    'GET /providers': { path: '/providers', signedOut: 303, regulator: 200, council: 403, provider: 200 },
    'GET /providers/{id}': { path: `/providers/${NO_SUCH}`, signedOut: 303, regulator: 404, council: 403, provider: 404 },
    // The market: the regulator's (the access policy's readMarket).
    'GET /market': { path: '/market', signedOut: 303, regulator: 200, council: 403, provider: 403 },
    'GET /market/profit-cap': { path: '/market/profit-cap', signedOut: 303, regulator: 200, council: 403, provider: 403 },
    // The audit log: as GET /v1/audit.
    'GET /audit': { path: '/audit', signedOut: 303, regulator: 200, council: 403, provider: 403 },
    'POST /providers/{id}/designation': { path: `/providers/${NO_SUCH}/designation`, form: { designated: 'yes', reason: 'x' }, signedOut: 303, regulator: 403, council: 403, provider: 403 },
    // The group page's forms, as POST /v1/providers/{id}/requirements and /notices (the regulator's);
    // a stress test as POST /v1/providers/{id}/stress-tests, which changes nothing: a page of its own.
    'POST /providers/{id}/requirements': { path: `/providers/${NO_SUCH}/requirements`, form: { kind: 'contingency_plan', detail: 'x' }, signedOut: 303, regulator: 403, council: 403, provider: 403 },
    'POST /providers/{id}/notices': { path: `/providers/${NO_SUCH}/notices`, form: { summary: 'x' }, signedOut: 303, regulator: 403, council: 403, provider: 403 },
    'GET /providers/{id}/stress-test': { path: `/providers/${NO_SUCH}/stress-test`, signedOut: 303, regulator: 404, council: 403, provider: 403 },
    // A council's pages: as GET /v1/councils/{laCode}/providers, /notices, /webhooks and /contacts (its own and the regulator's).
    'GET /councils/{laCode}': { path: '/councils/E09000007', signedOut: 303, regulator: 200, council: 200, provider: 403 },
    'GET /councils/{laCode}/providers/{providerId}': { path: `/councils/E09000007/providers/${NO_SUCH}`, signedOut: 303, regulator: 404, council: 404, provider: 403 },
    'GET /councils/{laCode}/notices': { path: '/councils/E09000007/notices', signedOut: 303, regulator: 200, council: 200, provider: 403 },
    'POST /councils/{laCode}/notices/{id}/acknowledgement': { path: `/councils/E09000007/notices/${NO_SUCH}/acknowledgement`, form: { acknowledge: 'yes' }, signedOut: 303, regulator: 403, council: 403, provider: 403 },
    'GET /councils/{laCode}/notifications': { path: '/councils/E09000007/notifications', signedOut: 303, regulator: 200, council: 200, provider: 403 },
    'GET /councils/{laCode}/notifications/webhooks/{id}': { path: `/councils/E09000007/notifications/webhooks/${NO_SUCH}`, signedOut: 303, regulator: 404, council: 404, provider: 403 },
    'POST /councils/{laCode}/notifications/webhooks': { path: '/councils/E09000007/notifications/webhooks', form: { url: 'https://example.org/x' }, signedOut: 303, regulator: 403, council: 403, provider: 403 },
    'POST /councils/{laCode}/notifications/webhooks/{id}/deactivation': { path: `/councils/E09000007/notifications/webhooks/${NO_SUCH}/deactivation`, form: { deactivate: 'yes' }, signedOut: 303, regulator: 403, council: 403, provider: 403 },
    'POST /councils/{laCode}/notifications/contacts': { path: '/councils/E09000007/notifications/contacts', form: { emails: 'a@b.gov.uk' }, signedOut: 303, regulator: 403, council: 403, provider: 403 },
    // Filing: the group itself, as POST /v1/providers/{id}/returns (another group is a 404); the
    // template as GET /v1/returns/template.xlsx; a return as GET /v1/returns/{id}.
    'GET /providers/{id}/returns/new': { path: `/providers/${NO_SUCH}/returns/new`, signedOut: 303, regulator: 403, council: 403, provider: 404 },
    'GET /providers/{id}/returns/{returnId}/amend': { path: `/providers/${NO_SUCH}/returns/${NO_SUCH}/amend`, signedOut: 303, regulator: 403, council: 403, provider: 404 },
    'POST /providers/{id}/returns': { path: `/providers/${NO_SUCH}/returns`, form: { x: 'y' }, signedOut: 303, regulator: 403, council: 403, provider: 403 },
    'POST /providers/{id}/returns/{returnId}/amendments': { path: `/providers/${NO_SUCH}/returns/${NO_SUCH}/amendments`, form: { x: 'y' }, signedOut: 303, regulator: 403, council: 403, provider: 403 },
    'POST /providers/{id}/returns/accounts': { path: `/providers/${NO_SUCH}/returns/accounts`, form: { x: 'y' }, signedOut: 303, regulator: 403, council: 403, provider: 403 },
    'GET /returns/template.xlsx': { path: '/returns/template.xlsx', signedOut: 303, regulator: 200, council: 403, provider: 200 },
    'GET /providers/{id}/returns/template.xlsx': { path: `/providers/${NO_SUCH}/returns/template.xlsx`, signedOut: 303, regulator: 404, council: 403, provider: 404 },
    'GET /providers/{id}/returns/{returnId}': { path: `/providers/${NO_SUCH}/returns/${NO_SUCH}`, signedOut: 303, regulator: 404, council: 403, provider: 404 },
    // Requirements: as GET /v1/providers/{id}/requirements and POST /v1/requirements/{id}/responses.
    'GET /requirements/{id}': { path: `/requirements/${NO_SUCH}`, signedOut: 303, regulator: 404, council: 403, provider: 404 },
    'POST /requirements/{id}/responses': { path: `/requirements/${NO_SUCH}/responses`, form: { documentReference: 'x', text: 'y' }, signedOut: 303, regulator: 403, council: 403, provider: 403 },
  }
  const routes = [...appRoutes(app, 'console').keys].filter((k) => !/ \/assets\/|^[A-Z]+ \/oidc\/\*$/.test(k))
  t.same(routes.filter((k) => !(k in CONSOLE_MATRIX)).sort(), [], 'every console page has a row')
  for (const [key, row] of Object.entries(CONSOLE_MATRIX)) {
    if (key === 'GET /sign-out') continue // asked last: it ends the sessions
    for (const who of ['signedOut', 'regulator', 'council', 'provider'] as const) {
      const res = await people[who].request(row.path, row.form ? { form: row.form } : {})
      t.equal(res.status, row[who], `${key} as ${who}`)
      if (res.status >= 400) t.match(res.headers.get('content-type'), /^text\/html/, `${key} as ${who}: a page, never a stack`)
    }
  }
  t.same(homes.regulator.url.pathname, '/', 'sign-in came back to where it began')

  for (const who of ['regulator', 'provider'] as const) {
    const out = await people[who].request('/sign-out')
    t.equal(out.status, CONSOLE_MATRIX['GET /sign-out'][who])
    t.match(out.location, `${base}/oidc/session/end?`, `${who}: on to the identity provider to end its session`)
    t.match(new URL(out.location!).searchParams.get('id_token_hint'), /^ey/)
    t.match((await people[who].request('/')).text, /You have signed out/)
  }
  const nobody = await people.signedOut.request('/sign-out')
  t.equal(nobody.status, CONSOLE_MATRIX['GET /sign-out'].signedOut)
  t.equal(nobody.location, '/', 'nobody to sign out: home')

  // Twelve hours after signing in, whatever happened since, the session is over.
  t.match((await people.council.request('/')).text, />Camden<\/h1>/, 'still signed in')
  clock += MAX_SIGNED_IN_MS + 1000
  const later = await people.council.request('/')
  t.match(later.text, /You need an account from the oversight team/, 'signed out twelve hours after signing in')
})
