// Test helper: what a data owner declares public for a PrivBayes fit, here taken from the data (category sets, and
// optionally the numerical/datetime bounds and which columns may be missing), as DataSynthesizer does.
import { type Table, type TableSchema, fromColumns, inferSchema } from '@synthkit/core'
import { type DatasetName, loadColumns } from '../../../testing/data'

/** A dataset (its first `limit` rows) as a table whose schema declares its category sets (and its bounds when `bounds`). */
export function publicTable(name: DatasetName, bounds: boolean, limit?: number): { table: Table; nullable: string[] } {
  const columns = loadColumns(name, limit)
  const table = fromColumns(columns, inferSchema(columns).schema)
  const nullable: string[] = []
  const schema: TableSchema = {
    ...table.schema,
    columns: table.schema.columns.map((c) => {
      const col = table.columns[c.name]
      if (col.type === 'coded') {
        if (col.codes.some((x) => x < 0)) nullable.push(c.name)
        return c.kind === 'categorical' ? { ...c, categories: [...col.dictionary] } : c
      }
      if (col.type !== 'numeric' || (c.kind !== 'numerical' && c.kind !== 'datetime')) return c
      let lo = Infinity
      let hi = -Infinity
      for (const v of col.values) if (v === v) (lo = Math.min(lo, v)), (hi = Math.max(hi, v))
      if (col.values.some((v) => v !== v)) nullable.push(c.name)
      return bounds && lo <= hi ? { ...c, min: lo, max: hi } : c
    }),
  }
  return { table: fromColumns(columns, schema), nullable }
}
