import {
  type CategoryColumnStatistics,
  type ColumnStatistics,
  type CopulaModel,
  type CopulaPlanContext,
  type CorrelationStatistics,
  type DimensionScore,
  type LayoutStatistics,
  type MarginalChoice,
  type MarginalStatistics,
  MARGINAL_FAMILIES,
  type NumericColumnStatistics,
  type NumericScore,
  type NumericSummary,
  buildCopula,
  checkNumericSummary,
  knotProbabilities,
  planCopula,
  planDimensions,
  sampleRanks,
} from '@synthkit/copula'
import { type ColumnSpec, type Issue, SynthkitError, type TableSchema, booleanLabels } from '@synthkit/core'
import { createCumulative, cumulative } from './internal/cumulative'
import { type TypedData, UNREADABLE_AGGREGATES, stageTyped, throwIfUnreadable } from './internal/typed-select'
import { PHI_INVERSE_FUNCTION, definePhiInverse } from './internal/phi-inverse-sql'
import { postgresAsofLeftJoin, postgresModulo, postgresOrderStatistics, postgresPairSums } from './internal/postgres-sql'
import { scoreTable } from './internal/score-table'
import { aggregateRow, selectLimit, slices } from './internal/wide-select'
import { dropRelation, literal, num, toList, toNumber } from './internal/sql-text'
import type { SqlEngine, SqlRow } from './sql-engine'
import { LOCAL_EXCHANGE, type StatisticsExchange } from './statistics-exchange'

/** At most this many values: the summary holds them all (the marginal fit's subsample size). */
const ALL_VALUES = 10_000
/** Core's datetime units (ms), coarsest first. */
const UNITS = [86_400_000, 3_600_000, 60_000, 1000]
/** Score clipping of the copula: probabilities kept in [1e-9, 1 − 1e-9]. */
const EPSILON = 1e-9

/** Options of {@link fitCopulaSql}. */
export interface SqlFitOptions {
  /** The table's schema (for example inferred from a sample with {@link inferSchemaSql}). */
  readonly schema: TableSchema
  /** Marginal family per numerical/datetime column, or one for all (default `auto`), as in fitCopula. */
  readonly marginals?: MarginalChoice | Readonly<Record<string, MarginalChoice>>
  /** Keep sampled numbers within the observed [min, max] (default true). */
  readonly enforceMinMax?: boolean
  /**
   * How empirical marginals score values: `rank` (default) by mid-rank, as the in-memory fit (window functions over
   * the whole table); `marginal` by the CDF of the fitted marginal (what an engine without global ranks does).
   */
  readonly scoreBy?: 'rank' | 'marginal'
  /**
   * Copy the typed columns into a temporary table first: one read of the file, then every pass reads the engine's
   * columns (DuckDB spills them to disk beyond its memory limit). False: every pass reads the relation where it lies
   * (a view over a warehouse table). Default: true, except over `read_parquet(…)` whose schema columns are all typed
   * numbers, times or booleans: their column reads cost about what a staged table's do (staging 3M rows costs 4× a
   * scan), and no copy is held. Text columns are staged (their reading rules would run again in every pass).
   */
  readonly stage?: boolean
}

/** Seconds per pass, for benchmarks and the CLI's report. */
export interface SqlFitTimings {
  readonly stage: number
  readonly marginals: number
  readonly layout: number
  readonly correlation: number
}

/** What {@link fitCopulaSql} returns: the model and the statistics it was built from. */
export interface SqlFitResult {
  readonly model: CopulaModel
  readonly statistics: {
    readonly marginal: MarginalStatistics
    readonly layout: readonly LayoutStatistics[]
    readonly correlation: CorrelationStatistics
  }
  readonly seconds: SqlFitTimings
}

function choiceFor(options: SqlFitOptions, name: string): MarginalChoice {
  const m = options.marginals
  if (m === undefined) return 'auto'
  if (typeof m === 'string') return m
  return Object.prototype.hasOwnProperty.call(m, name) ? m[name] : 'auto'
}

function checkOptions(options: SqlFitOptions): void {
  const issues: Issue[] = []
  const families = new Set<string>([...MARGINAL_FAMILIES, 'auto'])
  const { schema, marginals } = options
  if ((schema.constraints ?? []).length > 0)
    issues.push({ path: 'schema.constraints', message: 'the engine fit does not plan constraints yet; fit in memory (--engine memory)' })
  if (typeof marginals === 'string' && !families.has(marginals))
    issues.push({ path: 'marginals', message: `unknown family "${marginals}"` })
  if (marginals && typeof marginals === 'object')
    for (const [name, fam] of Object.entries(marginals)) {
      if (!schema.columns.some((c) => c.name === name)) issues.push({ path: `marginals.${name}`, message: `no column "${name}"` })
      if (!families.has(fam)) issues.push({ path: `marginals.${name}`, message: `unknown family "${fam}"` })
    }
  if (schema.columns.length === 0) issues.push({ path: 'schema.columns', message: 'no columns' })
  if (issues.length > 0) throw new SynthkitError('OPTIONS_INVALID', 'Invalid engine fit options', issues)
}

const col = (i: number) => `c${i}`
const isGenerated = (spec: ColumnSpec) => spec.sensitivity === 'pii' || spec.kind === 'text' || spec.kind === 'id'
const isNumeric = (spec: ColumnSpec) => !isGenerated(spec) && (spec.kind === 'numerical' || spec.kind === 'datetime')
const learnsPrecision = (spec: ColumnSpec) => spec.kind === 'numerical' && spec.type !== 'int' && spec.precision === undefined
const isCategory = (spec: ColumnSpec) => !isGenerated(spec) && (spec.kind === 'categorical' || spec.kind === 'boolean')

async function timed<T>(clock: () => number, f: () => Promise<T>): Promise<[T, number]> {
  const t0 = clock()
  const out = await f()
  return [out, (clock() - t0) / 1000]
}

/**
 * Fits the Gaussian copula with its statistics computed by a SQL engine over `relation` (anything after FROM:
 * a table, a view, DuckDB's `read_csv(…)` / `read_parquet(…)`), in three passes (see @synthkit/copula's
 * statistics): per-column counts, extremes and exact quantile summaries; category sums of the numerical normal
 * scores (the layout of the categories); sums and cross-products of the normal scores of all copula coordinates.
 * Only the statistics (a few thousand numbers per column) leave the engine; the model is built in JS exactly as the
 * in-memory fit builds it. `clock` (ms) only times the passes.
 */
export async function fitCopulaSql(
  engine: SqlEngine,
  relation: string,
  options: SqlFitOptions,
  clock: () => number = () => 0,
): Promise<SqlFitResult> {
  return fitCopulaPasses(engine, relation, options, clock, LOCAL_EXCHANGE)
}

/**
 * {@link fitCopulaSql} with each pass's statistics handed to `exchange` before the next pass: a sharded fit
 * (fit-copula-shards.ts) merges them across shards there, so every shard runs pass 2 and 3 against one plan.
 */
export async function fitCopulaPasses(
  engine: SqlEngine,
  relation: string,
  options: SqlFitOptions,
  clock: () => number,
  exchange: StatisticsExchange,
): Promise<SqlFitResult> {
  checkOptions(options)
  const { schema } = options
  const d = engine.dialect
  // the typed columns c0, c1, … (staged, or a view), checked as core's decoder reads the cells
  const [typed, stageSeconds] = await timed(clock, () => stageTyped(engine, relation, schema, 'synthkit_data', options.stage))
  const data = typed.name
  await engine.run(definePhiInverse(d))
  const phiInv = d === 'postgres' ? `pg_temp.${PHI_INVERSE_FUNCTION}` : PHI_INVERSE_FUNCTION
  const [local, marginalSeconds] = await timed(clock, () => marginalStatistics(engine, typed, schema))
  const marginal = await exchange.marginal(local)
  const context: CopulaPlanContext = {
    schema,
    workSchema: schema,
    constraints: null,
    enforceMinMax: options.enforceMinMax ?? true,
    marginal: (name) => choiceFor(options, name),
    scoreBy: options.scoreBy ?? 'rank',
  }
  const plan = planCopula(marginal, context)
  const index = new Map(schema.columns.map((c, i) => [c.name, i]))
  const booleans = new Set(schema.columns.flatMap((c, i) => (c.kind === 'boolean' ? [i] : [])))
  const scores = 'synthkit_scores'
  const [localLayout, layoutSeconds] = await timed(clock, async () => {
    // the numerical value scores, once, in a table (pass 2 and 3 read them)
    await createScores(engine, data, scores, plan.reference, index, marginal, phiInv, local)
    return layoutStatistics(engine, scores, plan.layout, plan.reference, index, marginal, booleans)
  })
  const layout = await exchange.layout(localLayout)
  const dims = planDimensions(plan, layout)
  const [localCorrelation, correlationSeconds] = await timed(clock, () =>
    correlationStatistics(engine, scores, dims.scores, index, marginal, booleans),
  )
  const correlation = await exchange.correlation(localCorrelation)
  await dropScores(engine, scores, index)
  await typed.drop()
  const model = buildCopula(dims, correlation)
  return {
    model,
    statistics: { marginal, layout, correlation },
    seconds: { stage: stageSeconds, marginals: marginalSeconds, layout: layoutSeconds, correlation: correlationSeconds },
  }
}

/** Pass 1: counts, extremes, precision and units, category counts, quantile summaries, shared missingness. */
async function marginalStatistics(engine: SqlEngine, typed: TypedData, schema: TableSchema): Promise<MarginalStatistics> {
  const data = typed.name
  const aggregates: string[] = ['count(*) AS rows']
  if (typed.checked) aggregates.push(...UNREADABLE_AGGREGATES)
  schema.columns.forEach((spec, i) => {
    const c = col(i)
    aggregates.push(`count(${c}) AS n${i}`)
    if (!isNumeric(spec)) return
    aggregates.push(`min(${c}) AS lo${i}`, `max(${c}) AS hi${i}`)
    const modulo = (u: number) => (engine.dialect === 'postgres' ? postgresModulo(c, u) : `((${c} % ${u}) + ${u}) % ${u}`)
    if (spec.kind === 'datetime') UNITS.forEach((u, k) => aggregates.push(`bool_and(${modulo(u)} = 0) AS u${i}_${k}`))
  })
  const first = await aggregateRow(engine, data, aggregates)
  const rows = toNumber(first.rows)
  await throwIfUnreadable(typed, schema, first)
  if (rows === 0)
    throw new SynthkitError('EMPTY_TABLE', 'Cannot fit a copula on a table without rows', [
      { path: 'nRows', message: 'the table has 0 rows' },
    ])
  // category counts, one query for all columns
  const categorical = schema.columns.map((s, i) => ({ s, i })).filter(({ s }) => isCategory(s))
  const counts = new Map<number, { v: string | null; n: number }[]>()
  if (categorical.length > 0) {
    const parts = categorical.map(
      ({ i }) => `SELECT ${i} AS col, CAST(${col(i)} AS VARCHAR) AS v, count(*) AS n FROM ${data} GROUP BY ${col(i)}`,
    )
    for (const r of await engine.query(parts.join(' UNION ALL '))) {
      const list = counts.get(toNumber(r.col)) ?? []
      list.push({ v: r.v === null || r.v === undefined ? null : String(r.v), n: toNumber(r.n) })
      counts.set(toNumber(r.col), list)
    }
  }
  const times = new Map<number, { origin: number; unit: number }>()
  schema.columns.forEach((spec, i) => {
    if (!isNumeric(spec) || spec.kind !== 'datetime') return
    const origin = toNumber(first[`n${i}`]) > 0 ? toNumber(first[`lo${i}`]) : 0
    const k = UNITS.findIndex((_, kk) => first[`u${i}_${kk}`] !== false)
    times.set(i, { origin, unit: k < 0 ? 1 : UNITS[k] })
  })
  const scaled = (i: number) => {
    const t = times.get(i)
    return t ? `((${col(i)} - ${num(t.origin)}) / ${num(t.unit)})` : col(i)
  }
  // quantile summaries and shared missingness (one query), the largest atoms (one query)
  const summaries: string[] = []
  const numeric = schema.columns.map((s, i) => ({ s, i, n: toNumber(first[`n${i}`]) })).filter(({ s, n }) => isNumeric(s) && n > 0)
  for (const { i, n } of numeric) {
    const list = engine.dialect === 'postgres' ? 'array_agg' : 'list'
    if (n <= ALL_VALUES) summaries.push(`${list}(${scaled(i)}) FILTER (WHERE ${col(i)} IS NOT NULL) AS v${i}`)
    else {
    }
  }
  const partial = numeric.filter(({ n }) => n < rows)
  partial.forEach((a, x) =>
    partial
      .slice(0, x)
      .forEach((b) => summaries.push(`sum(CASE WHEN (${col(a.i)} IS NULL) <> (${col(b.i)} IS NULL) THEN 1 ELSE 0 END) AS m${a.i}_${b.i}`)),
  )
  const second = await aggregateRow(engine, data, summaries)
  const atoms = new Map<number, number>()
  // exact order statistics from each column's distinct values with their counts and the count before them (a hash
  // aggregate and a sort of the distinct values only; DuckDB's quantile_disc with 12,000 probabilities is far slower):
  // rank r holds the value whose run [before, before + count) contains it. The knots are interpolated from their two
  // order statistics in JS, as in memory. The same tables give the mid-ranks of pass 2 and 3.
  const orderStatistics = new Map<number, number[]>()
  let ranksOf = -1
  const precisions = new Map<number, number | null>()
  await createCumulative(
    engine,
    data,
    numeric.map(({ i }) => ({ i, value: scaled(i) })),
  )
  for (const { i, n } of numeric) {
    if (learnsPrecision(schema.columns[i])) {
      // the decimal precision over the distinct values (the same answer as over the rows, at a fraction of the work)
      const tests = [...Array(16).keys()].map((p) => `bool_and(round(v * 1e${p}) / 1e${p} = v) AS p${p}`)
      const [row] = await engine.query(`SELECT ${tests.join(', ')} FROM ${cumulative(i)}`)
      const p = [...Array(16).keys()].find((k) => row[`p${k}`] !== false)
      precisions.set(i, p === undefined ? null : p)
    }
    if (n <= ALL_VALUES) continue
    if (n !== ranksOf) {
      // one statement (a list literal), shared by the columns with the same count
      await dropRelation(engine, 'TABLE', 'synthkit_ranks')
      const list = engine.dialect === 'postgres' ? `ARRAY[${orderRanks(n).join(', ')}]::bigint[]` : `[${orderRanks(n).join(', ')}]`
      await engine.run(`CREATE TEMP TABLE synthkit_ranks AS SELECT CAST(unnest(${list}) AS BIGINT) AS r`)
      ranksOf = n
    }
    const values =
      engine.dialect === 'postgres'
        ? await postgresOrderStatistics(engine, cumulative(i), 'synthkit_ranks')
        : (
            await engine.query(
              `SELECT k.r AS r, u.v AS v FROM synthkit_ranks k ASOF JOIN ${cumulative(i)} u ON k.r >= u.before ORDER BY k.r`,
            )
          ).map((r) => r.v)
    orderStatistics.set(i, values.map(toNumber))
    const [atom] = await engine.query(`SELECT max(c) AS atom FROM ${cumulative(i)}`)
    atoms.set(i, toNumber(atom.atom))
  }
  await dropRelation(engine, 'TABLE', 'synthkit_ranks')
  const columns = schema.columns.map((spec, i): ColumnStatistics => {
    const observed = toNumber(first[`n${i}`])
    if (isGenerated(spec)) return { kind: 'generated', name: spec.name, rows, missing: rows - observed }
    if (isCategory(spec)) return categoryStatistics(spec, counts.get(i) ?? [], rows - observed)
    // a column without values: every precision test holds (bool_and of nothing), as in memory
    const precision = learnsPrecision(spec) ? (precisions.has(i) ? precisions.get(i)! : 0) : null
    let summary: NumericSummary | null = null
    if (observed > 0) {
      summary =
        observed <= ALL_VALUES
          ? { n: observed, values: Array.from(Float64Array.from(toList(second[`v${i}`]).map(toNumber)).sort()), rankError: 0 }
          : {
              n: observed,
              ...fromOrderStatistics(observed, orderStatistics.get(i) ?? []),
              largestAtom: atoms.get(i) ?? 1,
              rankError: 0,
            }
      checkNumericSummary(summary, spec.name)
    }
    const out: NumericColumnStatistics = {
      kind: 'numeric',
      name: spec.name,
      rows,
      missing: rows - observed,
      min: observed > 0 ? toNumber(first[`lo${i}`]) : null,
      max: observed > 0 ? toNumber(first[`hi${i}`]) : null,
      precision,
      time: times.get(i) ?? null,
      summary,
    }
    return out
  })
  const disagree = partial.map((a, x) => partial.slice(0, x).map((b) => toNumber(second[`m${a.i}_${b.i}`])))
  return { rows, columns, missingPairs: { columns: partial.map(({ s }) => s.name), disagree } }
}

/** The 0-based ranks whose order statistics pass 1 reads: the subsample's and the two around each knot. */
function orderRanks(n: number): number[] {
  const ranks = new Set(sampleRanks(n))
  for (const p of knotProbabilities()) {
    const i = Math.floor(p * (n - 1))
    ranks.add(Math.min(i, n - 1))
    ranks.add(Math.min(i + 1, n - 1))
  }
  return [...ranks].sort((a, b) => a - b)
}

/** The subsample and the type-7 knots from the order statistics at {@link orderRanks}. */
function fromOrderStatistics(n: number, values: readonly number[]): { knots: number[]; sample: number[] } {
  const ranks = orderRanks(n)
  if (values.length !== ranks.length)
    throw new SynthkitError('DATA_INVALID', `expected ${ranks.length} order statistics, got ${values.length}`)
  const at = new Map(ranks.map((r, k) => [r, values[k]]))
  const knots = knotProbabilities().map((p) => {
    const h = p * (n - 1)
    const i = Math.floor(h)
    if (i >= n - 1) return at.get(n - 1)!
    const lo = at.get(i)!
    return lo + (h - i) * (at.get(i + 1)! - lo)
  })
  return { knots, sample: sampleRanks(n).map((r) => at.get(r)!) }
}

/** Category counts in core's coding: fixed categories in order, else the sorted distinct values; booleans 0/1. */
function categoryStatistics(
  spec: ColumnSpec,
  found: readonly { v: string | null; n: number }[],
  missing: number,
): CategoryColumnStatistics {
  let dictionary: string[]
  if (spec.kind === 'boolean') dictionary = [...booleanLabels(spec)]
  else if (spec.kind === 'categorical' && spec.categories) dictionary = [...spec.categories]
  else
    dictionary = found
      .filter((f) => f.v !== null)
      .map((f) => f.v as string)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const counts = new Array<number>(dictionary.length + 1).fill(0)
  counts[dictionary.length] = missing
  const index = new Map(dictionary.map((v, k) => [v, k]))
  for (const f of found) {
    if (f.v === null) continue
    const k = spec.kind === 'boolean' ? Number(f.v) : index.get(f.v)
    if (k === undefined || !(k >= 0)) throw new SynthkitError('DATA_INVALID', `"${spec.name}": unexpected category ${JSON.stringify(f.v)}`)
    counts[k] += f.n
  }
  return { kind: 'category', name: spec.name, dictionary, counts }
}

/** SQL: a probability clipped as the copula's scores clip it, to [1e-9, 1 − 1e-9]. */
function clipSql(p: string): string {
  return `greatest(${EPSILON}, least(${1 - EPSILON}, ${p}))`
}

/** Name of the score column of a numerical value coordinate. */
const zName = (i: number) => `z${i}`

/** Creates the table of numerical value scores (and the columns pass 2 and 3 read besides). */
async function createScores(
  engine: SqlEngine,
  data: string,
  scores: string,
  reference: readonly NumericScore[],
  index: ReadonlyMap<string, number>,
  marginal: MarginalStatistics,
  phiInv: string,
  local: MarginalStatistics,
): Promise<void> {
  const keep = marginal.columns.map((c, i) => (c.kind === 'generated' ? null : `${data}.${col(i)}`)).filter((x): x is string => x !== null)
  const zs: string[] = []
  const joins: string[] = []
  const ready = new Set<string>() // score columns that hold Φ⁻¹ already
  for (const r of reference) {
    const i = index.get(r.column)!
    const stats = marginal.columns[i] as NumericColumnStatistics
    const t = r.time ? `((${data}.${col(i)} - ${num(r.time.origin)}) / ${num(r.time.unit)})` : `${data}.${col(i)}`
    // pass 1's distinct values are on this engine's own time scale (its origin and unit); the plan's may be a merge of
    // shards'. Both are exact integers (origin and every value are multiples of the unit), so this is exact.
    const own = (local.columns[i] as NumericColumnStatistics).time
    const onPlanScale = (v: string) =>
      r.time && own && (own.origin !== r.time.origin || own.unit !== r.time.unit)
        ? `((${v} * ${num(own.unit)} + ${num(own.origin - r.time.origin)}) / ${num(r.time.unit)})`
        : v
    if (r.midRank) {
      const n = stats.rows - stats.missing
      // mid-rank probability (first + last + 1) / 2n over 0-based positions: (2 · before + ties) / 2n, from pass 1's
      // table of distinct values (a hash join, no sort of the rows)
      // Φ⁻¹ once per distinct value (not per row), then joined to the rows by value
      const u = `u${i}`
      const scored = `synthkit_z${i}`
      await dropRelation(engine, 'TABLE', scored)
      await engine.run(
        `CREATE TEMP TABLE ${scored} AS SELECT v, ${phiInv}(q) AS z FROM (SELECT ${onPlanScale('v')} AS v, ${clipSql(`(2.0 * before + c) / ${num(2 * n)}`)} AS q FROM ${cumulative(i)}) d`,
      )
      joins.push(`LEFT JOIN ${scored} ${u} ON ${t} = ${u}.v`)
      ready.add(zName(i))
      zs.push(`CASE WHEN ${data}.${col(i)} IS NULL THEN NULL ELSE ${u}.z END AS ${zName(i)}`)
    } else {
      // the marginal's CDF, piecewise linear between its knots (exact for the empirical marginal)
      const table = scoreTable(r)
      const name = `synthkit_cdf${i}`
      await dropRelation(engine, 'TABLE', name)
      const double = engine.dialect === 'postgres' ? 'double precision' : 'DOUBLE'
      await engine.run(`CREATE TEMP TABLE ${name} (x ${double}, pat ${double}, rgt ${double}, nx ${double}, nlft ${double})`)
      for (let s = 0; s < table.x.length; s += 1000) {
        const values: string[] = []
        for (let k = s; k < Math.min(table.x.length, s + 1000); k++) {
          const last = k === table.x.length - 1
          values.push(
            `(${num(table.x[k])}, ${num(table.at[k])}, ${num(table.right[k])}, ${last ? 'NULL' : num(table.x[k + 1])}, ${last ? 'NULL' : num(table.left[k + 1])})`,
          )
        }
        await engine.run(`INSERT INTO ${name} VALUES ${values.join(', ')}`)
      }
      // scored once per distinct value (pass 1's table: an ASOF join of the few distinct values, not a sort of the
      // rows), then joined to the rows by value as the mid-ranks are
      const p =
        `CASE WHEN d.v = ${name}.x THEN ${name}.pat WHEN ${name}.x IS NULL THEN ${num(table.below)} ` +
        `WHEN ${name}.nx IS NULL THEN ${num(table.above)} ` +
        `ELSE ${name}.rgt + (d.v - ${name}.x) / (${name}.nx - ${name}.x) * (${name}.nlft - ${name}.rgt) END`
      const planScaled = `(SELECT ${onPlanScale('v')} AS v FROM ${cumulative(i)})`
      const u = `u${i}`
      const scored = `synthkit_z${i}`
      const asof = engine.dialect === 'postgres' ? postgresAsofLeftJoin(name, 'd.v', table.x) : `ASOF LEFT JOIN ${name} ON d.v >= ${name}.x`
      await dropRelation(engine, 'TABLE', scored)
      await engine.run(
        `CREATE TEMP TABLE ${scored} AS SELECT v, ${phiInv}(q) AS z FROM (SELECT d.v AS v, ${clipSql(p)} AS q ` +
          `FROM ${planScaled} d ${asof}) s`,
      )
      joins.push(`LEFT JOIN ${scored} ${u} ON ${t} = ${u}.v`)
      ready.add(zName(i))
      zs.push(`CASE WHEN ${data}.${col(i)} IS NULL THEN NULL ELSE ${u}.z END AS ${zName(i)}`)
    }
  }
  await dropRelation(engine, 'VIEW', scores)
  // probabilities in a subquery, then Φ⁻¹ of each as a column: the macro repeats its argument, which must not be
  // a window or a join expression
  const kept = keep.map((k) => k.slice(data.length + 1))
  const zCols = reference.map((r) => zName(index.get(r.column)!))
  const outer = [...kept, ...zCols.map((z) => (ready.has(z) ? z : `${phiInv}(${z}) AS ${z}`))]
  await engine.run(
    `CREATE TEMP VIEW ${scores} AS SELECT ${outer.join(', ')} FROM (SELECT ${[...keep, ...zs].join(', ')} FROM ${data} ${joins.join(' ')}) p`,
  )
}

/** Drops the tables the scores view reads (after pass 3). */
async function dropScores(engine: SqlEngine, scores: string, index: ReadonlyMap<string, number>): Promise<void> {
  await dropRelation(engine, 'VIEW', scores)
  for (const i of index.values()) {
    await dropRelation(engine, 'TABLE', `synthkit_cdf${i}`)
    await dropRelation(engine, 'TABLE', `synthkit_z${i}`)
    await dropRelation(engine, 'VIEW', cumulative(i))
  }
  await dropRelation(engine, 'TABLE', 'synthkit_cum')
}

/** Pass 2: per category of each layout column, the count and sum of each numerical value score. */
async function layoutStatistics(
  engine: SqlEngine,
  scores: string,
  layout: readonly string[],
  reference: readonly NumericScore[],
  index: ReadonlyMap<string, number>,
  marginal: MarginalStatistics,
  booleans: ReadonlySet<number>,
): Promise<LayoutStatistics[]> {
  const z = reference.map((r) => zName(index.get(r.column)!))
  const columns = layout.map((name) => {
    const i = index.get(name)!
    const stats = marginal.columns[i] as CategoryColumnStatistics
    const k = stats.dictionary.length
    return {
      name,
      i,
      k,
      code: new Map(stats.dictionary.map((v, c) => [booleans.has(i) ? String(c) : v, c])),
      sums: Array.from({ length: k + 1 }, () => new Array<number>(z.length).fill(0)),
      seen: Array.from({ length: k + 1 }, () => new Array<number>(z.length).fill(0)),
    }
  })
  const absorb = (t: (typeof columns)[number], r: SqlRow, part: readonly number[]) => {
    const c = r.v === null || r.v === undefined ? t.k : t.code.get(String(r.v))
    if (c === undefined) throw new SynthkitError('DATA_INVALID', `"${t.name}": unexpected category ${String(r.v)}`)
    for (const j of part) {
      t.seen[c][j] = toNumber(r[`n${j}`])
      t.sums[c][j] = t.seen[c][j] > 0 ? toNumber(r[`s${j}`]) : 0
    }
  }
  // two aggregates per score: the scores in slices under the dialect's select-list limit, one query each
  const parts = slices(
    z.map((_, j) => j),
    Math.floor((selectLimit(engine) - 2) / 2),
  )
  const sums = (part: readonly number[]) => part.map((j) => `count(${z[j]}) AS n${j}, sum(${z[j]}) AS s${j}`).join(', ')
  if (engine.dialect === 'postgres' && columns.length > 0) {
    // every layout column in one scan of the scores (a view joined to one table of scores per numerical column, whose
    // scan costs the most): the rows unpivoted to (column, category) by a LATERAL VALUES, then one hash aggregate
    const byColumn = new Map(columns.map((t) => [t.i, t]))
    const pivot = columns.map((t) => `(${t.i}, CAST(${col(t.i)} AS VARCHAR))`).join(', ')
    for (const part of parts) {
      const rows = await engine.query(
        `SELECT u.k AS k, u.v AS v, ${sums(part)} FROM ${scores} CROSS JOIN LATERAL (VALUES ${pivot}) u(k, v) GROUP BY u.k, u.v`,
      )
      for (const r of rows) absorb(byColumn.get(toNumber(r.k))!, r, part)
    }
  } else
    for (const t of columns)
      for (const part of parts) {
        const rows = await engine.query(`SELECT CAST(${col(t.i)} AS VARCHAR) AS v, ${sums(part)} FROM ${scores} GROUP BY ${col(t.i)}`)
        for (const r of rows) absorb(t, r, part)
      }
  return columns.map((t) => ({ column: t.name, sums: t.sums, seen: t.seen }))
}

/** SQL of a coordinate's score over the scores table. */
function dimensionSql(
  s: DimensionScore,
  index: ReadonlyMap<string, number>,
  marginal: MarginalStatistics,
  booleans: ReadonlySet<number>,
): string {
  const i = index.get(s.column)!
  if (s.kind === 'value') return zName(i)
  if (s.kind === 'missing') return `CASE WHEN ${col(i)} IS NULL THEN ${num(s.missing)} ELSE ${num(s.present)} END`
  const stats = marginal.columns[i] as CategoryColumnStatistics
  const k = stats.dictionary.length
  // booleans are stored as 0/1, categories as their text
  const whens = stats.dictionary.map(
    (v, c) => `WHEN ${booleans.has(i) ? `${col(i)} = ${c}` : `${col(i)} = ${literal(String(v))}`} THEN ${num(s.slotScores[c])}`,
  )
  return `CASE WHEN ${col(i)} IS NULL THEN ${num(s.slotScores[k])} ${whens.join(' ')} END`
}

/** Pass 3: the pair sums of all coordinates' scores. */
async function correlationStatistics(
  engine: SqlEngine,
  scores: string,
  dims: readonly DimensionScore[],
  index: ReadonlyMap<string, number>,
  marginal: MarginalStatistics,
  booleans: ReadonlySet<number>,
): Promise<CorrelationStatistics> {
  const d = dims.length
  const size = (d * (d - 1)) / 2
  const out = {
    dimensions: d,
    n: new Array<number>(size).fill(0),
    sx: new Array<number>(size).fill(0),
    sy: new Array<number>(size).fill(0),
    sxx: new Array<number>(size).fill(0),
    syy: new Array<number>(size).fill(0),
    sxy: new Array<number>(size).fill(0),
  }
  if (size === 0) return out
  // only value scores of columns with missing values are ever NULL; over the others the pair sums are the
  // column's own sums, computed once (each distinct aggregate once: d² / 2 products instead of 3 d² sums)
  const nullable = dims.map((s) => s.kind === 'value' && (marginal.columns[index.get(s.column)!] as NumericColumnStatistics).missing > 0)
  const aggregates = new Map<string, string>()
  const alias = (sql: string) => {
    if (!aggregates.has(sql)) aggregates.set(sql, `a${aggregates.size}`)
    return aggregates.get(sql)!
  }
  // x + 0·y is x where y exists and NULL where it does not: the sums run over the rows where both exist
  const over = (e: string, other: number) => (nullable[other] ? `${e} + 0 * d${other}` : e)
  const pairs: string[][] = []
  for (let i = 0; i < d; i++)
    for (let j = 0; j < i; j++) {
      const x = `d${i}`
      const y = `d${j}`
      const count =
        nullable[i] && nullable[j] ? `count(${x} * ${y})` : nullable[i] ? `count(${x})` : nullable[j] ? `count(${y})` : 'count(*)'
      pairs.push([
        alias(count),
        alias(`sum(${over(x, j)})`),
        alias(`sum(${over(y, i)})`),
        alias(`sum(${over(`${x} * ${x}`, j)})`),
        alias(`sum(${over(`${y} * ${y}`, i)})`),
        alias(`sum(${x} * ${y})`),
      ])
    }
  const named = [...aggregates].map(([sql, a]) => `${sql} AS ${a}`)
  const row =
    engine.dialect === 'postgres'
      ? await postgresPairSums(
          engine,
          scores,
          dims.map((s) => dimensionSql(s, index, marginal, booleans)),
          named,
        )
      : (
          await engine.query(
            `WITH dims AS (SELECT ${dims.map((s, k) => `${dimensionSql(s, index, marginal, booleans)} AS d${k}`).join(', ')} FROM ${scores}) SELECT ${named.join(', ')} FROM dims`,
          )
        )[0]
  for (let p = 0; p < size; p++) {
    const v = (k: number) => {
      const x = toNumber(row[pairs[p][k]])
      return Number.isNaN(x) ? 0 : x
    }
    out.n[p] = v(0)
    out.sx[p] = v(1)
    out.sy[p] = v(2)
    out.sxx[p] = v(3)
    out.syy[p] = v(4)
    out.sxy[p] = v(5)
  }
  return out
}
