// Migrations that move data: a database migrated to an earlier point, holding returns and
// assessments in the shape of that time, is migrated to the latest and keeps every figure.
import t from 'tap'
import { createHash } from 'node:crypto'
import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import postgres from 'postgres'
import { PGlite } from '@electric-sql/pglite'
import { openDatabase, rowsOf, sql, usePglite, type OpenedDatabase } from '../../src/db/client.js'
import { fullReturn } from '../fixtures/returns.js'
import { testDatabase } from '../helper.js'

type Tap = Parameters<typeof testDatabase>[0] & { testdir: () => string }

const migrations = fileURLToPath(new URL('../../src/db/migrations', import.meta.url))

/** The migrations folder as it stood after migration `last` (the journal cut there). */
function migrationsUpTo(dir: string, last: number) {
  cpSync(migrations, dir, { recursive: true })
  const journalFile = join(dir, 'meta', '_journal.json')
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { idx: number }[] }
  writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.filter((e) => e.idx <= last) }))
  return dir
}

/** Runs `statements` on a database migrated to `last`, then opens it as the service does (migrating it to the latest). */
async function migratedFrom(tt: Tap, last: number, statements: [string, unknown[]][]): Promise<OpenedDatabase> {
  const folder = migrationsUpTo(tt.testdir(), last)
  const target = await testDatabase(tt)
  if (target.databaseUrl) {
    const client = postgres(target.databaseUrl, { max: 1, onnotice: () => {} })
    const { drizzle } = await import('drizzle-orm/postgres-js')
    const { migrate } = await import('drizzle-orm/postgres-js/migrator')
    await migrate(drizzle(client), { migrationsFolder: folder })
    for (const [text, params] of statements) await client.unsafe(text, params as never[])
    await client.end()
    const opened = await openDatabase({ databaseUrl: target.databaseUrl, dataDir: 'unused' })
    tt.teardown(() => opened.close())
    return opened
  }
  const client = await PGlite.create()
  const { drizzle } = await import('drizzle-orm/pglite')
  const { migrate } = await import('drizzle-orm/pglite/migrator')
  await migrate(drizzle(client), { migrationsFolder: folder })
  for (const [text, params] of statements) await client.query(text, params)
  const opened = await usePglite(client)
  tt.teardown(() => opened.close())
  return opened
}
const provider = '0b5f3f0e-1f2a-4a51-9a51-2d6f2c1e0001'
const returnId = '0b5f3f0e-1f2a-4a51-9a51-2d6f2c1e0002'
const body = fullReturn()
const inputsA = { councils: { E09000007: 420 }, previous: null, submittedAt: '2026-06-01T10:00:00.000Z', ownership: { note: 'é and "quotes"' } }
const inputsB = { ...inputsA, submittedAt: '2026-06-02T10:00:00.000Z' }
const seedAt0008: [string, unknown[]][] = [
  [`insert into providers (id, name, company_number, kind) values ($1, 'Migrated Care Ltd', '01234567', 'private')`, [provider]],
  [`insert into returns (id, provider_id, period_start, period_end, version, submitted_at, submitted_by, body_sha256, body)
    values ($1, $2, $3, $4, 1, '2026-06-01T10:00:00Z', 'provider:test', 'x', $5::jsonb)`, [returnId, provider, body.periodStart, body.periodEnd, JSON.stringify(body)]],
  // two assessments read the same inputs, a third others
  ...[inputsA, inputsA, inputsB].map((inputs, i): [string, unknown[]] => [
    `insert into assessments (id, return_id, provider_id, ruleset_version, reason, assessed_at, output, inputs)
     values ($1, $2, $3, '2026.1', 'filing', '2026-06-01T10:00:00Z', '{}', $4::jsonb)`,
    [`0b5f3f0e-1f2a-4a51-9a51-2d6f2c1e001${i}`, returnId, provider, JSON.stringify(inputs)]]),
]

t.test('assessment inputs move to their own table by content (0009, 0010), each assessment keeping what it read', async (t) => {
  const opened = await migratedFrom(t, 8, seedAt0008)
  const rows = rowsOf<{ id: string; sha256: string; inputs: string }>(await opened.db.execute(sql`
    select a.id, a.inputs_sha256 as sha256, i.inputs from assessments a join assessment_inputs i on i.sha256 = a.inputs_sha256 order by a.id`))
  t.equal(rows.length, 3, 'every assessment finds its inputs')
  t.same(rows.map((r) => JSON.parse(r.inputs)), [inputsA, inputsA, inputsB], 'the same inputs as stored before')
  for (const r of rows) t.equal(r.sha256, createHash('sha256').update(r.inputs, 'utf8').digest('hex'), 'each row is stored under its text\'s SHA-256')
  t.equal(rows[0].sha256, rows[1].sha256, 'the same inputs are stored once')
  t.not(rows[0].sha256, rows[2].sha256)
  t.same(rowsOf<{ n: number }>(await opened.db.execute(sql`select count(*)::int as n from assessment_inputs`)), [{ n: 2 }])
})

t.test('returns gain their document as text and their accounts (0012), the same as their JSONB', async (t) => {
  const opened = await migratedFrom(t, 11, seedAt0008.slice(0, 2))
  const [row] = rowsOf<{ document: string; accounts: unknown }>(await opened.db.execute(sql`
    select document, accounts from returns where id = ${returnId}::uuid`))
  t.same(JSON.parse(row.document), body, 'the document as filed')
  t.same(row.accounts, body.accounts, 'its accounts')
})

t.test('returns keep their document and the parts SQL reads when the JSONB and the part tables go (0017)', async (t) => {
  const withParts = { ...body, services: [{ kind: 'childrens_homes', revenue: 1000, childWeeks: 52 }], relatedParties: [] }
  const text = JSON.stringify(withParts)
  const opened = await migratedFrom(t, 16, [seedAt0008[0], [`insert into returns (id, provider_id, period_start, period_end, version, submitted_at, submitted_by, body_sha256, body, document)
    values ($1, $2, $3, $4, 1, '2026-06-01T10:00:00Z', 'provider:test', 'x', $5::jsonb, $6::text)`, [returnId, provider, body.periodStart, body.periodEnd, text, text]]])
  const [row] = rowsOf<{ document: string; accounts: unknown; urns: string[]; services: unknown; related: unknown }>(await opened.db.execute(sql`
    select document, accounts, setting_urns as urns, services, related_parties as related from returns where id = ${returnId}::uuid`))
  t.equal(row.document, text, 'the document, byte for byte')
  t.same(row.accounts, body.accounts, 'its accounts')
  t.ok(body.settings.length > 1, 'the return has settings')
  t.same(row.urns, body.settings.map((s) => s.urn), 'every setting\'s URN, in the order filed')
  t.same(row.services, withParts.services, 'its service lines')
  t.same(row.related, [], 'its related parties (none declared: an empty list, not nothing)')
  const columns = rowsOf<{ name: string }>(await opened.db.execute(sql`
    select column_name as name from information_schema.columns where table_name = 'returns' and column_name = 'body'`))
  t.same(columns, [], 'no JSONB copy left')
  const left = rowsOf<{ name: string }>(await opened.db.execute(sql`
    select table_name as name from information_schema.tables where table_name in ('return_facilities', 'return_covenants', 'return_settings', 'return_placements')`))
  t.same(left.map((r) => r.name), ['return_placements'], 'the placements stay as rows; the unread parts are gone')
})
