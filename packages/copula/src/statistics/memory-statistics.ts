// The copula's sufficient statistics computed in memory from a Table — the exact statistics, from which
// buildCopula gives the same model as fitCopula (test/statistics.test.ts).
import {
  type OutputRule,
  SynthkitError,
  type Table,
  applyConstraintTransforms,
  columnRecord,
  countCodes,
  createTable,
  fitDatetimeTransform,
  forwardDatetime,
  learnPrecision,
  planConstraintTransforms,
} from '@synthkit/core'
import { type CopulaOptions, choiceFor, validateOptions } from '../fit'
import { restoreRule, score } from '../fit-columns'
import { addSlotSums, constraintPlanRecord, midRankScores, modelSchema, observedRange, pairSums, scoresOfCodes } from '../internal/fit-parts'
import { marginalCdf } from '../marginal'
import type { ColumnStatistics, CorrelationStatistics, LayoutStatistics, MarginalStatistics } from './copula-statistics'
import {
  type CopulaDimensionsPlan,
  type CopulaPlan,
  type CopulaPlanContext,
  type DimensionScore,
  buildCopula,
  planCopula,
  planDimensions,
} from './copula-plan'
import { summarizeSorted } from './numeric-summary'
import type { CopulaModel } from '../model'

/** A table prepared for the statistics passes: the columns under the schema, constraint transforms applied. */
export interface PreparedTable {
  /** The columns the copula sees (constraint transforms applied). */
  readonly table: Table
  /** The columns as given, under the schema. */
  readonly input: Table
  /** Output rules of constraint-transformed columns (from the original values). */
  readonly restores: ReadonlyMap<string, OutputRule>
  readonly context: CopulaPlanContext
}

/** The same preparation as fitCopula: options checked, columns re-wrapped under the schema, constraints planned. */
export function prepareTable(table: Table, options: CopulaOptions = {}): PreparedTable {
  const schema = options.schema ?? table.schema
  validateOptions(schema, options)
  if (schema.columns.length === 0) throw new SynthkitError('EMPTY_TABLE', 'Cannot fit a copula on a table without columns')
  if (table.nRows === 0)
    throw new SynthkitError('EMPTY_TABLE', 'Cannot fit a copula on a table without rows', [
      { path: 'nRows', message: 'the table has 0 rows' },
    ])
  const own = columnRecord()
  for (const c of schema.columns) if (Object.prototype.hasOwnProperty.call(table.columns, c.name)) own[c.name] = table.columns[c.name]
  const input = createTable(schema, own)
  const constraints = options.constraints ?? schema.constraints ?? []
  const plan = constraints.length > 0 ? planConstraintTransforms(schema, constraints, input) : null
  const work = plan ? applyConstraintTransforms(input, plan) : input
  const enforceMinMax = options.enforceMinMax ?? true
  const transformed = new Set(plan?.steps.map((s) => s.column) ?? [])
  // the output rule of a transformed column is the original column's, computed here as fitCopula does
  const restores = new Map<string, OutputRule>()
  for (const name of transformed) {
    const orig = input.columns[name]
    const original = schema.columns.find((c) => c.name === name)!
    if (orig.type !== 'numeric') continue
    restores.set(name, restoreRule(original, orig.values, enforceMinMax))
  }
  const context: CopulaPlanContext = {
    schema: modelSchema(schema, constraints),
    workSchema: plan ? plan.transformedSchema : schema,
    constraints: constraintPlanRecord(plan),
    // a transformed column fits with enforceMinMax off: its bounds come from the restore rule
    enforceMinMax,
    marginal: (name) => choiceFor(options, name),
  }
  return { table: work, input, restores, context }
}

function missingCount(table: Table, name: string): number {
  const col = table.columns[name]
  let miss = 0
  if (col.type === 'string') for (const v of col.values) miss += v === null ? 1 : 0
  else if (col.type === 'coded') for (const c of col.codes) miss += c < 0 ? 1 : 0
  else for (const v of col.values) miss += v !== v ? 1 : 0
  return miss
}

/** Pass 1 in memory (exact). */
export function memoryMarginalStatistics(prepared: PreparedTable): MarginalStatistics {
  const { table, context } = prepared
  const rows = table.nRows
  const partial: { name: string; mask: Uint8Array }[] = []
  const columns = context.workSchema.columns.map((spec): ColumnStatistics => {
    const original = context.schema.columns.find((c) => c.name === spec.name)!
    if (original.sensitivity === 'pii' || spec.kind === 'text' || spec.kind === 'id')
      return { kind: 'generated', name: spec.name, rows, missing: missingCount(prepared.input, spec.name) }
    const col = table.columns[spec.name]
    if (col.type === 'coded') {
      const counts = Array.from(countCodes(col.codes, col.dictionary.length))
      return { kind: 'category', name: spec.name, dictionary: [...col.dictionary], counts }
    }
    if (col.type !== 'numeric')
      throw new SynthkitError('DATA_INVALID', `Column "${spec.name}" is not numeric`, [
        { path: spec.name, message: `stored as ${col.type}` },
      ])
    const raw = col.values
    const time = spec.kind === 'datetime' ? fitDatetimeTransform(raw) : null
    const values = time ? forwardDatetime(time, raw) : raw
    const { observed, min, max } = observedRange(raw)
    const missing = raw.length - observed
    if (missing > 0 && missing < rows) partial.push({ name: spec.name, mask: Uint8Array.from(raw, (v) => (v !== v ? 1 : 0)) })
    let summary = null
    if (observed > 0) {
      const sorted = new Float64Array(observed)
      let o = 0
      for (let i = 0; i < values.length; i++) if (values[i] === values[i]) sorted[o++] = values[i]
      sorted.sort()
      summary = summarizeSorted(sorted)
    }
    const restore = prepared.restores.get(spec.name)
    return {
      kind: 'numeric',
      name: spec.name,
      rows,
      missing,
      min: observed > 0 ? min : null,
      max: observed > 0 ? max : null,
      precision: spec.kind === 'numerical' && spec.type !== 'int' && spec.precision === undefined ? learnPrecision(raw) : null,
      time: time ? { origin: time.origin, unit: time.unit } : null,
      summary,
      ...(restore ? { restore } : {}),
    }
  })
  const disagree = partial.map((a, i) =>
    partial.slice(0, i).map((b) => {
      let d = 0
      for (let r = 0; r < rows; r++) d += a.mask[r] ^ b.mask[r]
      return d
    }),
  )
  return { rows, columns, missingPairs: { columns: partial.map((p) => p.name), disagree } }
}

/** The normal scores of one coordinate over the rows, as the in-memory fit computes them (NaN: no score). */
export function memoryScores(table: Table, s: DimensionScore): Float64Array {
  const col = table.columns[s.column]
  const n = table.nRows
  if (s.kind === 'category') {
    if (col.type !== 'coded') throw new SynthkitError('DATA_INVALID', `Column "${s.column}" is not coded`)
    return scoresOfCodes(col.codes, s.slotScores, col.dictionary.length)
  }
  if (col.type !== 'numeric') throw new SynthkitError('DATA_INVALID', `Column "${s.column}" is not numeric`)
  const raw = col.values
  const values = s.kind === 'value' && s.time ? Float64Array.from(raw, (v) => (v - s.time!.origin) / s.time!.unit) : raw
  if (s.kind === 'missing') return Float64Array.from(values, (x) => (x === x ? s.present : s.missing))
  const z = new Float64Array(n)
  if (!s.midRank) {
    for (let i = 0; i < n; i++) {
      const x = values[i]
      z[i] = x !== x ? Number.NaN : score(marginalCdf(s.marginal, x))
    }
    return z
  }
  // mid-rank probability of each distinct value (ties share the middle of their jump)
  let observed = 0
  for (let i = 0; i < n; i++) if (values[i] === values[i]) observed++
  const sorted = new Float64Array(observed)
  let o = 0
  for (let i = 0; i < n; i++) if (values[i] === values[i]) sorted[o++] = values[i]
  sorted.sort()
  midRankScores(sorted, values, z, score)
  return z
}

/** Pass 2 in memory: per slot and reference coordinate, the sum and count of the scores. */
export function memoryLayoutStatistics(prepared: PreparedTable, plan: CopulaPlan): LayoutStatistics[] {
  if (plan.layout.length === 0) return []
  const { table } = prepared
  const reference = plan.reference.map((r) => memoryScores(table, { kind: 'value', ...r }))
  return plan.layout.map((name) => {
    const col = table.columns[name]
    if (col.type !== 'coded') throw new SynthkitError('DATA_INVALID', `Column "${name}" is not coded`)
    const k = col.dictionary.length
    const sums = Array.from({ length: k + 1 }, () => new Array<number>(reference.length).fill(0))
    const seen = Array.from({ length: k + 1 }, () => new Array<number>(reference.length).fill(0))
    reference.forEach((z, j) => addSlotSums(z, col.codes, k, j, sums, seen))
    return { column: name, sums, seen }
  })
}

/** Pass 3 in memory: the pair sums of the coordinates' scores (the sums the pairwise-complete Pearson uses). */
export function memoryCorrelationStatistics(prepared: PreparedTable, dims: CopulaDimensionsPlan): CorrelationStatistics {
  const scores = dims.scores.map((s) => memoryScores(prepared.table, s))
  const d = scores.length
  const size = (d * (d - 1)) / 2
  const out = {
    dimensions: d,
    n: new Array<number>(size),
    sx: new Array<number>(size),
    sy: new Array<number>(size),
    sxx: new Array<number>(size),
    syy: new Array<number>(size),
    sxy: new Array<number>(size),
  }
  let p = 0
  for (let i = 0; i < d; i++) {
    const x = scores[i]
    for (let j = 0; j < i; j++, p++) {
      const y = scores[j]
      const { n, sx, sy, sxx, syy, sxy } = pairSums(x, y)
      out.n[p] = n
      out.sx[p] = sx
      out.sy[p] = sy
      out.sxx[p] = sxx
      out.syy[p] = syy
      out.sxy[p] = sxy
    }
  }
  return out
}

/**
 * The copula fitted through its statistics in memory: pass 1, marginals, pass 2, layout, pass 3, correlation. The
 * same model as {@link fitCopula} (statistics are exact in memory); what an engine does with SQL instead.
 */
export function fitCopulaFromStatistics(table: Table, options: CopulaOptions = {}): CopulaModel {
  const prepared = prepareTable(table, options)
  const plan = planCopula(memoryMarginalStatistics(prepared), prepared.context)
  const dims = planDimensions(plan, memoryLayoutStatistics(prepared, plan))
  return buildCopula(dims, memoryCorrelationStatistics(prepared, dims))
}
