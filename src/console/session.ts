// The console's session (MoJ's setUpWebSession): the whole session lives in one cookie, encrypted
// and authenticated (@fastify/secure-session, libsodium's secretbox), HttpOnly, SameSite=Lax,
// Secure when served over https. It expires after an hour without a page, and twelve hours after
// signing in whatever happens. oidc-provider owns `_session`; this cookie has a name of its own.
import { randomBytes } from 'node:crypto'
import fp from 'fastify-plugin'
import secureSession from '@fastify/secure-session'
import type { Actor } from '../domain/actor.js'

/** Who is signed in, as the ID token said when they signed in. */
export interface SignedIn {
  actor: Actor
  /** How the console names them: "Regulator", a council's name, a group's name. */
  label: string
  /** The ID token, to end the identity provider's session too (RP-initiated logout). */
  idToken?: string
  /** ms since the epoch */
  signedInAt: number
}

/** A sign-in under way: what the callback must see again (OAuth state, OIDC nonce, PKCE verifier). */
export interface PendingSignIn { state: string; nonce: string; codeVerifier: string; returnTo: string; startedAt: number }

declare module '@fastify/secure-session' {
  interface SessionData {
    user: SignedIn
    signIn: PendingSignIn
    /** Set by signing out: the next sign-in asks the identity provider for the account again. */
    promptLogin: boolean
    /** A one-off message for the next page ("You have signed out"). */
    notice: string
  }
}

export const IDLE_SECONDS = 60 * 60
/** how stale the idle clock may grow before a page renews it */
const TOUCH_SECONDS = 60
export const MAX_SIGNED_IN_MS = 12 * 60 * 60 * 1000

export interface SessionOptions {
  /** 32 bytes; unset: one made for this start (development only: everyone is signed out by a restart) */
  key?: Buffer
  /** https: the cookie is Secure and host-only by its name (`__Host-`) */
  https: boolean
  now: () => Date
}

export const cookieNameFor = (https: boolean) => (https ? '__Host-oversight-console' : 'oversight-console')

export default fp<SessionOptions>(async (app, opts) => {
  let key = opts.key
  if (!key) {
    key = randomBytes(32)
    app.log.warn('SESSION_KEY is not set: the console\'s sessions use a key made for this start, so a restart signs everyone out')
  }
  await app.register(secureSession, {
    key,
    cookieName: cookieNameFor(opts.https),
    expiry: IDLE_SECONDS,
    cookie: { path: '/', httpOnly: true, sameSite: 'lax', secure: opts.https ? true : 'auto', maxAge: IDLE_SECONDS },
  })

  // Who is signed in: the actor every page and command reads, as the API's token would give it.
  app.addHook('onRequest', async (req, reply) => {
    const user = req.session.get('user')
    if (!user) return
    if (opts.now().getTime() - user.signedInAt > MAX_SIGNED_IN_MS) {
      req.session.regenerate()
      return
    }
    // An hour from this page, to the minute: touching re-encrypts the cookie, which is worth doing
    // once a minute, not on every page (the session's own timestamp says when it last was).
    const touchedAt = (req.session as unknown as { get(key: '__ts'): number | undefined }).get('__ts') ?? 0
    if (Date.now() / 1000 - touchedAt >= TOUCH_SECONDS) req.session.touch()
    req.actor = user.actor
    reply.locals.user = user
  })
}, { name: 'console-session', dependencies: ['console-security'] })
