// Who is acting, as the verified token says (API.md, "Authentication").
export type Role = 'provider' | 'regulator' | 'council'

export type Actor =
  | { role: 'regulator'; sub: string }
  | { role: 'provider'; sub: string; providerId: string }
  | { role: 'council'; sub: string; laCode: string }

/** The seed and other jobs of the service itself act as this. */
export const systemActor: Actor = { role: 'regulator', sub: 'system' }
