import { type ColumnData, type Rng, type Table, createTable, shuffleInPlace, take, uniformInt } from '@synthkit/core'

/** Two disjoint random halves of a table's rows. */
export function halves(table: Table, rng: Rng): [Table, Table] {
  const idx = shuffleInPlace(
    rng,
    Int32Array.from({ length: table.nRows }, (_, i) => i),
  )
  const h = Math.floor(table.nRows / 2)
  return [take(table, idx.subarray(0, h)), take(table, idx.subarray(h))]
}

/** Uniform noise shaped like `table`: numbers uniform on each real column's [min, max], categories uniform. */
export function uniformNoise(table: Table, n: number, rng: Rng): Table {
  const columns: Record<string, ColumnData> = {}
  for (const spec of table.schema.columns) {
    const col = table.columns[spec.name]
    if (col.type === 'numeric') {
      let lo = Infinity
      let hi = -Infinity
      for (const v of col.values) if (v === v) (lo = Math.min(lo, v)), (hi = Math.max(hi, v))
      columns[spec.name] = { type: 'numeric', values: Float64Array.from({ length: n }, () => lo + (hi - lo) * rng.next()) }
    } else if (col.type === 'coded') {
      columns[spec.name] = {
        type: 'coded',
        codes: Int32Array.from({ length: n }, () => uniformInt(rng, col.dictionary.length)),
        dictionary: col.dictionary,
      }
    } else columns[spec.name] = { type: 'string', values: Array.from({ length: n }, (_, i) => `noise-${i}`) }
  }
  return createTable(table.schema, columns)
}
