// The typed values of a relation's schema columns as one SELECT (c0, c1, … and a data-problem marker), staged as a
// table or read through a view, with the checks that turn unreadable cells into typed errors — the reading rules
// of @synthkit/core as column-sql.ts writes them.
import { SynthkitError, type TableSchema } from '@synthkit/core'
import type { SqlEngine, SqlRow } from '../sql-engine'
import { columnSql } from './column-sql'
import { POSTGRES_SESSION, postgresColumnSql, postgresSourceTypes } from './postgres-sql'
import { dropRelation, toNumber } from './sql-text'
import { mostFrequent, unreadableError } from './unreadable'

/** What {@link stageTyped} made: the name to read (`c<i>` per schema column) and whether rows carry a problem marker. */
export interface TypedData {
  readonly name: string
  /** `synthkit_bad` holds the index of the first unreadable column of a row (NULL when none) when true. */
  readonly checked: boolean
  /** Drops the table or view. */
  readonly drop: () => Promise<void>
  /** The most frequent cells of column i that its check flags, read again from the relation (for the error). */
  readonly flagged: (i: number) => Promise<{ v: string; n: number }[]>
}

/**
 * Source types of the relation's columns (DuckDB: DESCRIBE; PostgreSQL: the catalogue), refusing a relation that
 * lacks schema columns.
 */
export async function sourceTypes(engine: SqlEngine, relation: string, schema: TableSchema): Promise<Map<string, string>> {
  const out = engine.dialect === 'postgres' ? await postgresSourceTypes(engine, relation) : new Map<string, string>()
  if (engine.dialect === 'duckdb')
    for (const r of await engine.query(`DESCRIBE SELECT * FROM ${relation}`)) out.set(String(r.column_name), String(r.column_type))
  const missing = schema.columns.filter((c) => !out.has(c.name))
  if (missing.length > 0)
    throw new SynthkitError(
      'DATA_INVALID',
      `The data lacks ${missing.length} schema column(s)`,
      missing.map((c) => ({ path: c.name, message: `column "${c.name}" is missing` })),
    )
  return out
}

const TYPED =
  /^(DOUBLE|FLOAT|REAL|DECIMAL|NUMERIC|BIGINT|INTEGER|SMALLINT|TINYINT|HUGEINT|UBIGINT|UINTEGER|USMALLINT|UTINYINT|INT\d*|TIMESTAMP|DATE|BOOLEAN)/i

/**
 * Whether to stage by default: yes, except over `read_parquet(…)` whose schema columns are all typed numbers, times
 * or booleans — reading them again costs about what reading a staged table does, and no copy is held. Text columns
 * are staged: their reading rules (missing markers, parsing) would run again in every pass.
 */
export function defaultStage(relation: string, schema: TableSchema, types: ReadonlyMap<string, string>): boolean {
  if (!/^\s*read_parquet\(/i.test(relation)) return true
  return !schema.columns.every((c) => TYPED.test(types.get(c.name) ?? ''))
}

/**
 * Stages (a temporary table `base`) or views (`base_view`) the typed columns of `relation`, then checks the numerical
 * cells that are not finite numbers (a missing marker, or a DATA_INVALID error naming the column and its values).
 */
export async function stageTyped(
  engine: SqlEngine,
  relation: string,
  schema: TableSchema,
  base: string,
  asked: boolean | undefined,
): Promise<TypedData> {
  const types = await sourceTypes(engine, relation, schema)
  const stage = asked ?? defaultStage(relation, schema, types)
  // PostgreSQL: the fit's session settings (no JIT, UTC), and its dialect's reading of the cells
  if (engine.dialect === 'postgres') await engine.run(POSTGRES_SESSION)
  const typed = engine.dialect === 'postgres' ? postgresColumnSql : columnSql
  const exprs = schema.columns.map((spec) => typed(schema, spec, types.get(spec.name)))
  const level1 = exprs.map((e, i) => `${e.missing} AS m${i}, ${e.text} AS s${i}`).join(', ')
  const level2 = exprs.map((e, i) => `m${i}, s${i}, ${e.value(`m${i}`, `s${i}`)} AS v${i}`).join(', ')
  const checks = exprs.map((e, i) => ({ i, sql: e.invalid(`m${i}`, `v${i}`, `s${i}`) })).filter((c) => c.sql !== 'false')
  const bad = `CASE ${checks.map((c) => `WHEN ${c.sql} THEN ${c.i}`).join(' ')} END`
  const suspects = exprs.flatMap((e, i) =>
    e.suspect ? [{ i, keep: e.suspect.keep(`v${i}`, `s${i}`), problem: e.suspect.problem(`r${i}`) }] : [],
  )
  const level3 = [...exprs.map((e, i) => `${e.final(`v${i}`)} AS c${i}`), ...suspects.map((x) => `${x.keep} AS r${x.i}`)].join(', ')
  const typedRows = `(SELECT ${level2} FROM (SELECT ${level1} FROM ${relation}) l1) l2`
  const select = `SELECT ${level3}${checks.length > 0 ? `, ${bad} AS synthkit_bad` : ''} FROM ${typedRows}`
  const kind = stage ? 'TABLE' : 'VIEW'
  // a table and a view never share a name (DROP TABLE of a view is an error)
  const name = stage ? base : `${base}_view`
  await dropRelation(engine, kind, name)
  await engine.run(`CREATE TEMP ${kind} ${name} AS ${select}`)
  const drop = () => dropRelation(engine, kind, name)
  const flagged = (i: number) =>
    mostFrequent(
      engine,
      `SELECT CAST(s${i} AS VARCHAR) AS v FROM ${typedRows} WHERE ${exprs[i].invalid(`m${i}`, `v${i}`, `s${i}`)}`,
    )
  if (suspects.length > 0) {
    const parts = suspects.map((x) => `SELECT ${x.i} AS col, count(*) AS n FROM ${name} WHERE ${x.problem}`)
    for (const r of await engine.query(parts.join(' UNION ALL '))) {
      const n = toNumber(r.n)
      if (n === 0) continue
      const x = suspects.find((y) => y.i === toNumber(r.col))!
      const examples = await mostFrequent(engine, `SELECT r${x.i} AS v FROM ${name} WHERE ${x.problem}`)
      await drop()
      throw unreadableError(schema.columns[x.i], n, 'numbers', examples)
    }
  }
  return { name, checked: checks.length > 0, drop, flagged }
}

/** What a fit's first pass over the staged rows adds to its aggregates to learn whether a cell was unreadable. */
export const UNREADABLE_AGGREGATES: readonly string[] = ['count(synthkit_bad) AS bad', 'min(synthkit_bad) AS bad_column']

/**
 * The typed error of unreadable cells (the first flagged column, how many rows, its most frequent such values) when
 * the first pass's row — its aggregates including {@link UNREADABLE_AGGREGATES} — counted some.
 */
export async function throwIfUnreadable(data: TypedData, schema: TableSchema, first: SqlRow): Promise<void> {
  if (!data.checked || toNumber(first.bad) === 0) return
  const i = toNumber(first.bad_column)
  throw unreadableError(schema.columns[i], toNumber(first.bad), schema.columns[i].kind, await data.flagged(i))
}
