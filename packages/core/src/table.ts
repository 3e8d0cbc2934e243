// The columnar Table and operations on trusted tables. Decoding untrusted input into a Table is table-decode.ts.
import { formatDatetime } from './datetime'
import { type Issue, SynthkitError } from './errors'
import { type ColumnSpec, type TableSchema, columnSpec, constraintColumns } from './schema'

/** Numbers and datetimes (epoch ms): NaN is missing. */
export interface NumericColumnData {
  readonly type: 'numeric'
  readonly values: Float64Array
}
/** Categoricals and booleans: codes into `dictionary`, −1 is missing. Booleans use 0 = false, 1 = true. */
export interface CodedColumnData {
  readonly type: 'coded'
  readonly codes: Int32Array
  readonly dictionary: readonly string[]
}
/** Ids and free text: null is missing. */
export interface StringColumnData {
  readonly type: 'string'
  readonly values: readonly (string | null)[]
}
export type ColumnData = NumericColumnData | CodedColumnData | StringColumnData

/** A columnar table: one typed array per column, in the order of `schema.columns`. */
export interface Table {
  readonly schema: TableSchema
  readonly nRows: number
  readonly columns: Readonly<Record<string, ColumnData>>
}

/** How a column kind is stored. */
export function storageOf(kind: ColumnSpec['kind']): ColumnData['type'] {
  switch (kind) {
    case 'numerical':
    case 'datetime':
      return 'numeric'
    case 'categorical':
    case 'boolean':
      return 'coded'
    case 'id':
    case 'text':
      return 'string'
  }
}

/** Default labels of a boolean column: codes 0 and 1. */
export function booleanLabels(spec: ColumnSpec): readonly [string, string] {
  return spec.kind === 'boolean' && spec.labels ? spec.labels : ['false', 'true']
}

/**
 * A prototype-less record for columns, so that column names such as `__proto__` or `constructor` are plain keys.
 */
export function columnRecord(): Record<string, ColumnData> {
  return Object.create(null) as Record<string, ColumnData>
}

/**
 * Wraps already-typed column data (what samplers produce) into a Table after checking that every schema column
 * is present with the right storage and length, and that codes fit their dictionary.
 */
export function createTable(schema: TableSchema, columns: Readonly<Record<string, ColumnData>>): Table {
  const issues: Issue[] = []
  let n: number | undefined
  for (const spec of schema.columns) {
    const col = Object.prototype.hasOwnProperty.call(columns, spec.name) ? columns[spec.name] : undefined
    if (!col) {
      issues.push({ path: spec.name, message: `column "${spec.name}" is missing` })
      continue
    }
    const want = storageOf(spec.kind)
    if (col.type !== want) {
      issues.push({ path: spec.name, message: `a ${spec.kind} column is stored as ${want}, got ${col.type}` })
      continue
    }
    const len = col.type === 'coded' ? col.codes.length : col.values.length
    if (n === undefined) n = len
    else if (len !== n) issues.push({ path: spec.name, message: `has ${len} rows, expected ${n}` })
    if (col.type === 'coded') {
      const k = col.dictionary.length
      for (let i = 0; i < col.codes.length; i++) {
        const c = col.codes[i]
        if (c < -1 || c >= k) {
          issues.push({ path: spec.name, row: i, message: `code ${c} is outside the dictionary of ${k} values` })
          break
        }
      }
    }
  }
  for (const k of Object.keys(columns))
    if (!schema.columns.some((c) => c.name === k)) issues.push({ path: k, message: `column "${k}" is not in the schema` })
  if (issues.length > 0) throw new SynthkitError('DATA_INVALID', 'Columns do not match the schema', issues)
  return { schema, nRows: n ?? 0, columns: Object.assign(columnRecord(), columns) }
}

/** The data of one column, or an UNKNOWN_COLUMN error naming the columns there are. */
export function getColumn(table: Table, name: string): ColumnData {
  columnSpec(table.schema, name) // throws the typed error for an unknown name
  return table.columns[name]
}

/** One row's value in its natural JS form (number, string, boolean, formatted date string or null). */
export function cellValue(table: Table, name: string, row: number): number | string | boolean | null {
  const spec = columnSpec(table.schema, name)
  const col = getColumn(table, name)
  if (col.type === 'numeric') {
    const v = col.values[row]
    if (Number.isNaN(v)) return null
    return spec.kind === 'datetime' ? formatDatetime(v, spec.format) : v
  }
  if (col.type === 'coded') {
    const c = col.codes[row]
    if (c < 0) return null
    return spec.kind === 'boolean' ? c === 1 : col.dictionary[c]
  }
  return col.values[row]
}

/**
 * A column as text, the way it is written to CSV: '' for missing, numbers in shortest round-trip form,
 * datetimes in the column's format, booleans with their labels.
 */
export function columnToStrings(table: Table, name: string): string[] {
  const spec = columnSpec(table.schema, name)
  const col = getColumn(table, name)
  const out: string[] = new Array(table.nRows)
  if (col.type === 'numeric') {
    const fmt = spec.kind === 'datetime' ? spec.format : undefined
    for (let r = 0; r < table.nRows; r++) {
      const v = col.values[r]
      out[r] = Number.isNaN(v) ? '' : spec.kind === 'datetime' ? formatDatetime(v, fmt) : String(v)
    }
  } else if (col.type === 'coded') {
    for (let r = 0; r < table.nRows; r++) out[r] = col.codes[r] < 0 ? '' : col.dictionary[col.codes[r]]
  } else {
    for (let r = 0; r < table.nRows; r++) out[r] = col.values[r] ?? ''
  }
  return out
}

/** Row objects (for small tables and display; hot paths should stay columnar). */
export function toRows(table: Table): Record<string, number | string | boolean | null>[] {
  const rows: Record<string, number | string | boolean | null>[] = new Array(table.nRows)
  for (let r = 0; r < table.nRows; r++) rows[r] = {}
  for (const spec of table.schema.columns) {
    const name = spec.name
    // `__proto__` must become an own key, not the prototype
    const set: (row: Record<string, unknown>, v: unknown) => void =
      name === '__proto__'
        ? (row, v) => Object.defineProperty(row, name, { value: v, enumerable: true, writable: true, configurable: true })
        : (row, v) => {
            row[name] = v
          }
    const col = table.columns[name]
    if (col.type === 'numeric') {
      const fmt = spec.kind === 'datetime' ? spec.format : undefined
      const isDate = spec.kind === 'datetime'
      for (let r = 0; r < table.nRows; r++) {
        const v = col.values[r]
        set(rows[r], Number.isNaN(v) ? null : isDate ? formatDatetime(v, fmt) : v)
      }
    } else if (col.type === 'coded') {
      const isBool = spec.kind === 'boolean'
      for (let r = 0; r < table.nRows; r++) {
        const c = col.codes[r]
        set(rows[r], c < 0 ? null : isBool ? c === 1 : col.dictionary[c])
      }
    } else for (let r = 0; r < table.nRows; r++) set(rows[r], col.values[r])
  }
  return rows
}

/** Keeps the named columns (in that order) and the constraints that only read them. */
export function select(table: Table, names: readonly string[]): Table {
  const specs = names.map((n) => columnSpec(table.schema, n))
  const keep = new Set(names)
  const constraints = table.schema.constraints?.filter((c) => c.type !== 'expression' && constraintColumns(c).every((n) => keep.has(n)))
  const pk = table.schema.primaryKey
  const pkKept = pk === undefined ? undefined : (Array.isArray(pk) ? pk : [pk]).every((k) => keep.has(k)) ? pk : undefined
  const schema: TableSchema = { ...table.schema, columns: specs, constraints, primaryKey: pkKept }
  if (schema.constraints === undefined) delete (schema as { constraints?: unknown }).constraints
  if (schema.primaryKey === undefined) delete (schema as { primaryKey?: unknown }).primaryKey
  const columns = columnRecord()
  for (const n of names) columns[n] = table.columns[n]
  return { schema, nRows: table.nRows, columns }
}

function takeColumn(col: ColumnData, indices: ArrayLike<number>): ColumnData {
  const n = indices.length
  if (col.type === 'numeric') {
    const values = new Float64Array(n)
    for (let i = 0; i < n; i++) values[i] = col.values[indices[i]]
    return { type: 'numeric', values }
  }
  if (col.type === 'coded') {
    const codes = new Int32Array(n)
    for (let i = 0; i < n; i++) codes[i] = col.codes[indices[i]]
    return { type: 'coded', codes, dictionary: col.dictionary }
  }
  const values: (string | null)[] = new Array(n)
  for (let i = 0; i < n; i++) values[i] = col.values[indices[i]]
  return { type: 'string', values }
}

/** The rows at the given indices, in that order (repeats allowed: bootstrap, shuffles, splits). */
export function take(table: Table, indices: ArrayLike<number>): Table {
  for (let i = 0; i < indices.length; i++) {
    const k = indices[i]
    if (!(Number.isInteger(k) && k >= 0 && k < table.nRows)) {
      throw new SynthkitError('OPTIONS_INVALID', 'Row index out of range', [
        { path: `indices.${i}`, message: `expected an integer in [0, ${table.nRows}), got ${k}` },
      ])
    }
  }
  const columns = columnRecord()
  for (const spec of table.schema.columns) columns[spec.name] = takeColumn(table.columns[spec.name], indices)
  return { schema: table.schema, nRows: indices.length, columns }
}

/** Rows [start, end) as a copy. */
export function slice(table: Table, start: number, end: number = table.nRows): Table {
  const s = Math.max(0, Math.min(table.nRows, Math.trunc(start)))
  const e = Math.max(s, Math.min(table.nRows, Math.trunc(end)))
  const columns = columnRecord()
  for (const spec of table.schema.columns) {
    const col = table.columns[spec.name]
    columns[spec.name] =
      col.type === 'numeric'
        ? { type: 'numeric', values: col.values.slice(s, e) }
        : col.type === 'coded'
          ? { type: 'coded', codes: col.codes.slice(s, e), dictionary: col.dictionary }
          : { type: 'string', values: col.values.slice(s, e) }
  }
  return { schema: table.schema, nRows: e - s, columns }
}

/**
 * out[offset + i] = remap[codes[i]] (−1 stays missing). A leaf loop: V8 optimises it while it runs, and code after
 * it that had not run yet would throw that optimised code away at each exit (once per part and column).
 */
function remapCodes(codes: Int32Array, remap: readonly number[], out: Int32Array, offset: number): void {
  for (let i = 0; i < codes.length; i++) out[offset + i] = codes[i] < 0 ? -1 : remap[codes[i]]
}

/**
 * Stacks tables with the same columns (names and kinds). Categorical dictionaries are merged: codes are remapped
 * into the union of the dictionaries (first table's order, then new values in order of appearance).
 */
export function concat(tables: readonly Table[]): Table {
  if (tables.length === 0) throw new SynthkitError('EMPTY_TABLE', 'concat needs at least one table')
  const first = tables[0]
  const issues: Issue[] = []
  tables.forEach((t, i) => {
    const a = first.schema.columns.map((c) => `${c.name}:${c.kind}`).join(',')
    const b = t.schema.columns.map((c) => `${c.name}:${c.kind}`).join(',')
    if (a !== b) issues.push({ path: `tables.${i}`, message: `columns differ from the first table's (${b} vs ${a})` })
  })
  if (issues.length > 0) throw new SynthkitError('SCHEMA_INVALID', 'Cannot concatenate tables with different columns', issues)
  const n = tables.reduce((s, t) => s + t.nRows, 0)
  const columns = columnRecord()
  for (const spec of first.schema.columns) {
    const name = spec.name
    const parts = tables.map((t) => t.columns[name])
    if (parts[0].type === 'numeric') {
      const values = new Float64Array(n)
      let o = 0
      for (const p of parts) {
        values.set((p as NumericColumnData).values, o)
        o += (p as NumericColumnData).values.length
      }
      columns[name] = { type: 'numeric', values }
    } else if (parts[0].type === 'coded') {
      const dictionary = [...(parts[0] as CodedColumnData).dictionary]
      const index = new Map(dictionary.map((v, i) => [v, i]))
      const codes = new Int32Array(n)
      let o = 0
      for (const p of parts as CodedColumnData[]) {
        const remap = p.dictionary.map((v) => {
          let c = index.get(v)
          if (c === undefined) {
            c = dictionary.length
            dictionary.push(v)
            index.set(v, c)
          }
          return c
        })
        remapCodes(p.codes, remap, codes, o)
        o += p.codes.length
      }
      columns[name] = { type: 'coded', codes, dictionary }
    } else {
      const values: (string | null)[] = []
      for (const p of parts as StringColumnData[]) for (const v of p.values) values.push(v)
      columns[name] = { type: 'string', values }
    }
  }
  return { schema: first.schema, nRows: n, columns }
}

/**
 * Re-expresses a coded column over another dictionary (e.g. the real table's, to compare real and synthetic):
 * values not in `dictionary` get code −2 so they are never confused with missing (−1).
 */
export function recode(col: CodedColumnData, dictionary: readonly string[]): Int32Array {
  const index = new Map(dictionary.map((v, i) => [v, i]))
  const remap = col.dictionary.map((v) => index.get(v) ?? -2)
  const out = new Int32Array(col.codes.length)
  for (let i = 0; i < out.length; i++) out[i] = col.codes[i] < 0 ? -1 : remap[col.codes[i]]
  return out
}
