// The console's own security headers (MoJ's setUpWebSecurity): a strict Content-Security-Policy
// with a fresh nonce per response, given to every <script> and <style> the templates write, so no
// inline script runs without it. The API keeps its own headers (src/plugins/protection.ts); these
// replace its CSP on the console's responses only.
import { randomBytes } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import fp from 'fastify-plugin'

declare module 'fastify' {
  interface FastifyReply {
    /** Values every template sees (@fastify/view's): the CSP nonce, the person signed in, the CSRF token. */
    locals: Record<string, unknown>
  }
}

export const newNonce = () => randomBytes(16).toString('base64')

/**
 * The policy for a page: scripts and styles from the service itself or carrying this response's
 * nonce; nothing framed, no plugins, forms posted only to the service.
 */
export function contentSecurityPolicy(nonce: string, o: { https?: boolean } = {}) {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(o.https ? ['upgrade-insecure-requests'] : []),
  ].join('; ')
}

/** The headers of a console page; signed-in pages must not be kept by any cache. */
export const pageHeaders = (nonce: string, https = false) => ({
  'content-security-policy': contentSecurityPolicy(nonce, { https }),
  'cache-control': 'no-store',
  'x-frame-options': 'DENY',
})

/** The same headers written straight to a response the console hands to someone else (the identity provider). */
export function writePageHeaders(res: ServerResponse, headers: Record<string, unknown>) {
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) res.setHeader(name, value as string)
}

export default fp(async (app) => {
  app.addHook('onRequest', async (req, reply) => {
    const nonce = newNonce()
    reply.locals = { ...reply.locals, cspNonce: nonce, currentPath: req.url.split('?')[0] }
    reply.headers(pageHeaders(nonce, req.protocol === 'https'))
  })
}, { name: 'console-security', dependencies: ['console-view'] })
