import { presentRange } from './present-values'

/**
 * BoundaryAdherence (SDMetrics 0.14): the share of synthetic values inside the real column's [min, max] (inclusive).
 * Missing values follow SDMetrics exactly: when the real column has a missing value, missing values are dropped on
 * both sides (the share is over present synthetic values); when it has none, a missing synthetic value counts as out
 * of bounds (the share is over all synthetic rows). A real column with no present value has no bounds, so every
 * present synthetic value is out of them. NaN when no synthetic value is counted. `bounds` replaces the real range
 * (e.g. the schema's declared min/max). Range [0, 1].
 */
export function boundaryAdherence(real: ArrayLike<number>, synthetic: ArrayLike<number>, bounds?: { min: number; max: number }): number {
  let realMissing = false
  for (let i = 0; i < real.length; i++) {
    if (real[i] !== real[i]) {
      realMissing = true
      break
    }
  }
  const r = bounds ?? presentRange(real)
  let n = 0
  let inside = 0
  for (let i = 0; i < synthetic.length; i++) {
    const v = synthetic[i]
    if (v !== v) {
      if (!realMissing) n++
      continue
    }
    n++
    if (r && v >= r.min && v <= r.max) inside++
  }
  return n === 0 ? Number.NaN : inside / n
}
