// PostgreSQL's forms of the few statements whose DuckDB form it lacks: typed values of a cell (no TRY_CAST, no
// isfinite for double precision, no strptime), ASOF joins (a LATERAL subquery over an index instead), the modulo of
// a double (through numeric), the source columns' types (the catalogue instead of DESCRIBE).
import { type ColumnSpec, SynthkitError, type TableSchema } from '@synthkit/core'
import type { SqlEngine } from '../sql-engine'
import type { ColumnSql } from './column-sql'
import { labelColumnSql, missingSql } from './column-sql'
import { ident, literal, num } from './sql-text'
import { aggregateRow } from './wide-select'

const SPACES = `' ' || chr(9) || chr(10) || chr(13) || chr(160)`
/** A double that is a finite number (PostgreSQL orders NaN above every number and equals it to itself). */
const finite = (v: string) => `(${v} NOT IN ('Infinity'::float8, '-Infinity'::float8, 'NaN'::float8))`
/**
 * Decimal text DuckDB's cast to DOUBLE reads (optional sign, digits with an optional fraction or a fraction alone,
 * an optional exponent; white space around): PostgreSQL's cast raises on anything else, so the cast is guarded.
 */
const DECIMAL = String.raw`^\s*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?\s*$`
/** ISO dates and date-times (`YYYY-MM-DD`, then an optional `T` or space and `HH:mm[:ss[.SSS]]`), as DuckDB casts them. */
const ISO = String.raw`^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?)?$`

/**
 * Session settings of a fit: no JIT compilation. The statistics' statements are long expressions (Φ⁻¹ inlined per
 * column, CASE per category) whose row estimates PostgreSQL cannot know (joins on computed keys), so their cost passes
 * jit_above_cost and LLVM spends minutes compiling what runs in a second (measured: 118 s against 1.5 s on adult).
 */
export const POSTGRES_SESSION = "SET jit = off; SET TimeZone = 'UTC'"

/** core's date tokens (longest first) as a POSIX regular expression (core's patterns) and a to_timestamp field. */
const DATE_TOKENS: readonly [string, string, string][] = [
  ['YYYY', '[0-9]{4}', 'YYYY'],
  ['MMMM', '(january|february|march|april|may|june|july|august|september|october|november|december)', 'FMMonth'],
  ['MMM', '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)', 'Mon'],
  ['SSS', '[0-9]{3}', 'MS'],
  ['MM', '[0-9]{2}', 'MM'],
  ['DD', '[0-9]{2}', 'DD'],
  ['HH', '[0-9]{2}', 'HH24'],
  ['mm', '[0-9]{2}', 'MI'],
  ['ss', '[0-9]{2}', 'SS'],
  ['M', '[0-9]{1,2}', 'MM'],
  ['D', '[0-9]{1,2}', 'DD'],
  ['H', '[0-9]{1,2}', 'HH24'],
]

/**
 * A core date format (`DD/MM/YYYY HH:mm`) as a guard (an anchored, case-insensitive regular expression with core's
 * token patterns) and a to_timestamp template (literal text quoted).
 */
export function postgresDateFormat(format: string): { regex: string; template: string } {
  let regex = '^'
  let template = ''
  let text = ''
  const flush = () => {
    if (text) template += `"${text.replaceAll('"', '\\"')}"`
    text = ''
  }
  for (let i = 0; i < format.length; ) {
    const hit = DATE_TOKENS.find(([t]) => format.startsWith(t, i))
    if (hit) {
      flush()
      regex += hit[1]
      template += hit[2]
      i += hit[0].length
    } else {
      regex += format[i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      text += format[i]
      i++
    }
  }
  flush()
  return { regex: `${regex}$`, template }
}

/** The engine's types of the relation's columns, upper case (`DOUBLE PRECISION`, `TEXT`, `TIMESTAMP WITHOUT TIME ZONE`). */
export async function postgresSourceTypes(engine: SqlEngine, relation: string): Promise<Map<string, string>> {
  await engine.run('DROP VIEW IF EXISTS synthkit_source')
  await engine.run(`CREATE TEMP VIEW synthkit_source AS SELECT * FROM ${relation}`)
  const rows = await engine.query(
    `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute ` +
      `WHERE attrelid = 'pg_temp.synthkit_source'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
  )
  await engine.run('DROP VIEW synthkit_source')
  return new Map(rows.map((r) => [String(r.name), String(r.type).toUpperCase()]))
}

const same = (v: string) => v
const unreadable = (m: string, v: string) => `(NOT ${m} AND ${v} IS NULL)`
const never = () => 'false'

/**
 * The typed expression of a column in PostgreSQL (see {@link ColumnSql}): typed numbers, timestamps and booleans as
 * they are; text by the same rules as DuckDB's form (core's missing markers, decimal numbers with an optional
 * thousands separator, labels and true/false words, ISO date-times or core's date formats). A text that matches a
 * format's pattern but is no date (`2021-02-30`) fails the query with PostgreSQL's error rather than a typed one.
 */
export function postgresColumnSql(schema: TableSchema, spec: ColumnSpec, sourceType = 'TEXT'): ColumnSql {
  const x = ident(spec.name)
  const type = sourceType.toUpperCase()
  const numeric = /^(DOUBLE PRECISION|REAL|NUMERIC|DECIMAL|BIGINT|INTEGER|SMALLINT)/.test(type)
  const typedMissing = `(${x} IS NULL)`
  if (numeric && spec.kind === 'numerical')
    return {
      spec,
      missing: typedMissing,
      text: `CAST(${x} AS double precision)`,
      value: (_m, s) => s,
      final: (v) => `CASE WHEN ${finite(v)} THEN ${v} END`,
      invalid: (m, v) => `(NOT ${m} AND NOT ${finite(v)})`,
    }
  if (/^(TIMESTAMP|DATE)/.test(type) && spec.kind === 'datetime')
    return {
      spec,
      missing: typedMissing,
      // epoch milliseconds, truncated as DuckDB's epoch_ms truncates microseconds
      text: `CAST(floor(extract(epoch FROM CAST(${x} AS timestamp)) * 1000) AS double precision)`,
      value: (_m, s) => s,
      final: same,
      invalid: never,
    }
  if (type === 'BOOLEAN' && spec.kind === 'boolean')
    return {
      spec,
      missing: typedMissing,
      text: x,
      value: (_m, s) => `CASE WHEN ${s} THEN 1 WHEN NOT ${s} THEN 0 END`,
      final: same,
      invalid: never,
    }
  const raw = `CAST(${x} AS text)`
  const markers = spec.missingValues ?? schema.missingValues
  const missing = missingSql(raw, markers)
  switch (spec.kind) {
    case 'numerical': {
      const sep = spec.thousandsSeparator
      return {
        spec,
        missing: 'false',
        text: sep ? `replace(${raw}, ${literal(sep)}, '')` : raw,
        value: (_m, t) => `CASE WHEN ${t} ~ ${literal(DECIMAL)} THEN CAST(${t} AS double precision) END`,
        final: (v) => `CASE WHEN ${finite(v)} THEN ${v} END`,
        invalid: never,
        suspect: {
          keep: (v, t) => `CASE WHEN ${v} IS NOT NULL AND ${finite(v)} THEN NULL ELSE ${t} END`,
          problem: (r) => `(${r} IS NOT NULL AND NOT ${missingSql(r, markers)})`,
        },
      }
    }
    case 'datetime': {
      const formats = [...(spec.format ? [spec.format] : []), ...(spec.formats ?? [])].map(postgresDateFormat)
      const epoch = (t: string) => `CAST(floor(extract(epoch FROM ${t}) * 1000) AS double precision)`
      // the first format whose pattern the text matches, as core tries them in order (the session is in UTC)
      const parse = (s: string) =>
        formats.length === 0
          ? `WHEN ${s} ~ ${literal(ISO)} THEN ${epoch(`CAST(${s} AS timestamp)`)}`
          : formats.map((f) => `WHEN ${s} ~* ${literal(f.regex)} THEN ${epoch(`to_timestamp(${s}, ${literal(f.template)})`)}`).join(' ')
      return {
        spec,
        missing,
        text: `btrim(${raw}, ${SPACES})`,
        value: (m, s) => `CASE WHEN ${m} THEN NULL ${parse(s)} END`,
        final: same,
        invalid: unreadable,
      }
    }
    case 'boolean':
    case 'categorical':
    case 'id':
    case 'text':
      return labelColumnSql(spec, raw, missing, 'btrim')
    default:
      throw new SynthkitError('UNSUPPORTED', `Column kind of "${(spec as ColumnSpec).name}" is not supported by the engine`)
  }
}

/**
 * The order statistics at the ranks of table `ranks` (column r) from a table of distinct values `v` with the count of
 * smaller values `before`: DuckDB's `ASOF JOIN … ON r >= before` as a LATERAL subquery that reads the index on
 * `before` once per rank (12,000 ranks, whatever the number of distinct values).
 */
export async function postgresOrderStatistics(engine: SqlEngine, cumulative: string, ranks: string): Promise<readonly unknown[]> {
  const rows = await engine.query(
    `SELECT k.r AS r, u.v AS v FROM ${ranks} k CROSS JOIN LATERAL ` +
      `(SELECT v FROM ${cumulative} WHERE before <= k.r ORDER BY before DESC LIMIT 1) u ORDER BY k.r`,
  )
  return rows.map((r) => r.v)
}

/**
 * DuckDB's `ASOF LEFT JOIN table ON t >= table.x` (the last row of x ≤ t; none below the first) for a table of
 * distinct sorted points `x`: `width_bucket` finds t's position among the points by binary search (the count of
 * points ≤ t), joined by hash to the table's row of that rank — one pass over the rows, keeping the alias.
 */
export function postgresAsofLeftJoin(table: string, t: string, x: readonly number[]): string {
  const points = `ARRAY[${x.map(num).join(', ')}]::float8[]`
  return (
    `LEFT JOIN (SELECT row_number() OVER (ORDER BY x) AS synthkit_k, * FROM ${table}) ${table} ` +
    `ON ${table}.synthkit_k = width_bucket(${t}, ${points})`
  )
}

/** The statements DuckDB's `x % u` (u > 0, integer-valued x) needs in PostgreSQL, which has no double modulo. */
export function postgresModulo(x: string, u: number): string {
  return `mod(CAST(${x} AS numeric), ${u})`
}

/**
 * Pass 3's pair sums in PostgreSQL: the coordinates' scores computed once into a table (as double precision; a
 * CTE would be inlined and its CASE expressions evaluated once per aggregate, numeric literals would make the sums
 * numeric), then the aggregates `named` (`… AS aK`) in queries under the select-list limit. One row of all.
 */
export async function postgresPairSums(
  engine: SqlEngine,
  scores: string,
  dims: readonly string[],
  named: readonly string[],
): Promise<Record<string, unknown>> {
  await engine.run('DROP TABLE IF EXISTS synthkit_dims')
  await engine.run(
    `CREATE TEMP TABLE synthkit_dims AS SELECT ${dims.map((x, k) => `CAST(${x} AS double precision) AS d${k}`).join(', ')} FROM ${scores}`,
  )
  const out = await aggregateRow(engine, 'synthkit_dims', named)
  await engine.run('DROP TABLE synthkit_dims')
  return out
}
