// The service navigation each person sees. The pages of CONSOLE.md add their items here as they
// arrive (regulator: register, providers, market, audit; council: its council and notices;
// provider: its group and filing); sign out is the layout's.
import type { Actor } from '../domain/actor.js'

export interface NavigationItem { href: string; text: string; current?: boolean; active?: boolean }

export function navigationFor(actor: Actor | undefined, path: string): NavigationItem[] {
  if (!actor) return []
  const items: Array<Omit<NavigationItem, 'current' | 'active'>> = [{ href: '/', text: 'Home' }]
  if (actor.role === 'regulator') items.push({ href: '/register', text: 'Risk register' }, { href: '/providers', text: 'Provider groups' }, { href: '/market', text: 'Market' }, { href: '/audit', text: 'Audit log' })
  if (actor.role === 'provider') items.push({ href: `/providers/${actor.providerId}`, text: 'Your group' }, { href: `/providers/${actor.providerId}/returns/new`, text: 'File a return' })
  return items.map((item) => ({
    ...item,
    current: path === item.href,
    // (a return's own pages are under the group's, but filing is its own item)
    active: item.href !== '/' && path.startsWith(`${item.href}/`) && !items.some((other) => other.href !== item.href && other.href.startsWith(`${item.href}/`) && (path === other.href || path.startsWith(`${other.href}/`))),
  }))
}
