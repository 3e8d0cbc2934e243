import { type ColumnData, type Rng, type Table, createTable, shuffleInPlace } from '@synthkit/core'
import { identityIndex } from './folds'

/**
 * The independent-columns baseline: every column permuted on its own with the injected Rng. Each column keeps its
 * exact marginal distribution (Column Shapes = 1) while every dependence between columns is destroyed, so a
 * synthesizer that scores no better than this on Column Pair Trends has learned no relationships.
 */
export function shuffleColumns(table: Table, rng: Rng): Table {
  const columns: Record<string, ColumnData> = {}
  for (const spec of table.schema.columns) {
    const col = table.columns[spec.name]
    const perm = shuffleInPlace(rng, identityIndex(table.nRows))
    if (col.type === 'numeric') {
      const v = new Float64Array(table.nRows)
      for (let i = 0; i < v.length; i++) v[i] = col.values[perm[i]]
      columns[spec.name] = { type: 'numeric', values: v }
    } else if (col.type === 'coded') {
      const c = new Int32Array(table.nRows)
      for (let i = 0; i < c.length; i++) c[i] = col.codes[perm[i]]
      columns[spec.name] = { type: 'coded', codes: c, dictionary: col.dictionary }
    } else {
      const s: (string | null)[] = new Array(table.nRows)
      for (let i = 0; i < s.length; i++) s[i] = col.values[perm[i]]
      columns[spec.name] = { type: 'string', values: s }
    }
  }
  return createTable(table.schema, columns)
}
