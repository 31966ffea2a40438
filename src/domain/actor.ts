// Who is acting, as the verified token says (API.md, "Authentication").
import { isKeepableText } from './text.js'

export type Role = 'provider' | 'regulator' | 'council'

export type Actor =
  | { role: 'regulator'; sub: string }
  | { role: 'provider'; sub: string; providerId: string }
  | { role: 'council'; sub: string; laCode: string }

/** The seed and other jobs of the service itself act as this. */
export const systemActor: Actor = { role: 'regulator', sub: 'system' }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i

/** A claim that does not fit: which, and why (the API's 401 and the console's sign-in both say it). */
export interface ClaimProblem { claim: string; why: string }

/**
 * Who the verified claims say is acting: the API's bearer tokens and the console's ID tokens carry
 * the same claims (`role`, `sub`, `providerId`, `laCode`). `isCouncil` says whether a GSS code is a
 * council with children's services.
 */
export function actorFromClaims(p: Record<string, unknown>, isCouncil: (laCode: string) => boolean): { actor: Actor } | { problem: ClaimProblem } {
  const bad = (claim: string, why: string) => ({ problem: { claim, why } })
  if (typeof p.sub !== 'string' || p.sub.length === 0 || p.sub.length > 200 || !isKeepableText(p.sub)) return bad('sub', 'must name who is acting')
  switch (p.role) {
    case 'regulator': return { actor: { role: 'regulator', sub: p.sub } }
    case 'provider':
      if (typeof p.providerId !== 'string' || !UUID.test(p.providerId)) return bad('providerId', 'must be a uuid for a provider')
      return { actor: { role: 'provider', sub: p.sub, providerId: p.providerId.toLowerCase() } }
    case 'council':
      if (typeof p.laCode !== 'string' || !isCouncil(p.laCode)) return bad('laCode', 'must be the GSS code of a council with children\'s services')
      return { actor: { role: 'council', sub: p.sub, laCode: p.laCode } }
    default: return bad('role', 'must be provider, regulator or council')
  }
}
