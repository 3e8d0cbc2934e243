/**
 * Values of a numeric column without its missing entries (NaN), in row order. SDMetrics drops missing values
 * (`Series.dropna()`) before every single-column statistic.
 */
export function presentValues(values: ArrayLike<number>): Float64Array {
  let n = 0
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) n++
  const out = new Float64Array(n)
  let k = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (v === v) out[k++] = v
  }
  return out
}

/** Present values sorted ascending (a fresh array). */
export function sortedPresentValues(values: ArrayLike<number>): Float64Array {
  return presentValues(values).sort()
}

/** Number of missing (NaN) entries. */
export function countMissing(values: ArrayLike<number>): number {
  let n = 0
  for (let i = 0; i < values.length; i++) if (values[i] !== values[i]) n++
  return n
}

/** Minimum and maximum of the present values; null when there is none. */
export function presentRange(values: ArrayLike<number>): { min: number; max: number } | null {
  let min = Infinity
  let max = -Infinity
  let any = false
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (v !== v) continue
    any = true
    if (v < min) min = v
    if (v > max) max = v
  }
  return any ? { min, max } : null
}
