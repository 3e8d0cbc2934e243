const MAX_PRECISION = 15

/** The fewest decimal digits d (≤ 15) such that every value equals round(x·10^d)/10^d; null when none does. */
export function learnPrecision(values: Float64Array): number | null {
  for (let d = 0; d <= MAX_PRECISION; d++) {
    const scale = 10 ** d
    let ok = true
    for (let i = 0; i < values.length; i++) {
      const x = values[i]
      if (Number.isNaN(x)) continue
      if (Math.round(x * scale) / scale !== x) {
        ok = false
        break
      }
    }
    if (ok) return d
  }
  return null
}

/** Rounds to `precision` decimal digits (null: unchanged). */
export function roundTo(x: number, precision: number | null): number {
  if (precision === null || Number.isNaN(x)) return x
  const scale = 10 ** precision
  return Math.round(x * scale) / scale
}

/** Learns missing rate, fill value, precision and range of a numerical column. */
