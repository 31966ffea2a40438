// SEED=demo: the demo market, loaded once into an empty database through the same commands the
// API uses (so every return is validated, assessed and audited like a real filing).
import { count } from 'drizzle-orm'
import type { App } from './app.js'
import { providers } from './db/schema.js'
import { createProvider, designate } from './db/queries/providers.js'
import { amendReturn, fileReturn } from './commands/file-return.js'
import { demoMarket } from './demo/market.js'
import { systemActor, type Actor } from './domain/actor.js'

const noIdempotency = { record: async () => {} }

export async function seedDemoMarket(app: App) {
  const [{ n }] = await app.db.select({ n: count() }).from(providers)
  if (n > 0) return { seeded: false as const }
  const market = demoMarket()
  const ids = new Map<string, string>()
  const seededAt = new Date('2024-01-02T09:00:00Z')
  for (const p of market.providers) {
    const row = await createProvider(app.db, systemActor, { name: p.name, companyNumber: p.companyNumber, kind: p.kind }, seededAt)
    ids.set(p.key, row.id)
    if (p.designated) await designate(app.db, systemActor, row.id, { designated: true, reason: p.designated.reason }, seededAt)
  }
  // File in time order, as the market would have.
  const filings = [...market.filings].sort((a, b) => a.submittedAt.localeCompare(b.submittedAt))
  let returns = 0
  for (const f of filings) {
    const providerId = ids.get(f.providerKey)!
    const actor: Actor = { role: 'provider', sub: 'demo-finance-team', providerId }
    const deps = (at: string) => ({ db: app.db, councils: app.councilCodes, now: new Date(at), afterWrite: app.assessFiling })
    let latest = await fileReturn(deps(f.submittedAt), actor, providerId, f.body, noIdempotency)
    returns++
    for (const a of f.amendments) {
      latest = await amendReturn(deps(a.submittedAt), actor, latest.body.id, a.body, noIdempotency)
      returns++
    }
  }
  app.log.info({ providers: market.providers.length, returns }, 'seeded the demo market')
  return { seeded: true as const, providers: market.providers.length, returns }
}
