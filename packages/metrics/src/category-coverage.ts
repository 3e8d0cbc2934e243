import { type CategoryValue, alignValues, countCodes } from './category-counts'

/** CategoryCoverage from aligned category counts: share of the real categories that the synthetic side contains. */
export function categoryCoverageFromCounts(realCounts: ArrayLike<number>, syntheticCounts: ArrayLike<number>): number {
  let real = 0
  let covered = 0
  for (let k = 0; k < realCounts.length; k++) {
    if (realCounts[k] === 0) continue
    real++
    if (syntheticCounts[k] > 0) covered++
  }
  return real === 0 ? Number.NaN : covered / real
}

/**
 * CategoryCoverage (SDMetrics): the share of the categories present in the real column that also appear in the
 * synthetic column (missing values are not a category). Range [0, 1]; synthetic-only categories do not count.
 * NaN when the real column has no present value.
 */
export function categoryCoverage(real: ArrayLike<CategoryValue>, synthetic: ArrayLike<CategoryValue>): number {
  const a = alignValues(real, synthetic)
  const k = a.categories.length
  return categoryCoverageFromCounts(countCodes(a.real, k), countCodes(a.synthetic, k))
}
