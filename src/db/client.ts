// One schema, two drivers: postgres.js when a DATABASE_URL is given, on-disk PGlite otherwise.
import { fileURLToPath } from 'node:url'
import { mkdirSync } from 'node:fs'
import { is, sql, type SQL } from 'drizzle-orm'
import { PgDialect } from 'drizzle-orm/pg-core'
import { PostgresJsSession } from 'drizzle-orm/postgres-js'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import type { PGlite as PGliteClient } from '@electric-sql/pglite'
import * as schema from './schema.js'

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0]
/** Either the database or an open transaction: query modules take this. */
export type Queryable = Database | Tx

export interface OpenedDatabase {
  db: Database
  driver: 'pglite' | 'postgres'
  /** Resolves when the database answers a trivial query. */
  ping: () => Promise<void>
  close: () => Promise<void>
}

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url))

export async function openDatabase(opts: { databaseUrl?: string; dataDir: string; poolSize?: number }): Promise<OpenedDatabase> {
  if (opts.databaseUrl) {
    const { default: postgres } = await import('postgres')
    const { drizzle } = await import('drizzle-orm/postgres-js')
    const { migrate } = await import('drizzle-orm/postgres-js/migrator')
    const client = postgres(opts.databaseUrl, {
      max: opts.poolSize ?? 10,
      onnotice: () => {},
      connect_timeout: 5,
      // Reconnect quickly after an outage (the default backs off for up to 20 s across the pool).
      backoff: (attempt: number) => Math.min(0.05 * 2 ** attempt, 0.5),
      // Short OLTP queries: JIT compilation only ever cost time here (bench/README.md).
      connection: { jit: 'off' },
    })
    const db = drizzle(client, { schema })
    await migrate(db, { migrationsFolder })
    return {
      db: db as unknown as Database,
      driver: 'postgres',
      ping: async () => { await client`select 1` },
      close: async () => { await client.end({ timeout: 5 }) },
    }
  }
  const { PGlite } = await import('@electric-sql/pglite')
  if (opts.dataDir !== 'memory://') mkdirSync(opts.dataDir, { recursive: true })
  return usePglite(await PGlite.create(opts.dataDir))
}

/** Wraps an open PGlite (e.g. a clone of a migrated template, in tests), migrating it. */
export async function usePglite(client: PGliteClient): Promise<OpenedDatabase> {
  const { drizzle } = await import('drizzle-orm/pglite')
  const { migrate } = await import('drizzle-orm/pglite/migrator')
  const db = drizzle(client, { schema })
  await migrate(db, { migrationsFolder })
  return {
    db: db as unknown as Database,
    driver: 'pglite',
    ping: async () => { await client.query('select 1') },
    close: async () => { if (!client.closed) await client.close() },
  }
}

const dialect = new PgDialect()

/**
 * Runs a statement the connection keeps prepared (on PostgreSQL; PGlite runs it as `execute` does).
 * drizzle prepares only what is named, so each raw statement is otherwise sent unnamed: parsed,
 * analysed and planned on every call, and, having parameters, sent in two round trips (postgres.js
 * asks the server their types first). For the hot statements of fixed text only: every distinct
 * text stays prepared for the connection's life.
 */
export async function executePrepared<T>(db: Queryable, statement: SQL): Promise<T[]> {
  // drizzle keeps its session (and through it the connection or transaction) internal
  const session = (db as unknown as { session?: unknown }).session
  if (is(session, PostgresJsSession)) {
    const client = (session as unknown as { client: { unsafe: (text: string, params: unknown[], options: { prepare: boolean }) => Promise<T[]> } }).client
    const { sql: text, params } = dialect.sqlToQuery(statement)
    return [...await client.unsafe(text, params, { prepare: true })]
  }
  return rowsOf<T>(await db.execute(statement))
}

/** Rows of a raw `execute`, whichever driver ran it (PGlite returns { rows }, postgres.js an array). */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[]
  return ((result as { rows?: T[] }).rows ?? [])
}

export { sql }
