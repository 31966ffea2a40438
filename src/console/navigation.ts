// The service navigation each person sees. The pages of CONSOLE.md add their items here as they
// arrive (regulator: register, providers, market, audit; council: its council and notices;
// provider: its group and filing); sign out is the layout's.
import type { Actor } from '../domain/actor.js'

export interface NavigationItem { href: string; text: string; current?: boolean; active?: boolean }

/** The pages of filing a return (the form posts back to the group's returns). */
const filingPath = (path: string, providerId: string) =>
  new RegExp(`^/providers/${providerId}/returns(/new|/accounts|/[0-9a-f-]{36}/(amend|amendments))?$`, 'i').test(path)

export function navigationFor(actor: Actor | undefined, path: string): NavigationItem[] {
  if (!actor) return []
  const items: Array<Omit<NavigationItem, 'current' | 'active'>> = [{ href: '/', text: 'Home' }]
  if (actor.role === 'regulator') items.push({ href: '/register', text: 'Risk register' }, { href: '/providers', text: 'Provider groups' }, { href: '/market', text: 'Market' }, { href: '/audit', text: 'Audit log' })
  if (actor.role === 'council') {
    const own = `/councils/${actor.laCode}`
    items.push({ href: own, text: 'Providers' }, { href: `${own}/notices`, text: 'Notices' }, { href: `${own}/notifications`, text: 'Notifications' })
  }
  if (actor.role === 'provider') items.push({ href: `/providers/${actor.providerId}`, text: 'Your group' }, { href: `/providers/${actor.providerId}/returns/new`, text: 'File a return' })
  const filing = actor.role === 'provider' && filingPath(path, actor.providerId)
  // A page under an item is that item's, unless a longer item holds it (a council's notices are
  // under its council's page, but are the Notices item's); filing is under the group's path, but
  // an item of its own.
  const under = (item: { href: string }) => item.href !== '/' && path.startsWith(`${item.href}/`)
  return items.map((item) => ({
    ...item,
    current: path === item.href,
    active: item.href.endsWith('/returns/new')
      ? filing && path !== item.href
      : under(item) && !filing && !items.some((other) => other.href.length > item.href.length && (path === other.href || under(other))),
  }))
}
