import { presentRange } from './present-values'

/**
 * BoundaryAdherence (SDMetrics): the share of present synthetic values inside the real column's [min, max]
 * (inclusive). Range [0, 1]. NaN when either side has no present value. `bounds` replaces the real range (e.g.
 * the schema's declared min/max).
 */
export function boundaryAdherence(real: ArrayLike<number>, synthetic: ArrayLike<number>, bounds?: { min: number; max: number }): number {
  const r = bounds ?? presentRange(real)
  if (!r) return Number.NaN
  let n = 0
  let inside = 0
  for (let i = 0; i < synthetic.length; i++) {
    const v = synthetic[i]
    if (v !== v) continue
    n++
    if (v >= r.min && v <= r.max) inside++
  }
  return n === 0 ? Number.NaN : inside / n
}
