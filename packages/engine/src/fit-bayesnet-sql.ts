import {
  BIN_KNOTS,
  type BayesNetModel,
  type BayesNetOptions,
  type BayesNetStatistics,
  type CodedColumn,
  type CountRequest,
  buildBayesNetAsync,
  checkColumnCount,
  decodeBayesNetOptions,
  defaultBins,
} from '@synthkit/bayesnet'
import {
  type ColumnSpec,
  MAX_OUTPUT_PRECISION,
  type OutputRule,
  SynthkitError,
  type TableSchema,
  orThrow,
} from '@synthkit/core'
import { createCumulative, cumulative, orderStatisticsAt } from './internal/cumulative'
import { generatedKind } from './internal/generated-kind'
import { literal, num, rowHash, toNumber } from './internal/sql-text'
import { type TypedData, UNREADABLE_AGGREGATES, stageTyped, throwIfUnreadable } from './internal/typed-select'
import type { SqlEngine } from './sql-engine'

/** Options of {@link fitBayesNetSql}: the schema, the bayesnet options, and how the engine reads the data. */
export interface SqlBayesNetOptions extends BayesNetOptions {
  /** The table's schema (for example inferred from a sample with `inferSchemaSql`). */
  readonly schema: TableSchema
  /** Name of the table in the model (default: the schema's name, else "table"). */
  readonly table?: string
  /** Seed of the structure subsample (default 0): the same seed, the same rows, whatever the engine's row order. */
  readonly seed?: number
  /** Copy the typed columns into a temporary table first (default: yes, except over a typed `read_parquet(…)`, as the copula). */
  readonly stage?: boolean
}

/** What {@link fitBayesNetSql} returns: the model and seconds per phase. */
export interface SqlBayesNetResult {
  readonly model: BayesNetModel
  readonly seconds: { readonly stage: number; readonly statistics: number }
}

const DATA = 'synthkit_bn_data'
const CODES = 'synthkit_bn_codes'
const SAMPLE = 'synthkit_bn_sample'
const MAP = 'synthkit_bn_map'
/** Count requests per query (a UNION ALL of GROUP BYs). */
const SETS_PER_QUERY = 64

/**
 * Fits the non-private Bayesian network (@synthkit/bayesnet) with its statistics computed by a SQL engine over
 * `relation`: the coding of each column (category sets; exact values, or quantile / equal-width bins with their
 * within-bin knots from exact order statistics), then the contingency counts the structure search and the
 * conditional tables ask for, as GROUP BY queries over the coded rows; the model is built by bayesnet's
 * `buildBayesNet` from those counts — the in-memory fit's code path. The same model as `fitBayesNet` when the
 * structure search reads every row (at most `structureRows` rows, default 20,000, or `structureRows` ≥ the row
 * count); beyond, the search reads a seeded subsample chosen by the engine (a hash of each row's codes and its
 * number among equal rows: independent of row order), not the in-memory fit's. `clock` (ms) only times the phases.
 */
export async function fitBayesNetSql(
  engine: SqlEngine,
  relation: string,
  options: SqlBayesNetOptions,
  clock: () => number = () => 0,
): Promise<SqlBayesNetResult> {
  const { schema, table, seed, stage, ...rest } = options
  const opts = orThrow(decodeBayesNetOptions(rest))
  checkColumnCount(schema.columns.filter((c) => !generatedKind(c)).length)
  const t0 = clock()
  const data = await stageTyped(engine, relation, schema, DATA, stage)
  const t1 = clock()
  try {
    const statistics = await columnStatistics(engine, data, schema, opts, table)
    const seedValue = Math.floor(Math.abs(seed ?? 0)) % 2 ** 31
    const { structureRows, source } = await createCodes(engine, data.name, statistics.coded, opts.structureRows ?? 20_000, seedValue)
    const model = await buildBayesNetAsync({ ...statistics.statistics, structureRows }, opts, (request: CountRequest) =>
      countTables(engine, request, statistics.coded, source),
    )
    return { model, seconds: { stage: (t1 - t0) / 1000, statistics: (clock() - t1) / 1000 } }
  } finally {
    for (const name of [SAMPLE, CODES]) await engine.run(`DROP TABLE IF EXISTS ${name}`)
    for (let j = 0; j < schema.columns.length; j++) await engine.run(`DROP TABLE IF EXISTS ${MAP}${j}`)
    // the views first: PostgreSQL refuses to drop the table they read
    for (let i = 0; i < schema.columns.length; i++) await engine.run(`DROP VIEW IF EXISTS ${cumulative(i)}`)
    await engine.run('DROP TABLE IF EXISTS synthkit_cum')
    await data.drop()
  }
}

/**
 * A learned column's coding: `map` is a relation (v, code) from each observed value to its code (0 … count − 1),
 * joined to the rows by value (an expression referring to the value once: the typed value is not recomputed per
 * comparison), `missing` the code of a missing value.
 */
interface Coding extends CodedColumn {
  readonly index: number
  readonly map: string
  readonly missing: number
}

async function columnStatistics(
  engine: SqlEngine,
  typed: TypedData,
  schema: TableSchema,
  opts: BayesNetOptions,
  tableName: string | undefined,
): Promise<{ statistics: Omit<BayesNetStatistics, 'structureRows'>; coded: Coding[] }> {
  const data = typed.name
  const c = (i: number) => `c${i}`
  const learned = schema.columns.map((spec, i) => ({ spec, i })).filter(({ spec }) => !generatedKind(spec))
  const numeric = learned.filter(({ spec }) => spec.kind === 'numerical' || spec.kind === 'datetime')
  const labels = learned.filter(({ spec }) => spec.kind === 'categorical' || spec.kind === 'boolean')
  const aggregates = ['count(*) AS rows', ...schema.columns.map((_, i) => `count(${c(i)}) AS n${i}`)]
  if (typed.checked) aggregates.push(...UNREADABLE_AGGREGATES)
  for (const { i } of numeric) aggregates.push(`min(${c(i)}) AS lo${i}`, `max(${c(i)}) AS hi${i}`)
  const [first] = await engine.query(`SELECT ${aggregates.join(', ')} FROM ${data}`)
  await throwIfUnreadable(typed, schema, first)
  const rows = toNumber(first.rows)
  if (rows === 0)
    throw new SynthkitError('EMPTY_TABLE', 'Cannot fit a Bayesian network on a table without rows', [{ path: 'table', message: 'no rows' }])
  const bins = opts.bins ?? defaultBins(rows)
  const binning = opts.binning ?? 'quantile'
  const observed = (i: number) => toNumber(first[`n${i}`])
  // category sets, one query for all label columns
  const found = new Map<number, string[]>()
  if (labels.length > 0) {
    const parts = labels.map(({ i }) => `SELECT DISTINCT ${i} AS col, CAST(${c(i)} AS VARCHAR) AS v FROM ${data} WHERE ${c(i)} IS NOT NULL`)
    for (const r of await engine.query(parts.join(' UNION ALL '))) {
      const list = found.get(toNumber(r.col)) ?? []
      list.push(String(r.v))
      found.set(toNumber(r.col), list)
    }
  }
  await createCumulative(
    engine,
    data,
    numeric.map(({ i }) => ({ i, value: c(i) })),
  )
  const distinct = new Map<number, number>()
  if (numeric.length > 0)
    for (const r of await engine.query('SELECT k, count(*) AS n FROM synthkit_cum GROUP BY k')) distinct.set(toNumber(r.k), toNumber(r.n))
  const coded: Coding[] = []
  const outputRules: Record<string, OutputRule> = {}
  for (const { spec, i } of learned) {
    const missing = observed(i) < rows
    if (spec.kind === 'categorical' || spec.kind === 'boolean') {
      // core's coding: booleans false/true (stored 0/1), declared categories in order, else the sorted values seen
      const dictionary =
        spec.kind === 'boolean'
          ? ['false', 'true']
          : spec.categories
            ? [...spec.categories]
            : (found.get(i) ?? []).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      const pairs = dictionary.map((v, k) => `(${spec.kind === 'boolean' ? k : literal(v)}, ${k})`)
      const map =
        pairs.length > 0
          ? `SELECT * FROM (VALUES ${pairs.join(', ')}) m(v, code)`
          : `SELECT CAST(NULL AS VARCHAR) AS v, 0 AS code WHERE false`
      const labelList: (string | null)[] = [...dictionary, ...(missing ? [null] : [])]
      const states = { type: 'labels' as const, labels: labelList }
      coded.push({ column: spec.name, index: i, states, count: labelList.length, map, missing: dictionary.length })
      continue
    }
    const n = observed(i)
    const lo = n > 0 ? toNumber(first[`lo${i}`]) : null
    const hi = n > 0 ? toNumber(first[`hi${i}`]) : null
    outputRules[spec.name] = await outputRule(engine, spec, i, lo, hi)
    if ((distinct.get(i) ?? 0) <= bins) {
      // exact values: at most `bins` distinct ones
      const values: (number | null)[] =
        n > 0 ? (await engine.query(`SELECT v FROM ${cumulative(i)} ORDER BY v`)).map((r) => toNumber(r.v)) : []
      const whens = values.map((v, k) => `WHEN v = ${num(v as number)} THEN ${k}`)
      const map = `SELECT v, CASE ${whens.join(' ')} END AS code FROM ${cumulative(i)}`
      const present = values.length
      if (missing) values.push(null)
      coded.push({ column: spec.name, index: i, states: { type: 'values', values }, count: values.length, map, missing: present })
      continue
    }
    const { edges, knots } = await binColumn(engine, i, n, bins, binning, lo as number, hi as number)
    const nb = edges.length - 1
    // bin of x: the last b with edges[b] ≤ x, clamped to the outer bins (bayesnet's binOf) = the inner edges ≤ x
    const inner = edges.slice(1, nb).map((e) => `CAST(v >= ${num(e)} AS INTEGER)`)
    const map = `SELECT v, ${inner.length > 0 ? inner.join(' + ') : '0'} AS code FROM ${cumulative(i)}`
    const states = { type: 'bins' as const, edges, missing, knots }
    coded.push({ column: spec.name, index: i, states, count: nb + (missing ? 1 : 0), map, missing: nb })
  }
  const generated = schema.columns.flatMap((spec, i) => {
    const kind = generatedKind(spec)
    return kind ? [{ name: spec.name, kind, missingRate: kind === 'id' ? 0 : (rows - observed(i)) / rows }] : []
  })
  return {
    statistics: { schema, table: tableName ?? schema.name ?? 'table', rows, columns: coded, outputRules, generated, bins, binning },
    coded,
  }
}

/** bayesnet's output rule of a numerical/datetime column from the observed range and precision (non-private). */
async function outputRule(engine: SqlEngine, spec: ColumnSpec, i: number, lo: number | null, hi: number | null): Promise<OutputRule> {
  const integer = spec.kind === 'numerical' && spec.type === 'int'
  let learned: number | null = null
  if (spec.kind === 'numerical')
    if (integer) learned = 0
    else if (spec.precision !== undefined) learned = spec.precision
    else {
      // core's learnPrecision over the distinct values (the same answer as over the rows); no values: 0
      const tests = [...Array(16).keys()].map((p) => `bool_and(round(v * 1e${p}) / 1e${p} = v) AS p${p}`)
      const [row] = await engine.query(`SELECT ${tests.join(', ')} FROM ${cumulative(i)}`)
      const p = [...Array(16).keys()].find((k) => row[`p${k}`] !== false)
      learned = p === undefined ? null : p
    }
  const precision = learned !== null && learned <= MAX_OUTPUT_PRECISION ? learned : null
  const range = spec.kind === 'numerical' || spec.kind === 'datetime'
  return {
    integer,
    precision,
    min: range ? (spec.min ?? lo) : null,
    max: range ? (spec.max ?? hi) : null,
  }
}

/**
 * Bin edges as core's discretizers compute them (quantile: type-7 quantiles at b / bins from exact order statistics,
 * duplicates merged; equal-width: over [min, max]) and each bin's KNOTS within-bin quantiles (bayesnet's encoding).
 */
async function binColumn(
  engine: SqlEngine,
  i: number,
  n: number,
  bins: number,
  binning: 'quantile' | 'equal-width',
  lo: number,
  hi: number,
): Promise<{ edges: number[]; knots: number[][] }> {
  const view = cumulative(i)
  let edges: number[]
  if (binning === 'equal-width') edges = Array.from({ length: bins + 1 }, (_, b) => (b === bins ? hi : lo + ((hi - lo) * b) / bins))
  else {
    const ranks: number[] = []
    for (let b = 0; b <= bins; b++) {
      const f = Math.floor((b / bins) * (n - 1))
      ranks.push(f, Math.min(f + 1, n - 1))
    }
    const at = await orderStatisticsAt(engine, view, ranks)
    edges = []
    for (let b = 0; b <= bins; b++) {
      const pos = (b / bins) * (n - 1)
      const f = Math.floor(pos)
      const q = f + 1 < n ? at.get(f)! + (pos - f) * (at.get(f + 1)! - at.get(f)!) : at.get(f)!
      if (edges.length === 0 || q > edges[edges.length - 1]) edges.push(q)
    }
    if (edges.length === 1) edges.push(edges[0])
  }
  const nb = edges.length - 1
  // bin b's values are the sorted run [starts[b], starts[b + 1]): starts[b] = values below edges[b]
  const starts = new Array<number>(nb + 1).fill(0)
  starts[nb] = n
  if (nb > 1) {
    const counts = edges.slice(1, nb).map((e, k) => `coalesce(sum(c) FILTER (WHERE v < ${num(e)}), 0) AS s${k + 1}`)
    const [row] = await engine.query(`SELECT ${counts.join(', ')} FROM ${view}`)
    for (let b = 1; b < nb; b++) starts[b] = toNumber(row[`s${b}`])
  }
  const positions = (count: number) => Array.from({ length: BIN_KNOTS }, (_, j) => (j / (BIN_KNOTS - 1)) * (count - 1))
  const ranks: number[] = []
  for (let b = 0; b < nb; b++) {
    const count = starts[b + 1] - starts[b]
    if (count === 0) continue
    for (const pos of positions(count)) {
      const f = Math.floor(pos)
      ranks.push(starts[b] + f)
      if (f + 1 < count) ranks.push(starts[b] + f + 1)
    }
  }
  const at = await orderStatisticsAt(engine, view, ranks)
  const knots = Array.from({ length: nb }, (_, b) => {
    const from = starts[b]
    const count = starts[b + 1] - from
    if (count === 0) return [edges[b], edges[b + 1]]
    return positions(count).map((pos) => {
      const f = Math.floor(pos)
      const x = at.get(from + f)!
      const q = f + 1 < count ? x + (pos - f) * (at.get(from + f + 1)! - x) : x
      return Math.min(edges[b + 1], Math.max(edges[b], q))
    })
  })
  return { edges, knots }
}

/**
 * The coded rows (one small integer per learned column) and the structure rows: all of them up to `limit`, else
 * the `limit` rows with the smallest hash of (codes, number among equal rows, seed) — a uniform sample without
 * replacement that depends only on the multiset of rows, not on the order the engine reads them in.
 */
async function createCodes(
  engine: SqlEngine,
  data: string,
  coded: readonly Coding[],
  limit: number,
  seed: number,
): Promise<{ structureRows: number; source: string }> {
  const k = (j: number) => `k${j}`
  const cols = coded.map((_, j) => k(j))
  await engine.run(`DROP TABLE IF EXISTS ${CODES}`)
  for (const [j, c] of coded.entries()) {
    await engine.run(`DROP TABLE IF EXISTS ${MAP}${j}`)
    await engine.run(`CREATE TEMP TABLE ${MAP}${j} AS ${c.map}`)
  }
  const codes = coded.map((c, j) => `CAST(coalesce(m${j}.code, ${c.missing}) AS INTEGER) AS ${k(j)}`)
  const joins = coded.map((c, j) => `LEFT JOIN ${MAP}${j} m${j} ON ${data}.c${c.index} = m${j}.v`)
  await engine.run(`CREATE TEMP TABLE ${CODES} AS SELECT ${codes.length > 0 ? codes.join(', ') : '0 AS k'} FROM ${data} ${joins.join(' ')}`)
  const [{ n }] = await engine.query(`SELECT count(*) AS n FROM ${CODES}`)
  const rows = toNumber(n)
  await engine.run(`DROP TABLE IF EXISTS ${SAMPLE}`)
  if (rows <= limit || coded.length === 0) return { structureRows: rows, source: CODES }
  const list = cols.join(', ')
  await engine.run(
    `CREATE TEMP TABLE ${SAMPLE} AS SELECT ${list} FROM (SELECT ${list}, row_number() OVER (PARTITION BY ${list}) AS synthkit_j FROM ${CODES}) t ` +
      `ORDER BY ${rowHash(engine, [...cols, 'synthkit_j'], seed)}, ${list}, synthkit_j LIMIT ${limit}`,
  )
  return { structureRows: limit, source: SAMPLE }
}

/** Answers a count request with GROUP BY queries over the coded rows (or the structure sample). */
async function countTables(engine: SqlEngine, request: CountRequest, coded: readonly Coding[], sample: string): Promise<Float64Array[]> {
  const source = request.over === 'structure' ? sample : CODES
  const tables = request.sets.map((set) => new Float64Array(set.reduce((a, v) => a * coded[v].count, 1)))
  for (let s0 = 0; s0 < request.sets.length; s0 += SETS_PER_QUERY) {
    const parts = request.sets.slice(s0, s0 + SETS_PER_QUERY).map((set, k) => {
      // mixed radix, the first variable most significant
      let code = 'CAST(0 AS BIGINT)'
      for (const v of set) code = `(${code}) * ${coded[v].count} + k${v}`
      return `SELECT ${s0 + k} AS s, ${code} AS code, count(*) AS n FROM ${source} GROUP BY code`
    })
    for (const r of await engine.query(parts.join(' UNION ALL '))) tables[toNumber(r.s)][toNumber(r.code)] = toNumber(r.n)
  }
  return tables
}
