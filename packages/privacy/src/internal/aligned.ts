import { type ColumnSpec, type Issue, type Table, SynthkitError, recode } from '@synthkit/core'
import type { MixedPoints } from './mixed-tree'

/** The columns several tables are compared on, numerical (incl. datetime) first, then categorical (incl. boolean). */
export interface AlignedLayout {
  readonly numerical: readonly string[]
  readonly categorical: readonly string[]
  /** Kind of each numerical column (datetime columns are epoch ms). */
  readonly numericalKinds: readonly ('numerical' | 'datetime')[]
  readonly intColumns: readonly boolean[]
  /** The shared dictionary of each categorical column (union over the tables, first table's order first). */
  readonly dictionaries: readonly (readonly string[])[]
}

/** A table named for error messages (`"synthetic"`, `"holdout"`). */
export interface NamedTable {
  readonly name: string
  readonly table: Table
}

const COMPARABLE = new Set<ColumnSpec['kind']>(['numerical', 'datetime', 'categorical', 'boolean'])

/** The default attack columns of a schema: every comparable column not tagged `pii`. */
export function defaultColumns(table: Table): string[] {
  return table.schema.columns.filter((c) => COMPARABLE.has(c.kind) && c.sensitivity !== 'pii').map((c) => c.name)
}

/**
 * Checks that every table has the same comparable columns of the same kinds (the first table is the model) and that
 * each requested column exists, then lays them out. Every mismatch is listed in one SCHEMA_INVALID error.
 */
export function alignLayout(tables: readonly NamedTable[], columns?: readonly string[]): AlignedLayout {
  const first = tables[0]
  const issues: Issue[] = []
  const specOf = (t: Table, name: string) => t.schema.columns.find((c) => c.name === name)
  const modelCols = first.table.schema.columns.filter((c) => COMPARABLE.has(c.kind))
  for (const other of tables.slice(1)) {
    for (const c of modelCols) {
      const o = specOf(other.table, c.name)
      if (!o)
        issues.push({
          path: `${other.name}.${c.name}`,
          column: c.name,
          message: `column "${c.name}" of ${first.name} is missing from ${other.name}`,
        })
      else if (o.kind !== c.kind)
        issues.push({
          path: `${other.name}.${c.name}`,
          column: c.name,
          message: `column "${c.name}" is ${c.kind} in ${first.name} but ${o.kind} in ${other.name}`,
        })
    }
    for (const o of other.table.schema.columns) {
      if (COMPARABLE.has(o.kind) && !specOf(first.table, o.name)) {
        issues.push({
          path: `${other.name}.${o.name}`,
          column: o.name,
          message: `column "${o.name}" of ${other.name} is not in ${first.name}`,
        })
      }
    }
  }
  const names = columns ?? defaultColumns(first.table)
  names.forEach((name, i) => {
    const spec = specOf(first.table, name)
    if (!spec) issues.push({ path: `columns.${i}`, column: name, message: `unknown column "${name}"` })
    else if (!COMPARABLE.has(spec.kind))
      issues.push({
        path: `columns.${i}`,
        column: name,
        message: `column "${name}" is ${spec.kind}: attacks compare numerical, datetime, categorical and boolean columns`,
      })
  })
  if (new Set(names).size !== names.length) issues.push({ path: 'columns', message: 'a column is listed twice' })
  if (issues.length > 0) throw new SynthkitError('SCHEMA_INVALID', 'The tables cannot be compared', issues)
  if (names.length === 0)
    throw new SynthkitError('SCHEMA_INVALID', 'No comparable columns', [
      { path: 'columns', message: 'no numerical, datetime, categorical or boolean column to compare' },
    ])
  const numerical: string[] = []
  const numericalKinds: ('numerical' | 'datetime')[] = []
  const intColumns: boolean[] = []
  const categorical: string[] = []
  const dictionaries: string[][] = []
  for (const name of names) {
    const spec = specOf(first.table, name)!
    if (spec.kind === 'numerical' || spec.kind === 'datetime') {
      numerical.push(name)
      numericalKinds.push(spec.kind)
      intColumns.push(spec.kind === 'numerical' && spec.type === 'int')
    } else {
      categorical.push(name)
      const dict: string[] = []
      const seen = new Set<string>()
      for (const { table } of tables) {
        const col = table.columns[name]
        if (col.type !== 'coded') continue
        for (const v of col.dictionary)
          if (!seen.has(v)) {
            seen.add(v)
            dict.push(v)
          }
      }
      dictionaries.push(dict)
    }
  }
  return { numerical, categorical, numericalKinds, intColumns, dictionaries }
}

/** The rows of `table` in the layout's typed arrays (optionally only `rows`, in that order). */
export function toPoints(layout: AlignedLayout, table: Table, rows?: ArrayLike<number>): MixedPoints {
  const dn = layout.numerical.length
  const dc = layout.categorical.length
  const n = rows ? rows.length : table.nRows
  const num = new Float64Array(n * dn)
  const cat = new Int32Array(n * dc)
  layout.numerical.forEach((name, j) => {
    const col = table.columns[name]
    if (col.type !== 'numeric') throw new SynthkitError('SCHEMA_INVALID', `column "${name}" is not numeric`)
    for (let i = 0; i < n; i++) num[i * dn + j] = col.values[rows ? rows[i] : i]
  })
  layout.categorical.forEach((name, c) => {
    const col = table.columns[name]
    if (col.type !== 'coded') throw new SynthkitError('SCHEMA_INVALID', `column "${name}" is not categorical`)
    const codes = recode(col, layout.dictionaries[c])
    for (let i = 0; i < n; i++) cat[i * dc + c] = codes[rows ? rows[i] : i]
  })
  return { n, dn, dc, num, cat }
}

/** Per numerical column, max − min of the non-missing values (NaN when the column has none), as pandas computes. */
export function columnRanges(points: MixedPoints): Float64Array {
  const out = new Float64Array(points.dn)
  for (let j = 0; j < points.dn; j++) {
    let lo = Infinity
    let hi = -Infinity
    for (let i = 0; i < points.n; i++) {
      const v = points.num[i * points.dn + j]
      if (v < lo) lo = v
      if (v > hi) hi = v
    }
    out[j] = lo <= hi ? hi - lo : Number.NaN
  }
  return out
}

/** Cardinalities of the layout's categorical columns, for the tree's code sets. */
export function cardinalities(layout: AlignedLayout): Int32Array {
  return Int32Array.from(layout.dictionaries, (d) => d.length)
}
