import t from 'tap'
import { createHmac, randomUUID } from 'node:crypto'
import { generateKeyPair, SignJWT, exportJWK, createLocalJWKSet, type JWK } from 'jose'
import { build, tokenFor, isProblem, AUDIENCE, ISSUER } from '../helper.js'

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url')
const now = () => Math.floor(Date.now() / 1000)

t.test('tokens that must be refused get 401 problem+json with WWW-Authenticate', async (t) => {
  const app = await build(t)
  const good = await tokenFor({ role: 'regulator' })
  const [h, p] = good.split('.')
  const claims = { role: 'regulator', sub: 'x', iss: ISSUER, aud: AUDIENCE, exp: now() + 600 }
  const stranger = await generateKeyPair('ES256')
  const cases: Record<string, string | undefined> = {
    'no token': undefined,
    'not bearer': 'Basic abc',
    'alg none': `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`,
    HS256: (() => {
      const head = b64({ alg: 'HS256', typ: 'JWT' }); const body = b64(claims)
      return `${head}.${body}.${createHmac('sha256', 'secret').update(`${head}.${body}`).digest('base64url')}`
    })(),
    expired: await tokenFor({ role: 'regulator' }, { expiresIn: '-2m' }),
    'wrong aud': await tokenFor({ role: 'regulator' }, { payload: { aud: 'someone-else' } }),
    'wrong iss': await tokenFor({ role: 'regulator' }, { payload: { iss: 'someone-else' } }),
    'tampered signature': `${h}.${b64({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), role: 'regulator', sub: 'mallory' })}.${good.split('.')[2]}`,
    'unknown kid': await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'nobody' }).sign(stranger.privateKey),
    'no exp': await new SignJWT({ role: 'regulator', sub: 'x' }).setProtectedHeader({ alg: 'ES256', kid: 'nobody' }).setIssuer(ISSUER).setAudience(AUDIENCE).sign(stranger.privateKey),
    'provider without providerId': await tokenFor({ role: 'provider', providerId: 'not-a-uuid' }),
    'council with unknown laCode': await tokenFor({ role: 'council', laCode: 'E07000001' }),
    'unknown role': await tokenFor({ role: 'regulator' }, { payload: { role: 'admin' } }),
  }
  for (const [name, token] of Object.entries(cases)) {
    const res = await app.inject({ url: '/v1/councils', headers: token === undefined ? {} : { authorization: token.startsWith('Basic') ? token : `Bearer ${token}` } })
    t.equal(res.statusCode, 401, name)
    t.ok(isProblem(res), `${name}: problem+json`)
    t.match(res.headers['www-authenticate'], /^Bearer/, `${name}: WWW-Authenticate`)
    t.equal(res.json().type, 'urn:provider-oversight:problem:unauthorized', name)
  }
  const ok = await app.inject({ url: '/v1/councils', headers: { authorization: `Bearer ${good}` } })
  t.equal(ok.statusCode, 200, 'the good token passes')
})

t.test('any asymmetric key set works: RS256, PS256 and EdDSA keys from a JWKS', async (t) => {
  const jwks: { keys: JWK[] } = { keys: [] }
  const signers: Array<[string, Awaited<ReturnType<typeof generateKeyPair>>['privateKey']]> = []
  for (const alg of ['RS256', 'PS256', 'EdDSA']) {
    const { publicKey, privateKey } = await generateKeyPair(alg, { crv: alg === 'EdDSA' ? 'Ed25519' : undefined })
    jwks.keys.push({ ...(await exportJWK(publicKey)), kid: alg, alg })
    signers.push([alg, privateKey])
  }
  const app = await build(t, { keySet: createLocalJWKSet(jwks) })
  for (const [alg, key] of signers) {
    const token = await new SignJWT({ role: 'regulator', sub: 'idp-user' }).setProtectedHeader({ alg, kid: alg })
      .setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime('5m').sign(key)
    const res = await app.inject({ url: '/v1/councils', headers: { authorization: `Bearer ${token}` } })
    t.equal(res.statusCode, 200, alg)
  }
})

t.test('a provider token names one group; a council token one council', async (t) => {
  const app = await build(t)
  const res = await app.inject({ url: '/v1/councils', headers: { authorization: `Bearer ${await tokenFor({ role: 'provider', providerId: randomUUID() })}` } })
  t.equal(res.statusCode, 200)
  const council = await app.inject({ url: '/v1/councils', headers: { authorization: `Bearer ${await tokenFor({ role: 'council', laCode: 'E09000007' })}` } })
  t.equal(council.statusCode, 200)
})

t.test('every /v1 route refuses every bad token with 401 before anything else', async (t) => {
  const app = await build(t)
  const claims = { role: 'regulator', sub: 'x', iss: ISSUER, aud: AUDIENCE, exp: now() + 600 }
  const good = await tokenFor({ role: 'regulator' })
  const [h, p, sig] = good.split('.')
  const stranger = await generateKeyPair('ES256')
  const bad = [
    undefined,
    `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`,
    (() => { const head = b64({ alg: 'HS256', typ: 'JWT' }); const body = b64(claims); return `${head}.${body}.${createHmac('sha256', 'k').update(`${head}.${body}`).digest('base64url')}` })(),
    await tokenFor({ role: 'regulator' }, { expiresIn: '-2m' }),
    await tokenFor({ role: 'regulator' }, { payload: { aud: 'elsewhere' } }),
    await tokenFor({ role: 'regulator' }, { payload: { iss: 'elsewhere' } }),
    `${h}.${b64({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), sub: 'mallory' })}.${sig}`,
    await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'nobody' }).sign(stranger.privateKey),
  ]
  const doc = (await app.inject({ url: '/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> }
  let routes = 0
  for (const [path, methods] of Object.entries(doc.paths)) {
    if (!path.startsWith('/v1/')) continue
    const url = path.replace(/\{[^}]+\}/g, (m) => (m === '{laCode}' ? 'E09000007' : m === '{version}' ? '2026.1' : randomUUID()))
    for (const method of Object.keys(methods)) {
      routes++
      for (const token of bad) {
        const res = await app.inject({ method: method.toUpperCase() as 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {}, payload: method === 'get' ? undefined : {} })
        if (res.statusCode !== 401) t.fail(`${method.toUpperCase()} ${path} answered ${res.statusCode} to a bad token`)
      }
    }
  }
  t.ok(routes > 40, `${routes} routes refused ${bad.length} kinds of bad token`)
})
