// The advisory locks: each id used once, every id the code takes listed, and a writer of one kind
// never waiting for a lock of another.
import t from 'tap'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import postgres from 'postgres'
import { LOCKS } from '../../src/db/locks.js'
import { bearer, build, usingPostgres } from '../helper.js'

const src = fileURLToPath(new URL('../../src/', import.meta.url))
const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true })
  .flatMap((d) => (d.isDirectory() ? files(join(dir, d.name)) : /\.(ts|sql)$/.test(d.name) ? [join(dir, d.name)] : []))

t.test('each lock id is listed once, and every id the code or a migration takes is listed', async (t) => {
  const ids = Object.values(LOCKS)
  t.equal(new Set(ids).size, ids.length, 'no two locks share an id')
  const taken = files(src).flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/pg_advisory_xact_lock(?:_shared)?\((\d+)\)/g)]
    .map((m) => ({ file: f.slice(src.length), id: Number(m[1]) })))
  t.ok(taken.length > 0, 'the migrations take a lock by its number')
  for (const { file, id } of taken) t.ok(ids.includes(id as never), `${file} takes lock ${id}, which LOCKS lists`)
  const chain = readFileSync(join(src, 'db/migrations/0007_audit_sealed_at_commit.sql'), 'utf8')
  t.match(chain, `pg_advisory_xact_lock(${LOCKS.auditChain})`, 'the audit chain\'s trigger takes LOCKS.auditChain')
})

t.test('rotating the signing key does not wait for the register', { skip: !usingPostgres() && 'needs a server: PGlite has one connection' }, async (t) => {
  const app = await build(t)
  const other = postgres(app.config.databaseUrl!, { max: 2, onnotice: () => {} })
  t.teardown(() => other.end())
  const held = await other.reserve()
  await held`begin`
  await held`select pg_advisory_xact_lock(${LOCKS.register}::bigint)` // as a reassessment holds it
  const rotation = app.inject({ method: 'POST', url: '/v1/signing-keys/rotations', headers: await bearer({ role: 'regulator' }) })
  // Either the rotation answers, or PostgreSQL shows it queued behind the register's lock (a bigint
  // key's low 32 bits are its objid): no clock decides, however slow the machine.
  let done = false
  void rotation.then(() => { done = true }, () => { done = true })
  let queued = false
  while (!done && !queued) {
    const [row] = await other`select count(*)::int as n from pg_locks where locktype = 'advisory' and objid = ${LOCKS.register} and not granted`
    queued = row.n > 0
    if (!queued) await new Promise((resolve) => setTimeout(resolve, 50))
  }
  await held`rollback`
  held.release()
  t.notOk(queued, 'the rotation does not queue behind the register')
  t.equal((await rotation).statusCode, 201)
})
