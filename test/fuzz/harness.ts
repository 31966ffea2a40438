// The fuzzer's moving parts, shared by the seeded run in `npm test` and `npm run fuzz`: the routes
// (read from the app), a request arbitrary per route, the oracle that judges each answer, and a
// runner that counts cases and statuses and keeps every failure with the seed that replays it.
import fc from 'fast-check'
import { randomUUID } from 'node:crypto'
import { Writable } from 'node:stream'
import { generateKeyPair, SignJWT, type CryptoKey } from 'jose'
import { AUDIENCE, ISSUER, testKeys } from '../helper.js'
import type { App } from '../../src/app.js'
import { isApiPath } from '../../src/plugins/errors.js'
import {
  authorizationArb, DOCUMENT_CONTENT_TYPES, extraHeadersArb, headerValue, hostileDocuments, hostileValue, JSON_CONTENT_TYPES, mutate, mutation,
  Nest, OTHER_METHODS, pathParamArb, queryArb, rawBody, toJson, validFor, type Credentials, type QueryParam, type Who,
} from './arbitraries.js'
import { asBods, smallReturn } from '../fixtures/returns.js'
import type { AnnualReturn } from '../../src/domain/annual-return.js'
import { exampleBody, ixbrlDocument, paramValues, type World } from './world.js'

type Schema = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

// ---------------------------------------------------------------------------------------------
// Routes

/**
 * Every method and path the API answers, from the app's router, as `METHOD /path/{param}`. The
 * HEAD routes Fastify adds for GET routes are returned apart, keyed by their GET. The console's
 * routes (pages at the site root, signed in by session rather than bearer token) are listed apart
 * (`which: 'console'`): test/console covers them.
 */
export function appRoutes(app: App, which: 'api' | 'console' = 'api'): { keys: Set<string>; heads: Set<string> } {
  const keys = new Set<string>()
  const heads = new Set<string>()
  const prefixes: string[] = []
  // The radix tree as printed; a route's path is its node's segments joined (the commonPrefix:
  // false rendering drops characters before a wildcard, so it cannot be read back).
  for (const line of app.printRoutes().split('\n')) {
    const m = line.match(/^((?:│ {3}| {4})*)[├└]── (\S+)(?: \(([A-Z, ]+)\))?$/u)
    if (!m) continue
    const depth = [...m[1]].length / 4
    prefixes.length = depth
    const path = (prefixes[depth - 1] ?? '') + m[2]
    prefixes[depth] = path
    if (isApiPath(path) !== (which === 'api')) continue
    for (const method of (m[3] ?? '').split(', ').filter(Boolean)) {
      const key = `${method} ${path.replace(/:(\w+)/g, '{$1}')}`
      if (method === 'HEAD') heads.add(key.replace(/^HEAD/, 'GET'))
      else keys.add(key)
    }
  }
  return { keys, heads }
}

export interface Target {
  key: string
  method: string
  path: string
  params: string[]
  query: QueryParam[]
  headers: QueryParam[]
  body?: Schema
  /** Takes an iXBRL document, not JSON. */
  document: boolean
  /** Statuses the OpenAPI document lists for it (empty when undocumented). */
  documented: Set<number>
  secured: boolean
}

interface Operation {
  parameters?: Array<{ in: string; name: string; schema?: Schema }>
  requestBody?: { content?: Record<string, { schema?: Schema }> }
  responses?: Record<string, unknown>
  security?: unknown[]
  consumes?: string[]
}

/** The routes to fuzz: every route of the app, with what the OpenAPI document says of it. */
export function targets(app: App): Target[] {
  const doc = app.swagger() as { paths: Record<string, Record<string, Operation>> }
  const { keys } = appRoutes(app)
  return [...keys].sort().map((key) => {
    const [method, path] = key.split(' ')
    const op = doc.paths[path]?.[method.toLowerCase()]
    const params = [...path.matchAll(/\{(\w+)\}|\*/g)].map((m) => m[1] ?? '*')
    const of = (where: string) => (op?.parameters ?? []).filter((p) => p.in === where).map((p) => ({ name: p.name, schema: p.schema }))
    const content = op?.requestBody?.content ?? {}
    return {
      key, method, path, params, query: of('query'), headers: of('header'),
      body: content['application/json']?.schema,
      document: key === 'POST /v1/providers/{id}/accounts/ixbrl',
      documented: new Set(Object.keys(op?.responses ?? {}).map(Number)),
      secured: path.startsWith('/v1/') && op?.security?.length !== 0,
    }
  })
}

// ---------------------------------------------------------------------------------------------
// Requests

export interface FuzzRequest {
  method: string
  url: string
  headers: Record<string, string>
  payload?: string | Buffer
  who: Who
  tags: string[]
}

export interface Context {
  world: World
  creds: Credentials
  /** Per route, the roles whose valid request is let in (found by asking once, see `permittedRoles`). */
  permitted?: Map<string, Array<keyof Credentials['valid']>>
  /** The app's METRICS_TOKEN, when it has one (GET /metrics takes it, not a JWT). */
  metricsToken?: string
  /** Per paged route, the JS types of its cursor's key (read from a cursor it issued). */
  cursorShapes?: Map<string, Array<'string' | 'number'>>
  /** The ruleset in force when the run began (the base of ruleset bodies). */
  ruleset?: Record<string, unknown>
}

/** Tokens of every role, and tokens that must be refused or that carry odd claims. */
export async function credentials(world: World): Promise<Credentials> {
  const { privateKey, kid } = await testKeys()
  const sign = (payload: Record<string, unknown>, o: { iss?: string; aud?: string; exp?: number | string; alg?: string; key?: CryptoKey | Uint8Array; kid?: string } = {}) =>
    new SignJWT(payload).setProtectedHeader({ alg: o.alg ?? 'ES256', kid: o.kid ?? kid })
      .setIssuer(o.iss ?? ISSUER).setAudience(o.aud ?? AUDIENCE).setIssuedAt().setExpirationTime(o.exp ?? '10m')
      .sign(o.key ?? privateKey)
  const other = await generateKeyPair('ES256')
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url')
  const now = Math.floor(Date.now() / 1000)
  const forged = await Promise.all([
    sign({ role: 'regulator', sub: 'x' }, { exp: now - 3600 }),
    sign({ role: 'regulator', sub: 'x' }, { aud: 'someone-else' }),
    sign({ role: 'regulator', sub: 'x' }, { iss: 'https://evil.example' }),
    sign({ role: 'regulator', sub: 'x' }, { key: other.privateKey }),
    sign({ role: 'regulator', sub: 'x' }, { kid: 'no-such-key' }),
    sign({ role: 'regulator', sub: 'x' }, { alg: 'HS256', key: new TextEncoder().encode('secret-secret-secret-secret-secret!') }),
    Promise.resolve(`${b64({ alg: 'none', typ: 'JWT' })}.${b64({ role: 'regulator', sub: 'x', iss: ISSUER, aud: AUDIENCE, exp: now + 600 })}.`),
    sign({ role: 'admin', sub: 'x' }), sign({ role: 'regulator' }), sign({ role: 'regulator', sub: '' }), sign({ role: 'regulator', sub: 'x'.repeat(201) }),
    sign({ role: 'regulator', sub: 42 }), sign({ role: ['regulator'], sub: 'x' }), sign({ role: 'provider', sub: 'x' }), sign({ role: 'provider', sub: 'x', providerId: 'not-a-uuid' }),
    sign({ role: 'provider', sub: 'x', providerId: { $ne: null } }), sign({ role: 'council', sub: 'x', laCode: 'E99999999' }), sign({ role: 'council', sub: 'x', laCode: ['E09000007'] }),
    sign(JSON.parse('{"__proto__":{"role":"regulator"},"sub":"x"}') as Record<string, unknown>),
    sign(JSON.parse('{"constructor":{"prototype":{"role":"regulator"}},"sub":"x"}') as Record<string, unknown>),
    sign({ role: 'regulator', sub: 'x' }, { exp: now - 31 }), // past the 30 s clock tolerance
  ])
  // Signed by the service's issuer and acceptable, but with claims nobody expects.
  const odd = await Promise.all([
    sign({ role: 'regulator', sub: '\u0000' }), sign({ role: 'regulator', sub: "'; DROP TABLE audit_log; --" }), sign({ role: 'regulator', sub: '\ud800' }),
    sign({ role: 'regulator', sub: 'x'.repeat(200) }), sign({ role: 'provider', sub: 'x', providerId: world.providerId.toUpperCase() }),
    sign({ role: 'provider', sub: '__proto__', providerId: world.providerId }), sign({ role: 'council', sub: 'constructor', laCode: world.councilOwn, providerId: world.providerId }),
    sign({ role: 'regulator', sub: 'x', providerId: world.providerId, laCode: world.councilOwn, extra: { __proto__: { polluted: 'yes' } } }),
  ])
  return { valid: world.tokens, forged: [...forged, ...odd.map((t) => `odd:${t}`)] }
}

const fill = (path: string, values: Record<string, string>) =>
  path.replace(/\{(\w+)\}|\*/g, (m, name: string | undefined) => values[name ?? '*'] ?? m)

/** Requests for one route: mostly its own method with a valid token, everything else at random. */
export function requestArb(t: Target, ctx: Context): fc.Arbitrary<FuzzRequest> {
  const { world, creds } = ctx
  const params = fc.record(Object.fromEntries(t.params.map((name) => [name,
    name === '*' ? fc.constantFrom('swagger-ui.css', 'index.html', '../../package.json', '..%2f..%2fpackage.json', '%00', 'x'.repeat(5000), '%E0%A4%A').map((value) => ({ value, tag: 'wildcard' }))
      : pathParamArb(paramValues(t.path, name, world))])))

  const example = exampleBody(t.key, world, { ruleset: ctx.ruleset })
  const mutations = fc.array(mutation, { minLength: 1, maxLength: 3 })
  const text = (tag: string) => (v: unknown) => ({ payload: toJson(v), tag })

  let body: fc.Arbitrary<{ payload?: string | Buffer; tag: string }>
  if (t.document) {
    body = hostileDocuments(ixbrlDocument()).map((payload) => ({ payload, tag: 'document' }))
  } else if (t.body) {
    const valid = validFor(t.body)
    body = fc.oneof(
      { weight: 2, arbitrary: fc.constant(example ?? {}).map(text('example')) },
      { weight: 2, arbitrary: valid.map(text('schema-valid')) },
      { weight: 6, arbitrary: mutations.map((m) => mutate(example ?? {}, m)).map(text('mutated-example')) },
      { weight: 2, arbitrary: fc.tuple(valid, mutations).map(([v, m]) => mutate(v, m)).map(text('mutated-valid')) },
      { weight: 1, arbitrary: hostileValue.map(text('hostile-value')) },
      { weight: 2, arbitrary: rawBody.map((payload) => ({ payload, tag: 'raw' })) },
    )
  } else if (t.method === 'POST' || t.method === 'PUT') {
    body = fc.oneof(
      { weight: 6, arbitrary: fc.constant({ tag: 'no-body' }) },
      { weight: 1, arbitrary: hostileValue.map(text('hostile-value')) },
      { weight: 1, arbitrary: rawBody.map((payload) => ({ payload, tag: 'raw' })) },
    )
  } else {
    body = fc.oneof({ weight: 9, arbitrary: fc.constant({ tag: 'no-body' }) }, { weight: 1, arbitrary: rawBody.map((payload) => ({ payload, tag: 'raw' })) })
  }

  const contentType = fc.oneof(
    { weight: 3, arbitrary: fc.constant(t.document ? 'application/xhtml+xml' : 'application/json') },
    { weight: 2, arbitrary: fc.constantFrom(...(t.document ? DOCUMENT_CONTENT_TYPES : JSON_CONTENT_TYPES)) },
  )
  const declaredHeaders = fc.record(Object.fromEntries(t.headers.map((h) => [h.name,
    h.name === 'if-match' ? fc.oneof(fc.constant('*'), fc.constant('*'), headerValue) : h.name === 'idempotency-key' ? fc.oneof(fc.uuid(), headerValue) : headerValue])),
  { requiredKeys: [] }) as fc.Arbitrary<Record<string, string>>
  const method = fc.oneof({ weight: 19, arbitrary: fc.constant(t.method) }, { weight: 1, arbitrary: fc.constantFrom(...OTHER_METHODS) })

  return fc.record({
    method, params, query: fc.option(queryArb(t.query, ctx.cursorShapes?.get(t.key)), { freq: 3 }), auth: authorizationArb(creds, ctx.permitted?.get(t.key)), body, contentType,
    declared: declaredHeaders, extra: fc.oneof({ weight: 7, arbitrary: fc.constant({}) }, { weight: 3, arbitrary: extraHeadersArb }),
  }).map(({ method, params, query, auth, body, contentType, declared, extra }) => {
    const values = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v.value]))
    const url = fill(t.path, values) + (query ? `?${query.text}` : '')
    const headers: Record<string, string> = { ...extra, ...declared }
    let who = auth.who
    if (auth.header?.startsWith('Bearer odd:')) {
      headers.authorization = auth.header.replace('odd:', '')
      who = 'odd'
    } else if (auth.header !== undefined) headers.authorization = auth.header
    if (body.payload !== undefined && contentType !== undefined) headers['content-type'] = contentType
    return {
      method, url, headers, payload: body.payload, who,
      tags: [body.tag, `auth:${who}`, ...Object.entries(params).map(([k, v]) => `${k}:${v.tag}`), ...(query?.tags ?? [])],
    }
  })
}

// ---------------------------------------------------------------------------------------------
// The oracle

/** What only the server could have written: stack frames, file paths, driver and SQL errors. */
const LEAKS: readonly RegExp[] = [
  /\n\s+at [^\n]*:\d+:\d+/, /\bat (?:async )?[\w.<>]+ \([^)]*:\d+:\d+\)/, /node_modules/, /\/work\/main\//, /\/src\/[\w/-]+\.[jt]s/, /"stack"\s*:/,
  /syntax error at or near/i, /invalid input syntax for/i, /violates [\w -]*constraint/i, /duplicate key value/i, /relation "[^"]+"/i,
  /column "[^"]+"/i, /Failed query/i, /PostgresError|DrizzleQueryError|PGlite|ErrorResponse/, /current transaction is aborted/i,
  /out of range for type/i, /invalid byte sequence for encoding/i, /\bselect\b[^"]{0,200}\bfrom\s+"\w+"/i, /\binsert into\s+"\w+"/i,
  /SQLSTATE|sqlState|"code"\s*:\s*"\d{2}[0-9A-Z]{3}"/, /Maximum call stack size exceeded/, /RangeError|TypeError|ReferenceError|SyntaxError: /,
]

export interface Answer { statusCode: number; headers: Record<string, unknown>; body: string }
export type ErrorLog = ReturnType<typeof errorLog>

/** Everything wrong with this answer to this request (empty when it is fine). */
export function judge(req: FuzzRequest, res: Answer, target: Target): string[] {
  const problems: string[] = []
  const status = res.statusCode
  if (status >= 500) problems.push(`status ${status}`)
  const type = String(res.headers['content-type'] ?? '')
  if (status >= 400) {
    if (!type.startsWith('application/problem+json')) problems.push(`${status} is ${type || 'no content type'}, not application/problem+json`)
    else if (req.method !== 'HEAD') {
      try {
        const p = JSON.parse(res.body) as Record<string, unknown>
        if (typeof p.type !== 'string' || typeof p.title !== 'string' || typeof p.detail !== 'string' || p.status !== status) {
          problems.push(`${status} problem lacks type/title/detail/status: ${res.body.slice(0, 200)}`)
        }
      } catch { problems.push(`${status} problem+json body is not JSON: ${res.body.slice(0, 200)}`) }
    }
  }
  const sameRoute = req.method === target.method || (req.method === 'HEAD' && target.method === 'GET')
  if (target.secured && sameRoute && (req.who === 'anonymous' || req.who === 'forged' || req.who === 'garbage') && status < 400) {
    problems.push(`${status} without a valid token`)
  }
  const sent = `${req.url}\n${typeof req.payload === 'string' ? req.payload : req.payload?.toString('utf8') ?? ''}\n${Object.values(req.headers).join('\n')}`.toLowerCase()
  for (const re of LEAKS) {
    const m = res.body.match(re)
    if (m && !sent.includes(m[0].toLowerCase()) && !sent.includes(JSON.stringify(m[0]).slice(1, -1).toLowerCase())) {
      problems.push(`the body leaks ${JSON.stringify(m[0].slice(0, 80))}`)
    }
  }
  return problems
}

const PROTOTYPES: Array<[string, object]> = [
  ['Object', Object.prototype], ['Array', Array.prototype], ['Function', Function.prototype], ['String', String.prototype],
  ['Number', Number.prototype], ['Promise', Promise.prototype], ['Error', Error.prototype],
]
const snapshot = () => PROTOTYPES.map(([n, p]) => `${n}:${Reflect.ownKeys(p).map(String).sort().join(',')}`).join('\n')
const BASELINE = snapshot()

/** Whether any built-in prototype gained or lost a property since this module loaded. */
export function pollution(): string | undefined {
  const probe = {} as Record<string, unknown>
  if (probe.polluted !== undefined || probe.role !== undefined || probe.isAdmin !== undefined) return `Object.prototype carries ${JSON.stringify({ polluted: probe.polluted, role: probe.role })}`
  const now = snapshot()
  if (now === BASELINE) return undefined
  const before = new Set(BASELINE.split('\n'))
  return `prototypes changed: ${now.split('\n').filter((l) => !before.has(l)).join('; ').slice(0, 300)}`
}

// ---------------------------------------------------------------------------------------------
// The runner

export interface Failure {
  key: string; seed: number; run: number; violations: string[]; request: string; answer: string
  /** What the service logged for this request (a 5xx's error and the top of its stack), when a log was kept. */
  logged?: string
}

/**
 * A pino destination that keeps each request's logged error, by request id, so a failure can say
 * where in the source it came from: `build(t, { logger: { level: 'error', stream: log.stream } })`.
 */
export function errorLog() {
  const byRequest = new Map<string, string>()
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        try {
          const entry = JSON.parse(line) as { reqId?: string; err?: { type?: string; message?: string; stack?: string } }
          if (!entry.reqId || !entry.err) continue
          const stack = entry.err.stack ?? ''
          // The root cause (a driver's error comes "caused by"), and where in our source it surfaced.
          const cause = stack.match(/caused by: (.*)/)?.[1] ?? `${entry.err.type ?? 'Error'}: ${(entry.err.message ?? '').split('\n')[0]}`
          const frames = stack.split('\n').filter((l) => /^\s+at /.test(l) && /\/(src|schema)\//.test(l) && !l.includes('node_modules'))
            .slice(0, 3).map((l) => l.trim().replace(/^at (async )?/, '').replace(/\/work\/main\//, ''))
          byRequest.set(entry.reqId, `${cause.slice(0, 200)} @ ${frames.join(' ← ') || '(no frame in src)'}`)
          if (byRequest.size > 1000) byRequest.delete(byRequest.keys().next().value!)
        } catch { /* not JSON */ }
      }
      done()
    },
  })
  return { stream, take: (reqId: string) => { const e = byRequest.get(reqId); byRequest.delete(reqId); return e } }
}
export interface RouteStats {
  key: string
  cases: number
  ms: number
  statuses: Record<number, number>
  /** Statuses answered that the route's OpenAPI entry does not list. */
  undocumented: Record<number, number>
  failures: Failure[]
  /** The slowest cases (a request that holds the event loop for seconds is a denial of service). */
  slowest: Array<{ ms: number; status: number; request: string }>
}

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s)

export function describe(req: FuzzRequest): string {
  const payload = req.payload === undefined ? '' : Buffer.isBuffer(req.payload) ? `bytes ${req.payload.subarray(0, 60).toString('hex')} (${req.payload.length})` : cut(JSON.stringify(req.payload), 300)
  const headers = Object.entries(req.headers).map(([k, v]) => `${k}: ${cut(k === 'authorization' ? v.replace(/(\.[\w-]{6})[\w-]+$/, '$1…') : v, 80)}`).join('; ')
  return `${req.method} ${cut(req.url, 300)} [${req.who}] {${headers}} ${payload} (${req.tags.join(', ')})`
}

async function send(app: App, req: FuzzRequest, timeoutMs: number): Promise<Answer> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs) })
  try {
    const res = await Promise.race([app.inject({ method: req.method as 'GET', url: req.url, headers: req.headers, payload: req.payload }), timeout])
    return { statusCode: res.statusCode, headers: res.headers, body: res.body }
  } finally { clearTimeout(timer) }
}

/**
 * Runs `numRuns` cases of one route. Never stops at a failure: each is recorded with the seed and
 * run index that regenerate it (`fc.assert(…, { seed, path: String(run) })`), and the run goes on.
 */
export async function fuzzTarget(app: App, target: Target, ctx: Context, opts: {
  seed: number; numRuns: number; timeoutMs?: number; log?: ErrorLog
  /** Requests to send first, as they are (the known-hostile cases); their failures have run -1, -2, … */
  examples?: FuzzRequest[]
  /** A case slower than this (ms) is a failure too; by default slowness is only reported. */
  maxMs?: number
}): Promise<RouteStats> {
  const stats: RouteStats = { key: target.key, cases: 0, ms: 0, statuses: {}, undocumented: {}, failures: [], slowest: [] }
  const started = performance.now()
  const one = async (req: FuzzRequest, run: number) => {
    let reqId: string | undefined
    let status = 0
    const sent = performance.now()
    const violations = await check(app, target, req, opts.timeoutMs ?? 30_000, (res) => {
      status = res.statusCode
      stats.statuses[res.statusCode] = (stats.statuses[res.statusCode] ?? 0) + 1
      if (target.documented.size && req.method === target.method && !target.documented.has(res.statusCode)) stats.undocumented[res.statusCode] = (stats.undocumented[res.statusCode] ?? 0) + 1
      reqId = res.headers['x-request-id'] as string | undefined
    })
    const ms = performance.now() - sent
    if (stats.slowest.length < 3 || ms > stats.slowest[stats.slowest.length - 1].ms) {
      stats.slowest = [...stats.slowest, { ms, status, request: describe(req) }].sort((a, b) => b.ms - a.ms).slice(0, 3)
    }
    if (opts.maxMs && ms > opts.maxMs) violations.list.push(`took ${Math.round(ms)} ms (more than ${opts.maxMs})`)
    stats.cases++
    const logged = reqId ? opts.log?.take(reqId) : undefined
    if (violations.answer !== undefined && violations.list.length) {
      stats.failures.push({ key: target.key, seed: opts.seed, run, violations: violations.list, request: describe(req), answer: violations.answer, logged })
    }
  }
  for (const [i, req] of (opts.examples ?? []).entries()) await one(req, -(i + 1))
  let run = -1
  await fc.assert(fc.asyncProperty(requestArb(target, ctx), async (req) => { await one(req, ++run) }), { seed: opts.seed, numRuns: opts.numRuns })
  stats.ms = performance.now() - started
  return stats
}

/**
 * The hostile inputs that have found bugs here before, for every route, sent as they are on every
 * run (random cases may take thousands of runs to meet them again): ids in the other spellings
 * the uuid format allows, text PostgreSQL cannot store (NUL, lone surrogates) in every string of
 * the body, query and token, forged cursors of the right shape, figures too large for a number.
 */
export function knownHostile(t: Target, ctx: Context, opts: { heavy?: boolean } = {}): FuzzRequest[] {
  const role = ctx.permitted?.get(t.key)?.[0] ?? 'regulator'
  const values = Object.fromEntries(t.params.map((name) => [name, name === '*' ? 'swagger-ui.css' : paramValues(t.path, name, ctx.world)[0]]))
  const example = exampleBody(t.key, ctx.world, { ruleset: ctx.ruleset })
  const payload = t.document ? ixbrlDocument() : example === undefined ? undefined : toJson(example)
  const contentType = t.document ? 'application/xhtml+xml' : 'application/json'
  const make = (tag: string, o: { values?: Record<string, string>; query?: string; payload?: string | Buffer; headers?: Record<string, string>; token?: string } = {}): FuzzRequest => {
    const body = 'payload' in o ? o.payload : payload
    return {
      method: t.method, url: fill(t.path, o.values ?? values) + (o.query ? `?${o.query}` : ''), who: o.token ? 'odd' : role, tags: [`known:${tag}`],
      payload: body,
      headers: { authorization: `Bearer ${o.token ?? ctx.creds.valid[role]}`, ...(body === undefined ? {} : { 'content-type': contentType }), ...(t.headers.some((h) => h.name === 'if-match') ? { 'if-match': '*' } : {}), ...o.headers },
    }
  }
  const out: FuzzRequest[] = []
  // Path parameters: the spellings of a uuid the `uuid` format lets through but PostgreSQL refuses.
  for (const [name, v] of Object.entries(values)) {
    if (!/^[0-9a-f-]{36}$/.test(v)) continue
    for (const variant of [`urn:uuid:${v}`, v.toUpperCase()]) out.push(make(`${name}:${variant.slice(0, 9)}`, { values: { ...values, [name]: encodeURIComponent(variant) } }))
  }
  // Text that cannot be stored: in each string of the body (up to 8 of them), in each string query parameter.
  if (example !== undefined && !t.document) {
    const strings = stringPlaces(example).slice(0, 8)
    for (const [i, bad] of [['nul', 'a\u0000b'], ['surrogate', 'a\ud800b']].entries()) {
      for (const path of strings.filter((_, j) => j % 2 === i % 2 || strings.length < 6)) {
        out.push(make(`${bad[0]}:${path.join('.')}`, { payload: toJson(setAt(example, path, bad[1])) }))
      }
    }
  }
  for (const q of t.query.filter((x) => x.schema?.type === 'string' && !x.schema.format && !x.schema.pattern && x.name !== 'cursor')) {
    out.push(make(`query-nul:${q.name}`, { query: `${q.name}=a%00b` }), make(`query-surrogate:${q.name}`, { query: `${q.name}=a%ED%A0%80b` }))
  }
  // Cursors of the shape the route issues, with values no row has.
  const shape = ctx.cursorShapes?.get(t.key)
  if (shape) {
    for (const [tag, s, n] of [['dates', 'not-a-date', 1.5], ['uuids', 'urn:uuid:00000000-0000-0000-0000-000000000000', 1e308], ['nul', 'a\u0000b', -1], ['huge', '+275760-09-13T00:00:00.000Z', 2 ** 63]] as const) {
      out.push(make(`cursor-${tag}`, { query: `cursor=${Buffer.from(JSON.stringify(shape.map((x) => (x === 'number' ? n : s)))).toString('base64url')}` }))
    }
  }
  // Tokens signed by the issuer whose subject cannot be stored.
  if (t.secured) for (const token of ctx.creds.forged.filter((x) => x.startsWith('odd:')).slice(0, 3)) out.push(make('odd-sub', { token: token.slice(4) }))
  // The metrics token's length in characters but not in bytes (a constant-time compare of unequal buffers throws).
  if (t.key === 'GET /metrics' && ctx.metricsToken) {
    const n = ctx.metricsToken.length
    out.push(make('metrics-latin1', { token: `é${'x'.repeat(n - 1)}` }), make('metrics-token', { token: ctx.metricsToken }))
  }
  // Nesting deeper than any stack, where the schema takes free-form JSON (BODS statements).
  const ownershipOf = t.key === 'POST /v1/providers/{id}/returns' ? 'filing' : t.key.endsWith('/amendments') ? 'amendment' : t.key === 'POST /v1/ownership/resolve' ? 'section' : undefined
  if (ownershipOf && example !== undefined) {
    // A period of its own for a filing, so that the return is new and gets as far as being stored.
    const filed = asBods(ownershipOf === 'amendment' ? example as AnnualReturn : smallReturn({ periodEnd: '2023-03-31' }))
    const statements = (filed.ownership as { bods: Array<Record<string, unknown>> }).bods
    statements[0] = { ...statements[0], extension: new Nest(5_000, 1) }
    const body = ownershipOf === 'section' ? filed.ownership : filed
    out.push(make('deep-bods', { payload: toJson(body) }), make('deep-bods-idempotent', { payload: toJson(body), headers: { 'idempotency-key': randomUUID() } }))
  }
  // A JSON body where a document is expected; figures beyond any number.
  if (t.document) {
    out.push(make('json-to-document-route', { payload: '{"a":1}', headers: { 'content-type': 'application/json' } }))
    out.push(make('scale-400', { payload: ixbrlDocument().replace(/scale="3"/g, 'scale="400"') }))
    out.push(make('digits-400', { payload: ixbrlDocument().replace(/>48,250</g, `>${'9'.repeat(400)}<`) }))
    // Seconds of parsing when a namespace-aware parser is quadratic in depth: `npm run fuzz` only.
    if (opts.heavy) out.push(make('deep-document', { payload: ixbrlDocument().replace(/<body>/, `<body>${'<span>'.repeat(20_000)}${'</span>'.repeat(20_000)}`) }))
  }
  return out
}

/** Paths to every string in a JSON value. */
function stringPlaces(v: unknown, path: Array<string | number> = []): Array<Array<string | number>> {
  if (typeof v === 'string') return [path]
  if (Array.isArray(v)) return v.flatMap((x, i) => stringPlaces(x, [...path, i]))
  if (v !== null && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => stringPlaces(x, [...path, k]))
  return []
}

function setAt(v: unknown, path: Array<string | number>, value: unknown): unknown {
  if (!path.length) return value
  const [head, ...rest] = path
  if (Array.isArray(v)) return v.map((x, i) => (i === head ? setAt(x, rest, value) : x))
  return { ...(v as Record<string, unknown>), [head]: setAt((v as Record<string, unknown>)[head as string], rest, value) }
}

/** Sends one request and judges the answer; `answer` is an excerpt for the report. */
export async function check(app: App, target: Target, req: FuzzRequest, timeoutMs: number, seen?: (res: Answer) => void): Promise<{ list: string[]; answer?: string }> {
  let res: Answer
  try {
    res = await send(app, req, timeoutMs)
  } catch (err) {
    const e = err as NodeJS.ErrnoException
    // light-my-request refusing what HTTP cannot carry is the harness's problem, not the service's.
    if (e.code === 'ERR_INVALID_CHAR' || e.code === 'ERR_HTTP_INVALID_HEADER_VALUE' || e.code === 'ERR_INVALID_HTTP_TOKEN') return { list: [] }
    return { list: [`inject failed: ${e.message}`], answer: String(e.stack ?? e).slice(0, 300) }
  }
  seen?.(res)
  const list = judge(req, res, target)
  const polluted = pollution()
  if (polluted) list.push(polluted)
  return { list, answer: `${res.statusCode} ${res.headers['content-type'] ?? ''} ${cut(res.body, 300)}` }
}

/** Replays one recorded case (seed and run) and lets fast-check shrink it to a smaller one. */
export async function replay(app: App, target: Target, ctx: Context, seed: number, run: number) {
  return fc.check(fc.asyncProperty(requestArb(target, ctx), async (req) => {
    const { list } = await check(app, target, req, 30_000)
    if (list.length) throw new Error(`${list.join('; ')}\n${describe(req)}`)
  }), { seed, path: String(run), numRuns: 1 })
}

/** What the request arbitraries need: the world's ids, tokens, the ruleset in force, who gets in where. */
export async function contextFor(app: App, world: World, opts: { metricsToken?: string } = {}): Promise<Context> {
  const ruleset = (await app.inject({ url: '/v1/rules', headers: { authorization: `Bearer ${world.tokens.regulator}` } })).json() as Record<string, unknown>
  const ctx: Context = { world, creds: await credentials(world), ruleset, metricsToken: opts.metricsToken }
  ctx.permitted = await permittedRoles(app, targets(app), ctx)
  ctx.cursorShapes = await cursorShapes(app, targets(app), ctx)
  return ctx
}

/** The shape of each paged route's cursors, from one it issues (a page of one item). */
export async function cursorShapes(app: App, list: Target[], ctx: Context) {
  const out = new Map<string, Array<'string' | 'number'>>()
  for (const t of list.filter((x) => x.method === 'GET' && x.query.some((q) => q.name === 'cursor'))) {
    const role = ctx.permitted?.get(t.key)?.[0]
    if (!role) continue
    const values = Object.fromEntries(t.params.map((name) => [name, paramValues(t.path, name, ctx.world)[0]]))
    const res = await app.inject({ url: `${fill(t.path, values)}?limit=1`, headers: { authorization: `Bearer ${ctx.creds.valid[role]}` } })
    const next = res.statusCode === 200 ? (res.json() as { nextCursor?: string | null }).nextCursor : undefined
    if (!next) continue
    try {
      const key = JSON.parse(Buffer.from(next, 'base64url').toString('utf8')) as unknown[]
      out.set(t.key, key.map((v) => (typeof v === 'number' ? 'number' : 'string')))
    } catch { /* not the usual kind of cursor: the generic ones will do */ }
  }
  return out
}

/**
 * Which roles a route lets in, found by sending each role's token once with a valid request
 * (real ids, the example body): most generated cases then carry one of those tokens, so they get
 * past authorisation to the validation and the handler, where the bugs are.
 */
export async function permittedRoles(app: App, list: Target[], ctx: Context) {
  const out = new Map<string, Array<keyof Credentials['valid']>>()
  for (const t of list) {
    const values = Object.fromEntries(t.params.map((name) => [name, name === '*' ? 'swagger-ui.css' : paramValues(t.path, name, ctx.world)[0]]))
    const example = exampleBody(t.key, ctx.world, { ruleset: ctx.ruleset })
    const roles: Array<keyof Credentials['valid']> = []
    for (const role of Object.keys(ctx.creds.valid) as Array<keyof Credentials['valid']>) {
      const res = await app.inject({
        method: t.method as 'GET', url: fill(t.path, values),
        headers: { authorization: `Bearer ${ctx.creds.valid[role]}`, 'if-match': '*', ...(t.document ? { 'content-type': 'application/xhtml+xml' } : {}) },
        ...(t.document ? { payload: ixbrlDocument() } : example === undefined ? {} : { payload: example as string }),
      })
      if (![401, 403, 404].includes(res.statusCode)) roles.push(role)
    }
    out.set(t.key, roles)
  }
  return out
}

/** A seed of its own for each route, from the run's seed: the same run, the same cases. */
export const seedFor = (seed: number, key: string) => {
  let h = 0x811c9dc5
  for (const c of key) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193)
  return (seed ^ h) | 0
}
