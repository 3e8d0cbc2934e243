/** Bins SDMetrics' quality report uses to discretize a continuous column (numpy's default `bins=10`). */
export const QUALITY_REPORT_BINS = 10

/**
 * `numpy.histogram_bin_edges(values, bins)` for an integer bin count on the present values: `bins + 1` equally spaced
 * edges from the minimum to the maximum, widened by ±0.5 when the two coincide, computed as numpy's `linspace`
 * does (`start + i·step`, last edge set to the maximum exactly). With no present value numpy uses the range [0, 1]
 * (`_get_outer_edges` on an empty array), and so does this. Returns null when a value is ±Infinity (numpy raises
 * "autodetected range … is not finite", and SDMetrics then scores the pair NaN).
 */
export function histogramBinEdges(values: ArrayLike<number>, bins: number = QUALITY_REPORT_BINS): Float64Array | null {
  let lo = Infinity
  let hi = -Infinity
  let any = false
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (v !== v) continue
    any = true
    if (v < lo) lo = v
    if (v > hi) hi = v
  }
  if (!any) {
    lo = 0
    hi = 1
  } else if (!Number.isFinite(lo) || !Number.isFinite(hi)) return null
  if (lo === hi) {
    lo -= 0.5
    hi += 0.5
  }
  const edges = new Float64Array(bins + 1)
  const step = (hi - lo) / bins
  for (let i = 0; i < bins; i++) edges[i] = i * step + lo
  edges[bins] = hi
  return edges
}

/**
 * `numpy.digitize(values, edges)` (right = False) for increasing edges: the number of edges ≤ x, so 0 below the first
 * edge and `edges.length` at or above the last; NaN sorts after every number and lands in `edges.length` too.
 * Bin indices run 0…edges.length.
 */
export function digitize(values: ArrayLike<number>, edges: Float64Array): Int32Array {
  const out = new Int32Array(values.length)
  const m = edges.length
  for (let r = 0; r < values.length; r++) {
    const x = values[r]
    if (x !== x) {
      out[r] = m
      continue
    }
    // binary search: first index with edges[idx] > x
    let lo = 0
    let hi = m
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (edges[mid] <= x) lo = mid + 1
      else hi = mid
    }
    out[r] = lo
  }
  return out
}
