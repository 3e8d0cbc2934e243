import { presentRange } from './present-values'

/**
 * RangeCoverage (SDMetrics): how much of the real range [min_r, max_r] the synthetic range covers,
 * 1 − (max(0, (min_s − min_r)/(max_r − min_r)) + max(0, (max_r − max_s)/(max_r − min_r))), computed on present
 * values. Range [0, 1] (0 also when the synthetic range lies outside the real one). NaN when the real column is
 * constant or either side has no present value.
 */
export function rangeCoverage(real: ArrayLike<number>, synthetic: ArrayLike<number>): number {
  const r = presentRange(real)
  const s = presentRange(synthetic)
  if (!r || !s || r.min === r.max) return Number.NaN
  const width = r.max - r.min
  const normalizedMin = Math.max((s.min - r.min) / width, 0)
  const normalizedMax = Math.max((r.max - s.max) / width, 0)
  return Math.max(1 - (normalizedMin + normalizedMax), 0)
}
