// The console's reads of the database, all in this one file until the pages call the use cases in
// src/commands: each shows a person exactly what the API would show them (a council its own
// council's name, a provider its own group), through the API's own query functions.
import { asc } from 'drizzle-orm'
import type { Queryable } from '../db/client.js'
import { providers } from '../db/schema.js'
import { findProvider } from '../db/queries/providers.js'
import { listCouncils } from '../db/queries/councils.js'
import type { Actor } from '../domain/actor.js'
import { notFound } from '../problems.js'

export type Home =
  | { role: 'regulator' }
  | { role: 'council'; council: { laCode: string; name: string; region: string } }
  | { role: 'provider'; group: { id: string; name: string; designated: boolean } }

async function council(db: Queryable, laCode: string) {
  const row = (await listCouncils(db)).find((c) => c.laCode === laCode)
  if (!row) throw notFound('council')
  return { laCode: row.laCode, name: row.name, region: row.region }
}

/** What the home page shows the person signed in. */
export async function homeFor(db: Queryable, actor: Actor): Promise<Home> {
  switch (actor.role) {
    case 'regulator': return { role: 'regulator' }
    case 'council': return { role: 'council', council: await council(db, actor.laCode) }
    case 'provider': {
      const group = await findProvider(db, actor.providerId)
      if (!group) throw notFound('provider')
      return { role: 'provider', group: { id: group.id, name: group.name, designated: group.designated } }
    }
  }
}

/** How the console names the person signed in. */
export async function accountLabel(db: Queryable, actor: Actor): Promise<string> {
  const home = await homeFor(db, actor).catch(() => undefined)
  if (!home || home.role === 'regulator') return actor.role === 'regulator' ? 'the regulator' : actor.sub
  return home.role === 'council' ? home.council.name : home.group.name
}

/** The development identity provider's list of accounts: the groups (the first of them) and the councils. */
export async function demoAccounts(db: Queryable, limit = 50) {
  const groups = await db.select({ id: providers.id, name: providers.name }).from(providers).orderBy(asc(providers.name), asc(providers.id)).limit(limit + 1)
  const councils = (await listCouncils(db)).map((c) => ({ laCode: c.laCode, name: c.name }))
  return { providers: groups.slice(0, limit), moreProviders: groups.length > limit, councils }
}

/** Whether a group is registered (the development identity provider signs in only existing ones). */
export const providerExists = async (db: Queryable, id: string) => Boolean(await findProvider(db, id))
