// Signing in and out (MoJ's setUpAuthentication), by OpenID Connect with openid-client: the
// authorization code flow with PKCE, state and nonce, against OIDC_ISSUER or the development
// identity provider. The ID token's claims name the person exactly as the API's tokens do (the
// same checks: src/domain/actor.ts). Signing out ends the console's session and the identity
// provider's (RP-initiated logout), and the next sign-in asks for the account again.
import fp from 'fastify-plugin'
import * as oidc from 'openid-client'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { actorFromClaims, type Role } from '../domain/actor.js'
import { isAction, ROLES, type Action } from '../domain/access.js'
import { Problem } from '../problems.js'
import { referenceCouncils } from '../reference/councils.js'
import { accountLabel } from './reads.js'

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * onRequest hook for a page: signed out, to sign in and back; a role the action's policy
     * (`ROLES` in domain/access.ts, as the API's `app.allow`) does not list, or not among the
     * roles given, the 403 page.
     */
    signedIn: (...who: [Action] | Role[]) => (req: FastifyRequest, reply: FastifyReply) => Promise<void>
  }
}

/** Where the console signs people in. */
export interface IdentityProvider {
  /** Issuer and client; for the development provider only once the service listens (its port). */
  resolve(): Promise<{ issuer: URL; clientId: string; clientSecret: string }>
  /** The console's origin as the browser must use it for the flow (its cookies are per host), if fixed. */
  origin(): string | undefined
  /** Development only: plain http to the issuer. */
  insecure: boolean
}

/** The scope whose claims (role, providerId, laCode) the identity provider puts in the ID token. */
export const SCOPE = 'openid oversight'
const SIGN_IN_TTL_MS = 10 * 60 * 1000

/** A path of this service to come back to after signing in; anything else is home. */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length > 2000) return '/'
  if (!/^\/(?![/\\])[^\s\\]*$/.test(value) || /^\/(sign-in|sign-out|oidc)(\/|$|\?)/.test(value)) return '/'
  return value
}

export default fp<{ identity: IdentityProvider; now: () => Date }>(async (app, opts) => {
  const { identity } = opts
  const councilCodes = new Set(referenceCouncils().map((c) => c.laCode))
  const requestOrigin = (req: FastifyRequest) => `${req.protocol}://${req.host}`
  const originOf = (req: FastifyRequest) => identity.origin() ?? requestOrigin(req)

  // Discovered once, on the first sign-in; a failure is tried again on the next.
  let configuration: Promise<oidc.Configuration> | undefined
  const client = () => {
    configuration ??= (async () => {
      const { issuer, clientId, clientSecret } = await identity.resolve()
      return oidc.discovery(issuer, clientId, undefined, oidc.ClientSecretBasic(clientSecret), identity.insecure ? { execute: [oidc.allowInsecureRequests] } : undefined)
    })()
    configuration.catch(() => { configuration = undefined })
    return configuration
  }
  const unavailable = (err: unknown) => {
    app.log.error({ err }, 'the identity provider cannot be reached')
    return new Problem('service-unavailable', 'The identity provider cannot be reached')
  }

  app.decorate('signedIn', (...who: [Action] | Role[]) => {
    const roles: readonly Role[] = who.length === 1 && isAction(who[0]) ? ROLES[who[0]] : who as Role[]
    return async (req: FastifyRequest, reply: FastifyReply) => {
      if (!req.session.get('user')) {
        return reply.redirect(`/sign-in?returnTo=${encodeURIComponent(req.url)}`, 303)
      }
      if (roles.length && !roles.includes(req.actor.role)) throw new Problem('forbidden', `This page is for ${roles.join(' or ')} accounts`)
    }
  })

  app.get('/sign-in', async (req, reply) => {
    const returnTo = safeReturnTo((req.query as Record<string, unknown>).returnTo)
    if (req.session.get('user')) return reply.redirect(returnTo, 303)
    // The flow's cookies (ours and the identity provider's) belong to one host name: begin there.
    const origin = originOf(req)
    if (origin !== requestOrigin(req)) return reply.redirect(`${origin}/sign-in?returnTo=${encodeURIComponent(returnTo)}`, 303)
    const config = await client().catch((err) => { throw unavailable(err) })
    const pending = {
      state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier(),
      returnTo, startedAt: opts.now().getTime(),
    }
    const promptLogin = req.session.get('promptLogin') === true
    req.session.set('signIn', pending)
    req.session.set('promptLogin', undefined)
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: `${origin}/sign-in/callback`,
      scope: SCOPE,
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
      ...(promptLogin ? { prompt: 'login' } : {}),
    })
    return reply.redirect(url.href, 303)
  })

  app.get('/sign-in/callback', async (req, reply) => {
    const pending = req.session.get('signIn')
    req.session.set('signIn', undefined)
    const origin = originOf(req)
    if (!pending || opts.now().getTime() - pending.startedAt > SIGN_IN_TTL_MS) {
      return reply.code(400).view('pages/sign-in-failed.njk', { reason: 'expired' })
    }
    const config = await client().catch((err) => { throw unavailable(err) })
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>
    try {
      tokens = await oidc.authorizationCodeGrant(config, new URL(req.url, origin), {
        pkceCodeVerifier: pending.codeVerifier, expectedState: pending.state, expectedNonce: pending.nonce, idTokenExpected: true,
      })
    } catch (err) {
      // The identity provider said no (the person cancelled), or the answer does not check out.
      req.log.warn({ err }, 'sign-in refused')
      const cancelled = err instanceof oidc.AuthorizationResponseError && err.error === 'access_denied'
      return reply.code(cancelled ? 401 : 400).view('pages/sign-in-failed.njk', { reason: cancelled ? 'cancelled' : 'refused' })
    }
    const result = actorFromClaims(tokens.claims() as Record<string, unknown>, (laCode) => councilCodes.has(laCode))
    if ('problem' in result) {
      req.log.warn({ claim: result.problem.claim }, 'sign-in with claims that do not fit')
      return reply.code(403).view('pages/sign-in-failed.njk', { reason: 'claims', problem: result.problem })
    }
    // A new session for the person (no fixation): only their identity and a fresh CSRF secret.
    req.session.regenerate()
    req.session.set('user', {
      actor: result.actor,
      label: await accountLabel(app.deps(), result.actor),
      idToken: tokens.id_token,
      signedInAt: opts.now().getTime(),
    })
    return reply.redirect(pending.returnTo, 303)
  })

  app.get('/sign-out', async (req, reply) => {
    const user = req.session.get('user')
    req.session.regenerate()
    // Even if the identity provider's session outlives this (its page left unanswered), the next
    // sign-in asks for the account again.
    req.session.set('promptLogin', true)
    if (!user) return reply.redirect('/', 303)
    req.session.set('notice', 'You have signed out.')
    const config = await client().catch(() => undefined)
    if (!config?.serverMetadata().end_session_endpoint) return reply.redirect('/', 303)
    const url = oidc.buildEndSessionUrl(config, {
      post_logout_redirect_uri: `${originOf(req)}/`,
      ...(user.idToken ? { id_token_hint: user.idToken } : {}),
    })
    return reply.redirect(url.href, 303)
  })
}, { name: 'console-sign-in', dependencies: ['console-forms'] })
