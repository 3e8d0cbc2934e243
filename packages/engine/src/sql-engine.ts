/** A row as an engine returns it: column name → value (numbers, strings, null, lists of those). */
export type SqlRow = Readonly<Record<string, unknown>>

/**
 * What the statistics need of a SQL engine: run statements and read rows. DuckDB ({@link openDuckDb}) and
 * PostgreSQL (a `pg` client wrapped by {@link postgresEngine}) implement it; anything else that speaks one of the
 * two dialects can too.
 */
export interface SqlEngine {
  /** The SQL dialect the queries are written in. */
  readonly dialect: 'duckdb' | 'postgres'
  /** Runs a statement that returns rows. */
  query(sql: string): Promise<readonly SqlRow[]>
  /** Runs a statement for its effect. */
  run(sql: string): Promise<void>
  /** Releases the connection (and, for an embedded engine, the database). */
  close(): Promise<void>
}
