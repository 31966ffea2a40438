// A throwaway PostgreSQL server of the test's own, which the test may stop and start (the shared
// server must never be stopped). Run as the `postgres` user on a temporary directory and a free
// port, as .ci/run does. Unavailable (with a reason) on PGlite, without root, or without binaries.
import { execFile, execFileSync } from 'node:child_process'
import { chownSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export interface PrivatePostgres {
  url: string
  stop: () => Promise<void>
  start: () => Promise<void>
  destroy: () => Promise<void>
}

async function which(binary: string) {
  try { await run('sh', ['-c', `command -v ${binary}`]); return true } catch { return false }
}

async function freePort() {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

async function postgresUser(): Promise<{ uid: number; gid: number } | undefined> {
  try {
    const [{ stdout: uid }, { stdout: gid }] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])])
    return { uid: Number(uid.trim()), gid: Number(gid.trim()) }
  } catch { return undefined }
}

/** Why a private server cannot be started here, or undefined when it can. */
export async function privatePostgresUnavailable(): Promise<string | undefined> {
  if (!process.env.DATABASE_URL) return 'runs on PostgreSQL only (DATABASE_URL is not set: PGlite has no server to stop)'
  if (process.getuid?.() !== 0) return 'needs root to run a throwaway PostgreSQL as the postgres user'
  for (const b of ['initdb', 'pg_ctl', 'runuser']) if (!await which(b)) return `${b} is not on PATH`
  if (!await postgresUser()) return 'there is no postgres user'
  return undefined
}

/** initdb and start a server on a free port; `destroy` stops it (immediate) and removes its files. */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const owner = (await postgresUser())!
  const dir = mkdtempSync(join(tmpdir(), 'po-fault-pg-'))
  chownSync(dir, owner.uid, owner.gid)
  const data = join(dir, 'data')
  const port = await freePort()
  const asPostgres = (...args: string[]) => run('runuser', ['-u', 'postgres', '--', ...args], { timeout: 60_000 })
  await asPostgres('initdb', '-D', data, '--auth=trust', '--username=postgres', '--no-sync')
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`
  const start = async () => { await asPostgres('pg_ctl', '-D', data, '-o', options, '-l', join(dir, 'log'), '-w', '-t', '30', 'start') }
  // If the test process dies (an uncaught error ends it before its teardown), the server and its
  // files go with it.
  const onExit = () => {
    try { execFileSync('runuser', ['-u', 'postgres', '--', 'pg_ctl', '-D', data, '-m', 'immediate', 'stop'], { stdio: 'ignore' }) } catch { /* not running */ }
    rmSync(dir, { recursive: true, force: true })
  }
  process.once('exit', onExit)
  await start()
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop: async () => { await asPostgres('pg_ctl', '-D', data, '-m', 'fast', '-w', '-t', '30', 'stop') },
    destroy: async () => {
      process.removeListener('exit', onExit)
      await asPostgres('pg_ctl', '-D', data, '-m', 'immediate', '-w', 'stop').catch(() => {})
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
