// Test and bench helper (the engine's and the CLI's PostgreSQL tests): a table's rows into a PostgreSQL table, by
// multi-row INSERTs through a connection (no file the server must read, no COPY stream). Node only.
import type { TableSchema } from '@synthkit/core'

/** What loading needs of a connection: run a statement (an engine's SqlEngine, or a `pg` client's query). */
export interface StatementRunner {
  run(sql: string): Promise<unknown>
}

const quote = (s: string) => `'${s.replaceAll("'", "''")}'`
const ident = (s: string) => `"${s.replaceAll('"', '""')}"`

/**
 * Creates `table` and inserts rows [from, to) of the string columns: `typed` stores numerical columns as double
 * precision and datetimes as timestamp (a warehouse table; '' and the schema's missing markers are NULL), otherwise
 * every column as text, as a CSV file would hold it.
 */
export async function loadTable(
  engine: StatementRunner,
  table: string,
  schema: TableSchema,
  columns: Record<string, string[]>,
  range: { from: number; to: number },
  typed: boolean,
): Promise<void> {
  const specs = schema.columns
  const numeric = specs.map((c) => typed && c.kind === 'numerical')
  const time = specs.map((c) => typed && c.kind === 'datetime')
  const type = (k: number) => (numeric[k] ? 'double precision' : time[k] ? 'timestamp' : 'text')
  await engine.run(`DROP TABLE IF EXISTS ${table}`)
  await engine.run(`CREATE TABLE ${table} (${specs.map((c, k) => `${ident(c.name)} ${type(k)}`).join(', ')})`)
  const batch = 4000
  for (let r = range.from; r < range.to; r += batch) {
    const rows: string[] = []
    for (let i = r; i < Math.min(range.to, r + batch); i++)
      rows.push(
        `(${specs
          .map((c, k) => {
            const v = columns[c.name][i]
            if (numeric[k] || time[k]) {
              const missing = v === '' || (schema.missingValues ?? []).includes(v.trim())
              if (missing) return 'NULL'
              return numeric[k] ? String(Number(v)) : quote(v)
            }
            return quote(v)
          })
          .join(', ')})`,
      )
    await engine.run(`INSERT INTO ${table} VALUES ${rows.join(', ')}`)
  }
  await engine.run(`ANALYZE ${table}`)
}
