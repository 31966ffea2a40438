// Where a council may ask us to POST: pure checks on the URL it registers.
import { isIP } from 'node:net'

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/** A loopback address: 127.0.0.0/8, ::1, or the name localhost. */
const isLoopback = (hostname: string) =>
  LOOPBACK_HOSTS.has(hostname) || (isIP(hostname) === 4 && hostname.startsWith('127.'))

/** IP literals that only make sense inside our own network (RFC 1918, link-local, ULA). */
function isPrivateLiteral(hostname: string): boolean {
  const bare = hostname.replace(/^\[|\]$/g, '')
  if (isIP(bare) === 4) {
    const [a, b] = bare.split('.').map(Number)
    return a === 10 || a === 0 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254)
  }
  if (isIP(bare) === 6) return /^(fc|fd|fe8|fe9|fea|feb)/i.test(bare) || bare === '::'
  return false
}

/**
 * Why a webhook URL cannot be registered, or undefined when it can: https only; plain http
 * (and https) to a loopback address only when `allowLoopback` (tests, local development);
 * never credentials in the URL, a fragment, or an IP literal of a private network.
 * (A name that resolves to a private address is not caught here: that needs an egress proxy.)
 */
export function webhookUrlProblem(raw: string, allowLoopback: boolean): string | undefined {
  let url: URL
  try { url = new URL(raw) } catch { return 'must be an absolute URL' }
  if (url.username || url.password) return 'must not contain credentials'
  if (url.hash) return 'must not contain a fragment'
  const loopback = isLoopback(url.hostname)
  if (loopback) {
    if (!allowLoopback) return 'must not point at a loopback address'
    return url.protocol === 'https:' || url.protocol === 'http:' ? undefined : 'must be an https URL'
  }
  if (url.protocol !== 'https:') return 'must be an https URL'
  if (isPrivateLiteral(url.hostname)) return 'must not point at a private network address'
  return undefined
}

/** The URL as the audit log records it: without its query, which may carry a receiver's secret. */
export const urlForAudit = (raw: string) => {
  const url = new URL(raw)
  return `${url.origin}${url.pathname}${url.search ? '?…' : ''}`
}
