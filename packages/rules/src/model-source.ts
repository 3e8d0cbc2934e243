import { either as E } from 'fp-ts'
import {
  type ColumnData,
  type ColumnSpec,
  type Conditions,
  type Issue,
  type Rng,
  type Synthesizer,
  type Table,
  type TableSchema,
  type ValueGenerator,
  SynthkitError,
  cellValue,
  concat,
  createTable,
  decodeColumns,
  fromColumns,
  parseDatetime,
  slice,
  take,
} from '@synthkit/core'
import { substream } from './internal/substream'
import type { ModelSource } from './spec'

/** A fitted model and the adapter of the synthesizer that fitted it. */
export interface LearnedModel {
  // The adapter's option and model types are erased here: the scenario only calls schema() and stream().
  readonly synthesizer: Synthesizer<unknown, unknown>
  readonly model: unknown
}

/**
 * The fitted models a scenario's `source.model` keys name. The caller decides what a key means: the CLI loads model
 * files by path and decodes them with its registry; a program passes objects it holds.
 */
export type ModelRegistry = Readonly<Record<string, LearnedModel>>

/** How a model-drawn table is sampled. */
export interface ModelSourcePlan {
  readonly path: string
  readonly learned: LearnedModel
  readonly table: string
  readonly schema: TableSchema
  readonly conditions: Conditions
  readonly fixed: Readonly<Record<string, string | number | boolean | null>>
  readonly prevalence?: { readonly column: string; readonly value: string | number | boolean; readonly share: number }
  /** Whether the adapter honours conditions itself (`exact` or its own rejection), or this package rejects. */
  readonly conditionsBy: 'adapter' | 'rejection'
}

/** Rejection rounds per block before a rare condition is declared unsatisfiable. */
const MAX_ROUNDS = 50

/** Resolves a table's model source against the registry, checking every column it names. */
export function compileModelSource(
  source: ModelSource,
  path: string,
  models: ModelRegistry | undefined,
): { plan: ModelSourcePlan | null; issues: Issue[] } {
  const issues: Issue[] = []
  if (models === undefined) return { plan: null, issues }
  const learned = Object.prototype.hasOwnProperty.call(models, source.model) ? models[source.model] : undefined
  if (!learned) {
    issues.push({
      path: `${path}.model`,
      message: `no model "${source.model}" was supplied (models: ${Object.keys(models).join(', ') || 'none'})`,
    })
    return { plan: null, issues }
  }
  const out = learned.synthesizer.schema(learned.model)
  let schema: TableSchema
  let table: string
  if (out.kind === 'table') {
    schema = out.schema
    table = out.name
    if (source.table !== undefined && source.table !== out.name)
      issues.push({ path: `${path}.table`, message: `the model samples one table, "${out.name}"` })
  } else {
    const names = Object.keys(out.schema.tables)
    if (source.table === undefined || !Object.prototype.hasOwnProperty.call(out.schema.tables, source.table)) {
      issues.push({ path: `${path}.table`, message: `name one of the model's tables: ${names.join(', ')}` })
      return { plan: null, issues }
    }
    table = source.table
    schema = out.schema.tables[table]!
  }
  const column = (name: string, p: string): ColumnSpec | undefined => {
    const spec = schema.columns.find((c) => c.name === name)
    if (!spec)
      issues.push({ path: p, message: `the model has no column "${name}" (columns: ${schema.columns.map((c) => c.name).join(', ')})` })
    return spec
  }
  for (const name of Object.keys(source.conditions ?? {})) column(name, `${path}.conditions.${name}`)
  for (const [name, value] of Object.entries(source.fixed ?? {})) {
    const spec = column(name, `${path}.fixed.${name}`)
    if (spec) {
      const decoded = decodeColumns({ [name]: [value] }, { columns: [spec] })
      if (E.isLeft(decoded))
        issues.push({ path: `${path}.fixed.${name}`, message: decoded.left.issues[0]?.message ?? 'does not fit the column' })
    }
  }
  if (source.prevalence) {
    const p = source.prevalence
    const spec = column(p.column, `${path}.prevalence.column`)
    if (spec && spec.kind === 'categorical' && spec.categories && !spec.categories.includes(String(p.value))) {
      issues.push({
        path: `${path}.prevalence.value`,
        message: `${JSON.stringify(p.value)} is not a category of "${p.column}" (${spec.categories.join(', ')})`,
      })
    }
    if (Object.prototype.hasOwnProperty.call(source.conditions ?? {}, p.column))
      issues.push({ path: `${path}.prevalence.column`, message: `"${p.column}" is also conditioned on` })
  }
  const conditionsBy = learned.synthesizer.capabilities.conditions === 'none' ? 'rejection' : 'adapter'
  return {
    plan: {
      path,
      learned,
      table,
      schema,
      conditions: source.conditions ?? {},
      fixed: source.fixed ?? {},
      prevalence: source.prevalence,
      conditionsBy,
    },
    issues,
  }
}

function draw(plan: ModelSourcePlan, n: number, rng: Rng, conditions: Conditions, values: ValueGenerator | undefined): Table {
  if (n === 0) return slice(draw(plan, 1, rng, conditions, values), 0, 0)
  const parts: Table[] = []
  const request = {
    rows: n,
    rng,
    chunkRows: Math.max(1, n),
    ...(Object.keys(conditions).length > 0 ? { conditions } : {}),
    ...(values ? { values } : {}),
  }
  for (const chunk of plan.learned.synthesizer.stream(plan.learned.model, request)) if (chunk.table === plan.table) parts.push(chunk.rows)
  const table = parts.length === 1 ? parts[0]! : parts.length === 0 ? fromColumns({}, plan.schema) : concat(parts)
  if (table.nRows !== n)
    throw new SynthkitError('MODEL_INVALID', `${plan.path}: the model returned ${table.nRows} rows for ${n}`, [
      { path: plan.path, message: 'the synthesizer returned the wrong number of rows' },
    ])
  return table
}

/** Whether the row satisfies a condition (equality on a category/boolean/number, inclusive range on numbers/dates). */
function matches(table: Table, column: string, condition: Conditions[string], row: number): boolean {
  const v = cellValue(table, column, row)
  if (v === null) return false
  if (typeof condition === 'object') {
    const spec = table.schema.columns.find((c) => c.name === column)
    const bound = (b: number | string | undefined) =>
      b === undefined ? undefined : typeof b === 'number' ? b : parseDatetime(b, spec?.kind === 'datetime' ? spec.format : undefined)
    const x = typeof v === 'number' ? v : Number.NaN
    const lo = bound(condition.min)
    const hi = bound(condition.max)
    return !Number.isNaN(x) && (lo === undefined || x >= lo) && (hi === undefined || x <= hi)
  }
  return String(v) === String(condition)
}

function mask(table: Table, conditions: Conditions): Uint8Array {
  const out = new Uint8Array(table.nRows).fill(1)
  for (const [column, condition] of Object.entries(conditions))
    for (let i = 0; i < table.nRows; i++) if (out[i] && !matches(table, column, condition, i)) out[i] = 0
  return out
}

/** Collects `n` rows satisfying `keep` from repeated draws (bounded), or fails naming the source and its acceptance. */
function rejectionDraw(
  plan: ModelSourcePlan,
  n: number,
  rng: Rng,
  conditions: Conditions,
  keep: (t: Table) => Uint8Array,
  what: string,
  values?: ValueGenerator,
): Table {
  if (n === 0) return draw(plan, 0, substream(rng), conditions, values)
  const parts: Table[] = []
  let have = 0
  let drawn = 0
  for (let round = 0; round < MAX_ROUNDS && have < n; round++) {
    const batch = draw(plan, Math.max(256, n), substream(rng), conditions, values)
    drawn += batch.nRows
    const m = keep(batch)
    const rows: number[] = []
    for (let i = 0; i < m.length && have + rows.length < n; i++) if (m[i]) rows.push(i)
    have += rows.length
    parts.push(take(batch, rows))
  }
  if (have < n) {
    throw new SynthkitError('CONSTRAINT_UNSATISFIABLE', `${plan.path}: ${what} is too rare in the model to draw by rejection`, [
      {
        path: plan.path,
        message: `${have} of ${drawn} drawn rows qualified (acceptance ${(have / drawn).toExponential(2)}); ${n} were needed`,
      },
    ])
  }
  return concat(parts)
}

/**
 * Draws `n` rows of a model-drawn table from the block's generator. Conditions go to the adapter when it supports
 * them, else rows are kept by rejection. With a prevalence, each row is a target row with probability `share`
 * (Bernoulli per row, so the share is exact in expectation and independent of the block layout); target rows are drawn
 * conditioned on `column = value` (by the adapter or by rejection), the others by rejection of that value.
 * `fixed` columns are overwritten last.
 */
export function drawModelRows(plan: ModelSourcePlan, n: number, rng: Rng, values?: ValueGenerator): Table {
  const byAdapter = plan.conditionsBy === 'adapter'
  const baseConditions = byAdapter ? plan.conditions : {}
  const keepBase = (t: Table) => mask(t, plan.conditions)
  let table: Table
  if (!plan.prevalence) {
    table =
      byAdapter || Object.keys(plan.conditions).length === 0
        ? draw(plan, n, substream(rng), baseConditions, values)
        : rejectionDraw(plan, n, rng, {}, keepBase, 'the condition', values)
  } else {
    const { column, value, share } = plan.prevalence
    const target = new Uint8Array(n)
    let m = 0
    const pick = substream(rng)
    for (let i = 0; i < n; i++) if (pick.next() < share) (target[i] = 1), m++
    const targetCondition = { ...plan.conditions, [column]: value }
    const targets = byAdapter
      ? draw(plan, m, substream(rng), targetCondition, values)
      : rejectionDraw(plan, m, rng, {}, (t) => mask(t, targetCondition), `${column} = ${String(value)}`, values)
    const others = rejectionDraw(
      plan,
      n - m,
      rng,
      baseConditions,
      (t) => {
        const keep = keepBase(t)
        for (let i = 0; i < t.nRows; i++) if (keep[i] && matches(t, column, value, i)) keep[i] = 0
        return keep
      },
      `${column} ≠ ${String(value)}`,
      values,
    )
    // Interleave: row i comes from the targets when target[i], so prevalence does not depend on row order.
    const order = new Int32Array(n)
    let a = 0
    let b = 0
    for (let i = 0; i < n; i++) order[i] = target[i] ? a++ : m + b++
    table = take(concat([targets, others]), order)
  }
  const fixedNames = Object.keys(plan.fixed)
  if (fixedNames.length === 0) return table
  const columns = Object.assign(Object.create(null) as Record<string, ColumnData>, table.columns)
  const overwrite = fromColumns(Object.fromEntries(fixedNames.map((c) => [c, new Array(n).fill(plan.fixed[c])])), {
    columns: fixedNames.map((c) => plan.schema.columns.find((s) => s.name === c)!),
  })
  for (const c of fixedNames) columns[c] = overwrite.columns[c]!
  return createTable(table.schema, columns)
}
