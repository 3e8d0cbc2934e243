/** A metric value as reports carry it: NaN (undefined metric) becomes null so that reports are valid JSON. */
export function toScore(x: number): number | null {
  return x === x ? x : null
}

/**
 * Mean of the defined scores, ignoring null (pandas' `Series.mean()` / `numpy.nanmean`, as SDMetrics averages).
 * Null when no score is defined.
 */
export function meanOfScores(scores: readonly (number | null)[]): number | null {
  let sum = 0
  let n = 0
  for (const s of scores) {
    if (s === null || s !== s) continue
    sum += s
    n++
  }
  return n === 0 ? null : sum / n
}
