// Where a council may ask us to POST: checks on the URL it registers, and on the addresses its
// host resolves to when a delivery connects.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import { isIP, isIPv6, type LookupFunction } from 'node:net'
import ipaddr from 'ipaddr.js'

/**
 * Names that mean this machine, in any spelling a resolver accepts: `localhost`, its fully
 * qualified form `localhost.`, any case, and the names under it (RFC 6761 has them resolve to loopback).
 */
const isLoopbackName = (hostname: string) => {
  const name = hostname.toLowerCase().replace(/\.+$/, '')
  return name === 'localhost' || name.endsWith('.localhost')
}

// ::/96 but :: and ::1: "IPv4-compatible" IPv6 (deprecated by RFC 4291), which some stacks route to
// the IPv4 address in its last 32 bits; ipaddr.js calls them unicast. Nothing public is reached so.
const isIpv4Compatible = (address: ipaddr.IPv4 | ipaddr.IPv6) =>
  address.kind() === 'ipv6' && address.match(ipaddr.parseCIDR('::/96')) && !['unspecified', 'loopback'].includes(address.range())

/**
 * ipaddr.js reads an IPv6 address written with a dotted tail (::127.0.0.1) as IPv4-mapped; the
 * WHATWG URL parser's canonical form of it (::7f00:1) is read right. (A zone index, fe80::1%eth0,
 * is not URL syntax: such an address is left as it is.)
 */
const canonicalIpv6 = (address: string) => {
  if (!isIPv6(address) || !address.includes('.')) return address
  try { return new URL(`http://[${address}]/`).hostname.slice(1, -1) } catch { return address }
}

/**
 * Why a webhook may not be sent to this IP address, or undefined when it may: only global unicast
 * addresses (ipaddr.js's ranges; an IPv4-mapped IPv6 address is judged as its IPv4 address), and
 * loopback when `allowLoopback`. Private networks, link-local (cloud metadata), carrier-grade NAT,
 * multicast, documentation and the other special ranges are refused.
 */
export function addressProblem(address: string, allowLoopback: boolean): string | undefined {
  if (!ipaddr.isValid(address)) return 'is not an IP address'
  const parsed = ipaddr.process(canonicalIpv6(address))
  if (isIpv4Compatible(parsed)) return 'must not point at an IPv4-compatible IPv6 address (::/96)'
  const range = parsed.range()
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
  const loopback = isLoopbackName(url.hostname) || (isIP(literal) !== 0 && ipaddr.process(literal).range() === 'loopback')
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

/** A connection refused by `guardedLookup`: the address it resolved to is for our logs only. */
export interface RefusedTarget extends NodeJS.ErrnoException { code: 'EADDRNOTALLOWED'; refusedAddress: string }

/**
 * The DNS lookup deliveries connect through: the host's addresses are resolved once, and the
 * connection refused if any is one `addressProblem` refuses, so a name pointing at (or rebinding
 * to) an internal address reaches nothing. The connection is made to the addresses checked here.
 * The refusal's message, which the council reads in its delivery log, says the target was refused
 * and not what the name resolves to: the service's view of its own network is not the council's.
 */
export const guardedLookup = (allowLoopback: boolean): LookupFunction => (hostname, options, callback) => {
  dnsLookup(hostname, { family: options.family, hints: options.hints, all: true }, (err, addresses: LookupAddress[]) => {
    if (err) return callback(err, '', 0)
    const refused = addresses.find((a) => addressProblem(a.address, allowLoopback))
    if (refused) {
      const error = Object.assign(new Error(`the target was refused: ${hostname} resolves to an address webhooks are not sent to`), {
        code: 'EADDRNOTALLOWED' as const, refusedAddress: refused.address,
      }) satisfies RefusedTarget
      return callback(error, '', 0)
    }
    if (options.all) return callback(null, addresses)
    callback(null, addresses[0].address, addresses[0].family)
  })
}
