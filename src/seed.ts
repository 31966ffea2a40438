// SEED=demo: the demo market, loaded once into an empty database through the same commands the
// API and the console use (so every return is validated, assessed and audited like a real filing),
// then a day's oversight work on top: flags in every state, a requirement, a notice in force.
import { countProviders } from './db/queries/providers.js'
import { firstOpenFlag } from './db/queries/flags.js'
import { createProvider, designateProvider } from './commands/providers.js'
import { amendReturn, fileReturn } from './commands/file-return.js'
import { transitionFlag } from './commands/flags.js'
import { setRequirement } from './commands/requirements.js'
import { acknowledgeNotice, issueNotice } from './commands/notices.js'
import { noIdempotency, type ServiceDeps } from './commands/deps.js'
import { demoMarket } from './demo/market.js'
import { systemActor, type Actor } from './domain/actor.js'
import type { TransitionTarget } from './domain/register.js'

const regulator: Actor = { role: 'regulator', sub: 'demo-oversight-team' }

/** What the seed needs of the running service (the app gives it). */
export interface SeedHost {
  deps: () => ServiceDeps
  log: { info: (facts: object, message: string) => void }
}

export async function seedDemoMarket(app: SeedHost) {
  const { db } = app.deps()
  if (await countProviders(db) > 0) return { seeded: false as const }
  // Every command acts at the demo's own time, not the clock's.
  const at = (iso: string): ServiceDeps => ({ ...app.deps(), now: new Date(iso) })
  const market = demoMarket()
  const ids = new Map<string, string>()
  const seededAt = '2024-01-02T09:00:00.000Z'
  for (const p of market.providers) {
    const row = await createProvider(at(seededAt), systemActor, { name: p.name, companyNumber: p.companyNumber, kind: p.kind })
    ids.set(p.key, row.id)
    if (p.designated) {
      await designateProvider(at(seededAt), regulator, row.id, { designated: true, reason: p.designated.reason, responsibleIndividual: `Chief Executive, ${p.name}` })
    }
  }
  // File in time order, as the market would have.
  const filings = [...market.filings].sort((a, b) => a.submittedAt.localeCompare(b.submittedAt))
  let returns = 0
  for (const f of filings) {
    const providerId = ids.get(f.providerKey)!
    const actor: Actor = { role: 'provider', sub: 'demo-finance-team', providerId }
    let latest = await fileReturn(at(f.submittedAt), actor, providerId, f.body, noIdempotency)
    returns++
    for (const a of f.amendments) {
      latest = await amendReturn(at(a.submittedAt), actor, latest.body.id, a.body, noIdempotency)
      returns++
    }
  }
  await seedOversightWork(at, ids)
  app.log.info({ providers: market.providers.length, returns }, 'seeded the demo market')
  return { seeded: true as const, providers: market.providers.length, returns }
}

/** Flags in every state, a designated group with an open requirement, a notice in force. */
async function seedOversightWork(at: (iso: string) => ServiceDeps, ids: Map<string, string>) {
  const move = async (key: string, ruleId: string, path: Array<[TransitionTarget, string | undefined]>, when: string) => {
    const flag = await firstOpenFlag(at(when).db, ids.get(key)!, ruleId)
    if (!flag) return
    for (const [to, rationale] of path) await transitionFlag(at(when), regulator, flag.id, { to, rationale }, '*')
  }
  await move('northstar', 'SYS-CONTINUITY', [['under_review', undefined]], '2026-10-01T09:00:00Z')
  await move('harbourline', 'SYS-CONTINUITY', [['under_review', undefined], ['escalated', 'Lenders waived the Q2 covenant test; refinancing talks stalled']], '2026-10-02T09:00:00Z')
  await move('pennine', 'CMP-LATE', [['under_review', undefined], ['resolved', 'Return received; the delay was a change of auditor, agreed in advance']], '2026-10-03T09:00:00Z')
  await move('cobalt', 'FIN-INTEREST-COVER', [['under_review', undefined], ['dismissed', 'A one-off interest charge on a refinancing already completed']], '2026-10-04T09:00:00Z')

  await setRequirement(at('2026-10-02T10:00:00Z'), regulator, ids.get('harbourline')!, {
    kind: 'risk_mitigation_plan',
    detail: 'A plan for continuity of every placement should the refinancing of the senior facilities fail, with the lenders\' position.',
    dueDate: '2027-01-31',
  })

  const notice = await issueNotice(at('2026-11-02T09:00:00Z'), regulator, ids.get('oakridge')!, {
    kind: 'failure_likely',
    summary: 'Oakridge Specialist Care\'s lenders have not renewed its facilities and its auditor doubts it is a going concern. Councils should prepare for its homes to close or change hands.',
  })
  // Every council but the last has acknowledged.
  for (const a of notice.addressees.slice(0, -1)) {
    const council: Actor = { role: 'council', sub: `children-services-${a.laCode}`, laCode: a.laCode }
    await acknowledgeNotice(at('2026-11-03T09:00:00Z'), council, notice.id)
  }
}
