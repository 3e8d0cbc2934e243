import { KNOWN_DATETIME_FORMATS, parseDatetime } from './datetime'
import { SynthkitError } from './errors'
import { type ColumnSpec, type TableSchema, decodeTableSchema } from './schema'
import { type Table, columnToStrings } from './table'
import { either as E } from 'fp-ts'

/** Why a column got its kind: shown to the user next to the inferred schema. */
export interface InferredColumn {
  readonly name: string
  readonly spec: ColumnSpec
  readonly reason: string
}

export interface InferredSchema {
  readonly schema: TableSchema
  readonly columns: readonly InferredColumn[]
}

export interface InferOptions {
  /** Replace or amend what inference decides for a column (merged over the inferred spec, then re-validated). */
  readonly overrides?: Readonly<Record<string, Partial<ColumnSpec>>>
  /** Numbers with at most this many distinct values become categorical (default 10). */
  readonly maxNumericCategories?: number
  /** Strings with at most this many distinct values (or ≤ 5% of rows) become categorical (default 50). */
  readonly maxTextCategories?: number
  /** Table name written into the schema. */
  readonly name?: string
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const PHONE = /^\+?[\d\s().-]{7,20}$/
const ID_NAME = /(^id$|_id$|^id_|Id$|ID$|^uuid|^guid|^key$)/
const PERSON_NAME = /(^|_|\b)(first_?name|last_?name|full_?name|surname|given_?name|name)($|_|\b)/i
const ADDRESS_NAME = /(address|street|ssn|social_security|passport|email|e_mail|phone|mobile|ip_?addr)/i
const BOOL_PAIRS: readonly (readonly [string, string])[] = [
  ['false', 'true'],
  ['False', 'True'],
  ['FALSE', 'TRUE'],
]

type Raw = ArrayLike<unknown>

function toColumns(input: readonly Readonly<Record<string, unknown>>[] | Readonly<Record<string, Raw>> | Table): { names: string[]; get: (name: string) => Raw } {
  if (Array.isArray(input)) {
    const rows = input as readonly Readonly<Record<string, unknown>>[]
    const names: string[] = []
    const seen = new Set<string>()
    for (const row of rows) for (const k in row) if (!seen.has(k)) {
      seen.add(k)
      names.push(k)
    }
    return { names, get: (name) => rows.map((r) => r[name]) }
  }
  const maybeTable = input as Table
  if (typeof maybeTable.nRows === 'number' && maybeTable.schema && maybeTable.columns) {
    return { names: maybeTable.schema.columns.map((c) => c.name), get: (name) => columnToStrings(maybeTable, name) }
  }
  const cols = input as Readonly<Record<string, Raw>>
  return { names: Object.keys(cols), get: (name) => cols[name] }
}

function textOf(v: unknown): string | null {
  if (v === null || v === undefined || v === '') return null
  if (typeof v === 'number') return Number.isNaN(v) ? null : String(v)
  if (typeof v === 'boolean') return String(v)
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString()
  return String(v)
}

function decimals(s: string): number {
  const t = s.replace(/^[+-]/, '')
  if (/e/i.test(t)) {
    const [mant, exp] = t.toLowerCase().split('e')
    const d = mant.includes('.') ? mant.length - mant.indexOf('.') - 1 : 0
    return Math.max(0, d - Number(exp))
  }
  return t.includes('.') ? t.length - t.indexOf('.') - 1 : 0
}

function inferColumn(name: string, raw: Raw, options: Required<Omit<InferOptions, 'overrides' | 'name'>>): InferredColumn {
  const values: string[] = []
  let missing = 0
  let allJsBooleans = true
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i]
    const s = textOf(v)
    if (s === null) missing++
    else {
      values.push(s)
      if (typeof v !== 'boolean') allJsBooleans = false
    }
  }
  const n = raw.length
  const nonMissing = values.length
  const distinct = new Set(values)
  const k = distinct.size
  const missingNote = missing > 0 ? `; ${missing} missing` : ''
  if (nonMissing === 0) {
    return { name, spec: { name, kind: 'categorical' }, reason: `all ${n} values are missing: kept as an empty categorical column` }
  }
  if (allJsBooleans || (k <= 2 && BOOL_PAIRS.some(([f, t]) => [...distinct].every((d) => d === f || d === t)))) {
    const pair = allJsBooleans ? (['false', 'true'] as const) : BOOL_PAIRS.find(([f, t]) => [...distinct].every((d) => d === f || d === t))!
    const spec: ColumnSpec = pair[0] === 'false' ? { name, kind: 'boolean' } : { name, kind: 'boolean', labels: [pair[0], pair[1]] }
    return { name, spec, reason: `only the values ${[...distinct].join('/')}: boolean${missingNote}` }
  }
  if (values.every((s) => NUMBER.test(s.trim()))) {
    const nums = values.map(Number)
    const allInt = nums.every(Number.isInteger) && values.every((s) => !s.includes('.') && !/e/i.test(s))
    if (k <= options.maxNumericCategories && k < nonMissing) {
      return { name, spec: { name, kind: 'categorical' }, reason: `numbers with only ${k} distinct values (≤ ${options.maxNumericCategories}): categorical${missingNote}` }
    }
    if (allInt && k === nonMissing && missing === 0 && ID_NAME.test(name)) {
      return { name, spec: { name, kind: 'id' }, reason: `unique integers in a column named like a key: id` }
    }
    if (allInt) return { name, spec: { name, kind: 'numerical', type: 'int' }, reason: `integers, ${k} distinct values: numerical int${missingNote}` }
    let precision = 0
    for (const s of values) {
      const d = decimals(s.trim())
      if (d > precision) precision = d
    }
    return {
      name,
      spec: { name, kind: 'numerical', type: 'float', precision },
      reason: `decimal numbers with up to ${precision} decimals, ${k} distinct values: numerical float${missingNote}`,
    }
  }
  for (const format of KNOWN_DATETIME_FORMATS) {
    if (values.every((s) => !Number.isNaN(parseDatetime(s, format)))) {
      return { name, spec: { name, kind: 'datetime', format }, reason: `every value is a date in format ${format}: datetime${missingNote}` }
    }
  }
  if (values.every((s) => !Number.isNaN(parseDatetime(s)))) {
    return { name, spec: { name, kind: 'datetime' }, reason: `every value is an ISO 8601 date-time: datetime${missingNote}` }
  }
  if (values.every((s) => EMAIL.test(s))) {
    return { name, spec: { name, kind: 'text', sensitivity: 'pii' }, reason: 'e-mail addresses: text, tagged pii (never learned from)' }
  }
  if (values.every((s) => PHONE.test(s) && /\d{3}/.test(s))) {
    return { name, spec: { name, kind: 'text', sensitivity: 'pii' }, reason: 'phone numbers: text, tagged pii (never learned from)' }
  }
  if (ADDRESS_NAME.test(name) && k > options.maxTextCategories) {
    return { name, spec: { name, kind: 'text', sensitivity: 'pii' }, reason: `column named like personal data with ${k} distinct values: text, tagged pii` }
  }
  if (PERSON_NAME.test(name) && k > Math.min(options.maxTextCategories, nonMissing / 2)) {
    return { name, spec: { name, kind: 'text', sensitivity: 'pii' }, reason: `column named like a person's name with ${k} distinct values: text, tagged pii` }
  }
  if (k === nonMissing && missing === 0 && nonMissing > options.maxTextCategories) {
    return { name, spec: { name, kind: 'id' }, reason: `${k} values, all distinct: id` }
  }
  if (k <= options.maxTextCategories || k <= 0.05 * nonMissing) {
    return { name, spec: { name, kind: 'categorical' }, reason: `text with ${k} distinct values: categorical${missingNote}` }
  }
  return { name, spec: { name, kind: 'text' }, reason: `text with ${k} distinct values in ${nonMissing} rows (too many for categories): text${missingNote}` }
}

/**
 * Infers a table schema from data: row objects, raw columns (`{ col: values[] }`, e.g. CSV strings) or a Table.
 * Kinds: true/false → boolean; numbers → numerical int/float (with decimal precision), or categorical when they
 * take ≤ `maxNumericCategories` values; dates in known formats → datetime; e-mail/phone/name-like → text tagged
 * pii; unique values → id; few distinct strings → categorical; otherwise text. Each column gets a reason.
 * `overrides` replaces what inference decides; the result is validated like any schema.
 */
export function inferSchemaE(
  input: readonly Readonly<Record<string, unknown>>[] | Readonly<Record<string, ArrayLike<unknown>>> | Table,
  options: InferOptions = {},
): E.Either<SynthkitError, InferredSchema> {
  const { names, get } = toColumns(input)
  if (names.length === 0) return E.left(new SynthkitError('EMPTY_TABLE', 'Cannot infer a schema from data without columns'))
  const opts = { maxNumericCategories: options.maxNumericCategories ?? 10, maxTextCategories: options.maxTextCategories ?? 50 }
  const unknownOverrides = Object.keys(options.overrides ?? {}).filter((k) => !names.includes(k))
  if (unknownOverrides.length > 0) {
    return E.left(new SynthkitError('UNKNOWN_COLUMN', 'Overrides name unknown columns', unknownOverrides.map((k) => ({ path: `overrides.${k}`, message: `no column "${k}" in the data (columns: ${names.join(', ')})` }))))
  }
  const columns = names.map((name) => {
    const inferred = inferColumn(name, get(name), opts)
    const override = options.overrides?.[name]
    if (!override) return inferred
    // A changed kind starts from a clean spec so that fields of the old kind (e.g. precision) do not leak in.
    const base = override.kind && override.kind !== inferred.spec.kind ? { name } : inferred.spec
    return { name, spec: { ...base, ...override, name } as ColumnSpec, reason: `${inferred.reason}; overridden by the user` }
  })
  const schema: TableSchema = options.name ? { name: options.name, columns: columns.map((c) => c.spec) } : { columns: columns.map((c) => c.spec) }
  return E.map((s: TableSchema) => ({ schema: s, columns }))(decodeTableSchema(schema))
}

/** Throwing form of {@link inferSchemaE}. */
export function inferSchema(
  input: readonly Readonly<Record<string, unknown>>[] | Readonly<Record<string, ArrayLike<unknown>>> | Table,
  options: InferOptions = {},
): InferredSchema {
  const r = inferSchemaE(input, options)
  if (E.isLeft(r)) throw r.left
  return r.right
}
