// Where a council may ask us to POST: checks on the URL it registers, and on the addresses its
// host resolves to when a delivery connects.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import { isIP, type LookupFunction } from 'node:net'
import ipaddr from 'ipaddr.js'

const LOOPBACK_NAMES = new Set(['localhost'])

/**
 * Why a webhook may not be sent to this IP address, or undefined when it may: only global unicast
 * addresses (ipaddr.js's ranges; an IPv4-mapped IPv6 address is judged as its IPv4 address), and
 * loopback when `allowLoopback`. Private networks, link-local (cloud metadata), carrier-grade NAT,
 * multicast, documentation and the other special ranges are refused.
 */
export function addressProblem(address: string, allowLoopback: boolean): string | undefined {
  if (!ipaddr.isValid(address)) return 'is not an IP address'
  const range = ipaddr.process(address).range()
  if (range === 'unicast') return undefined
  if (range === 'loopback') return allowLoopback ? undefined : 'must not point at a loopback address'
  return 'must not point at a private network address'
}

/**
 * Why a webhook URL cannot be registered, or undefined when it can: https only; plain http
 * (and https) to a loopback address only when `allowLoopback` (tests, local development);
 * never credentials in the URL, a fragment, or an IP literal outside global unicast. A name is
 * checked when a delivery connects, against every address it resolves to (`guardedLookup`).
 */
export function webhookUrlProblem(raw: string, allowLoopback: boolean): string | undefined {
  let url: URL
  try { url = new URL(raw) } catch { return 'must be an absolute URL' }
  if (url.username || url.password) return 'must not contain credentials'
  if (url.hash) return 'must not contain a fragment'
  const literal = url.hostname.replace(/^\[|\]$/g, '')
  const loopback = LOOPBACK_NAMES.has(url.hostname) || (isIP(literal) !== 0 && ipaddr.process(literal).range() === 'loopback')
  if (loopback) {
    if (!allowLoopback) return 'must not point at a loopback address'
    return url.protocol === 'https:' || url.protocol === 'http:' ? undefined : 'must be an https URL'
  }
  if (url.protocol !== 'https:') return 'must be an https URL'
  return isIP(literal) !== 0 ? addressProblem(literal, allowLoopback) : undefined
}

/** The URL as the audit log records it: without its query, which may carry a receiver's secret. */
export const urlForAudit = (raw: string) => {
  const url = new URL(raw)
  return `${url.origin}${url.pathname}${url.search ? '?…' : ''}`
}

/**
 * The DNS lookup deliveries connect through: the host's addresses are resolved once, and the
 * connection refused if any is one `addressProblem` refuses, so a name pointing at (or rebinding
 * to) an internal address reaches nothing. The connection is made to the addresses checked here.
 */
export const guardedLookup = (allowLoopback: boolean): LookupFunction => (hostname, options, callback) => {
  dnsLookup(hostname, { family: options.family, hints: options.hints, all: true }, (err, addresses: LookupAddress[]) => {
    if (err) return callback(err, '', 0)
    const refused = addresses.map((a) => ({ a, problem: addressProblem(a.address, allowLoopback) })).find((x) => x.problem)
    if (refused) {
      const error: NodeJS.ErrnoException = new Error(`${hostname} resolves to ${refused.a.address}; a webhook ${refused.problem}`)
      error.code = 'EADDRNOTALLOWED'
      return callback(error, '', 0)
    }
    if (options.all) return callback(null, addresses)
    callback(null, addresses[0].address, addresses[0].family)
  })
}
