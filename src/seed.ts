// SEED=demo: the demo market, loaded once into an empty database through the same commands the
// API uses (so every return is validated, assessed and audited like a real filing), then a day's
// oversight work on top: register entries in every state, a requirement, a notice in force.
import { and, asc, count, eq } from 'drizzle-orm'
import type { App } from './app.js'
import { flags, providers } from './db/schema.js'
import { createProvider, designate } from './db/queries/providers.js'
import { transitionFlag } from './db/queries/flags.js'
import { createRequirement } from './db/queries/requirements.js'
import { acknowledge, issueNotice } from './db/queries/notices.js'
import { refreshStanding } from './db/queries/standing.js'
import { appendAudit } from './db/queries/audit.js'
import { amendReturn, fileReturn } from './commands/file-return.js'
import { demoMarket } from './demo/market.js'
import { systemActor, type Actor } from './domain/actor.js'

const noIdempotency = { record: async () => {} }
const regulator: Actor = { role: 'regulator', sub: 'demo-oversight-team' }

export async function seedDemoMarket(app: App) {
  const [{ n }] = await app.db.select({ n: count() }).from(providers)
  if (n > 0) return { seeded: false as const }
  const market = demoMarket()
  const ids = new Map<string, string>()
  const seededAt = new Date('2024-01-02T09:00:00Z')
  for (const p of market.providers) {
    const row = await createProvider(app.db, systemActor, { name: p.name, companyNumber: p.companyNumber, kind: p.kind }, seededAt)
    ids.set(p.key, row.id)
    if (p.designated) {
      await designate(app.db, regulator, row.id, { designated: true, reason: p.designated.reason, responsibleIndividual: `Chief Executive, ${p.name}` }, seededAt)
    }
  }
  // File in time order, as the market would have.
  const filings = [...market.filings].sort((a, b) => a.submittedAt.localeCompare(b.submittedAt))
  let returns = 0
  for (const f of filings) {
    const providerId = ids.get(f.providerKey)!
    const actor: Actor = { role: 'provider', sub: 'demo-finance-team', providerId }
    const deps = (at: string) => ({ db: app.db, councils: app.councilCodes, now: new Date(at) })
    let latest = await fileReturn(deps(f.submittedAt), actor, providerId, f.body, noIdempotency)
    returns++
    for (const a of f.amendments) {
      latest = await amendReturn(deps(a.submittedAt), actor, latest.body.id, a.body, noIdempotency)
      returns++
    }
  }
  await seedOversightWork(app, ids)
  app.log.info({ providers: market.providers.length, returns }, 'seeded the demo market')
  return { seeded: true as const, providers: market.providers.length, returns }
}

/** Register entries in every state, a designated group with an open requirement, a notice in force. */
async function seedOversightWork(app: App, ids: Map<string, string>) {
  const at = (iso: string) => new Date(iso)
  const firstOpen = async (key: string, ruleId: string) => {
    const [f] = await app.db.select().from(flags).where(and(eq(flags.providerId, ids.get(key)!), eq(flags.ruleId, ruleId), eq(flags.status, 'open')))
      .orderBy(asc(flags.raisedAt)).limit(1)
    return f
  }
  const move = async (key: string, ruleId: string, path: Array<['under_review' | 'escalated' | 'resolved' | 'dismissed', string | undefined]>, when: string) => {
    let flag = await firstOpen(key, ruleId)
    if (!flag) return
    await app.db.transaction(async (tx) => {
      for (const [to, rationale] of path) {
        const moved = await transitionFlag(tx, regulator, flag!, to, rationale, flag!.revision, at(when))
        await appendAudit(tx, regulator, { action: 'flag.transition', objectType: 'flag', objectId: flag!.id, summary: { from: flag!.status, to, rationale: rationale ?? null } }, at(when))
        flag = moved!
      }
      await refreshStanding(tx, flag!.providerId)
    })
  }
  await move('northstar', 'SYS-CONTINUITY', [['under_review', undefined]], '2026-10-01T09:00:00Z')
  await move('harbourline', 'SYS-CONTINUITY', [['under_review', undefined], ['escalated', 'Lenders waived the Q2 covenant test; refinancing talks stalled']], '2026-10-02T09:00:00Z')
  await move('pennine', 'CMP-LATE', [['under_review', undefined], ['resolved', 'Return received; the delay was a change of auditor, agreed in advance']], '2026-10-03T09:00:00Z')
  await move('cobalt', 'FIN-INTEREST-COVER', [['under_review', undefined], ['dismissed', 'A one-off interest charge on a refinancing already completed']], '2026-10-04T09:00:00Z')

  const harbourline = ids.get('harbourline')!
  await app.db.transaction(async (tx) => {
    const r = await createRequirement(tx, regulator, harbourline, {
      kind: 'risk_mitigation_plan',
      detail: 'A plan for continuity of every placement should the refinancing of the senior facilities fail, with the lenders\' position.',
      dueDate: '2027-01-31',
    }, at('2026-10-02T10:00:00Z'))
    await appendAudit(tx, regulator, { action: 'requirement.create', objectType: 'requirement', objectId: r.id, summary: { providerId: harbourline, kind: r.kind } }, at('2026-10-02T10:00:00Z'))
  })

  const oakridge = ids.get('oakridge')!
  await app.db.transaction(async (tx) => {
    const { notice, addressees } = await issueNotice(tx, regulator, oakridge, {
      kind: 'failure_likely',
      summary: 'Oakridge Specialist Care\'s lenders have not renewed its facilities and its auditor doubts it is a going concern. Councils should prepare for its homes to close or change hands.',
    }, at('2026-11-02T09:00:00Z'))
    await appendAudit(tx, regulator, { action: 'notice.issue', objectType: 'notice', objectId: notice.id, summary: { providerId: oakridge, councils: addressees.map((a) => a.laCode) } }, at('2026-11-02T09:00:00Z'))
    // Every council but the last has acknowledged.
    for (const a of addressees.slice(0, -1)) {
      const council: Actor = { role: 'council', sub: `children-services-${a.laCode}`, laCode: a.laCode }
      await acknowledge(tx, notice.id, a.laCode, council.sub, at('2026-11-03T09:00:00Z'))
      await appendAudit(tx, council, { action: 'notice.acknowledge', objectType: 'notice', objectId: notice.id, summary: { laCode: a.laCode } }, at('2026-11-03T09:00:00Z'))
    }
    await refreshStanding(tx, oakridge)
  })
}
