// Statements within PostgreSQL's limits on one select list (1,664 entries; a table holds 1,600 columns): the
// statistics of a wide table (hundreds of columns, thousands of missingness pairs) are read in several queries of at
// most SELECT_LIMIT entries each. DuckDB has no such limit: one query, as before.
import type { SqlEngine, SqlRow } from '../sql-engine'

/** Entries per select list in PostgreSQL (its limit is 1,664; a little room for the keys of a grouped query). */
export const SELECT_LIMIT = 1600

/** The entries in consecutive slices of at most `size` (one slice of all when `size` is Infinity). */
export function slices<T>(items: readonly T[], size: number): T[][] {
  if (!(size < items.length)) return [[...items]]
  const out: T[][] = []
  for (let k = 0; k < items.length; k += size) out.push(items.slice(k, k + size))
  return out
}

/** The most entries one select list of this engine's dialect may hold. */
export function selectLimit(engine: SqlEngine): number {
  return engine.dialect === 'postgres' ? SELECT_LIMIT : Number.POSITIVE_INFINITY
}

/**
 * The one row of aggregates `entries` (`expr AS alias`, aliases distinct) over `from`, in as many queries as the
 * dialect's select-list limit needs: the row's fields are those of every query (each aggregate is computed alone, so
 * the values are the one query's).
 */
export async function aggregateRow(engine: SqlEngine, from: string, entries: readonly string[]): Promise<SqlRow> {
  const out: Record<string, unknown> = {}
  if (entries.length === 0) return out
  for (const part of slices(entries, selectLimit(engine))) {
    const [row] = await engine.query(`SELECT ${part.join(', ')} FROM ${from}`)
    Object.assign(out, row)
  }
  return out
}
