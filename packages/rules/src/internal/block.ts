import type { ColumnData, ColumnSpec, Table, TableSchema } from '@synthkit/core'

/** What a field sees while one block of its table is generated. */
export interface BlockContext {
  /** Rows in the block. */
  readonly n: number
  /** Row number of the block's first row in its table (0-based over the whole stream). */
  readonly firstRow: number
  /** Columns of the block generated so far (earlier fields, and the model's columns for a model-drawn table). */
  readonly columns: Record<string, ColumnData>
  readonly specs: ColumnSpec[]
  /** The parent rows of this block and, per row, the index of its parent row in `parent`. */
  readonly parent: Table | null
  readonly parentIndex: Int32Array | null
  /** Materialised columns of referenced tables. */
  readonly references: ReadonlyMap<string, Table>
}

/** The block's columns so far as a Table (for expressions). */
export function contextTable(ctx: BlockContext, extra: readonly { spec: ColumnSpec; data: ColumnData }[] = []): Table {
  const columns = Object.assign(Object.create(null) as Record<string, ColumnData>, ctx.columns)
  for (const e of extra) columns[e.spec.name] = e.data
  const schema: TableSchema = { columns: [...ctx.specs, ...extra.map((e) => e.spec)] }
  return { schema, nRows: ctx.n, columns }
}

/** Rows of `col` at `index` (a gather), missing where the index is −1. */
export function gather(col: ColumnData, index: ArrayLike<number>): ColumnData {
  const n = index.length
  switch (col.type) {
    case 'numeric': {
      const out = new Float64Array(n)
      for (let i = 0; i < n; i++) out[i] = index[i]! < 0 ? Number.NaN : col.values[index[i]!]!
      return { type: 'numeric', values: out }
    }
    case 'coded': {
      const out = new Int32Array(n)
      for (let i = 0; i < n; i++) out[i] = index[i]! < 0 ? -1 : col.codes[index[i]!]!
      return { type: 'coded', codes: out, dictionary: col.dictionary }
    }
    case 'string': {
      const out: (string | null)[] = new Array(n)
      for (let i = 0; i < n; i++) out[i] = index[i]! < 0 ? null : (col.values[index[i]!] ?? null)
      return { type: 'string', values: out }
    }
  }
}
