import { type CategoryValue, alignValues, countCodes } from './category-counts'

/**
 * CategoryAdherence from aligned codes (−1 missing): the share of synthetic rows whose category occurs in the real
 * column; a missing synthetic value counts as valid when the real column has missing values too.
 */
export function categoryAdherenceCodes(real: Int32Array, synthetic: Int32Array, k: number): number {
  if (synthetic.length === 0) return Number.NaN
  const realCounts = countCodes(real, k)
  let realMissing = false
  for (let r = 0; r < real.length; r++) {
    if (real[r] < 0) {
      realMissing = true
      break
    }
  }
  let valid = 0
  for (let r = 0; r < synthetic.length; r++) {
    const c = synthetic[r]
    if (c < 0 ? realMissing : realCounts[c] > 0) valid++
  }
  return valid / synthetic.length
}

/**
 * CategoryAdherence (SDMetrics): the share of synthetic values that are categories of the real column (missing is
 * allowed when the real column has missing values). Range [0, 1]; 1 means no invented category.
 */
export function categoryAdherence(real: ArrayLike<CategoryValue>, synthetic: ArrayLike<CategoryValue>): number {
  const a = alignValues(real, synthetic)
  return categoryAdherenceCodes(a.real, a.synthetic, a.categories.length)
}
