// PostgreSQL's forms of the few statements whose DuckDB form it lacks: typed values of a cell (no TRY_CAST, no
// isfinite for double precision, no strptime), ASOF joins (a LATERAL subquery over an index instead), the modulo of
// a double (through numeric), the source columns' types (the catalogue instead of DESCRIBE).
import { type ColumnSpec, type TableSchema, datetimeFormatsOf } from '@synthkit/core'
import type { SqlEngine } from '../sql-engine'
import { type CellDialect, type ColumnSql, cellSql } from './column-sql'
import { literal, num } from './sql-text'
import { aggregateRow } from './wide-select'
import { postgresDatetimeSql } from './postgres-datetime'

/** A double that is a finite number (PostgreSQL orders NaN above every number and equals it to itself). */
const finite = (v: string) => `(${v} NOT IN ('Infinity'::float8, '-Infinity'::float8, 'NaN'::float8))`
/**
 * Decimal text whose cast to double precision cannot raise: at most 200 digits before and after the point and a
 * two-digit exponent keep the value within 1e±300, inside the doubles' normal range (PostgreSQL raises on a value
 * beyond the largest double, `1e400`, or one that rounds to zero, `1e-400`). The others read through numeric.
 */
const SAFE_DECIMAL = String.raw`^\s*[-+]?([0-9]{1,200}(\.[0-9]{0,200})?|\.[0-9]{1,200})([eE][-+]?[0-9]{1,2})?\s*$`
/**
 * Decimal text (optional sign, digits with an optional fraction or a fraction alone, an optional exponent; white
 * space around) that numeric reads without raising (numeric holds 131,072 digits before the point and 16,383 after).
 */
const NUMERIC_DECIMAL = String.raw`^\s*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]{1,4})?\s*$`
/** 2^1024 − 2^970, exactly: a decimal at least this large rounds to an infinite double (core's Number() too). */
const OVERFLOW =
  '17976931348623158079372897140530341507993413271003782693617377898044496829276475094664901797758720709633028641' +
  '66928879109465555478519404026306574886715058206819089020007083836762738548458177115317644757302700698555713669' +
  '59622842914819860834936475292719074168444365510704342711559699508093042880177904174497792'
/** 2^1075, exactly: a decimal of magnitude at most 1 / 2^1075 rounds to zero (PostgreSQL's cast raises on it). */
const UNDERFLOW =
  '40480450661462123670499069343783461409911329952828423671380271605486067913599069378392076740287424899037415572' +
  '86336238227796174747715869537340267998814770198430348485531327227289338154841864326824795353569454901371240149' +
  '66849385397236206711298319112681620113024717539104666829230461005064372655017292012526615415482186989568'

/**
 * SQL: the double of a decimal text `t`, as core's Number() reads it, without raising: the cast where it is safe;
 * else through numeric, infinite (a data problem, as core says) beyond the largest double and ±0 below the smallest
 * subnormal's half, the cast in between (strtod rounds as Number() does); NULL (a data problem) for text that is no
 * decimal, or a decimal longer than 1,000 characters or with a five-digit exponent (core reads those it can).
 */
function postgresDecimal(t: string): string {
  const n = `CAST(${t} AS numeric)`
  return (
    `CASE WHEN ${t} ~ ${literal(SAFE_DECIMAL)} THEN CAST(${t} AS double precision) ` +
    `WHEN length(${t}) <= 1000 AND ${t} ~ ${literal(NUMERIC_DECIMAL)} THEN CASE WHEN abs(${n}) >= ${OVERFLOW} THEN 'Infinity'::float8 ` +
    `WHEN abs(${n}) * ${UNDERFLOW} <= 1 THEN CASE WHEN ${n} < 0 OR ${t} ~ '^\\s*-' THEN '-0'::float8 ELSE '0'::float8 END ` +
    `ELSE CAST(${t} AS double precision) END END`
  )
}

/**
 * Session settings of a fit: no JIT compilation. The statistics' statements are long expressions (Φ⁻¹ inlined per
 * column, CASE per category) whose row estimates PostgreSQL cannot know (joins on computed keys), so their cost passes
 * jit_above_cost and LLVM spends minutes compiling what runs in a second (measured: 118 s against 1.5 s on adult).
 */
export const POSTGRES_SESSION = "SET jit = off; SET TimeZone = 'UTC'"

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

/**
 * PostgreSQL's cells (see {@link CellDialect}): no TRY_CAST (the cast to double precision guarded by
 * {@link postgresDecimal}), no isfinite for doubles, no epoch_ms, and dates read by postgres-datetime.ts (core's
 * patterns and range checks), so that nothing raises on a cell: text that is no number, or has a date's shape but is
 * no date (`2021-02-30`), reads as NULL and is reported as a data problem of its column (see fit-copula-sql.ts).
 */
export const POSTGRES_CELLS: CellDialect = {
  text: 'text',
  double: 'double precision',
  numericTypes: /^(DOUBLE PRECISION|REAL|NUMERIC|DECIMAL|BIGINT|INTEGER|SMALLINT)/,
  trim: 'btrim',
  finite,
  // epoch milliseconds, truncated as DuckDB's epoch_ms truncates microseconds
  epochMs: (x) => `CAST(floor(extract(epoch FROM CAST(${x} AS timestamp)) * 1000) AS double precision)`,
  decimal: postgresDecimal,
  datetime: (s, spec) => postgresDatetimeSql(s, datetimeFormatsOf(spec)),
}

/** The typed expression of a column in PostgreSQL (see {@link cellSql} and {@link POSTGRES_CELLS}). */
export function postgresColumnSql(schema: TableSchema, spec: ColumnSpec, sourceType = 'TEXT'): ColumnSql {
  return cellSql(schema, spec, sourceType, POSTGRES_CELLS)
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
