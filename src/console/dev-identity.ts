// The development identity provider (CONSOLE.md, "Signing in"): with no OIDC_ISSUER, the service
// runs an OpenID Connect provider of its own (oidc-provider) at /oidc, and the console signs in
// through it by the same flow as through a real one. Anyone can be anyone here: `regulator`,
// `council:<GSS code>` (any of the 153), `provider:<group id>` (any registered group). It never
// runs when NODE_ENV=production.
//
// Mounting oidc-provider in Fastify: its Koa app gets the raw request in a route-level onRequest
// hook, after reply.hijack() and before anything reads the body, with /oidc cut off req.url and the
// whole path kept in req.originalUrl (how it finds its mount path). Its issuer carries the prefix
// and the real host and port, so it is made on first use, once the service listens; the sign-in
// pages it asks for (interactions) are the console's own, at an absolute path under /oidc.
import { randomBytes } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import fp from 'fastify-plugin'
import { exportJWK, generateKeyPair } from 'jose'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Provider, KoaContextWithOIDC } from 'oidc-provider'
import type { Deps } from '../commands/deps.js'
import { Problem } from '../problems.js'
import { referenceCouncils } from '../reference/councils.js'
import { demoAccounts, providerExists } from './reads.js'
import { SCOPE, type IdentityProvider } from './sign-in.js'
import { writePageHeaders } from './security.js'

export const MOUNT = '/oidc'
const CLIENT_ID = 'provider-oversight-console'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

/** An account as typed, in the form the provider keeps it (`Council:e09000007` is `council:E09000007`). */
export function normaliseAccount(input: unknown): string {
  if (typeof input !== 'string') return ''
  const value = input.trim()
  if (/^regulator$/i.test(value)) return 'regulator'
  const council = /^council:\s*(\w+)$/i.exec(value)
  if (council) return `council:${council[1].toUpperCase()}`
  const provider = /^provider:\s*(\S+)$/i.exec(value)
  if (provider) return `provider:${provider[1].toLowerCase()}`
  return value
}

/** The origin a listening server is reached at: its address, `localhost` when it listens on every interface. */
export function listeningOrigin(address: AddressInfo | string | null): string | undefined {
  if (!address || typeof address === 'string') return undefined
  const host = address.address === '0.0.0.0' || address.address === '::' ? 'localhost'
    : address.family === 'IPv6' ? `[${address.address}]` : address.address
  return `http://${host}:${address.port}`
}

export class DevIdentityProvider implements IdentityProvider {
  readonly insecure: boolean
  readonly #clientSecret = randomBytes(32).toString('base64url')
  readonly #councils = new Set(referenceCouncils().map((c) => c.laCode))
  #provider: Promise<{ provider: Provider; handle: ReturnType<Provider['callback']> }> | undefined
  /** The nonce of each response the provider writes (its pages are the console's templates). */
  readonly nonces = new WeakMap<IncomingMessage, string>()

  constructor(private readonly app: FastifyInstance, private readonly o: { deps: () => Deps; consoleUrl?: string; production: boolean }) {
    if (o.production) throw new Error('The development identity provider does not run when NODE_ENV=production: set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET')
    this.insecure = !o.consoleUrl?.startsWith('https:')
  }

  origin() { return this.o.consoleUrl ?? listeningOrigin(this.app.server.address()) }

  async resolve() {
    const { provider } = await this.provider()
    return { issuer: new URL(provider.issuer), clientId: CLIENT_ID, clientSecret: this.#clientSecret }
  }

  /** What the ID token says of an account, or undefined for one that does not exist. */
  async claimsOf(account: string): Promise<Record<string, string> | undefined> {
    if (account === 'regulator') return { role: 'regulator' }
    const council = /^council:(E\d{8})$/.exec(account)
    if (council && this.#councils.has(council[1])) return { role: 'council', laCode: council[1] }
    const provider = /^provider:(.+)$/.exec(account)
    if (provider && UUID.test(provider[1]) && await providerExists(this.o.deps(), provider[1])) return { role: 'provider', providerId: provider[1] }
    return undefined
  }

  provider() {
    this.#provider ??= this.#create()
    this.#provider.catch(() => { this.#provider = undefined })
    return this.#provider
  }

  async #create() {
    const origin = this.origin()
    if (!origin) throw new Problem('service-unavailable', 'The development identity provider starts once the service listens')
    // Imported here: it warns about the Node.js version on import, and only development needs it.
    const { default: Provider } = await import('oidc-provider')
    const { privateKey } = await generateKeyPair('RS256', { extractable: true })
    const signingKey = { ...await exportJWK(privateKey), kid: `dev-${randomBytes(6).toString('hex')}`, alg: 'RS256', use: 'sig' }
    const view = (template: string, ctx: KoaContextWithOIDC, data: Record<string, unknown>) =>
      this.app.view(template, { cspNonce: this.nonces.get(ctx.req), ...data })

    const provider = new Provider(`${origin}${MOUNT}`, {
      clients: [{
        client_id: CLIENT_ID,
        client_secret: this.#clientSecret,
        redirect_uris: [`${origin}/sign-in/callback`],
        post_logout_redirect_uris: [`${origin}/`],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      }],
      jwks: { keys: [signingKey] },
      cookies: { keys: [randomBytes(32).toString('base64url')] },
      // The claims the API's tokens carry, in the ID token itself (not only from userinfo).
      scopes: SCOPE.split(' '),
      claims: { openid: ['sub'], oversight: ['role', 'providerId', 'laCode'] },
      conformIdTokenClaims: false,
      findAccount: async (_ctx: unknown, id: string) => {
        const claims = await this.claimsOf(id)
        return claims && { accountId: id, claims: async () => ({ sub: id, ...claims }) }
      },
      // Confidential clients may skip PKCE unless told otherwise: this one may not.
      pkce: { required: () => true },
      interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `${MOUNT}/interaction/${interaction.uid}` },
      // The console is this provider's only client, and first party: it is granted what it asks, with no consent page.
      loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
        const { oidc } = ctx
        const grantId = oidc.result?.consent?.grantId ?? oidc.session.grantIdFor(oidc.client!.clientId)
        if (grantId) return oidc.provider.Grant.find(grantId)
        if (!oidc.session.accountId) return undefined
        const grant = new oidc.provider.Grant({ clientId: oidc.client!.clientId, accountId: oidc.session.accountId })
        grant.addOIDCScope(SCOPE)
        await grant.save()
        return grant
      },
      features: {
        devInteractions: { enabled: false },
        rpInitiatedLogout: {
          enabled: true,
          logoutSource: async (ctx: KoaContextWithOIDC, form: string) => { ctx.body = await view('dev-identity/sign-out.njk', ctx, { form }) },
          postLogoutSuccessSource: async (ctx: KoaContextWithOIDC) => { ctx.body = await view('dev-identity/signed-out.njk', ctx, {}) },
        },
      },
      renderError: async (ctx: KoaContextWithOIDC, out: { error?: string; error_description?: string }) => {
        ctx.type = 'html'
        ctx.body = await view('dev-identity/error.njk', ctx, { error: out.error, description: out.error_description })
      },
      ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 8 * 3600, Grant: 8 * 3600 },
      clientBasedCORS: () => false,
    })
    provider.proxy = this.o.consoleUrl?.startsWith('https:') ?? false
    provider.on('server_error', (_ctx, err) => this.app.log.error({ err }, 'the development identity provider failed'))
    return { provider, handle: provider.callback() }
  }
}

export default fp<{ idp: DevIdentityProvider }>(async (app, { idp }) => {
  app.log.warn('OIDC_ISSUER is not set: the console signs in through the development identity provider at /oidc (anyone can sign in as anyone)')

  // Everything under /oidc but the sign-in pages: the provider's own endpoints.
  app.route({
    method: ['GET', 'POST', 'OPTIONS'],
    url: `${MOUNT}/*`,
    onRequest: async (req, reply) => {
      const { handle } = await idp.provider()
      reply.hijack()
      // The headers this service puts on every answer, written where the provider answers.
      idp.nonces.set(req.raw, reply.locals.cspNonce as string)
      writePageHeaders(reply.raw, reply.getHeaders())
      const raw = req.raw as IncomingMessage & { originalUrl?: string }
      raw.originalUrl = raw.url
      raw.url = raw.url!.slice(MOUNT.length) || '/'
      handle(raw, reply.raw)
    },
    handler: async () => undefined, // never reached: the provider has answered
  })

  async function signInPage(req: FastifyRequest, reply: FastifyReply, status: number, form: { value?: string; error?: string } = {}) {
    const accounts = await demoAccounts(app.deps())
    const row = (account: string, who: string) => [{ text: account, classes: 'app-account' }, { text: who }]
    return reply.code(status).view('dev-identity/sign-in.njk', {
      ...form,
      action: req.url,
      accountRows: [row('regulator', 'The regulator’s oversight team'), ...accounts.providers.map((p) => row(`provider:${p.id}`, p.name))],
      moreProviders: accounts.moreProviders,
      councilRows: accounts.councils.map((c) => row(`council:${c.laCode}`, c.name)),
    })
  }

  /** The interaction this page is for, or undefined when it has expired or is someone else's. */
  async function interaction(req: FastifyRequest<{ Params: { uid: string } }>, reply: FastifyReply) {
    const { provider } = await idp.provider()
    const details = await provider.interactionDetails(req.raw, reply.raw).catch(() => undefined)
    return details?.uid === req.params.uid ? { provider, details } : undefined
  }

  const expired = (reply: FastifyReply) => reply.code(400).view('pages/sign-in-failed.njk', { reason: 'expired' })

  app.get<{ Params: { uid: string } }>(`${MOUNT}/interaction/:uid`, async (req, reply) => {
    const found = await interaction(req, reply)
    if (!found) return expired(reply)
    return signInPage(req, reply, 200)
  })

  app.post<{ Params: { uid: string }; Body: { account?: unknown } }>(`${MOUNT}/interaction/:uid`, async (req, reply) => {
    const found = await interaction(req, reply)
    if (!found) return expired(reply)
    const account = normaliseAccount(req.body?.account)
    if (!account) return signInPage(req, reply, 422, { error: 'Enter an account, for example regulator' })
    if (!await idp.claimsOf(account)) {
      return signInPage(req, reply, 422, { value: account, error: 'Enter an account from the list: regulator, council: and a council’s GSS code, or provider: and a group’s id' })
    }
    const to = await found.provider.interactionResult(req.raw, reply.raw, { login: { accountId: account } }, { mergeWithLastSubmission: false })
    return reply.redirect(to, 303)
  })
}, { name: 'console-dev-identity', dependencies: ['console-forms'] })
