import { either as E } from 'fp-ts'
import { formatDatetime, matchDatetime, matchDatetimeFormats } from './datetime'
import { type Issue, SynthkitError, orThrow } from './errors'
import { missingMarkerTest } from './missing-markers'
import { type NumberClass, classifyNumber, isDecimalLiteral, isExactInteger, isLongInteger, numberValue } from './value-parsing'
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

const TRUE_WORDS = new Set(['true', 't', 'yes', 'y', '1'])
const FALSE_WORDS = new Set(['false', 'f', 'no', 'n', '0'])
const MAX_ISSUES = 1000

/** Missing: null, undefined, a JS NaN, or a text the column reads as missing (see {@link missingMarkerTest}). */
type MissingTest = (v: unknown) => boolean

function missingTest(spec: ColumnSpec, schema: TableSchema): MissingTest {
  const text = missingMarkerTest(spec.missingValues ?? schema.missingValues)
  return (v) => v === null || v === undefined || (typeof v === 'string' && text(v))
}

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v)
  if (v === null) return 'null'
  if (v instanceof Date) return `Date(${v.getTime()})`
  if (typeof v === 'bigint') return `${v}n`
  return typeof v === 'object' ? (Array.isArray(v) ? 'an array' : 'an object') : String(v)
}

/** Default labels of a boolean column: codes 0 and 1. */
export function booleanLabels(spec: ColumnSpec): readonly [string, string] {
  return spec.kind === 'boolean' && spec.labels ? spec.labels : ['false', 'true']
}

type Getter = (row: number) => unknown

/**
 * A prototype-less record for columns, so that column names such as `__proto__` or `constructor` are plain keys.
 */
export function columnRecord(): Record<string, ColumnData> {
  return Object.create(null) as Record<string, ColumnData>
}

/** Reads a row's own property only (a missing `constructor` key must not find Object.prototype's). */
function rowGetter(rows: readonly Readonly<Record<string, unknown>>[], name: string): Getter {
  if (!(name in Object.prototype)) return (r) => rows[r][name]
  return (r) => (Object.prototype.hasOwnProperty.call(rows[r], name) ? rows[r][name] : undefined)
}

class IssueCollector {
  readonly issues: Issue[] = []
  total = 0
  add(issue: Issue): void {
    this.total++
    if (this.issues.length < MAX_ISSUES) this.issues.push(issue)
  }
}

/** Why a text is not a number of this column, in words that say what to do. */
function numberProblem(spec: ColumnSpec & { kind: 'numerical' }, s: string, cls: NumberClass): string {
  switch (cls) {
    case 'non-finite':
      return `expected a finite number, got ${show(s)}`
    case 'unsafe-integer':
      return `the integer ${s} cannot be held exactly as a number (beyond ±2^53, e.g. a 64-bit key): it would be rounded to ${Number(s)}; declare the column as id or text`
    case 'grouped':
      return `expected a number, got ${show(s)} (written with a thousands separator${spec.thousandsSeparator ? ` other than the column's "${spec.thousandsSeparator}"` : ": set the column's thousandsSeparator"})`
    default:
      return `expected a number, got ${show(s)}`
  }
}

function decodeNumerical(
  spec: ColumnSpec & { kind: 'numerical' },
  n: number,
  get: Getter,
  out: IssueCollector,
  missing: MissingTest,
): NumericColumnData {
  const values = new Float64Array(n)
  const isInt = spec.type === 'int'
  const { min, max, name, thousandsSeparator } = spec
  for (let r = 0; r < n; r++) {
    const v = get(r)
    let x: number
    let problem: string | undefined
    if (typeof v === 'number') x = v
    else if (missing(v)) x = Number.NaN
    else if (typeof v === 'string') {
      const s = v.trim()
      if (isDecimalLiteral(s)) {
        // The common case, kept as cheap as one regex test: a literal Number() reads as written.
        x = Number(s)
        if (isLongInteger(s) && !isExactInteger(s)) problem = numberProblem(spec, s, 'unsafe-integer')
      } else {
        const cls = classifyNumber(s, thousandsSeparator)
        x = numberValue(s, cls, thousandsSeparator)
        if (Number.isNaN(x)) problem = numberProblem(spec, s, cls)
      }
    } else if (typeof v === 'bigint') {
      x = Number(v)
      if (!Number.isSafeInteger(x) && BigInt(x) !== v) problem = numberProblem(spec, String(v), 'unsafe-integer')
    } else {
      x = Number.NaN
      problem = `expected a number, got ${show(v)}`
    }
    if (problem === undefined) {
      if (x === Infinity || x === -Infinity) problem = `expected a finite number, got ${show(v)}`
      else if (!Number.isNaN(x)) {
        if (isInt && !Number.isInteger(x)) problem = `expected an integer, got ${show(v)}`
        else if (min !== undefined && x < min) problem = `${x} is below the column's min ${min}`
        else if (max !== undefined && x > max) problem = `${x} is above the column's max ${max}`
      }
    }
    if (problem !== undefined) {
      out.add({ path: name, row: r, column: name, value: v, message: problem })
      x = Number.NaN
    }
    values[r] = x
  }
  return { type: 'numeric', values }
}

/** The formats a datetime column reads, in the order tried (`undefined` = ISO 8601). */
export function datetimeFormatsOf(spec: ColumnSpec & { kind: 'datetime' }): readonly (string | undefined)[] {
  return spec.formats && spec.formats.length > 0 ? [spec.format, ...spec.formats.filter((f) => f !== spec.format)] : [spec.format]
}

function decodeDatetime(
  spec: ColumnSpec & { kind: 'datetime' },
  n: number,
  get: Getter,
  out: IssueCollector,
  missing: MissingTest,
): NumericColumnData {
  const values = new Float64Array(n)
  const { name, format } = spec
  const formats = datetimeFormatsOf(spec)
  const expected =
    formats.length > 1
      ? `in one of the formats ${formats.map((f) => f ?? 'ISO 8601').join(', ')}`
      : format
        ? `in format ${format}`
        : '(ISO 8601)'
  for (let r = 0; r < n; r++) {
    const v = get(r)
    let x = Number.NaN
    if (missing(v)) x = Number.NaN
    else if (typeof v === 'string') {
      const s = v.trim()
      const m = formats.length === 1 ? matchDatetime(s, format) : matchDatetimeFormats(s, formats)
      if (m.status === 'ok') x = m.ms
      else if (m.status === 'invalid')
        out.add({
          path: name,
          row: r,
          column: name,
          value: v,
          message: `${show(v)} is not a real date or time (it has the shape of a date ${expected})`,
        })
      else out.add({ path: name, row: r, column: name, value: v, message: `expected a date ${expected}, got ${show(v)}` })
    } else if (typeof v === 'number' && Number.isFinite(v)) x = v
    else if (v instanceof Date && Number.isFinite(v.getTime())) x = v.getTime()
    else if (typeof v === 'number' && Number.isNaN(v)) x = Number.NaN
    else out.add({ path: name, row: r, column: name, value: v, message: `expected a date, got ${show(v)}` })
    values[r] = x
  }
  return { type: 'numeric', values }
}

function decodeCategorical(
  spec: ColumnSpec & { kind: 'categorical' },
  n: number,
  get: Getter,
  out: IssueCollector,
  isMissing: MissingTest,
): CodedColumnData {
  const codes = new Int32Array(n)
  const index = new Map<string, number>()
  const fixed = spec.categories !== undefined
  const dictionary: string[] = fixed ? [...spec.categories!] : []
  if (fixed) dictionary.forEach((c, i) => index.set(c, i))
  for (let r = 0; r < n; r++) {
    const v = get(r)
    if (isMissing(v)) {
      codes[r] = -1
      continue
    }
    let s: string
    if (typeof v === 'string') s = v
    else if ((typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean' || typeof v === 'bigint') s = String(v)
    else {
      out.add({ path: spec.name, row: r, column: spec.name, value: v, message: `expected a category (string), got ${show(v)}` })
      codes[r] = -1
      continue
    }
    let code = index.get(s)
    if (code === undefined) {
      if (fixed) {
        out.add({ path: spec.name, row: r, column: spec.name, value: v, message: `${show(s)} is not one of the column's categories` })
        codes[r] = -1
        continue
      }
      code = dictionary.length
      dictionary.push(s)
      index.set(s, code)
    }
    codes[r] = code
  }
  if (!fixed) {
    // Sorted dictionary: the encoding does not depend on row order.
    const order = dictionary.map((_, i) => i).sort((a, b) => (dictionary[a] < dictionary[b] ? -1 : dictionary[a] > dictionary[b] ? 1 : 0))
    const remap = new Int32Array(order.length)
    order.forEach((old, i) => {
      remap[old] = i
    })
    for (let r = 0; r < n; r++) if (codes[r] >= 0) codes[r] = remap[codes[r]]
    return { type: 'coded', codes, dictionary: order.map((i) => dictionary[i]) }
  }
  return { type: 'coded', codes, dictionary }
}

function decodeBoolean(
  spec: ColumnSpec & { kind: 'boolean' },
  n: number,
  get: Getter,
  out: IssueCollector,
  isMissing: MissingTest,
): CodedColumnData {
  const codes = new Int32Array(n)
  const labels = booleanLabels(spec)
  for (let r = 0; r < n; r++) {
    const v = get(r)
    let code = -1
    if (isMissing(v)) code = -1
    else if (typeof v === 'boolean') code = v ? 1 : 0
    else if (v === 1 || v === 0) code = v
    else if (typeof v === 'string') {
      if (v === labels[1]) code = 1
      else if (v === labels[0]) code = 0
      else {
        const w = v.trim().toLowerCase()
        code = TRUE_WORDS.has(w) ? 1 : FALSE_WORDS.has(w) ? 0 : -2
      }
    } else code = -2
    if (code === -2) {
      out.add({
        path: spec.name,
        row: r,
        column: spec.name,
        value: v,
        message: `expected a boolean (${labels[0]}/${labels[1]}, true/false, yes/no, 1/0), got ${show(v)}`,
      })
      code = -1
    }
    codes[r] = code
  }
  return { type: 'coded', codes, dictionary: [...labels] }
}

function decodeString(spec: ColumnSpec, n: number, get: Getter, out: IssueCollector, isMissing: MissingTest): StringColumnData {
  const values: (string | null)[] = new Array(n)
  for (let r = 0; r < n; r++) {
    const v = get(r)
    if (isMissing(v)) values[r] = null
    else if (typeof v === 'string') values[r] = v
    else if ((typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean' || typeof v === 'bigint') values[r] = String(v)
    else {
      out.add({ path: spec.name, row: r, column: spec.name, value: v, message: `expected text, got ${show(v)}` })
      values[r] = null
    }
  }
  return { type: 'string', values }
}

function decodeColumn(spec: ColumnSpec, schema: TableSchema, n: number, get: Getter, out: IssueCollector): ColumnData {
  const missing = missingTest(spec, schema)
  switch (spec.kind) {
    case 'numerical':
      return decodeNumerical(spec, n, get, out, missing)
    case 'datetime':
      return decodeDatetime(spec, n, get, out, missing)
    case 'categorical':
      return decodeCategorical(spec, n, get, out, missing)
    case 'boolean':
      return decodeBoolean(spec, n, get, out, missing)
    case 'id':
    case 'text':
      return decodeString(spec, n, get, out, missing)
  }
}

function failure(out: IssueCollector, what: string): SynthkitError {
  const extra =
    out.total > out.issues.length
      ? ` (${out.total} problems, the first ${out.issues.length} listed)`
      : ` (${out.total} problem${out.total === 1 ? '' : 's'})`
  return new SynthkitError('DATA_INVALID', `${what} does not match the schema${extra}`, out.issues)
}

/**
 * Decodes an array of row objects against a schema into a columnar Table. Every bad cell is reported
 * (row, column, value, what was expected), as are keys that the schema does not know; nothing is dropped.
 * Missing values are `null`, `undefined` or `''`.
 */
export function decodeRows(rows: readonly Readonly<Record<string, unknown>>[], schema: TableSchema): E.Either<SynthkitError, Table> {
  const out = new IssueCollector()
  const known = new Set(schema.columns.map((c) => c.name))
  const unknownKeys = new Set<string>()
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      out.add({ path: `${r}`, row: r, message: `expected a row object, got ${show(row)}` })
      continue
    }
    for (const k in row) if (!known.has(k) && !unknownKeys.has(k)) unknownKeys.add(k)
  }
  for (const k of unknownKeys) out.add({ path: k, column: k, message: `column "${k}" is not in the schema` })
  if (out.total > 0) return E.left(failure(out, 'Rows'))
  const columns = columnRecord()
  for (const spec of schema.columns) {
    const name = spec.name
    columns[name] = decodeColumn(spec, schema, rows.length, rowGetter(rows, name), out)
  }
  return out.total > 0 ? E.left(failure(out, 'Rows')) : E.right({ schema, nRows: rows.length, columns })
}

/** Throwing form of {@link decodeRows}. */
export function fromRows(rows: readonly Readonly<Record<string, unknown>>[], schema: TableSchema): Table {
  return orThrow(decodeRows(rows, schema))
}

/** Checks that every schema column is present with one length; decodes them into `out`'s issues. */
function decodeColumnData(
  input: Readonly<Record<string, ArrayLike<unknown>>>,
  schema: TableSchema,
  out: IssueCollector,
): Table | undefined {
  const known = new Set(schema.columns.map((c) => c.name))
  for (const k of Object.keys(input)) if (!known.has(k)) out.add({ path: k, column: k, message: `column "${k}" is not in the schema` })
  const own = (k: string) => (Object.prototype.hasOwnProperty.call(input, k) ? input[k] : undefined)
  const lengths = schema.columns.map((c) => own(c.name)?.length)
  schema.columns.forEach((c, i) => {
    if (lengths[i] === undefined) out.add({ path: c.name, column: c.name, message: `column "${c.name}" is missing from the data` })
  })
  const n = lengths.find((l) => l !== undefined) ?? 0
  schema.columns.forEach((c, i) => {
    if (lengths[i] !== undefined && lengths[i] !== n)
      out.add({ path: c.name, column: c.name, message: `column "${c.name}" has ${lengths[i]} values, expected ${n}` })
  })
  if (out.total > 0) return undefined
  const columns = columnRecord()
  for (const spec of schema.columns) {
    const values = own(spec.name)!
    columns[spec.name] = decodeColumn(spec, schema, n, (r) => values[r], out)
  }
  return { schema, nRows: n, columns }
}

/**
 * Decodes raw values given column by column (`{ age: [39, 50, …], … }`, e.g. straight from a CSV parser)
 * against a schema. All columns must be present and of equal length. Texts in the schema's (or column's)
 * `missingValues` are missing; every cell that does not fit its column is an issue of the error.
 */
export function decodeColumns(input: Readonly<Record<string, ArrayLike<unknown>>>, schema: TableSchema): E.Either<SynthkitError, Table> {
  const out = new IssueCollector()
  const table = decodeColumnData(input, schema, out)
  return table === undefined || out.total > 0 ? E.left(failure(out, 'Columns')) : E.right(table)
}

/** Throwing form of {@link decodeColumns}. */
export function fromColumns(input: Readonly<Record<string, ArrayLike<unknown>>>, schema: TableSchema): Table {
  return orThrow(decodeColumns(input, schema))
}

/** A table decoded with its cell problems listed rather than failing (see {@link decodeColumnsWithProblems}). */
export interface DecodedTable {
  readonly table: Table
  /** Every cell that did not fit its column (up to 1000 listed; `problemCount` counts all), each now missing. */
  readonly problems: readonly Issue[]
  readonly problemCount: number
}

/**
 * Like {@link decodeColumns}, but a cell that does not fit its column (an impossible date, `Infinity`, a 64-bit
 * integer a double would round) becomes missing and is listed in `problems` with its row, column and value,
 * instead of failing the whole table: nothing is lost without a word. Missing or extra columns and unequal
 * lengths still fail.
 */
export function decodeColumnsWithProblems(
  input: Readonly<Record<string, ArrayLike<unknown>>>,
  schema: TableSchema,
): E.Either<SynthkitError, DecodedTable> {
  const out = new IssueCollector()
  const table = decodeColumnData(input, schema, out)
  if (table === undefined) return E.left(failure(out, 'Columns'))
  return E.right({ table, problems: out.issues, problemCount: out.total })
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
        for (let i = 0; i < p.codes.length; i++) codes[o + i] = p.codes[i] < 0 ? -1 : remap[p.codes[i]]
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
