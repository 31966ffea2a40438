// What the console's frame shows (the home page, the account's name, the development identity
// provider's list of accounts), read through the API's own commands: each shows a person exactly
// what the API would show them (a council its own council's name, a provider its own group).
import type { Deps } from '../commands/deps.js'
import { listCouncils } from '../commands/councils.js'
import { getProvider, listProviders } from '../commands/providers.js'
import { systemActor, type Actor } from '../domain/actor.js'
import { notFound, Problem } from '../problems.js'

export type Home =
  | { role: 'regulator' }
  | { role: 'council'; council: { laCode: string; name: string; region: string } }
  | { role: 'provider'; group: { id: string; name: string; designated: boolean } }

async function council(deps: Deps, actor: Actor, laCode: string) {
  const row = (await listCouncils(deps, actor)).items.find((c) => c.laCode === laCode)
  if (!row) throw notFound('council')
  return { laCode: row.laCode, name: row.name, region: row.region }
}

/** What the home page shows the person signed in. */
export async function homeFor(deps: Deps, actor: Actor): Promise<Home> {
  switch (actor.role) {
    case 'regulator': return { role: 'regulator' }
    case 'council': return { role: 'council', council: await council(deps, actor, actor.laCode) }
    case 'provider': {
      const group = await getProvider(deps, actor, actor.providerId)
      return { role: 'provider', group: { id: group.id, name: group.name, designated: group.designated } }
    }
  }
}

/** How the console names the person signed in. */
export async function accountLabel(deps: Deps, actor: Actor): Promise<string> {
  const home = await homeFor(deps, actor).catch(() => undefined)
  if (!home || home.role === 'regulator') return actor.role === 'regulator' ? 'the regulator' : actor.sub
  return home.role === 'council' ? home.council.name : home.group.name
}

/**
 * The development identity provider's list of accounts: the first groups registered and the
 * councils. The service reads them as itself: nobody is signed in yet.
 */
export async function demoAccounts(deps: Deps, limit = 50) {
  const groups = await listProviders(deps, systemActor, { limit })
  const councils = (await listCouncils(deps, systemActor)).items.map((c) => ({ laCode: c.laCode, name: c.name }))
  return { providers: groups.items.map((p) => ({ id: p.id, name: p.name })), moreProviders: groups.nextCursor !== null && groups.nextCursor !== undefined, councils }
}

/** Whether a group is registered (the development identity provider signs in only existing ones). */
export async function providerExists(deps: Deps, id: string) {
  try {
    await getProvider(deps, systemActor, id)
    return true
  } catch (err) {
    if (err instanceof Problem && err.status === 404) return false
    throw err
  }
}
