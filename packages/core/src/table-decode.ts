// Decoding untrusted input (row objects, raw columns from a parser) into a Table: every bad cell reported with its
// row, column, value and what was expected. Operations on trusted tables live in table.ts.
import * as E from './internal/either'
import { matchDatetime, matchDatetimeFormats } from './datetime'
import { type Issue, SynthkitError, orThrow } from './errors'
import { missingMarkerTest } from './missing-markers'
import { type NumberClass, classifyNumber, isDecimalLiteral, isExactInteger, isLongInteger, numberValue } from './value-parsing'
import type { ColumnSpec, TableSchema } from './schema'
import {
  type CodedColumnData,
  type ColumnData,
  type NumericColumnData,
  type StringColumnData,
  type Table,
  booleanLabels,
  columnRecord,
} from './table'

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

type Getter = (row: number) => unknown

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
