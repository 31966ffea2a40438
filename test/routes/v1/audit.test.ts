import t from 'tap'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { build, bearer, seedProvider, testDatabase } from '../../helper.js'
import { openDatabase } from '../../../src/db/client.js'

const run = promisify(execFile)

t.test('the audit log is regulators\' only, newest first, paged', async (t) => {
  const app = await build(t)
  for (let i = 0; i < 5; i++) await seedProvider(app)
  const reg = await bearer({ role: 'regulator' })
  const first = (await app.inject({ url: '/v1/audit?limit=3', headers: reg })).json()
  t.equal(first.items.length, 3)
  t.ok(first.items[0].seq > first.items[1].seq)
  const second = (await app.inject({ url: `/v1/audit?limit=3&cursor=${first.nextCursor}`, headers: reg })).json()
  t.equal(second.items.length, 2)
  t.equal(second.nextCursor, null)
  t.equal(second.items[1].seq, 1)
  t.equal(second.items[1].prevHash, '0'.repeat(64), 'the chain starts at the genesis hash')
  t.equal(first.items[2].prevHash, second.items[0].hash, 'each entry links to the one before')
  t.equal((await app.inject({ url: '/v1/audit', headers: await bearer({ role: 'council', laCode: 'E09000007' }) })).statusCode, 403)
  t.equal((await app.inject({ url: '/v1/audit', headers: await bearer({ role: 'provider', providerId: '6f1c3a52-8b0e-4a53-9d7e-1a2b3c4d5e6f' }) })).statusCode, 403)
})

t.test('npm run audit:verify holds on an intact chain and names the first edited row', async (t) => {
  // A database the script can open too: on-disk PGlite, or the test's PostgreSQL database.
  const db = await testDatabase(t)
  const dataDir = db.databaseUrl ? 'memory://' : mkdtempSync(join(tmpdir(), 'po-audit-'))
  const app = await build(t, { config: { ...db, dataDir } })
  for (let i = 0; i < 4; i++) await seedProvider(app)
  await app.close()

  const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: db.databaseUrl ?? '' }
  const verify = () => run(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts'], { env }).then(
    (r) => ({ code: 0, out: r.stdout + r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }))

  const ok = await verify()
  t.equal(ok.code, 0, ok.out)
  t.match(ok.out, /holds: 4 entries/)

  const opened = await openDatabase({ databaseUrl: db.databaseUrl, dataDir })
  await opened.db.execute(sql`update audit_log set summary = '{"name":"forged"}'::jsonb where seq = 2`)
  await opened.close()
  const broken = await verify()
  t.equal(broken.code, 1)
  t.match(broken.out, /broken at entry 2/)

  const reopened = await openDatabase({ databaseUrl: db.databaseUrl, dataDir })
  await reopened.db.execute(sql`delete from audit_log where seq in (2, 3)`)
  await reopened.close()
  const gap = await verify()
  t.equal(gap.code, 1)
  t.match(gap.out, /entry 4.*removed|broken at entry 4/)
})
