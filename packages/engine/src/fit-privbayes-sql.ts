import {
  type BayesNetModel,
  type PrivBayesOptions,
  type PrivBayesPrivacy,
  type PrivBayesRequest,
  type PrivateEncoding,
  type PrivateVariable,
  buildPrivBayesAsync,
  checkColumnCount,
} from '@synthkit/bayesnet'
import { type ColumnSpec, type Rng, SynthkitError, type TableSchema, booleanLabels } from '@synthkit/core'
import { generatedKind } from './internal/generated-kind'
import { literal, num, toNumber } from './internal/sql-text'
import { UNREADABLE_AGGREGATES, stageTyped, throwIfUnreadable } from './internal/typed-select'
import type { SqlEngine } from './sql-engine'

/** Options of {@link fitPrivBayesSql}: the schema, the privbayes options, the root's stream and how the engine reads. */
export interface SqlPrivBayesOptions extends PrivBayesOptions {
  /** The table's schema, with the category sets (and any bounds) declared: PrivBayes takes them as public. */
  readonly schema: TableSchema
  /** Name of the table in the model (default: the schema's name, else "table"). */
  readonly table?: string
  /** Data-independent randomness (the root column's uniform choice), as `fitPrivBayes`'s context.rng (default seed 0). */
  readonly rng?: Rng
  /** Copy the typed columns into a temporary table first (default: yes, except over a typed `read_parquet(…)`). */
  readonly stage?: boolean
}

/** What {@link fitPrivBayesSql} returns: the model, the row count and seconds per phase. */
export interface SqlPrivBayesResult {
  readonly model: BayesNetModel
  /** Rows of the data (n, public under replace-one-row neighbours; the model's `rows` is the noisy count). */
  readonly rows: number
  readonly seconds: { readonly stage: number; readonly statistics: number }
}

const DATA = 'synthkit_pb_data'
const CODES = 'synthkit_pb_codes'
/** Count requests per query (a UNION ALL of GROUP BYs). */
const SETS_PER_QUERY = 64

/**
 * Fits PrivBayes (@synthkit/bayesnet, ε-DP under replace-one-row neighbours) with its counts computed by a SQL engine
 * (DuckDB or PostgreSQL) over `relation`: bayesnet's `buildPrivBayes` — the code path `fitPrivBayes` takes in memory
 * — asks for the coding of columns (from the schema and DP-released bounds only) and for exact joint counts, which
 * are GROUP BY queries over the coded rows here; the build releases them only through @synthkit/dp's mechanisms
 * (`privacy.noise`, secure unless marked otherwise), charged to one budget of ε. The same model as `fitPrivBayes` for
 * the same noise stream and `rng`, since the counts are the same. What the engine reads besides those counts is public:
 * the relation's column types and the row count n (public under replace-one-row neighbours, as in memory); id, text and
 * pii columns are not read at all (the model generates them). Data errors (unreadable cells, a value outside its
 * declared categories, a missing value without a missing state) stop the fit before anything is released.
 * `clock` (ms) only times the phases.
 */
export async function fitPrivBayesSql(
  engine: SqlEngine,
  relation: string,
  options: SqlPrivBayesOptions,
  privacy: PrivBayesPrivacy,
  clock: () => number = () => 0,
): Promise<SqlPrivBayesResult> {
  const { schema, table, rng, stage, ...rest } = options
  const learned = schema.columns.filter((c) => !generatedKind(c))
  const learnedSchema = { ...schema, columns: learned }
  checkColumnCount(learned.length)
  const t0 = clock()
  // only the learned columns are staged (as typed values c0, c1, … in this order)
  const data = learned.length > 0 ? await stageTyped(engine, relation, learnedSchema, DATA, stage) : null
  const t1 = clock()
  const batches: string[] = []
  try {
    const [first] = await engine.query(
      data
        ? `SELECT ${['count(*) AS n', ...(data.checked ? UNREADABLE_AGGREGATES : [])].join(', ')} FROM ${data.name}`
        : `SELECT count(*) AS n FROM ${relation}`,
    )
    if (data) await throwIfUnreadable(data, learnedSchema, first)
    const rows = toNumber(first.n)
    const index = new Map(learned.map((c, i) => [c.name, i]))
    // variable v: the batch (codes table) it was defined in, its column there and its state count
    const where: { batch: number; states: number }[] = []
    const answer = async (request: PrivBayesRequest): Promise<Float64Array[]> => {
      if (request.type === 'define') {
        const batch = batches.length
        const name = `${CODES}${batch}`
        batches.push(name)
        const first = where.length
        const exprs = request.variables.map((v, k) => {
          const spec = learned[index.get(v.column) ?? -1]
          if (!spec) throw new SynthkitError('UNKNOWN_COLUMN', `Unknown column "${v.column}"`, [{ path: v.column, message: 'not learned' }])
          where.push({ batch, states: stateCount(v.encoding) })
          return `${codeSql(spec, `c${index.get(v.column)}`, v.encoding)} AS k${first + k}`
        })
        const keys = request.variables.map((_, k) => `k${first + k}`).join(', ')
        // the distinct coded rows with their multiplicity w: every count is a sum of w over them, far fewer rows
        // than the data's when the states are few (the counts are the same)
        await engine.run(`DROP TABLE IF EXISTS ${name}`)
        await engine.run(
          `CREATE TEMP TABLE ${name} AS SELECT ${keys}, count(*) AS w FROM (SELECT ${exprs.join(', ')} FROM ${data!.name}) t GROUP BY ${keys}`,
        )
        await checkCodes(engine, name, request.variables, first, learned, index)
        return []
      }
      return countTables(engine, request.sets, where, batches)
    }
    const model = await buildPrivBayesAsync({ schema, rows, table }, rest, privacy, rng ? { rng } : {}, answer)
    return { model, rows, seconds: { stage: (t1 - t0) / 1000, statistics: (clock() - t1) / 1000 } }
  } finally {
    for (const name of batches) await engine.run(`DROP TABLE IF EXISTS ${name}`)
    await data?.drop()
  }
}

function stateCount(encoding: PrivateEncoding): number {
  return encoding.type === 'labels'
    ? encoding.labels.length
    : encoding.type === 'values'
      ? encoding.values.length
      : encoding.edges.length - (encoding.missing ? 0 : 1)
}

/**
 * A column's state as SQL over its typed value `c` (NULL = missing), −1 for a value without a state — bayesnet's
 * in-memory coding: labels by name (booleans are stored 0/1: the schema's false and true labels); bins: the last b
 * with edges[b] ≤ x, clamped to the outer bins (the same binary search); exact values: the nearest (the
 * lower on a tie), i.e. the number of midpoints between consecutive values that x exceeds (values ascending).
 */
function codeSql(spec: ColumnSpec, c: string, encoding: PrivateEncoding): string {
  if (encoding.type === 'labels') {
    const missing = encoding.labels.indexOf(null)
    const code = new Map<string, number>()
    encoding.labels.forEach((l, i) => l !== null && code.set(l, i))
    if (spec.kind === 'boolean') {
      const [f, t] = booleanLabels(spec)
      return `CASE WHEN ${c} IS NULL THEN ${missing} WHEN ${c} = 1 THEN ${code.get(t) ?? -1} WHEN ${c} = 0 THEN ${code.get(f) ?? -1} ELSE -1 END`
    }
    if (spec.kind !== 'categorical')
      throw new SynthkitError('DATA_INVALID', `Column "${spec.name}" is not coded`, [
        { path: spec.name, message: `expected a categorical or boolean column, got ${spec.kind}` },
      ])
    const whens = [...code].map(([l, i]) => `WHEN ${c} = ${literal(l)} THEN ${i}`)
    return `CASE WHEN ${c} IS NULL THEN ${missing} ${whens.join(' ')} ELSE -1 END`
  }
  if (spec.kind !== 'numerical' && spec.kind !== 'datetime')
    throw new SynthkitError('DATA_INVALID', `Column "${spec.name}" is not numeric`, [
      { path: spec.name, message: `expected a numerical or datetime column, got ${spec.kind}` },
    ])
  const sum = (terms: string[]) => (terms.length > 0 ? terms.join(' + ') : '0')
  if (encoding.type === 'bins') {
    const e = encoding.edges
    const bins = e.length - 1
    // the in-memory binary search as nested CASEs: about log2(bins) comparisons a value (the 141 octaves: 8, not 140)
    const search = (lo: number, hi: number): string => {
      if (lo >= hi) return String(lo)
      const mid = (lo + hi + 1) >> 1
      return `CASE WHEN ${c} >= ${num(e[mid])} THEN ${search(mid, hi)} ELSE ${search(lo, mid - 1)} END`
    }
    return `CASE WHEN ${c} IS NULL THEN ${encoding.missing ? bins : -1} ELSE ${search(0, bins - 1)} END`
  }
  const finite = encoding.values.filter((v): v is number => v !== null)
  const missing = encoding.values.indexOf(null)
  // the build's exact values are the integers min … max then (maybe) null: ranks are indices
  if (finite.some((v, i) => encoding.values[i] !== v || (i > 0 && !(v > finite[i - 1]))))
    throw new SynthkitError('UNSUPPORTED', `Exact values of "${spec.name}" must be ascending, the missing state last`)
  const mids = finite.slice(1).map((v, i) => `CAST(${c} > ${num((finite[i] + v) / 2)} AS INTEGER)`)
  return `CASE WHEN ${c} IS NULL THEN ${missing} ELSE ${sum(mids)} END`
}

/** A DATA_INVALID error, before anything is released, when a coded column holds a value without a state. */
async function checkCodes(
  engine: SqlEngine,
  table: string,
  variables: readonly PrivateVariable[],
  first: number,
  learned: readonly ColumnSpec[],
  index: ReadonlyMap<string, number>,
): Promise<void> {
  if (variables.length === 0) return
  const parts = variables.map((_, k) => `coalesce(sum(w) FILTER (WHERE k${first + k} < 0), 0) AS b${k}`)
  const [row] = await engine.query(`SELECT ${parts.join(', ')} FROM ${table}`)
  const issues = variables.flatMap((v, k) => {
    const bad = toNumber(row[`b${k}`])
    if (bad === 0) return []
    const spec = learned[index.get(v.column)!]
    const labels = v.encoding.type === 'labels'
    return [
      {
        path: spec.name,
        column: spec.name,
        message: labels
          ? `${bad} rows hold values outside the schema's categories or are missing without a missing state`
          : `${bad} missing values: list the column in options.nullable`,
      },
    ]
  })
  if (issues.length > 0)
    throw new SynthkitError(
      'DATA_INVALID',
      `${issues.length} column(s) hold values without a state (no category, no missing state)`,
      issues,
    )
}

/** Exact joint counts of variable lists (each within one codes table), as GROUP BY queries over the coded rows. */
async function countTables(
  engine: SqlEngine,
  sets: readonly (readonly number[])[],
  where: readonly { batch: number; states: number }[],
  batches: readonly string[],
): Promise<Float64Array[]> {
  const tables = sets.map((set) => new Float64Array(set.reduce((a, v) => a * where[v].states, 1)))
  for (let s0 = 0; s0 < sets.length; s0 += SETS_PER_QUERY) {
    const chunk = sets.slice(s0, s0 + SETS_PER_QUERY)
    const batch = where[chunk[0][0]].batch
    if (chunk.some((set) => set.some((v) => where[v].batch !== batch))) throw new Error('count sets span two definitions')
    // mixed radix, the first variable most significant
    const codes = chunk.map((set) => {
      let code = 'CAST(0 AS BIGINT)'
      for (const v of set) code = `(${code}) * ${where[v].states} + k${v}`
      return code
    })
    const parts = codes.map((code, k) => `SELECT ${s0 + k} AS s, ${code} AS code, sum(w) AS n FROM ${batches[batch]} GROUP BY 2`)
    for (const r of await engine.query(parts.join(' UNION ALL '))) tables[toNumber(r.s)][toNumber(r.code)] = toNumber(r.n)
  }
  return tables
}
