// Building a copula model from its sufficient statistics (the second half of the fit). Mirrors fitCopula's steps
// (fit.ts, fit-columns.ts, latent-correlation.ts) and gives the same model from exact statistics — tested on the
// shared datasets (test/statistics.test.ts).
import { type ColumnSpec, type OutputRule, SynthkitError, type TableSchema } from '@synthkit/core'
import { principalPositionFromSums, score } from '../fit-columns'
import { latentFromObserved } from '../latent-correlation'
import type { Marginal } from '../marginal'
import type { MarginalChoice } from '../marginal-fit'
import type { CategoryColumnModel, ColumnModel, CopulaModel } from '../model'
import { COPULA_FORMAT, COPULA_VERSION } from '../model'
import { numericColumnModel } from '../internal/fit-parts'
import {
  type CorrelationStatistics,
  type LayoutStatistics,
  type MarginalStatistics,
  type NumericColumnStatistics,
  correlationFromStatistics,
} from './copula-statistics'
import { type NumericSummary, fitMarginalFromSummary } from './numeric-summary'

const MAX_PRECISION = 15

/** What the plan needs besides the statistics: the schemas and the fit options. */
export interface CopulaPlanContext {
  /** The schema the model declares (the user's, with the constraints used). */
  readonly schema: TableSchema
  /** The schema the copula is fitted in (after constraint transforms; the same as `schema` without them). */
  readonly workSchema: TableSchema
  /** The model's `constraints` field (the transform plan), null without constraints. */
  readonly constraints: CopulaModel['constraints']
  readonly enforceMinMax: boolean
  readonly marginal: (column: string) => MarginalChoice
  /**
   * How empirical marginals score values in passes 2 and 3: `rank` (default) by mid-rank, exactly as the in-memory
   * fit — needs global ranks (one table in memory or in one engine); `marginal` by Φ⁻¹ of the empirical CDF read
   * off the knots — what shards computed apart can do (within 1/1000 in probability of the mid-rank for a
   * continuous column, see the knots' spacing).
   */
  readonly scoreBy?: 'rank' | 'marginal'
}

/** How pass 2 and 3 score a numerical value coordinate. */
export interface NumericScore {
  readonly column: string
  readonly marginal: Marginal
  /**
   * True for the empirical marginal: the in-memory fit scores each value by its mid-rank, Φ⁻¹((first + last + 1) / 2n)
   * over the 0-based sorted positions of its ties (an engine with window functions computes the same); otherwise (and
   * as the mergeable approximation) Φ⁻¹(F(x)) of the marginal's CDF.
   */
  readonly midRank: boolean
  readonly summary: NumericSummary
  readonly time: { readonly origin: number; readonly unit: number } | null
}

/** A copula coordinate and how its normal score is computed from a row. */
export type DimensionScore =
  | ({ readonly kind: 'value' } & NumericScore)
  | { readonly kind: 'missing'; readonly column: string; readonly present: number; readonly missing: number }
  | { readonly kind: 'category'; readonly column: string; readonly slotScores: readonly number[] }

/** After pass 1: marginals fitted, the layout queries (pass 2) to run. */
export interface CopulaPlan {
  readonly context: CopulaPlanContext
  readonly rows: number
  readonly columns: readonly ColumnModel[]
  /** Numerical value coordinates, in fit order (the reference coordinates of the category layout). */
  readonly reference: readonly NumericScore[]
  /** Categorical columns whose layout needs pass 2 (sums of the reference scores per category). */
  readonly layout: readonly string[]
  readonly statistics: MarginalStatistics
}

/** After pass 2: every coordinate with its score, ready for pass 3. */
export interface CopulaDimensionsPlan {
  readonly plan: CopulaPlan
  readonly columns: readonly ColumnModel[]
  readonly dimensions: CopulaModel['dimensions']
  readonly scores: readonly DimensionScore[]
}

function specOf(schema: TableSchema, name: string): ColumnSpec {
  const spec = schema.columns.find((c) => c.name === name)
  if (!spec)
    throw new SynthkitError('DATA_INVALID', `Statistics name column "${name}", which the schema lacks`, [
      { path: name, message: 'not in the schema' },
    ])
  return spec
}

/** core's output rule (bounds and rounding of sampled values), from statistics instead of the values. */
function outputRuleOf(spec: ColumnSpec, s: NumericColumnStatistics, enforceMinMax: boolean): OutputRule {
  const integer = spec.kind === 'numerical' && spec.type === 'int'
  let precision: number | null = null
  if (integer) precision = 0
  else if (spec.kind === 'numerical') {
    const learned = spec.precision ?? s.precision
    precision = learned === null ? null : Math.min(learned, MAX_PRECISION)
  }
  let lower: number | null = spec.kind === 'numerical' || spec.kind === 'datetime' ? (spec.min ?? null) : null
  let upper: number | null = spec.kind === 'numerical' || spec.kind === 'datetime' ? (spec.max ?? null) : null
  if (enforceMinMax && s.min !== null && s.max !== null) {
    lower = lower === null ? s.min : Math.max(lower, s.min)
    upper = upper === null ? s.max : Math.min(upper, s.max)
  }
  return { integer, precision, min: lower, max: upper }
}

/**
 * Pass 1 → marginals: each numerical/datetime column's marginal from its summary (the same `auto` selection as the
 * in-memory fit), categories' counts, generated columns' missing rates. Returns the plan with the layout queries.
 */
export function planCopula(statistics: MarginalStatistics, context: CopulaPlanContext): CopulaPlan {
  const { workSchema, schema } = context
  const reference: NumericScore[] = []
  const layout: string[] = []
  if (statistics.columns.length !== workSchema.columns.length)
    throw new SynthkitError('DATA_INVALID', `Statistics have ${statistics.columns.length} columns, the schema ${workSchema.columns.length}`)
  const columns: ColumnModel[] = statistics.columns.map((s, i) => {
    const spec = workSchema.columns[i]
    if (spec.name !== s.name)
      throw new SynthkitError('DATA_INVALID', `Statistics column ${i} is "${s.name}", the schema's "${spec.name}"`, [
        { path: `columns.${i}`, message: 'order differs' },
      ])
    const original = specOf(schema, s.name)
    if (s.kind === 'generated') {
      const generator = spec.kind === 'id' ? 'id' : original.sensitivity === 'pii' ? 'pii' : 'text'
      return { kind: 'generated', name: s.name, generator, missingRate: generator === 'id' || s.rows === 0 ? 0 : s.missing / s.rows }
    }
    if (s.kind === 'category') {
      // the layout (slots, frequencies) comes after pass 2; counts are kept on the side
      return { kind: 'category', name: s.name, dimension: null, dictionary: [...s.dictionary], slots: [], frequencies: [] }
    }
    const output = s.restore ?? outputRuleOf(spec, s, context.enforceMinMax)
    const base = { kind: 'numeric' as const, name: s.name, missingRate: s.rows === 0 ? 0 : s.missing / s.rows, time: s.time, output }
    if (s.summary === null) return { ...base, value: null, missing: null, marginal: null }
    const choice = context.marginal(s.name)
    const selection = fitMarginalFromSummary(s.summary, choice)
    const marginal = selection.marginal
    const constant = marginal.family === 'empirical' ? marginal.quantiles.length === 1 : s.min === s.max
    if (!constant)
      reference.push({
        column: s.name,
        marginal,
        midRank: marginal.family === 'empirical' && context.scoreBy !== 'marginal',
        summary: s.summary,
        time: s.time,
      })
    return numericColumnModel(base, selection, choice)
  })
  statistics.columns.forEach((s, i) => {
    if (s.kind !== 'category') return
    const spec = workSchema.columns[i]
    const present = s.counts.filter((c) => c > 0).length
    const ordered = spec.kind === 'categorical' && spec.ordered === true
    if (!ordered && present > 2 && reference.length > 0) layout.push(s.name)
  })
  return { context, rows: statistics.rows, columns, reference, layout, statistics }
}

/**
 * Pass 2 → the layout of every category and the copula coordinates (value, then missing indicator, in column order;
 * columns missing on the same rows share one indicator), each with how its score is computed for pass 3.
 */
export function planDimensions(plan: CopulaPlan, layoutStatistics: readonly LayoutStatistics[]): CopulaDimensionsPlan {
  const byColumn = new Map(layoutStatistics.map((l) => [l.column, l]))
  const p = plan.reference.length
  const dimensions: CopulaModel['dimensions'] = []
  const scores: DimensionScore[] = []
  const indicators: { column: string; dim: number }[] = []
  const pairs = plan.statistics.missingPairs
  const disagree = (a: string, b: string): number => {
    const i = pairs.columns.indexOf(a)
    const j = pairs.columns.indexOf(b)
    if (i < 0 || j < 0) throw new SynthkitError('DATA_INVALID', `missingPairs lacks "${i < 0 ? a : b}"`)
    return i === j ? 0 : i > j ? pairs.disagree[i][j] : pairs.disagree[j][i]
  }
  const columns = plan.columns.map((model, i): ColumnModel => {
    const s = plan.statistics.columns[i]
    if (model.kind === 'generated') return model
    if (model.kind === 'category' && s.kind === 'category') {
      const k = s.dictionary.length
      const counts = Float64Array.from(s.counts)
      if (counts.length !== k + 1) throw new SynthkitError('DATA_INVALID', `"${s.name}": expected ${k + 1} counts`)
      const n = plan.rows
      const slots = [...Array(k + 1).keys()].filter((c) => counts[c] > 0)
      const spec = plan.context.workSchema.columns[i]
      if (!(spec.kind === 'categorical' && spec.ordered === true)) {
        let position: Float64Array | null = null
        if (plan.layout.includes(s.name)) {
          const l = byColumn.get(s.name)
          if (!l)
            throw new SynthkitError('DATA_INVALID', `No layout statistics for "${s.name}"`, [{ path: s.name, message: 'pass 2 missing' }])
          if (l.sums.length !== k + 1 || l.sums.some((r) => r.length !== p))
            throw new SynthkitError('DATA_INVALID', `Layout statistics of "${s.name}" must be ${k + 1} × ${p}`)
          position = principalPositionFromSums(
            l.sums.map((r) => Float64Array.from(r)),
            l.seen.map((r) => Float64Array.from(r)),
            counts,
            n,
          )
        }
        slots.sort(
          position ? (a, b) => position[a] - position[b] || counts[b] - counts[a] || a - b : (a, b) => counts[b] - counts[a] || a - b,
        )
      }
      const frequencies = slots.map((c) => counts[c] / n)
      const out: CategoryColumnModel = { ...model, slots: slots.map((c) => (c === k ? -1 : c)), frequencies }
      if (slots.length < 2) return out
      const slotScores = new Array<number>(k + 1).fill(0)
      let acc = 0
      slots.forEach((c, j) => {
        slotScores[c] = score(acc + frequencies[j] / 2)
        acc += frequencies[j]
      })
      dimensions.push({ column: model.name, role: 'value' })
      scores.push({ kind: 'category', column: model.name, slotScores })
      return { ...out, dimension: dimensions.length - 1 }
    }
    if (model.kind !== 'numeric') throw new SynthkitError('DATA_INVALID', `Column "${model.name}": statistics and model disagree`)
    let value: number | null = null
    let missing: number | null = null
    const ref = plan.reference.find((r) => r.column === model.name)
    if (ref) {
      dimensions.push({ column: model.name, role: 'value' })
      scores.push({ kind: 'value', ...ref })
      value = dimensions.length - 1
    }
    const rate = model.missingRate
    if (rate > 0 && rate < 1) {
      const shared = indicators.find((d) => disagree(d.column, model.name) === 0)
      if (shared) missing = shared.dim
      else {
        dimensions.push({ column: model.name, role: 'missing' })
        scores.push({ kind: 'missing', column: model.name, present: score((1 - rate) / 2), missing: score(1 - rate / 2) })
        missing = dimensions.length - 1
        indicators.push({ column: model.name, dim: missing })
      }
    }
    return { ...model, value, missing }
  })
  return { plan, columns, dimensions, scores }
}

/** Pass 3 → the model: the latent correlation from the pair sums, corrected and repaired as in the in-memory fit. */
export function buildCopula(dims: CopulaDimensionsPlan, correlation: CorrelationStatistics): CopulaModel {
  const d = dims.dimensions.length
  if (correlation.dimensions !== d)
    throw new SynthkitError('DATA_INVALID', `Correlation statistics cover ${correlation.dimensions} coordinates, the plan ${d}`)
  const columns = [...dims.columns]
  const matrix = latentFromObserved(columns, dims.dimensions, correlationFromStatistics(correlation))
  const { context } = dims.plan
  return {
    format: COPULA_FORMAT,
    version: COPULA_VERSION,
    schema: context.schema,
    trainingRows: dims.plan.rows,
    columns,
    dimensions: dims.dimensions,
    correlation: matrix,
    constraints: context.constraints,
  }
}
