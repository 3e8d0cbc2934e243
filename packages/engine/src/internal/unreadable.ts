// The typed error of cells a column's reading rules cannot read (both dialects, every fit): the column, how many
// rows, and its most frequent such values — what core's decoder says of a file read into memory, without the row
// numbers (a table has no row order).
import { type ColumnSpec, SynthkitError } from '@synthkit/core'
import type { SqlEngine } from '../sql-engine'
import { toNumber } from './sql-text'

/** Up to three values of a query's column `v`, the most frequent first (then in order), with their counts. */
export async function mostFrequent(engine: SqlEngine, select: string): Promise<{ v: string; n: number }[]> {
  const rows = await engine.query(`SELECT v, count(*) AS n FROM (${select}) t GROUP BY v ORDER BY count(*) DESC, v LIMIT 3`)
  return rows.map((r) => ({ v: String(r.v), n: toNumber(r.n) }))
}

/** The typed error of cells a column's reading rules cannot read: the column, its most frequent such values. */
export function unreadableError(
  spec: ColumnSpec,
  rows: number,
  what: string,
  examples: readonly { v: string; n: number }[],
): SynthkitError {
  const shown = examples.map((e) => `${JSON.stringify(e.v)} (${e.n} row${e.n === 1 ? '' : 's'})`).join(', ')
  return new SynthkitError('DATA_INVALID', `${rows} row(s) hold text the schema cannot read`, [
    {
      path: spec.name,
      column: spec.name,
      ...(examples.length > 0 ? { value: examples[0].v } : {}),
      message: `values that are not ${what} (and not a missing marker) in "${spec.name}"${shown ? `, the most frequent: ${shown}` : ''}`,
    },
  ])
}
