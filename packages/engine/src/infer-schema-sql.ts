import { type InferOptions, type TableSchema, inferSchema } from '@synthkit/core'
import { toNumber } from './internal/sql-text'
import type { SqlEngine } from './sql-engine'

/**
 * Infers a schema from the first `rows` rows of a relation (default 50,000) with @synthkit/core's inference, as the
 * CLI does for a file read into memory. Columns come as text; a column whose later rows do not fit the inferred
 * kind makes the fit fail with a typed error (pass a schema file then).
 */
export async function inferSchemaSql(engine: SqlEngine, relation: string, rows = 50_000, options: InferOptions = {}): Promise<TableSchema> {
  const sample = await engine.query(`SELECT * FROM ${relation} LIMIT ${Math.max(1, Math.floor(rows))}`)
  const names =
    sample.length > 0
      ? Object.keys(sample[0])
      : (await engine.query(`DESCRIBE SELECT * FROM ${relation}`)).map((r) => String(r.column_name))
  const columns: Record<string, string[]> = {}
  for (const name of names)
    columns[name] = sample.map((r) =>
      r[name] === null || r[name] === undefined ? '' : typeof r[name] === 'bigint' ? String(toNumber(r[name])) : String(r[name]),
    )
  return inferSchema(columns, options).schema
}
