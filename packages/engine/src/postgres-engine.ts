import { SynthkitError } from '@synthkit/core'
import type { SqlEngine, SqlRow } from './sql-engine'

/** Where a PostgreSQL server listens and who connects ({@link openPostgres}); the fields of `pg`'s client config. */
export interface PostgresOptions {
  /** A `postgres://user:password@host:port/database` URL (instead of the fields below). */
  readonly connectionString?: string
  readonly host?: string
  readonly port?: number
  readonly user?: string
  readonly password?: string
  readonly database?: string
  /**
   * PostgreSQL's `work_mem` for this session (default: the server's): memory of each sort and hash before it spills
   * to disk, which bounds the server's memory of the statistics' GROUP BY and window sorts.
   */
  readonly workMem?: string
}

/** The shape of a `pg` client this package uses (so that the module stays an optional peer). */
export interface PostgresClient {
  query(sql: string): Promise<{ rows: Record<string, unknown>[] } | { rows: Record<string, unknown>[] }[]>
  end(): Promise<void>
}

interface PgModule {
  Client: new (config: Record<string, unknown>) => PostgresClient & { connect(): Promise<void> }
}

/**
 * A {@link SqlEngine} over a connected `pg` client (one session: the statistics stage temporary tables, which live
 * in the session). `close` ends the client.
 */
export function postgresEngine(client: PostgresClient): SqlEngine {
  return {
    dialect: 'postgres',
    async query(sql: string): Promise<readonly SqlRow[]> {
      const out = await client.query(sql)
      // several statements in one text give one result each: the rows of the last
      return Array.isArray(out) ? (out[out.length - 1]?.rows ?? []) : out.rows
    },
    async run(sql: string): Promise<void> {
      await client.query(sql)
    },
    async close(): Promise<void> {
      await client.end()
    },
  }
}

/**
 * Connects to a PostgreSQL server (through the official JS client `pg`, node-postgres, an optional peer dependency:
 * install it next to this package) as a {@link SqlEngine}. Throws SynthkitError `UNSUPPORTED` naming the package
 * when it is absent (and `OPTIONS_INVALID` for a bad `workMem`); rejects with `pg`'s error when the server refuses.
 */
export async function openPostgres(options: PostgresOptions = {}): Promise<SqlEngine> {
  let mod: PgModule
  try {
    const imported = (await import('pg')) as unknown as PgModule & { default?: PgModule }
    // pg is CommonJS: its exports are the default export under ESM
    mod = imported.Client ? imported : (imported.default as PgModule)
  } catch (cause) {
    throw new SynthkitError('UNSUPPORTED', 'The PostgreSQL engine needs the package pg: npm install pg', [
      { path: 'engine', message: `pg could not be loaded (${(cause as Error).message.split('\n')[0]})` },
    ])
  }
  const { workMem, ...config } = options
  if (workMem !== undefined && !/^\d+\s*(kB|MB|GB)?$/.test(workMem))
    throw new SynthkitError('OPTIONS_INVALID', 'Invalid PostgreSQL options', [
      { path: 'workMem', message: `expected a size such as '64MB', got ${JSON.stringify(workMem)}` },
    ])
  const client = new mod.Client({ ...config })
  await client.connect()
  const engine = postgresEngine(client)
  if (workMem !== undefined) await engine.run(`SET work_mem = '${workMem}'`)
  return engine
}
