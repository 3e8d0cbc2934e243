import * as t from 'io-ts'
import * as E from './internal/either'
import { FiniteNumber, NonEmptyString, NonNegativeInt, strictObject, taggedUnion } from './codec'
import { Constraint } from './constraint'
import { isDatetimeFormat } from './datetime'
import { type Issue, SynthkitError, ioTsIssues, orThrow, synthkitError } from './errors'

/** Who may see a column: attacks target quasi-identifiers and sensitive columns; `pii` is never learned from. */
export const Sensitivity = t.keyof({ public: null, 'quasi-identifier': null, sensitive: null, pii: null }, 'Sensitivity')
export type Sensitivity = t.TypeOf<typeof Sensitivity>

/**
 * Texts read as missing in a column besides `''` (e.g. `NA`, `n/a`, `-`); a column's list replaces the table's.
 * Optional: without it (on the column and the table) only the empty string is missing.
 */
export const MissingValues = t.array(t.string, 'MissingValues')

const common = { sensitivity: Sensitivity, description: t.string, missingValues: MissingValues }

/** The thousands separator a numerical column's text may use (`1,234,567.5`); the decimal mark is always `.`. */
export const ThousandsSeparator = t.keyof({ ',': null, "'": null, ' ': null, _: null }, 'ThousandsSeparator')
export type ThousandsSeparator = t.TypeOf<typeof ThousandsSeparator>

/**
 * A number: `int` or `float`, with optional bounds and decimal precision (digits after the point).
 * `thousandsSeparator` (optional) lets text such as `"123,456"` be read as 123456.
 */
export const NumericalColumn = strictObject(
  { name: NonEmptyString, kind: t.literal('numerical'), type: t.keyof({ int: null, float: null }, 'NumericalType') },
  { ...common, min: FiniteNumber, max: FiniteNumber, precision: NonNegativeInt, thousandsSeparator: ThousandsSeparator },
  'NumericalColumn',
)
export type NumericalColumn = t.TypeOf<typeof NumericalColumn>

/** A category; values are strings. `categories` fixes the allowed set (and its order when `ordered`). */
export const CategoricalColumn = strictObject(
  { name: NonEmptyString, kind: t.literal('categorical') },
  { ...common, categories: t.array(t.string), ordered: t.boolean },
  'CategoricalColumn',
)
export type CategoricalColumn = t.TypeOf<typeof CategoricalColumn>

/** true/false. `labels` gives the text written for false and true (default `["false", "true"]`). */
export const BooleanColumn = strictObject(
  { name: NonEmptyString, kind: t.literal('boolean') },
  { ...common, labels: t.tuple([t.string, t.string]) },
  'BooleanColumn',
)
export type BooleanColumn = t.TypeOf<typeof BooleanColumn>

/**
 * A date or timestamp, stored as epoch milliseconds (UTC). `format` uses the tokens YYYY MM M MMM MMMM DD D HH H
 * mm ss SSS (e.g. `YYYY-MM-DD`, `MM/DD/YYYY HH:mm`, `MMM D YYYY`); without one, ISO 8601 is read and written.
 * `formats` (optional) lists further formats read when a value does not match `format` (a column written in
 * several formats); values are always written in `format`.
 */
export const DatetimeColumn = strictObject(
  { name: NonEmptyString, kind: t.literal('datetime') },
  { ...common, format: NonEmptyString, formats: t.array(NonEmptyString), min: FiniteNumber, max: FiniteNumber },
  'DatetimeColumn',
)
export type DatetimeColumn = t.TypeOf<typeof DatetimeColumn>

/**
 * A key, never modelled statistically: samplers generate new ones (optionally from `pattern`) and never copy a
 * real one. `unique: false` (optional) marks an entity key that repeats across rows (several visits per patient).
 */
export const IdColumn = strictObject(
  { name: NonEmptyString, kind: t.literal('id') },
  { ...common, pattern: t.string, unique: t.boolean },
  'IdColumn',
)
export type IdColumn = t.TypeOf<typeof IdColumn>

/** Free text. */
export const TextColumn = strictObject({ name: NonEmptyString, kind: t.literal('text') }, { ...common }, 'TextColumn')
export type TextColumn = t.TypeOf<typeof TextColumn>

export const ColumnSpec = taggedUnion(
  'kind',
  {
    numerical: NumericalColumn,
    categorical: CategoricalColumn,
    boolean: BooleanColumn,
    datetime: DatetimeColumn,
    id: IdColumn,
    text: TextColumn,
  },
  'ColumnSpec',
)
export type ColumnSpec = t.TypeOf<typeof ColumnSpec>
export type ColumnKind = ColumnSpec['kind']

export const TableSchemaCodec = strictObject(
  { columns: t.array(ColumnSpec) },
  { name: t.string, primaryKey: t.union([t.string, t.array(t.string)]), constraints: t.array(Constraint), missingValues: MissingValues },
  'TableSchema',
)
/**
 * A table: its columns in order, an optional primary key, declarative constraints and the texts read as
 * missing in every column (`missingValues`, optional; a column's own list replaces it).
 */
export type TableSchema = t.TypeOf<typeof TableSchemaCodec>

export const Relationship = strictObject(
  {
    parent: strictObject({ table: NonEmptyString, column: NonEmptyString }, {}, 'RelationshipEnd'),
    child: strictObject({ table: NonEmptyString, column: NonEmptyString }, {}, 'RelationshipEnd'),
  },
  {},
  'Relationship',
)
export type Relationship = t.TypeOf<typeof Relationship>

export const DatasetSchemaCodec = strictObject(
  { tables: t.record(t.string, TableSchemaCodec) },
  { relationships: t.array(Relationship) },
  'DatasetSchema',
)
/** Several tables and the parent key → child foreign key relationships between them. */
export type DatasetSchema = t.TypeOf<typeof DatasetSchemaCodec>

function codecIssues<A>(codec: t.Decoder<unknown, A>, input: unknown): E.Either<Issue[], A> {
  return E.pipe(codec.decode(input), E.mapLeft(ioTsIssues))
}

/** Checks what the codec cannot: unique names, bounds in order, known columns in keys and constraints. */
export function tableSchemaIssues(schema: TableSchema, prefix = ''): Issue[] {
  const issues: Issue[] = []
  const seen = new Map<string, number>()
  schema.columns.forEach((c, i) => {
    const p = `${prefix}columns.${i}`
    if (seen.has(c.name))
      issues.push({ path: `${p}.name`, message: `duplicate column name "${c.name}" (also columns.${seen.get(c.name)})` })
    seen.set(c.name, i)
    if ((c.kind === 'numerical' || c.kind === 'datetime') && c.min !== undefined && c.max !== undefined && c.min > c.max) {
      issues.push({ path: `${p}.min`, message: `min ${c.min} is greater than max ${c.max}` })
    }
    if (
      c.kind === 'numerical' &&
      c.type === 'int' &&
      ((c.min !== undefined && !Number.isInteger(c.min)) || (c.max !== undefined && !Number.isInteger(c.max)))
    ) {
      issues.push({ path: `${p}`, message: 'bounds of an int column must be integers' })
    }
    if (c.kind === 'datetime') {
      const formats = [...(c.format !== undefined ? [c.format] : []), ...(c.formats ?? [])]
      formats.forEach((f) => {
        if (!isDatetimeFormat(f))
          issues.push({
            path: `${p}.format`,
            message: `the date format "${f}" has no date or time token (YYYY, MM, M, MMM, MMMM, DD, D, HH, H, mm, ss, SSS)`,
          })
      })
    }
    if (c.kind === 'categorical' && c.categories) {
      const dup = c.categories.find((v, j) => c.categories!.indexOf(v) !== j)
      if (dup !== undefined) issues.push({ path: `${p}.categories`, message: `duplicate category "${dup}"` })
    }
    if (c.kind === 'categorical' && c.ordered && !c.categories) {
      issues.push({ path: `${p}.ordered`, message: 'an ordered categorical column needs its categories listed in order' })
    }
    if (c.kind === 'boolean' && c.labels && c.labels[0] === c.labels[1]) {
      issues.push({ path: `${p}.labels`, message: 'the false and true labels must differ' })
    }
  })
  const keys = schema.primaryKey === undefined ? [] : Array.isArray(schema.primaryKey) ? schema.primaryKey : [schema.primaryKey]
  keys.forEach((k) => {
    if (!seen.has(k)) issues.push({ path: `${prefix}primaryKey`, message: `unknown column "${k}"` })
  })
  ;(schema.constraints ?? []).forEach((con, i) => {
    for (const name of constraintColumns(con)) {
      if (!seen.has(name))
        issues.push({ path: `${prefix}constraints.${i}`, message: `${con.type} constraint names unknown column "${name}"` })
    }
  })
  return issues
}

/** Column names a constraint reads (expression constraints are resolved when compiled). */
export function constraintColumns(con: Constraint): string[] {
  switch (con.type) {
    case 'range':
    case 'positive':
    case 'negative':
    case 'regex':
      return [con.column]
    case 'inequality':
      return [con.low, con.high]
    case 'fixedCombinations':
    case 'unique':
      return [...con.columns]
    case 'foreignKey':
      return [con.column]
    case 'functionalDependency':
      return [...con.determinant, con.dependent]
    case 'conditional':
      return [con.when.column, con.column]
    case 'missingTogether':
      return [...con.columns]
    case 'expression':
      return []
  }
}

/** Decodes an untrusted table schema (parsed JSON), reporting every problem with its path. */
export function decodeTableSchema(input: unknown): E.Either<SynthkitError, TableSchema> {
  return E.pipe(
    codecIssues(TableSchemaCodec, input),
    E.chain((schema) => {
      const issues = tableSchemaIssues(schema)
      return issues.length === 0 ? E.right(schema) : E.left(issues)
    }),
    E.mapLeft((issues) => synthkitError('SCHEMA_INVALID', 'Invalid table schema', issues)),
  )
}

/** Throwing form of {@link decodeTableSchema}. */
export function parseTableSchema(input: unknown): TableSchema {
  return orThrow(decodeTableSchema(input))
}

/** Decodes an untrusted dataset schema: every table, and relationships naming known tables and columns. */
export function decodeDatasetSchema(input: unknown): E.Either<SynthkitError, DatasetSchema> {
  return E.pipe(
    codecIssues(DatasetSchemaCodec, input),
    E.chain((ds) => {
      const issues: Issue[] = []
      for (const [name, table] of Object.entries(ds.tables)) issues.push(...tableSchemaIssues(table, `tables.${name}.`))
      ;(ds.relationships ?? []).forEach((r, i) => {
        for (const end of ['parent', 'child'] as const) {
          const table = ds.tables[r[end].table]
          if (!table) issues.push({ path: `relationships.${i}.${end}.table`, message: `unknown table "${r[end].table}"` })
          else if (!table.columns.some((c) => c.name === r[end].column)) {
            issues.push({
              path: `relationships.${i}.${end}.column`,
              message: `unknown column "${r[end].column}" in table "${r[end].table}"`,
            })
          }
        }
      })
      return issues.length === 0 ? E.right(ds) : E.left(issues)
    }),
    E.mapLeft((issues) => synthkitError('SCHEMA_INVALID', 'Invalid dataset schema', issues)),
  )
}

/** Throwing form of {@link decodeDatasetSchema}. */
export function parseDatasetSchema(input: unknown): DatasetSchema {
  return orThrow(decodeDatasetSchema(input))
}

/** The column spec named `name`, or a typed UNKNOWN_COLUMN error. */
export function columnSpec(schema: TableSchema, name: string): ColumnSpec {
  const spec = schema.columns.find((c) => c.name === name)
  if (!spec)
    throw new SynthkitError('UNKNOWN_COLUMN', `Unknown column "${name}"`, [
      { path: name, message: `no column named "${name}" in the schema (columns: ${schema.columns.map((c) => c.name).join(', ')})` },
    ])
  return spec
}

/** The sensitivity of a column, `public` when not tagged. */
export function sensitivityOf(spec: ColumnSpec): Sensitivity {
  return spec.sensitivity ?? 'public'
}
