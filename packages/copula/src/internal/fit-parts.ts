// Pieces the in-memory fit (fit.ts, fit-columns.ts) and the statistics path (statistics/) share, so that the two
// build the same model from the same data by the same code.
import type { Constraint, ConstraintPlan, TableSchema } from '@synthkit/core'
import type { Marginal } from '../marginal'
import type { MarginalChoice, MarginalSelection } from '../marginal-fit'
import type { CopulaModel, NumericColumnModel } from '../model'

/** Count, minimum and maximum of the non-missing values (a leaf loop, see fit-columns.ts). */
export function observedRange(raw: Float64Array): { observed: number; min: number; max: number } {
  let observed = 0
  let min = Infinity
  let max = -Infinity
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i]
    if (v === v) {
      observed++
      if (v < min) min = v
      if (v > max) max = v
    }
  }
  return { observed, min, max }
}

/** Each row's score: its code's entry of `slotScore` (missing at k; a leaf loop, see fit-columns.ts). */
export function scoresOfCodes(codes: Int32Array, slotScore: ArrayLike<number>, k: number): Float64Array {
  const z = new Float64Array(codes.length)
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]
    z[i] = slotScore[c < 0 ? k : c]
  }
  return z
}

/** Adds coordinate j's scores to the sums and counts of each row's slot (missing scores skipped; a leaf loop). */
export function addSlotSums(
  z: Float64Array,
  codes: Int32Array,
  k: number,
  j: number,
  sums: { [j: number]: number }[],
  seen: { [j: number]: number }[],
): void {
  for (let i = 0; i < codes.length; i++) {
    const v = z[i]
    if (v !== v) continue
    const s = codes[i] < 0 ? k : codes[i]
    sums[s][j] += v
    seen[s][j]++
  }
}

/** First index of `a` (sorted ascending) whose value is ≥ x. */
export function lowerBound(a: Float64Array, x: number): number {
  let lo = 0
  let hi = a.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (a[mid] < x) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * Mid-rank normal scores into `z`: the probability of a value is the middle of its jump in the empirical CDF of
 * `sorted` (ties share it), one `score` (Φ⁻¹, clipped) per distinct value; NaN stays NaN.
 */
export function midRankScores(sorted: Float64Array, values: Float64Array, z: Float64Array, score: (u: number) => number): void {
  scoresAtValues(sorted, values, distinctScores(sorted, score), z)
}

/** The score of each distinct value of `sorted` at its first sorted position (a leaf loop, see fit-columns.ts). */
function distinctScores(sorted: Float64Array, score: (u: number) => number): Float64Array {
  const observed = sorted.length
  const zAt = new Float64Array(observed)
  for (let i = 0; i < observed; ) {
    let j = i
    while (j + 1 < observed && sorted[j + 1] === sorted[i]) j++
    zAt[i] = score((i + j + 1) / (2 * observed))
    i = j + 1
  }
  return zAt
}

/** z[i] = the score of values[i] (found by binary search in `sorted`); NaN stays NaN. */
function scoresAtValues(sorted: Float64Array, values: Float64Array, zAt: Float64Array, z: Float64Array): void {
  for (let i = 0; i < values.length; i++) {
    const x = values[i]
    z[i] = x !== x ? Number.NaN : zAt[lowerBound(sorted, x)]
  }
}

/** The numeric column's model from its marginal selection (the KS record kept for `auto`). */
export function numericColumnModel(
  base: Omit<NumericColumnModel, 'value' | 'missing' | 'marginal' | 'selection'>,
  selection: MarginalSelection,
  choice: MarginalChoice,
): NumericColumnModel {
  const ks: Record<string, number> = {}
  for (const [k, v] of Object.entries(selection.ks)) if (v !== undefined) ks[k] = v
  const marginal: Marginal = selection.marginal
  return {
    ...base,
    value: null,
    missing: null,
    marginal,
    ...(choice === 'auto' && Object.keys(ks).length > 0 ? { selection: { threshold: selection.threshold, ks } } : {}),
  }
}

/** The schema a model stores: the given one, with the constraints the fit used when they were passed apart. */
export function modelSchema(schema: TableSchema, constraints: readonly Constraint[]): TableSchema {
  return constraints === schema.constraints || constraints.length === 0 ? schema : { ...schema, constraints: [...constraints] }
}

/** The constraint plan as a model stores it (copies, so the model owns its arrays). */
export function constraintPlanRecord(plan: ConstraintPlan | null): CopulaModel['constraints'] {
  return plan
    ? {
        constraints: [...plan.constraints],
        steps: [...plan.steps],
        residual: [...plan.residual],
        transformedSchema: plan.transformedSchema,
      }
    : null
}

/** The sums over the rows where both scores exist (NaN: missing) that the pairwise-complete Pearson r needs. */
export interface PairSums {
  readonly n: number
  readonly sx: number
  readonly sy: number
  readonly sxx: number
  readonly syy: number
  readonly sxy: number
}

/** {@link PairSums} of two score vectors of one length. */
export function pairSums(x: Float64Array, y: Float64Array): PairSums {
  let n = 0
  let sx = 0
  let sy = 0
  let sxx = 0
  let syy = 0
  let sxy = 0
  for (let k = 0; k < x.length; k++) {
    const a = x[k]
    const b = y[k]
    if (a !== a || b !== b) continue // NaN
    n++
    sx += a
    sy += b
    sxx += a * a
    syy += b * b
    sxy += a * b
  }
  return { n, sx, sy, sxx, syy, sxy }
}
