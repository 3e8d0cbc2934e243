// Typed values from the text of a cell, in SQL, reading exactly what @synthkit/core's decoder reads where the two can
// agree: missing markers, decimal numbers (with an optional thousands separator), categories as written, booleans
// by labels and the true/false words, ISO dates (or a format's tokens mapped to strptime's).
import { type ColumnSpec, SynthkitError, type TableSchema, datetimeFormatsOf } from '@synthkit/core'
import { leapSecondRewrite } from './datetime-pattern'
import { ident, literal } from './sql-text'

const SPACES = `' ' || chr(9) || chr(10) || chr(13) || chr(160)`

/** SQL condition: the text `x` is missing for this column (core's missingMarkerTest). */
export function missingSql(x: string, markers: readonly string[] | undefined): string {
  if (markers === undefined || markers.length === 0 || (markers.length === 1 && markers[0] === '')) return `(${x} IS NULL OR ${x} = '')`
  const set = [...new Set([...markers.map((m) => m.trim()), ''])].map(literal).join(', ')
  return `(${x} IS NULL OR trim(${x}, ${SPACES}) IN (${set}))`
}

const TOKENS: readonly [string, string][] = [
  ['YYYY', '%Y'],
  ['MMMM', '%B'],
  ['MMM', '%b'],
  ['MM', '%m'],
  ['M', '%m'],
  ['DD', '%d'],
  ['D', '%d'],
  ['HH', '%H'],
  ['H', '%H'],
  ['mm', '%M'],
  ['ss', '%S'],
  ['SSS', '%g'],
]

/** A core date format (`YYYY-MM-DD HH:mm`) as a strptime format. */
export function strptimeFormat(format: string): string {
  let out = ''
  for (let i = 0; i < format.length; ) {
    const hit = [...TOKENS].sort((a, b) => b[0].length - a[0].length).find(([t]) => format.startsWith(t, i))
    if (hit) {
      out += hit[1]
      i += hit[0].length
    } else {
      out += format[i] === '%' ? '%%' : format[i]
      i++
    }
  }
  return out
}

/**
 * How a column's typed value is computed, in two steps so that DuckDB evaluates each piece once: `missing` and `text`
 * over the raw relation (by column name), then `value` over their names `m` and `s`, then `final` over `v`.
 */
export interface ColumnSql {
  readonly spec: ColumnSpec
  /** Condition: the cell is missing (over the raw relation). */
  readonly missing: string
  /** The cell's text, trimmed (or the typed source value as it is). */
  readonly text: string
  /** The typed value from `m` (missing) and `s` (text): DOUBLE for numbers and epoch ms, VARCHAR, 0/1; NULL when missing. */
  readonly value: (m: string, s: string) => string
  /** The stored value from `v` (the typed value), and whether the cell is a data problem (not missing, unreadable). */
  readonly final: (v: string) => string
  readonly invalid: (m: string, v: string, s: string) => string
  /**
   * Numerical columns: the text kept where the value is not a finite number (NULL elsewhere), and the test over it
   * that finds the problems — run afterwards with a WHERE on the staged table, which DuckDB short-circuits, instead
   * of on every cell while staging (which costs more than reading the file).
   */
  readonly suspect?: { readonly keep: (v: string, s: string) => string; readonly problem: (r: string) => string }
}

const same = (v: string) => v
const unreadable = (m: string, v: string) => `(NOT ${m} AND ${v} IS NULL)`
const never = () => 'false'

/**
 * The few types and functions in which the two dialects' reading of a cell differs; {@link cellSql} writes the rest
 * once for both. DuckDB's are {@link DUCKDB_CELLS}; PostgreSQL's are in postgres-sql.ts.
 */
export interface CellDialect {
  /** The text type (`VARCHAR`, `text`) and the double type (`DOUBLE`, `double precision`). */
  readonly text: string
  readonly double: string
  /** Source types (upper case) that are numbers: used as they are by a numerical column. */
  readonly numericTypes: RegExp
  /** The two-sided trim with characters. */
  readonly trim: 'trim' | 'btrim'
  /** Condition: the double `v` is a finite number (NULL for NULL). */
  readonly finite: (v: string) => string
  /** Epoch milliseconds, as a double, of a typed timestamp or date `x`. */
  readonly epochMs: (x: string) => string
  /** The double of decimal text `t` (whole text, white space around allowed), NULL for any other text. */
  readonly decimal: (t: string) => string
  /** Epoch milliseconds, as a double, of the trimmed datetime text `s` by the column's formats; NULL when none reads it. */
  readonly datetime: (s: string, spec: ColumnSpec & { kind: 'datetime' }) => string
}

/** DuckDB's cells: TRY_CAST, isfinite, epoch_ms and strptime. */
export const DUCKDB_CELLS: CellDialect = {
  text: 'VARCHAR',
  double: 'DOUBLE',
  numericTypes: /^(DOUBLE|FLOAT|REAL|DECIMAL|NUMERIC|BIGINT|INTEGER|SMALLINT|TINYINT|HUGEINT|UBIGINT|UINTEGER|USMALLINT|UTINYINT|INT\d*)/,
  trim: 'trim',
  finite: (v) => `isfinite(${v})`,
  epochMs: (x) => `CAST(epoch_ms(CAST(${x} AS TIMESTAMP)) AS DOUBLE)`,
  // DuckDB's cast to DOUBLE skips surrounding white space and gives NULL for other text
  decimal: (t) => `TRY_CAST(${t} AS DOUBLE)`,
  // core's formats in core's order (datetimeFormatsOf: ISO 8601 first when `formats` is set without `format`)
  datetime: (s, spec) => {
    const parsed = datetimeFormatsOf(spec).map((f) => (f === undefined ? duckDbIsoSql(s) : duckDbFormatSql(s, f)))
    return parsed.length === 1 ? parsed[0] : `coalesce(${parsed.join(', ')})`
  },
}

/**
 * SQL: epoch milliseconds of text `s` in core's date format `f` by strptime, NULL when it reads none. strptime has no
 * second 60: a text with one is read with second 59 (millisecond 000), then + 999 ms, as core reads a leap second.
 */
function duckDbFormatSql(s: string, f: string): string {
  const parse = (t: string) => `epoch_ms(try_strptime(${t}, ${literal(strptimeFormat(f))}))`
  const leap = leapSecondRewrite(f)
  if (leap === null) return `CAST(${parse(s)} AS DOUBLE)`
  const pattern = literal(leap.regex)
  const rewritten = `regexp_replace(${s}, ${pattern}, ${literal(leap.replacement)}, 'i')`
  return (
    `CAST(CASE WHEN regexp_extract(${s}, ${pattern}, ${leap.second}, 'i') = '60' THEN ${parse(rewritten)} + 999 ` +
    `ELSE ${parse(s)} END AS DOUBLE)`
  )
}

/**
 * core's ISO 8601 shape with its range checks (hour ≤ 23, minute ≤ 59, second ≤ 60, offset ≤ 23:59; case-sensitive
 * `T` and `Z`); month and day are checked by DuckDB's cast.
 */
const ISO_SHAPE =
  String.raw`^[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ](?:[01][0-9]|2[0-3]):[0-5][0-9](?::(?:[0-5][0-9]|60)(?:\.[0-9]{1,9})?)?)?` +
  String.raw`(?:Z|[-+](?:[01][0-9]|2[0-3]):?[0-5][0-9])?$`
const OFFSET = String.raw`[-+][0-9]{2}:?[0-9]{2}$`
/** The common case DuckDB's TIMESTAMP cast reads as core does: no offset, no leap second, at most milliseconds. */
const PLAIN_ISO = String.raw`^[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ](?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\.[0-9]{1,3})?)?)?$`

/**
 * SQL: epoch milliseconds of ISO 8601 text `s` read as core's matchDatetime reads it, NULL otherwise. DuckDB's cast
 * alone reads more (`2021/03/04`, hour 24, offsets beyond ±23:59) and less (a leap second, minutes then an offset), and
 * its TIMESTAMP ignores an offset: so the text must have core's shape, its fraction is cut to milliseconds (core
 * truncates), a leap second becomes the minute's last millisecond (core's reading), a time without seconds gets them,
 * and a text with an offset is cast to TIMESTAMPTZ (the offset applied; without one TIMESTAMP, whatever the session's
 * time zone). The plain shape (no offset, no leap second, at most milliseconds) is cast as it is.
 */
function duckDbIsoSql(s: string): string {
  const fraction = `regexp_replace(${s}, '\\.([0-9]{1,3})[0-9]*', '.\\1')`
  const leap = `regexp_replace(${fraction}, ':60(\\.[0-9]+)?', ':59.999')`
  const norm = `regexp_replace(${leap}, '^([0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2})(Z|[-+].*)?$', '\\1:00\\2')`
  return (
    `CAST(CASE WHEN regexp_full_match(${s}, ${literal(PLAIN_ISO)}) THEN epoch_ms(TRY_CAST(${s} AS TIMESTAMP)) ` +
    `WHEN regexp_full_match(${s}, ${literal(ISO_SHAPE)}) THEN CASE WHEN regexp_matches(${s}, ${literal(OFFSET)}) ` +
    `THEN epoch_ms(TRY_CAST(${norm} AS TIMESTAMPTZ)) ELSE epoch_ms(TRY_CAST(${norm} AS TIMESTAMP)) END END AS DOUBLE)`
  )
}

/**
 * The typed expression of a column (by name in the raw relation) in DuckDB. `sourceType` is the engine's type of the
 * source column: text (CSV read as text) goes through core's reading rules; a typed Parquet column is used as it is.
 */
export function columnSql(schema: TableSchema, spec: ColumnSpec, sourceType = 'VARCHAR'): ColumnSql {
  return cellSql(schema, spec, sourceType, DUCKDB_CELLS)
}

/**
 * The typed expression of a column in a dialect: typed numbers, timestamps and booleans as they are; text by core's
 * rules (missing markers, decimal numbers with an optional thousands separator, labels and true/false words, dates).
 */
export function cellSql(schema: TableSchema, spec: ColumnSpec, sourceType: string, dialect: CellDialect): ColumnSql {
  const x = ident(spec.name)
  const type = sourceType.toUpperCase()
  const typedMissing = `(${x} IS NULL)`
  if (dialect.numericTypes.test(type) && spec.kind === 'numerical')
    return {
      spec,
      missing: typedMissing,
      text: `CAST(${x} AS ${dialect.double})`,
      value: (_m, s) => s,
      final: (v) => `CASE WHEN ${dialect.finite(v)} THEN ${v} END`,
      invalid: (m, v) => `(NOT ${m} AND NOT ${dialect.finite(v)})`,
    }
  if (/^(TIMESTAMP|DATE)/.test(type) && spec.kind === 'datetime')
    return { spec, missing: typedMissing, text: dialect.epochMs(x), value: (_m, s) => s, final: same, invalid: never }
  if (type === 'BOOLEAN' && spec.kind === 'boolean')
    return {
      spec,
      missing: typedMissing,
      text: x,
      value: (_m, s) => `CASE WHEN ${s} THEN 1 WHEN NOT ${s} THEN 0 END`,
      final: same,
      invalid: never,
    }
  const raw = `CAST(${x} AS ${dialect.text})`
  const markers = spec.missingValues ?? schema.missingValues
  const missing = missingSql(raw, markers)
  switch (spec.kind) {
    case 'numerical': {
      const sep = spec.thousandsSeparator
      // the missing-marker test only runs (CASE is lazy) on the cells that are not a finite number: a marker is
      // missing, anything else (text, inf) a data problem. `nan` is read as NaN (DuckDB) or NULL (PostgreSQL), then
      // as missing or a problem by the same test.
      return {
        spec,
        missing: 'false',
        text: sep ? `replace(${raw}, ${literal(sep)}, '')` : raw,
        value: (_m, t) => dialect.decimal(t),
        final: (v) => `CASE WHEN ${dialect.finite(v)} THEN ${v} END`,
        invalid: never,
        suspect: {
          keep: (v, t) => `CASE WHEN ${dialect.finite(v)} THEN NULL ELSE ${t} END`,
          problem: (r) => `(${r} IS NOT NULL AND NOT ${missingSql(r, markers)})`,
        },
      }
    }
    case 'datetime':
      return {
        spec,
        missing,
        text: `${dialect.trim}(${raw}, ${SPACES})`,
        value: (m, s) => `CASE WHEN ${m} THEN NULL ELSE ${dialect.datetime(s, spec)} END`,
        final: same,
        invalid: unreadable,
      }
    case 'boolean':
    case 'categorical':
    case 'id':
    case 'text':
      return labelColumnSql(spec, raw, missing, dialect.trim)
    default:
      throw new SynthkitError('UNSUPPORTED', `Column kind of "${(spec as ColumnSpec).name}" is not supported by the engine`)
  }
}

/**
 * Boolean, categorical, id and text columns: the same SQL in both dialects but for the name of the two-sided trim
 * (`trim(s, chars)` in DuckDB, `btrim(s, chars)` in PostgreSQL). Booleans read the schema's labels, then core's
 * spellings; categories with a fixed set flag the others.
 */
export function labelColumnSql(
  spec: ColumnSpec & { kind: 'boolean' | 'categorical' | 'id' | 'text' },
  raw: string,
  missing: string,
  trim: 'trim' | 'btrim',
): ColumnSql {
  switch (spec.kind) {
    case 'boolean': {
      const [f, t] = spec.labels ?? ['false', 'true']
      return {
        spec,
        missing,
        text: raw,
        value: (m, s) =>
          `CASE WHEN ${m} THEN NULL WHEN ${s} = ${literal(t)} THEN 1 WHEN ${s} = ${literal(f)} THEN 0 ` +
          `WHEN lower(${trim}(${s}, ${SPACES})) IN ('true', 't', 'yes', 'y', '1') THEN 1 ` +
          `WHEN lower(${trim}(${s}, ${SPACES})) IN ('false', 'f', 'no', 'n', '0') THEN 0 END`,
        final: same,
        invalid: unreadable,
      }
    }
    case 'categorical': {
      const fixed = spec.categories
      return {
        spec,
        missing,
        text: raw,
        value: (m, s) => `CASE WHEN ${m} THEN NULL ELSE ${s} END`,
        final: same,
        invalid: fixed ? (m, v) => `(NOT ${m} AND ${v} NOT IN (${fixed.map(literal).join(', ')}))` : never,
      }
    }
    case 'id':
    case 'text':
      return { spec, missing, text: raw, value: (m, s) => `CASE WHEN ${m} THEN NULL ELSE ${s} END`, final: same, invalid: never }
  }
}
