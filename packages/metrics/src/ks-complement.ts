import { presentValues } from './present-values'
import { roundHalfEven } from './round-half-even'
import { sortFloat64 } from './sort-float64'

/** SDMetrics rounds values to `sys.float_info.dig - 1` = 14 decimals before the KS test. */
const KS_DECIMALS = 14

/**
 * The two-sample Kolmogorov–Smirnov statistic D = sup_x |F_a(x) − F_b(x)| of two samples sorted ascending, as
 * `scipy.stats.ks_2samp` computes it: both empirical CDFs (right-continuous, counting ties) evaluated at every
 * observed value. Linear time after the sort. Returns NaN when a sample is empty.
 */
export function ksStatisticSorted(a: Float64Array, b: Float64Array): number {
  const n = a.length
  const m = b.length
  if (n === 0 || m === 0) return Number.NaN
  let i = 0
  let j = 0
  let d = 0
  while (i < n && j < m) {
    const x = a[i] <= b[j] ? a[i] : b[j]
    while (i < n && a[i] <= x) i++
    while (j < m && b[j] <= x) j++
    const diff = i / n - j / m
    const abs = diff < 0 ? -diff : diff
    if (abs > d) d = abs
  }
  // Once one sample is exhausted its CDF is 1 and the other's only climbs towards 1: |ΔF| can only shrink.
  return d
}

/** Present values rounded as SDMetrics does before the KS test, sorted ascending. */
export function ksPrepared(values: ArrayLike<number>): Float64Array {
  const out = presentValues(values)
  for (let i = 0; i < out.length; i++) out[i] = roundHalfEven(out[i]!, KS_DECIMALS)
  return sortFloat64(out)
}

/** Present-value count and range when every present value is an integer of magnitude < 2^31; else null. */
function integerRange(values: ArrayLike<number>): { min: number; max: number; n: number } | null {
  let min = Infinity
  let max = -Infinity
  let n = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (v !== v) continue
    if ((v | 0) !== v) return null // fractional, too large, or −0 handled below as 0 (−0 | 0 === 0 === −0)
    n++
    if (v < min) min = v
    if (v > max) max = v
  }
  return n === 0 ? null : { min, max, n }
}

/**
 * D for integer-valued samples over a small joint range, from value counts instead of sorting (one pass per side
 * plus one over the range). Rounding to 14 decimals cannot merge distinct integers, so the result is the same.
 */
function ksStatisticIntegers(a: ArrayLike<number>, b: ArrayLike<number>, lo: number, width: number, n: number, m: number): number {
  const ca = new Int32Array(width)
  const cb = new Int32Array(width)
  for (let i = 0; i < a.length; i++) {
    const v = a[i]
    if (v === v) ca[v - lo]++
  }
  for (let i = 0; i < b.length; i++) {
    const v = b[i]
    if (v === v) cb[v - lo]++
  }
  let i = 0
  let j = 0
  let d = 0
  for (let k = 0; k < width; k++) {
    if (ca[k] === 0 && cb[k] === 0) continue
    i += ca[k]
    j += cb[k]
    const diff = i / n - j / m
    const abs = diff < 0 ? -diff : diff
    if (abs > d) d = abs
  }
  return d
}

/**
 * KSComplement = 1 − D, where D is the two-sample Kolmogorov–Smirnov statistic of the present (non-NaN) values
 * (SDMetrics `KSComplement`). 1 when the empirical distributions coincide, 0 when they do not overlap.
 * Datetimes are compared as numbers (epoch ms); the statistic does not depend on the unit.
 * Returns NaN when either side has no present value (SDMetrics' value too).
 */
export function ksComplement(real: ArrayLike<number>, synthetic: ArrayLike<number>): number {
  const ra = integerRange(real)
  const rb = ra && integerRange(synthetic)
  if (ra && rb) {
    const lo = Math.min(ra.min, rb.min)
    const width = Math.max(ra.max, rb.max) - lo + 1
    if (width <= 4 * (ra.n + rb.n) + 1024) return 1 - ksStatisticIntegers(real, synthetic, lo, width, ra.n, rb.n)
  }
  return 1 - ksStatisticSorted(ksPrepared(real), ksPrepared(synthetic))
}
