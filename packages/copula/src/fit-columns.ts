// Per-column fitting: marginals and normal scores of numerical/datetime columns, frequency encoding of categories.
import {
  type CodedColumnData,
  type ColumnSpec,
  type OutputRule,
  countCodes,
  fitDatetimeTransform,
  fitFrequencyEncoder,
  forwardDatetime,
  learnPrecision,
} from '@synthkit/core'
import { SCORE_EPSILON, marginalCdf } from './marginal'
import { type MarginalChoice, fitMarginal } from './marginal-fit'
import type { CategoryColumnModel, ColumnModel } from './model'
import { phiInverse } from './special'
import { addSlotSums, midRankScores, numericColumnModel, observedRange, scoresOfCodes } from './internal/fit-parts'
import { lentKernelInstance } from './internal/kernels'
import { kernelPrincipalPosition } from './internal/position-kernel'
import { kernelAutoSelection, kernelColumnScores, kernelSelects, layoutColumn } from './internal/marginal-kernel'

const MAX_PRECISION = 15

/** Normal score of a probability, kept finite by clipping to [ε, 1 − ε]. */
export function score(u: number): number {
  return phiInverse(u < SCORE_EPSILON ? SCORE_EPSILON : u > 1 - SCORE_EPSILON ? 1 - SCORE_EPSILON : u)
}

export interface Fitted {
  readonly model: ColumnModel
  /** Normal scores per role (NaN where the value is missing). */
  readonly scores: { value?: Float64Array; missing?: Float64Array }
}

export function outputRule(spec: ColumnSpec, values: Float64Array, min: number, max: number, enforceMinMax: boolean): OutputRule {
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

// The per-row loops of the fit are small leaf functions ending in their loop: V8 optimises such a loop while it runs
// (on-stack replacement), and code after it that had never run would throw that optimised code away at each exit —
// once per column, in a fresh process.

/** The `observed` non-missing values, in row order. */
function observedValues(values: Float64Array, observed: number): Float64Array {
  const out = new Float64Array(observed)
  let o = 0
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) out[o++] = values[i]
  return out
}

/** Most values a column may have for its marginal and scores to be computed in the WebAssembly kernel. */
const MAX_KERNEL_VALUES = 2 ** 22

/**
 * The output rule of a constraint-transformed column, from its original values: the copula sees the transformed
 * column, and rounding and bounds apply to the original one after inversion.
 */
export function restoreRule(spec: ColumnSpec, values: Float64Array, enforceMinMax: boolean): OutputRule {
  let min = Infinity
  let max = -Infinity
  for (let i = 0; i < values.length; i++) {
    const v = values[i] // NaN fails both tests
    if (v < min) min = v
    if (v > max) max = v
  }
  return outputRule(spec, values, min, max, enforceMinMax)
}

/** A numerical or datetime column → marginal, value scores (PIT then Φ⁻¹) and missing-indicator scores. */
export function fitNumeric(
  spec: ColumnSpec,
  raw: Float64Array,
  choice: MarginalChoice,
  enforceMinMax: boolean,
  restore: OutputRule | undefined,
): Fitted {
  const n = raw.length
  const isTime = spec.kind === 'datetime'
  const time = isTime ? fitDatetimeTransform(raw) : null
  const values = time ? forwardDatetime(time, raw) : raw
  const { observed, min, max } = observedRange(raw)
  const missingRate = n === 0 ? 0 : (n - observed) / n
  const output = restore ?? outputRule(spec, raw, min, max, enforceMinMax)
  const base = {
    kind: 'numeric' as const,
    name: spec.name,
    missingRate,
    time: time ? { origin: time.origin, unit: time.unit } : null,
    output,
  }
  if (observed === 0) return { model: { ...base, value: null, missing: null, marginal: null }, scores: {} }
  const sorted = observedValues(values, observed)
  sorted.sort()
  // the column in a WebAssembly kernel instance when there is one: the selection and the scores below, transcribed
  // (its memory: the values, sorted values, scores and mid-rank scores, then the selection's subsample, grid and knots)
  const k = n <= MAX_KERNEL_VALUES ? lentKernelInstance(3 * n + 2 * observed + 25_000) : null
  if (k) layoutColumn(k, values, sorted)
  const selection = k && kernelSelects(choice) ? kernelAutoSelection(k, observed) : fitMarginal(sorted, choice)
  const marginal = selection.marginal
  const constant = sorted[0] === sorted[observed - 1]
  const scores: Fitted['scores'] = {}
  if (!constant) {
    const z = new Float64Array(n)
    if (k) {
      // the WebAssembly transcription of the loops below: the same numbers
      kernelColumnScores(k, marginal, z, score(0), score(1))
    } else if (marginal.family === 'empirical') {
      // mid-rank probability (ties share the middle of their jump), exact for the data
      midRankScores(sorted, values, z, score)
    } else if (marginal.family === 'normal' || marginal.family === 'lognormal') {
      // Φ⁻¹(F(x)) is the standardised value itself for these two families: no Φ and Φ⁻¹ per row (clipped as score does).
      const lo = score(0)
      const hi = score(1)
      // the family is fixed for the column: one loop per family, no per-row test of it
      if (marginal.family === 'normal') {
        const { mean, sd } = marginal
        for (let i = 0; i < n; i++) {
          const v = (values[i] - mean) / sd // NaN stays NaN through the clip below
          z[i] = v < lo ? lo : v > hi ? hi : v
        }
      } else {
        const { loc, mu, sigma } = marginal
        for (let i = 0; i < n; i++) {
          const x = values[i]
          const v = x !== x ? Number.NaN : x <= loc ? -Infinity : (Math.log(x - loc) - mu) / sigma
          z[i] = v < lo ? lo : v > hi ? hi : v
        }
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
  return { model: numericColumnModel(base, selection, choice), scores }
}

/**
 * A categorical or boolean column → frequency encoding: each category (missing included) owns an interval of
 * [0, 1) as wide as its frequency, laid out by decreasing frequency (ordered categoricals: in their order, then
 * missing), and its rows get the normal score of the interval's mid-point (mid-ranks, so that identical columns
 * get correlation 1 rather than being blurred by jitter).
 */
export function fitCategory(spec: ColumnSpec, col: CodedColumnData, reference: readonly Float64Array[]): Fitted {
  const k = col.dictionary.length
  // counts per category (missing at k): the weights of the principal position, which decides the layout
  const counts = countCodes(col.codes, k)
  const distinct = counts.reduce((m, c) => m + (c > 0 ? 1 : 0), 0)
  const ordered = spec.kind === 'categorical' && spec.ordered === true
  const position = !ordered && distinct > 2 ? principalPosition(col.codes, k, counts, reference) : null
  // core's frequency encoder lays the intervals out: ordered categories in their order, others along the principal
  // position when there is one, else by frequency
  const encoder = fitFrequencyEncoder(col, { layout: ordered ? 'codes' : position ? { position } : 'frequency' })
  const { frequencies, starts } = encoder
  const model: CategoryColumnModel = {
    kind: 'category',
    name: spec.name,
    dimension: null,
    dictionary: [...col.dictionary],
    slots: [...encoder.order],
    frequencies: [...frequencies],
  }
  if (encoder.order.length < 2) return { model, scores: {} }
  const slotScore = new Float64Array(k + 1)
  encoder.order.forEach((code, j) => {
    slotScore[code < 0 ? k : code] = score(starts[j] + frequencies[j] / 2)
  })
  return { model, scores: { value: scoresOfCodes(col.codes, slotScore, k) } }
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
  const inKernel = kernelPrincipalPosition(codes, k, counts, reference)
  if (inKernel !== undefined) return inKernel
  const means = Array.from({ length: k + 1 }, () => new Float64Array(p))
  const seen = Array.from({ length: k + 1 }, () => new Float64Array(p))
  for (let j = 0; j < p; j++) addSlotSums(reference[j], codes, k, j, means, seen)
  return principalPositionFromSums(means, seen, counts, codes.length)
}

/**
 * {@link principalPosition} from its sufficient statistics: per slot s (code, missing last) and numerical coordinate j
 * the sum of the scores `sums[s][j]` over the `seen[s][j]` rows where the score exists; `counts` per slot; `total`
 * rows. Sums add across shards. `sums` is overwritten with the means.
 */
export function principalPositionFromSums(
  means: Float64Array[],
  seen: Float64Array[],
  counts: Float64Array,
  total: number,
): Float64Array | null {
  const k = counts.length - 1
  const p = means[0]?.length ?? 0
  if (p === 0) return null
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
  // power iteration, in place (two buffers swapped): a fresh process runs it once per categorical column
  let v = new Float64Array(p).fill(1 / Math.sqrt(p))
  let next = new Float64Array(p)
  for (let it = 0; it < 200; it++) {
    let ss = 0
    for (let a = 0; a < p; a++) {
      let s = 0
      const row = cov[a]
      for (let b = 0; b < p; b++) s += row[b] * v[b]
      next[a] = s
      ss += s * s
    }
    const norm = Math.sqrt(ss) // ≤ the largest eigenvalue of a covariance of normal-score means: no overflow
    if (!(norm > 1e-12)) return null
    for (let a = 0; a < p; a++) next[a] /= norm
    const swap = v
    v = next
    next = swap
  }
  // fix the sign (the largest component positive) so the layout does not depend on the iteration's start
  let big = 0
  for (let j = 1; j < p; j++) if (Math.abs(v[j]) > Math.abs(v[big])) big = j
  if (v[big] < 0) for (let j = 0; j < p; j++) v[j] = -v[j]
  const position = new Float64Array(k + 1)
  for (let s = 0; s <= k; s++) for (let j = 0; j < p; j++) position[s] += v[j] * (means[s][j] - center[j])
  return position
}
