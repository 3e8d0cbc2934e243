import { type CategoryValue, alignValues, countCodes } from './category-counts'

/**
 * SDMetrics' regularisation for a category present in the synthetic data but not in the real data: it is counted
 * 1e-6 times in the real data so that its real frequency is defined (`sdmetrics.utils.get_frequencies`).
 */
const UNSEEN_REAL_COUNT = 1e-6

/**
 * TVComplement from category counts aligned on one dictionary: 1 − ½ Σ_c |p_s(c) − p_r(c)|, the complement of the
 * total variation distance between the category frequencies (missing values excluded). A category only the synthetic
 * side has gets the real count 1e-6, exactly as SDMetrics does. NaN when either side has no present value.
 */
export function tvComplementFromCounts(realCounts: ArrayLike<number>, syntheticCounts: ArrayLike<number>): number {
  let nReal = 0
  let nSynth = 0
  for (let k = 0; k < realCounts.length; k++) {
    nReal += realCounts[k]
    nSynth += syntheticCounts[k]
  }
  if (nReal === 0 || nSynth === 0) return Number.NaN
  let realTotal = nReal
  for (let k = 0; k < realCounts.length; k++) if (realCounts[k] === 0 && syntheticCounts[k] > 0) realTotal += UNSEEN_REAL_COUNT
  let total = 0
  for (let k = 0; k < realCounts.length; k++) {
    const r = realCounts[k] === 0 ? (syntheticCounts[k] > 0 ? UNSEEN_REAL_COUNT : 0) : realCounts[k]
    const s = syntheticCounts[k]
    if (r === 0 && s === 0) continue
    total += Math.abs(s / nSynth - r / realTotal)
  }
  return 1 - 0.5 * total
}

/** TVComplement of two coded columns already aligned to `k` joint categories (−1 = missing, ignored). */
export function tvComplementCodes(real: Int32Array, synthetic: Int32Array, k: number): number {
  return tvComplementFromCounts(countCodes(real, k), countCodes(synthetic, k))
}

/**
 * TVComplement (SDMetrics): 1 − TVD between the category frequencies of two columns of values; missing values
 * (null, undefined, NaN) are dropped first. Values compare by `String(value)`.
 */
export function tvComplement(real: ArrayLike<CategoryValue>, synthetic: ArrayLike<CategoryValue>): number {
  const a = alignValues(real, synthetic)
  return tvComplementCodes(a.real, a.synthetic, a.categories.length)
}
