import type { Table, TableSchema } from '@synthkit/core'

/**
 * What a data owner declares public for a PrivBayes fit, here taken from the data as DataSynthesizer does without
 * saying so: category sets, numerical/datetime bounds (min/max) and which columns may be missing. PrivBayes then
 * spends its whole ε on structure and tables.
 */
export function declaredPublic(table: Table): { table: Table; nullable: string[] } {
  const nullable: string[] = []
  const schema: TableSchema = {
    ...table.schema,
    columns: table.schema.columns.map((c) => {
      const col = table.columns[c.name]
      if (col.type === 'coded') {
        if (col.codes.some((x) => x < 0)) nullable.push(c.name)
        return c.kind === 'categorical' ? { ...c, categories: [...col.dictionary] } : c
      }
      if (col.type === 'numeric' && (c.kind === 'numerical' || c.kind === 'datetime')) {
        let lo = Infinity
        let hi = -Infinity
        let miss = false
        for (const v of col.values) {
          if (v !== v) miss = true
          else (lo = Math.min(lo, v)), (hi = Math.max(hi, v))
        }
        if (miss) nullable.push(c.name)
        return lo <= hi ? { ...c, min: lo, max: hi } : c
      }
      return c
    }),
  }
  return { table: { ...table, schema }, nullable }
}
