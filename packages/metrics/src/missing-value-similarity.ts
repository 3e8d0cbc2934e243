/**
 * MissingValueSimilarity (SDMetrics): 1 − |m_r − m_s| where m is the share of missing entries of a column.
 * Range [0, 1]. Takes the two sides' missing counts and row counts; NaN when a side has no rows.
 */
export function missingValueSimilarityFromCounts(
  realMissing: number,
  realRows: number,
  syntheticMissing: number,
  syntheticRows: number,
): number {
  if (realRows === 0 || syntheticRows === 0) return Number.NaN
  return 1 - Math.abs(realMissing / realRows - syntheticMissing / syntheticRows)
}

/** MissingValueSimilarity of two columns of values; null, undefined and NaN are missing. */
export function missingValueSimilarity(real: ArrayLike<unknown>, synthetic: ArrayLike<unknown>): number {
  const missing = (values: ArrayLike<unknown>): number => {
    let n = 0
    for (let i = 0; i < values.length; i++) {
      const v = values[i]
      if (v === null || v === undefined || (typeof v === 'number' && v !== v)) n++
    }
    return n
  }
  return missingValueSimilarityFromCounts(missing(real), real.length, missing(synthetic), synthetic.length)
}
