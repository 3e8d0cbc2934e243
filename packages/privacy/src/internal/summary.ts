/** Median as pandas computes it (mean of the two middle values for an even count); NaN when empty. NaNs are skipped. */
export function median(values: ArrayLike<number>): number {
  return quantile(values, 0.5)
}

/** Quantile with linear interpolation between order statistics (numpy's default), skipping NaN; NaN when empty. */
export function quantile(values: ArrayLike<number>, p: number): number {
  const sorted = Float64Array.from(values)
    .filter((v) => v === v)
    .sort()
  if (sorted.length === 0) return Number.NaN
  const h = (sorted.length - 1) * p
  const lo = Math.floor(h)
  const hi = Math.min(lo + 1, sorted.length - 1)
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo])
}

/** Arithmetic mean skipping NaN; NaN when empty. */
export function mean(values: ArrayLike<number>): number {
  let s = 0
  let n = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (v === v) {
      s += v
      n++
    }
  }
  return n === 0 ? Number.NaN : s / n
}

/** A number for JSON: NaN and ±Infinity become null. */
export function jsonNumber(x: number): number | null {
  return Number.isFinite(x) ? x : null
}
