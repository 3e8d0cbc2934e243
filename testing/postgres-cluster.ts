// Test and bench helper (the engine's and the CLI's PostgreSQL tests): real PostgreSQL servers on this machine, each
// its own cluster (initdb into a temporary directory, pg_ctl on a free loopback port, trust authentication for the
// loopback only). PostgreSQL refuses to run as root: when the process is root the server runs as the `postgres` OS
// user (runuser). Node only.
import { execFileSync } from 'node:child_process'
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A running server: where it listens, and how to stop it (and remove its directory). */
export interface PostgresCluster {
  readonly host: string
  readonly port: number
  readonly user: string
  readonly database: string
  readonly version: string
  stop(): void
}

/**
 * The directory of PostgreSQL's server binaries (`pg_ctl`, `initdb`), or null when none is installed.
 * `SYNTHKIT_PG_BIN` names it (and only it: a directory without pg_ctl gives null).
 */
export function postgresBinaries(): string | null {
  const fromEnv = process.env.SYNTHKIT_PG_BIN
  if (fromEnv) return existsSync(join(fromEnv, 'pg_ctl')) ? fromEnv : null
  const root = '/usr/lib/postgresql'
  if (existsSync(root)) {
    // the newest installed major version (Debian's layout: /usr/lib/postgresql/15/bin)
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl')))
      .sort((a, b) => Number(b) - Number(a))
    if (versions.length > 0) return join(root, versions[0], 'bin')
  }
  try {
    const ctl = execFileSync('sh', ['-c', 'command -v pg_ctl'], { encoding: 'utf8' }).trim()
    if (ctl) return ctl.replace(/\/pg_ctl$/, '')
  } catch {}
  return null
}

/**
 * Why a PostgreSQL test cannot run: the suites fail with it under CI=true (CI installs the server) and are skipped
 * with it, printed, otherwise.
 */
export const POSTGRES_MISSING =
  'PostgreSQL server binaries (pg_ctl, initdb) not found: install postgresql (apt-get install postgresql) or set SYNTHKIT_PG_BIN'

/** A free TCP port on the loopback interface (the OS picks it; the server binds it right after). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0

/** Runs a PostgreSQL binary, as the `postgres` user when this process is root. */
function runAs(bin: string, args: string[]): string {
  const [cmd, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args]
  return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
}

/**
 * Starts a new PostgreSQL cluster: initdb (UTF-8, C locale, superuser `postgres`, trust on the loopback), then
 * pg_ctl start on a free port with fsync off (test data only) and the socket in the cluster's directory.
 */
export async function startPostgres(bin: string, options: { sharedBuffers?: string } = {}): Promise<PostgresCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'synthkit-pg-'))
  if (isRoot()) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim())
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim())
    chownSync(dir, uid, gid)
  }
  chmodSync(dir, 0o700)
  const data = join(dir, 'data')
  runAs(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'])
  const port = await freePort()
  const settings = [
    `-p ${port}`,
    "-c listen_addresses='127.0.0.1'",
    `-k ${dir}`,
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    `-c shared_buffers=${options.sharedBuffers ?? '128MB'}`,
    '-c max_connections=20',
  ].join(' ')
  runAs(join(bin, 'pg_ctl'), ['-D', data, '-o', settings, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start'])
  const version = runAs(join(bin, 'postgres'), ['--version']).trim()
  let stopped = false
  return {
    host: '127.0.0.1',
    port,
    user: 'postgres',
    database: 'postgres',
    version,
    stop() {
      if (stopped) return
      stopped = true
      try {
        runAs(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'])
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}
