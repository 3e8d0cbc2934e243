import { either as E } from 'fp-ts'
import {
  type CodedColumnData,
  type ColumnSpec,
  type Constraint,
  type Issue,
  SynthkitError,
  type Table,
  type TableSchema,
  applyConstraintTransforms,
  columnRecord,
  createTable,
  fitDatetimeTransform,
  learnPrecision,
  planConstraintTransforms,
  tryCatchSynthkit,
} from '@synthkit/core'
import { discretisationFactor, nearestCorrelation, pairwiseCorrelation } from './correlation'
import { type MarginalFamily, MARGINAL_FAMILIES, SCORE_EPSILON, marginalCdf } from './marginal'
import { type MarginalChoice, fitMarginal } from './marginal-fit'
import { COPULA_FORMAT, COPULA_VERSION, type CategoryColumnModel, type ColumnModel, type CopulaModel, type NumericColumnModel, type OutputRule } from './model'
import { phiInverse } from './special'

/** Options of {@link fitCopula}. */
export interface CopulaOptions {
  /** Schema to fit against (default: the table's). Its columns must be in the table with matching storage. */
  readonly schema?: TableSchema
  /** Constraints to honour (default: the schema's). */
  readonly constraints?: readonly Constraint[]
  /** Marginal family per numerical/datetime column, or one for all (default `auto`). */
  readonly marginals?: MarginalChoice | Readonly<Record<string, MarginalChoice>>
  /** Keep sampled numbers within the observed [min, max] (default true, like SDV's `enforce_min_max_values`). */
  readonly enforceMinMax?: boolean
}

const MAX_PRECISION = 15
/** Corrected latent correlations are kept within ±0.999 (the repair then makes the matrix positive definite). */
const MAX_LATENT_CORRELATION = 0.999

/** Normal score of a probability, kept finite by clipping to [ε, 1 − ε]. */
function score(u: number): number {
  return phiInverse(u < SCORE_EPSILON ? SCORE_EPSILON : u > 1 - SCORE_EPSILON ? 1 - SCORE_EPSILON : u)
}

function lowerBound(a: Float64Array, x: number): number {
  let lo = 0
  let hi = a.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (a[mid] < x) lo = mid + 1
    else hi = mid
  }
  return lo
}

interface Fitted {
  readonly model: ColumnModel
  /** Normal scores per role (NaN where the value is missing). */
  readonly scores: { value?: Float64Array; missing?: Float64Array }
}

function outputRule(spec: ColumnSpec, values: Float64Array, min: number, max: number, enforceMinMax: boolean): OutputRule {
  const integer = spec.kind === 'numerical' && spec.type === 'int'
  let precision: number | null = null
  if (integer) precision = 0
  else if (spec.kind === 'numerical') {
    const learned = spec.precision ?? learnPrecision(values)
    precision = learned === null ? null : Math.min(learned, MAX_PRECISION)
  }
  let lower: number | null = spec.kind === 'numerical' || spec.kind === 'datetime' ? (spec.min ?? null) : null
  let upper: number | null = spec.kind === 'numerical' || spec.kind === 'datetime' ? (spec.max ?? null) : null
  if (enforceMinMax && Number.isFinite(min)) {
    lower = lower === null ? min : Math.max(lower, min)
    upper = upper === null ? max : Math.min(upper, max)
  }
  return { integer, precision, min: lower, max: upper }
}

/** A numerical or datetime column → marginal, value scores (PIT then Φ⁻¹) and missing-indicator scores. */
function fitNumeric(spec: ColumnSpec, raw: Float64Array, choice: MarginalChoice, enforceMinMax: boolean, restore: OutputRule | undefined): Fitted {
  const n = raw.length
  const isTime = spec.kind === 'datetime'
  const time = isTime ? fitDatetimeTransform(raw) : null
  const values = time ? Float64Array.from(raw, (v) => (v - time.origin) / time.unit) : raw
  let observed = 0
  let min = Infinity
  let max = -Infinity
  for (let i = 0; i < n; i++) {
    const v = raw[i]
    if (v === v) {
      observed++
      if (v < min) min = v
      if (v > max) max = v
    }
  }
  const missingRate = n === 0 ? 0 : (n - observed) / n
  const output = restore ?? outputRule(spec, raw, min, max, enforceMinMax)
  const base = { kind: 'numeric' as const, name: spec.name, missingRate, time: time ? { origin: time.origin, unit: time.unit } : null, output }
  if (observed === 0) return { model: { ...base, value: null, missing: null, marginal: null }, scores: {} }
  const sorted = new Float64Array(observed)
  let o = 0
  for (let i = 0; i < n; i++) if (values[i] === values[i]) sorted[o++] = values[i]
  sorted.sort()
  const selection = fitMarginal(sorted, choice)
  const marginal = selection.marginal
  const constant = sorted[0] === sorted[observed - 1]
  const scores: Fitted['scores'] = {}
  if (!constant) {
    const z = new Float64Array(n)
    if (marginal.family === 'empirical') {
      // Mid-rank probability (ties share the middle of their jump), exact for the data; one Φ⁻¹ per distinct value,
      // stored at the first sorted position of the value.
      const zAt = new Float64Array(observed)
      for (let i = 0; i < observed; ) {
        let j = i
        while (j + 1 < observed && sorted[j + 1] === sorted[i]) j++
        zAt[i] = score((i + j + 1) / (2 * observed))
        i = j + 1
      }
      for (let i = 0; i < n; i++) {
        const x = values[i]
        z[i] = x !== x ? Number.NaN : zAt[lowerBound(sorted, x)]
      }
    } else {
      for (let i = 0; i < n; i++) {
        const x = values[i]
        z[i] = x !== x ? Number.NaN : score(marginalCdf(marginal, x))
      }
    }
    scores.value = z
  }
  if (missingRate > 0 && missingRate < 1) {
    // Indicator as a two-slot frequency encoding: present owns [0, 1 − r), missing [1 − r, 1); mid-point scores.
    const zPresent = score((1 - missingRate) / 2)
    const zMissing = score(1 - missingRate / 2)
    scores.missing = Float64Array.from(values, (x) => (x === x ? zPresent : zMissing))
  }
  const ks: Record<string, number> = {}
  for (const [k, v] of Object.entries(selection.ks)) if (v !== undefined) ks[k] = v
  const model: NumericColumnModel = {
    ...base,
    value: null,
    missing: null,
    marginal,
    ...(choice === 'auto' && Object.keys(ks).length > 0 ? { selection: { threshold: selection.threshold, ks } } : {}),
  }
  return { model, scores }
}

/**
 * A categorical or boolean column → frequency encoding: each category (missing included) owns an interval of
 * [0, 1) as wide as its frequency, laid out by decreasing frequency (ordered categoricals: in their order, then
 * missing), and its rows get the normal score of the interval's mid-point (mid-ranks, so that identical columns
 * get correlation 1 rather than being blurred by jitter).
 */
function fitCategory(spec: ColumnSpec, col: CodedColumnData, reference: readonly Float64Array[]): Fitted {
  const k = col.dictionary.length
  const counts = new Float64Array(k + 1)
  for (let i = 0; i < col.codes.length; i++) {
    const c = col.codes[i]
    counts[c < 0 ? k : c]++
  }
  const n = col.codes.length
  const slots = [...Array(k + 1).keys()].filter((s) => counts[s] > 0)
  const ordered = spec.kind === 'categorical' && spec.ordered === true
  if (!ordered) {
    const position = slots.length > 2 ? principalPosition(col.codes, k, counts, reference) : null
    slots.sort(position ? (a, b) => position[a] - position[b] || counts[b] - counts[a] || a - b : (a, b) => counts[b] - counts[a] || a - b)
  }
  const frequencies = slots.map((s) => counts[s] / n)
  const model: CategoryColumnModel = {
    kind: 'category',
    name: spec.name,
    dimension: null,
    dictionary: [...col.dictionary],
    slots: slots.map((s) => (s === k ? -1 : s)),
    frequencies,
  }
  if (slots.length < 2) return { model, scores: {} }
  const slotScore = new Float64Array(k + 1)
  let acc = 0
  slots.forEach((s, j) => {
    slotScore[s] = score(acc + frequencies[j] / 2)
    acc += frequencies[j]
  })
  const z = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const c = col.codes[i]
    z[i] = slotScore[c < 0 ? k : c]
  }
  return { model, scores: { value: z } }
}

/**
 * Where each category sits along the main direction in which the categories differ on the numerical columns:
 * the mean normal score of each numerical coordinate per category (a k × p matrix), then the first principal
 * component of those means (frequency-weighted, power iteration). Laying the intervals out in that order lets a
 * monotone (Gaussian) dependence express "month-to-month < one year < two year" against tenure, which a layout by
 * frequency can break. Null when there is no numerical coordinate (the layout stays by frequency).
 */
function principalPosition(codes: Int32Array, k: number, counts: Float64Array, reference: readonly Float64Array[]): Float64Array | null {
  const p = reference.length
  if (p === 0) return null
  const means = Array.from({ length: k + 1 }, () => new Float64Array(p))
  const seen = Array.from({ length: k + 1 }, () => new Float64Array(p))
  reference.forEach((z, j) => {
    for (let i = 0; i < codes.length; i++) {
      const v = z[i]
      if (v !== v) continue
      const s = codes[i] < 0 ? k : codes[i]
      means[s][j] += v
      seen[s][j]++
    }
  })
  const total = codes.length
  const center = new Float64Array(p)
  for (let s = 0; s <= k; s++) {
    for (let j = 0; j < p; j++) {
      means[s][j] = seen[s][j] > 0 ? means[s][j] / seen[s][j] : 0
      center[j] += (counts[s] / total) * means[s][j]
    }
  }
  const cov = Array.from({ length: p }, () => new Float64Array(p))
  for (let s = 0; s <= k; s++) {
    if (counts[s] === 0) continue
    const w = counts[s] / total
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) cov[a][b] += w * (means[s][a] - center[a]) * (means[s][b] - center[b])
  }
  let v = new Float64Array(p).fill(1 / Math.sqrt(p))
  for (let it = 0; it < 200; it++) {
    const next = new Float64Array(p)
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) next[a] += cov[a][b] * v[b]
    const norm = Math.hypot(...next)
    if (!(norm > 1e-12)) return null
    v = next.map((x) => x / norm)
  }
  // fix the sign (the largest component positive) so the layout does not depend on the iteration's start
  let big = 0
  for (let j = 1; j < p; j++) if (Math.abs(v[j]) > Math.abs(v[big])) big = j
  if (v[big] < 0) v = v.map((x) => -x)
  const position = new Float64Array(k + 1)
  for (let s = 0; s <= k; s++) for (let j = 0; j < p; j++) position[s] += v[j] * (means[s][j] - center[j])
  return position
}

function missingRateOf(table: Table, name: string): number {
  const col = table.columns[name]
  if (table.nRows === 0) return 0
  let miss = 0
  if (col.type === 'string') for (const v of col.values) miss += v === null ? 1 : 0
  else if (col.type === 'coded') for (const c of col.codes) miss += c < 0 ? 1 : 0
  else for (const v of col.values) miss += v !== v ? 1 : 0
  return miss / table.nRows
}

function choiceFor(options: CopulaOptions, name: string): MarginalChoice {
  const m = options.marginals
  if (m === undefined) return 'auto'
  if (typeof m === 'string') return m
  return Object.prototype.hasOwnProperty.call(m, name) ? m[name] : 'auto'
}

function validateOptions(schema: TableSchema, options: CopulaOptions): void {
  const issues: Issue[] = []
  const families = new Set<string>([...MARGINAL_FAMILIES, 'auto'])
  const m = options.marginals
  if (typeof m === 'string' && !families.has(m)) issues.push({ path: 'marginals', message: `unknown family "${m}" (one of ${[...families].join(', ')})` })
  if (m !== undefined && typeof m === 'object' && m !== null) {
    for (const [name, fam] of Object.entries(m)) {
      const spec = schema.columns.find((c) => c.name === name)
      if (!spec) issues.push({ path: `marginals.${name}`, message: `no column "${name}" in the schema` })
      else if (spec.kind !== 'numerical' && spec.kind !== 'datetime') issues.push({ path: `marginals.${name}`, message: `"${name}" is ${spec.kind}; marginal families apply to numerical and datetime columns` })
      if (!families.has(fam)) issues.push({ path: `marginals.${name}`, message: `unknown family "${fam}" (one of ${[...families].join(', ')})` })
    }
  }
  if (options.enforceMinMax !== undefined && typeof options.enforceMinMax !== 'boolean') issues.push({ path: 'enforceMinMax', message: 'expected a boolean' })
  if (issues.length > 0) throw new SynthkitError('OPTIONS_INVALID', 'Invalid copula options', issues)
}

/** Fits the model; throws SynthkitError. See {@link fitCopulaE}. */
export function fitCopula(table: Table, options: CopulaOptions = {}): CopulaModel {
  const schema = options.schema ?? table.schema
  validateOptions(schema, options)
  if (schema.columns.length === 0) throw new SynthkitError('EMPTY_TABLE', 'Cannot fit a copula on a table without columns')
  if (table.nRows === 0) throw new SynthkitError('EMPTY_TABLE', 'Cannot fit a copula on a table without rows', [{ path: 'nRows', message: 'the table has 0 rows' }])
  // Re-wrap under the schema used: checks that every column is present with the right storage.
  const own = columnRecord() // prototype-less: a column named __proto__ is a plain key
  for (const c of schema.columns) if (Object.prototype.hasOwnProperty.call(table.columns, c.name)) own[c.name] = table.columns[c.name]
  const input = createTable(schema, own)
  const constraints = options.constraints ?? schema.constraints ?? []
  const plan = constraints.length > 0 ? planConstraintTransforms(schema, constraints, input) : null
  const work = plan ? applyConstraintTransforms(input, plan) : input
  const workSchema = plan ? plan.transformedSchema : schema
  const enforceMinMax = options.enforceMinMax ?? true
  const transformed = new Set(plan?.steps.map((s) => s.column) ?? [])
  // Numerical columns first: their value scores decide the layout of the categories (see principalPosition).
  const order = workSchema.columns.map((spec, i) => ({ spec, i })).sort((x, y) => Number(work.columns[x.spec.name].type === 'coded') - Number(work.columns[y.spec.name].type === 'coded') || x.i - y.i)
  const reference: Float64Array[] = []
  const fittedByIndex: Fitted[] = new Array(workSchema.columns.length)
  for (const { spec, i } of order) {
    const f = fitColumn(spec)
    if (f.model.kind === 'numeric' && f.scores.value) reference.push(f.scores.value)
    fittedByIndex[i] = f
  }
  const fitted = fittedByIndex
  function fitColumn(spec: ColumnSpec): Fitted {
    const original = schema.columns.find((c) => c.name === spec.name)!
    if (original.sensitivity === 'pii' || spec.kind === 'text' || spec.kind === 'id') {
      const generator = spec.kind === 'id' ? 'id' : original.sensitivity === 'pii' ? 'pii' : 'text'
      return { model: { kind: 'generated', name: spec.name, generator, missingRate: generator === 'id' ? 0 : missingRateOf(input, spec.name) }, scores: {} }
    }
    const col = work.columns[spec.name]
    if (col.type === 'coded') return fitCategory(spec, col, reference)
    if (col.type !== 'numeric') throw new SynthkitError('DATA_INVALID', `Column "${spec.name}" is not numeric`, [{ path: spec.name, message: `stored as ${col.type}` }])
    let restore: OutputRule | undefined
    if (transformed.has(spec.name)) {
      // The copula sees the transformed column; rounding and bounds apply to the original one after inversion.
      const orig = input.columns[spec.name]
      if (orig.type === 'numeric') {
        let min = Infinity
        let max = -Infinity
        for (const v of orig.values) {
          if (v < min) min = v
          if (v > max) max = v
        }
        restore = outputRule(original, orig.values, min, max, enforceMinMax)
      }
      return fitNumeric(spec, col.values, choiceFor(options, spec.name), false, restore)
    }
    return fitNumeric(spec, col.values, choiceFor(options, spec.name), enforceMinMax, undefined)
  }
  // Assign copula coordinates in column order: value, then missing indicator.
  const dimensions: CopulaModel['dimensions'] = []
  const scores: Float64Array[] = []
  const indicatorByMask = new Map<string, number[]>()
  const columns: ColumnModel[] = fitted.map(({ model, scores: s }) => {
    if (model.kind === 'generated') return model
    if (model.kind === 'category') {
      if (!s.value) return model
      dimensions.push({ column: model.name, role: 'value' })
      scores.push(s.value)
      return { ...model, dimension: dimensions.length - 1 }
    }
    let value: number | null = null
    let missing: number | null = null
    if (s.value) {
      dimensions.push({ column: model.name, role: 'value' })
      scores.push(s.value)
      value = dimensions.length - 1
    }
    if (s.missing) {
      // Columns missing on exactly the same rows share one indicator (e.g. a whole measurement missing at once):
      // identical coordinates would make the correlation matrix singular.
      const key = maskKey(s.missing)
      const shared = indicatorByMask.get(key)?.find((dim) => sameScores(scores[dim], s.missing!))
      if (shared !== undefined) missing = shared
      else {
        dimensions.push({ column: model.name, role: 'missing' })
        scores.push(s.missing)
        missing = dimensions.length - 1
        indicatorByMask.set(key, [...(indicatorByMask.get(key) ?? []), missing])
      }
    }
    return { ...model, value, missing }
  })
  const observed = pairwiseCorrelation(scores)
  // Latent correlations from observed ones: undo the attenuation that discretisation (categories, missing
  // indicators) causes, for each discretised side of a pair, then bound away from ±1 before the PD repair.
  const factors = dimensions.map((dim) => {
    const c = columns.find((x) => x.name === dim.column)!
    if (c.kind === 'category') return discretisationFactor(c.frequencies, phiInverse)
    if (c.kind === 'numeric' && dim.role === 'missing') return discretisationFactor([1 - c.missingRate, c.missingRate], phiInverse)
    return 1
  })
  for (let i = 0; i < observed.length; i++) {
    for (let j = 0; j < i; j++) {
      const r = Math.max(-MAX_LATENT_CORRELATION, Math.min(MAX_LATENT_CORRELATION, observed[i][j] * factors[i] * factors[j]))
      observed[i][j] = r
      observed[j][i] = r
    }
  }
  // A column's value and its own missing indicator are never observed together, so their correlation is not
  // identified (pairwise deletion would say 0, which contradicts both being correlated with a third column).
  // Use the correlation implied through the most informative coordinate k observed with both:
  // r(v, m) = r(v, k)·r(k, m) (v and m conditionally independent given k).
  const valuesOf = new Map<number, Set<number>>()
  for (const c of columns) {
    if (c.kind === 'numeric' && c.value !== null && c.missing !== null) valuesOf.set(c.missing, (valuesOf.get(c.missing) ?? new Set()).add(c.value))
  }
  for (const [m, group] of valuesOf) {
    for (const v of group) {
      let best = 0
      for (let k = 0; k < observed.length; k++) {
        if (k === m || group.has(k)) continue
        const r = observed[v][k] * observed[k][m]
        if (Math.abs(r) > Math.abs(best)) best = r
      }
      observed[v][m] = best
      observed[m][v] = best
    }
  }
  const { matrix } = nearestCorrelation(observed)
  const model: CopulaModel = {
    format: COPULA_FORMAT,
    version: COPULA_VERSION,
    schema: constraints === schema.constraints || constraints.length === 0 ? schema : { ...schema, constraints: [...constraints] },
    trainingRows: table.nRows,
    columns,
    dimensions,
    correlation: matrix,
    constraints: plan ? { constraints: [...plan.constraints], steps: [...plan.steps], residual: [...plan.residual], transformedSchema: plan.transformedSchema } : null,
  }
  return model
}

/** A cheap key of a missing-indicator score column (count and hash of the positions of its larger value). */
function maskKey(z: Float64Array): string {
  let h = 0x811c9dc5
  let count = 0
  const hi = Math.max(z[0], ...z.subarray(0, Math.min(z.length, 64)))
  for (let i = 0; i < z.length; i++) {
    if (z[i] === hi) {
      count++
      h = Math.imul(h ^ i, 0x01000193)
    }
  }
  return `${count}:${h >>> 0}`
}

function sameScores(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/**
 * Fits a Gaussian copula to a table (Either form).
 *
 * Each column becomes normal scores: numerical/datetime values through their marginal CDF then Φ⁻¹ (probabilities
 * clipped to [1e-9, 1 − 1e-9]); categoricals/booleans by frequency encoding; a missing indicator per numerical
 * column with missing values joins the copula so missingness correlates with the other columns. The correlation of
 * the scores (pairwise-complete Pearson) is repaired to the nearest positive-definite correlation matrix.
 * Ids, pii and free-text columns are not learned. Constraints are planned with @synthkit/core: reversible
 * transforms where possible (the model is fitted in the transformed space), rejection for the rest.
 */
export function fitCopulaE(table: Table, options: CopulaOptions = {}): E.Either<SynthkitError, CopulaModel> {
  return tryCatchSynthkit(() => fitCopula(table, options))
}

export type { MarginalFamily }
