// Filing and amending through the commands, as the API and the console call them: a version lands
// whole with its assessment, its flags on the register and the provider's standing, or nothing does.
import t from 'tap'
import { build } from '../helper.js'
import { smallReturn } from '../fixtures/returns.js'
import { amendReturn, fileReturn } from '../../src/commands/file-return.js'
import { createProvider } from '../../src/commands/providers.js'
import { getFlag, listFlags } from '../../src/commands/flags.js'
import { stability } from '../../src/commands/assessments.js'
import { getReturn } from '../../src/commands/returns.js'
import { listAudit } from '../../src/commands/audit.js'
import { noIdempotency, type ServiceDeps } from '../../src/commands/deps.js'
import { countParts } from '../../src/db/queries/returns.js'
import type { Actor } from '../../src/domain/actor.js'
import type { App } from '../../src/app.js'

// Two months after the fixtures' period end: in time (later, CMP-LATE would join every filing's flags).
const NOW = new Date('2026-06-01T10:00:00Z')
const regulator: Actor = { role: 'regulator', sub: 'analyst' }
const depsAt = (app: App, at = NOW): ServiceDeps => ({ ...app.deps(), now: at })

async function group(app: App) {
  const p = await createProvider(depsAt(app), regulator, { name: `Group ${Math.random()}`, companyNumber: String(10_000_000 + Math.floor(Math.random() * 89_999_999)), kind: 'private' })
  const finance: Actor = { role: 'provider', sub: 'finance', providerId: p.id }
  return { id: p.id, finance }
}

t.test('a filing lands whole: the version, its assessment, its flags on the register, the standing and the audit entry', async (t) => {
  const app = await build(t)
  const { id, finance } = await group(app)
  const troubled = smallReturn()
  troubled.accounts.goingConcernMaterialUncertainty = true
  const { status, body: receipt } = await fileReturn(depsAt(app), finance, id, troubled, noIdempotency)
  t.equal(status, 201)
  t.match(receipt, { providerId: id, version: 1, supersedes: null, status: 'accepted', submittedAt: NOW.toISOString() })
  t.match(receipt.assessment, { reason: 'filing', rating: 'red', register: { raised: ['FIN-GOING-CONCERN'] } })

  const register = await listFlags(depsAt(app), regulator, { providerId: id })
  t.same(register.items.map((f) => [f.ruleId, f.status, f.returnId]), [['FIN-GOING-CONCERN', 'open', receipt.id]], 'the red flag is on the register, from this version')
  t.match(await stability(depsAt(app), finance, id), { rating: 'red', openFlags: ['FIN-GOING-CONCERN'], lastReturnPeriodEnd: troubled.periodEnd })
  t.match(await getReturn(depsAt(app), finance, receipt.id), { id: receipt.id, version: 1, body: { periodEnd: troubled.periodEnd } })
  const audit = await listAudit(depsAt(app), regulator, { objectType: 'return', objectId: receipt.id })
  t.same(audit.items.map((e) => [e.action, e.actorSub]), [['return.file', 'finance']])
})

t.test('a second filing for the period is refused, naming where to amend; an amendment supersedes and moves the register', async (t) => {
  const app = await build(t)
  const { id, finance } = await group(app)
  const troubled = smallReturn()
  troubled.accounts.goingConcernMaterialUncertainty = true
  const first = (await fileReturn(depsAt(app), finance, id, troubled, noIdempotency)).body
  const [flag] = (await listFlags(depsAt(app), regulator, { providerId: id })).items

  const again = await fileReturn(depsAt(app), finance, id, smallReturn(), noIdempotency).catch((e) => e)
  t.match(again, { slug: 'conflict', extensions: { returnId: first.id, amendmentUrl: `/v1/returns/${first.id}/amendments` } })

  const later = new Date(NOW.getTime() + 86_400_000)
  const amended = (await amendReturn(depsAt(app, later), finance, first.id, smallReturn(), noIdempotency)).body
  t.match(amended, { version: 2, supersedes: first.id, assessment: { rating: 'green', register: { cleared: ['FIN-GOING-CONCERN'] } } })
  t.match(await getReturn(depsAt(app), finance, first.id), { supersededBy: amended.id }, 'the old version stays readable, superseded')
  const { flag: resolved } = await getFlag(depsAt(app), regulator, flag.id)
  t.equal(resolved.status, 'resolved', 'the flag the amendment no longer raises is resolved')
  t.match(resolved.history.at(-1), { kind: 'transition', fromStatus: 'open', toStatus: 'resolved', actorSub: 'finance' })
  t.match(await stability(depsAt(app), finance, id), { rating: 'green', openFlags: [] })

  const stale = await amendReturn(depsAt(app, later), finance, first.id, smallReturn(), noIdempotency).catch((e) => e)
  t.match(stale, { slug: 'conflict', extensions: { latestReturnId: amended.id } }, 'only the latest version can be amended')
})

t.test('an invalid return is refused with every problem, and nothing is written', async (t) => {
  const app = await build(t)
  const { id, finance } = await group(app)
  const wrong = smallReturn()
  wrong.periodEnd = '2027-03-31' // in the future
  wrong.settings[0].laCode = 'E06000999' // no such council
  const refused = await fileReturn(depsAt(app), finance, id, wrong, noIdempotency).catch((e) => e)
  t.equal(refused.slug, 'validation-failed')
  const pointers = refused.extensions.errors.map((e: { pointer: string }) => e.pointer)
  t.ok(pointers.includes('/periodEnd') && pointers.includes('/settings/0/laCode'), 'both problems named at once')
  t.same(await countParts(app.db), { returns: 0, placements: 0, settingUrns: 0 })
})

t.test('the answer for an Idempotency-Key is stored with the filing, or the filing is undone', async (t) => {
  const app = await build(t)
  const { id, finance } = await group(app)
  const recorded: unknown[] = []
  await fileReturn(depsAt(app), finance, id, smallReturn(), { record: async (_tx, status, body) => { recorded.push([status, body]) } })
  t.equal(recorded.length, 1, 'the receipt is handed to the recorder inside the filing')

  const other = await group(app)
  const failing = { record: async () => { throw new Error('the key store is gone') } }
  await t.rejects(fileReturn(depsAt(app), other.finance, other.id, smallReturn(), failing), /the key store is gone/)
  t.equal((await countParts(app.db)).returns, 1, 'the second filing left nothing behind')
})

t.test('a provider files only for its own group; other roles may not file at all', async (t) => {
  const app = await build(t)
  const mine = await group(app)
  const theirs = await group(app)
  t.match(await fileReturn(depsAt(app), mine.finance, theirs.id, smallReturn(), noIdempotency).catch((e) => e), { slug: 'not-found' },
    'another group does not exist for it')
  t.match(await fileReturn(depsAt(app), regulator, mine.id, smallReturn(), noIdempotency).catch((e) => e), { slug: 'forbidden' })
  t.equal((await countParts(app.db)).returns, 0)
})
