// The console (CONSOLE.md): the service as its people use it, server-rendered with GOV.UK Frontend
// and MoJ Frontend at the site root beside /v1. One plugin per concern, as MoJ's
// hmpps-template-typescript has one setUp* file per concern; registered in the order their hooks
// run. Its routes are not part of the API: none is in the OpenAPI document.
import type { FastifyPluginAsync } from 'fastify'
import type { Config } from '../config.js'
import view from './view.js'
import errorPages, { unknownPaths } from './error-pages.js'
import assets from './assets.js'
import security from './security.js'
import session from './session.js'
import forms from './forms.js'
import devIdentity, { DevIdentityProvider } from './dev-identity.js'
import signIn, { type IdentityProvider } from './sign-in.js'
import { navigationFor } from './navigation.js'
import home from './home.js'
import register from './register.js'
import providers from './providers.js'
import audit from './audit.js'
import market from './market.js'
import councils from './councils.js'
import filing from './filing.js'
import requirements from './requirements.js'

export interface ConsoleOptions {
  config: Config
  now: () => Date
  /** More pages inside the console (tests render pictures on a page of their own). */
  extraPages?: FastifyPluginAsync
}

const webConsole: FastifyPluginAsync<ConsoleOptions> = async (app, { config, now, extraPages }) => {
  app.addHook('onRoute', (route) => { route.schema = { ...route.schema, hide: true } })
  const https = config.consoleUrl?.startsWith('https:') ?? false

  await app.register(view)
  await app.register(errorPages, { https })
  // Assets beside the pages, not under them: a stylesheet needs no session, CSP nonce or CSRF token.
  await app.register(assets)
  await app.register(async (pages) => {
    await pages.register(security)
    await pages.register(session, { key: config.sessionKey, https, now })
    await pages.register(unknownPaths, { https })
    // The navigation for whoever is signed in, on every page, error pages included.
    pages.addHook('onRequest', async (req, reply) => {
      reply.locals.navigation = navigationFor(req.session.get('user')?.actor, reply.locals.currentPath as string)
    })
    await pages.register(forms)

    const identity: IdentityProvider = config.oidc
      ? {
          resolve: async () => ({ issuer: new URL(config.oidc!.issuer), clientId: config.oidc!.clientId, clientSecret: config.oidc!.clientSecret }),
          origin: () => config.consoleUrl,
          insecure: config.oidc.issuer.startsWith('http:'),
        }
      : new DevIdentityProvider(pages, { deps: () => app.deps(), consoleUrl: config.consoleUrl, production: config.production })
    if (identity instanceof DevIdentityProvider) await pages.register(devIdentity, { idp: identity })
    await pages.register(signIn, { identity, now })

    await pages.register(home)
    await pages.register(register)
    await pages.register(providers)
    await pages.register(market)
    await pages.register(audit)
    await pages.register(councils)
    await pages.register(filing)
    await pages.register(requirements)
    if (extraPages) await pages.register(extraPages)
  })
}
export default webConsole
