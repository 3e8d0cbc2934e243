import { type CategoryValue, alignValues } from './category-counts'

/** Counts of the cells (a + 1, b + 1) of a (ka + 1) × (kb + 1) table; the shift gives missing (−1) cell 0. */
function jointCounts(a: Int32Array, b: Int32Array, cells: number, wb: number): Int32Array {
  const counts = new Int32Array(cells)
  const n = a.length
  for (let r = 0; r < n; r++) counts[(a[r] + 1) * wb + b[r] + 1]++
  return counts
}

/**
 * ContingencySimilarity from two pairs of code arrays: codes of column A in 0…ka−1 and of column B in 0…kb−1 (−1 is
 * missing and is a category of its own, as pandas' `groupby(dropna=False)` makes it).
 * Score = 1 − ½ Σ_(a,b) |p_r(a,b) − p_s(a,b)| over the joint frequencies, with every row counted (denominator = rows).
 * NaN when either side has no rows.
 */
export function contingencySimilarityCodes(
  realA: Int32Array,
  realB: Int32Array,
  synthA: Int32Array,
  synthB: Int32Array,
  ka: number,
  kb: number,
): number {
  const nr = realA.length
  const ns = synthA.length
  if (nr === 0 || ns === 0) return Number.NaN
  const wa = ka + 1
  const wb = kb + 1
  const cr = jointCounts(realA, realB, wa * wb, wb)
  const cs = jointCounts(synthA, synthB, wa * wb, wb)
  let total = 0
  for (let c = 0; c < cr.length; c++) {
    const a = cr[c]
    const b = cs[c]
    if (a === 0 && b === 0) continue
    const d = a / nr - b / ns
    total += (d < 0 ? -d : d) / 2
  }
  return 1 - total
}

/**
 * ContingencySimilarity (SDMetrics) of two categorical columns given as value arrays: one minus the total variation
 * distance between the real and synthetic joint distributions of (A, B); missing values form their own category.
 */
export function contingencySimilarity(
  real: readonly [ArrayLike<CategoryValue>, ArrayLike<CategoryValue>],
  synthetic: readonly [ArrayLike<CategoryValue>, ArrayLike<CategoryValue>],
): number {
  const a = alignValues(real[0], synthetic[0])
  const b = alignValues(real[1], synthetic[1])
  return contingencySimilarityCodes(a.real, b.real, a.synthetic, b.synthetic, a.categories.length, b.categories.length)
}
