// Bearer tokens verified with jose against the configured JWKS (any OIDC provider's, or the dev
// keys from `npm run keys`). Asymmetric algorithms only; iss, aud and exp are required.
import { readFile } from 'node:fs/promises'
import fp from 'fastify-plugin'
import { createLocalJWKSet, createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { actorFromClaims, type Actor, type Role } from '../domain/actor.js'
import { isAction, roleRefusal, ROLES, type Action } from '../domain/access.js'
import { Problem } from '../problems.js'
import { referenceCouncils } from '../reference/councils.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** onRequest hook: verifies the token and sets `request.actor`, or replies 401. */
    authenticate: (req: FastifyRequest, reply: FastifyReply) => Promise<void>
    /**
     * onRequest hooks: authenticate, then refuse (403) any role the action's policy (`ROLES` in
     * domain/access.ts) does not list; or any role not listed, given roles.
     */
    allow: (...who: [Action] | Role[]) => Array<(req: FastifyRequest, reply: FastifyReply) => Promise<void>>
  }
  interface FastifyRequest { actor: Actor }
}

export const ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA']

export async function keySetFor(jwksUrl: string): Promise<JWTVerifyGetKey> {
  const url = new URL(jwksUrl)
  if (url.protocol === 'file:') {
    let text: string
    try { text = await readFile(url, 'utf8') } catch {
      throw new Error(`JWKS_URL ${jwksUrl} cannot be read: run \`npm run keys\` or point JWKS_URL at your identity provider's key set`)
    }
    return createLocalJWKSet(JSON.parse(text))
  }
  return createRemoteJWKSet(url, { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000, timeoutDuration: 5_000 })
}

const unauthorized = (detail: string) => new Problem('unauthorized', detail)

export default fp<{ jwksUrl: string; issuer: string; audience: string; keySet?: JWTVerifyGetKey }>(async (app, opts) => {
  const keys = opts.keySet ?? await keySetFor(opts.jwksUrl)
  const councilCodes = new Set(referenceCouncils().map((c) => c.laCode))
  app.decorateRequest('actor', null as unknown as { getter: () => Actor })

  async function authenticate(req: FastifyRequest, reply: FastifyReply) {
    const header = req.headers.authorization
    const match = header?.match(/^Bearer ([A-Za-z0-9\-_.]+)$/)
    if (!match) {
      reply.header('www-authenticate', 'Bearer realm="provider-oversight"')
      throw unauthorized(header ? 'The Authorization header is not a Bearer token' : 'A Bearer token is required')
    }
    let payload: Record<string, unknown>
    try {
      ({ payload } = await jwtVerify(match[1], keys, {
        issuer: opts.issuer,
        audience: opts.audience,
        algorithms: ALGORITHMS,
        clockTolerance: 30,
        requiredClaims: ['iss', 'aud', 'exp'],
      }))
    } catch (err) {
      reply.header('www-authenticate', 'Bearer realm="provider-oversight", error="invalid_token"')
      if (err instanceof joseErrors.JWTExpired) throw unauthorized('The token has expired')
      if (err instanceof joseErrors.JWKSNoMatchingKey) throw unauthorized('The token is signed with an unknown key')
      if (err instanceof joseErrors.JOSEAlgNotAllowed) throw unauthorized('The token\'s algorithm is not allowed (RS256, PS256, ES256 or EdDSA only)')
      if (err instanceof joseErrors.JWTClaimValidationFailed) throw unauthorized(`The token's "${err.claim}" claim is not acceptable`)
      if (err instanceof joseErrors.JOSEError) throw unauthorized('The token is not valid')
      throw err // e.g. the remote JWKS cannot be fetched: a 5xx, not the caller's fault
    }
    req.actor = actorFrom(payload, councilCodes, reply)
  }

  app.decorate('authenticate', authenticate)
  // One hook per route, not two: it runs on every request, councils' polling included.
  app.decorate('allow', (...who: [Action] | Role[]) => {
    const roles: readonly Role[] = who.length === 1 && isAction(who[0]) ? ROLES[who[0]] : who as Role[]
    return [async (req: FastifyRequest, reply: FastifyReply) => {
      await authenticate(req, reply)
      if (!roles.includes(req.actor.role)) throw new Problem('forbidden', roleRefusal(roles, req.actor.role))
    }]
  })
}, { name: 'auth' })

function actorFrom(p: Record<string, unknown>, councilCodes: Set<string>, reply: FastifyReply): Actor {
  const result = actorFromClaims(p, (laCode) => councilCodes.has(laCode))
  if ('actor' in result) return result.actor
  reply.header('www-authenticate', 'Bearer realm="provider-oversight", error="invalid_token"')
  throw unauthorized(`The token's "${result.problem.claim}" claim ${result.problem.why}`)
}
