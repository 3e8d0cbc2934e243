import { SynthkitError } from './errors'
import type { Rng } from './rng'

/** Bin edges (ascending, length bins + 1); bin i is [edges[i], edges[i+1]), the last bin closed. */
export interface Discretizer {
  readonly kind: 'equal-width' | 'quantile'
  readonly edges: readonly number[]
}

function finiteSorted(values: Float64Array): Float64Array {
  let n = 0
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) n++
  const out = new Float64Array(n)
  let j = 0
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) out[j++] = values[i]
  return out.sort()
}

function checkBins(bins: number): void {
  if (!(Number.isInteger(bins) && bins >= 1))
    throw new SynthkitError('OPTIONS_INVALID', 'Invalid number of bins', [
      { path: 'bins', message: `expected a positive integer, got ${bins}` },
    ])
}

/** `bins` bins of equal width over [min, max] of the observed values. */
export function fitEqualWidthDiscretizer(values: Float64Array, bins: number): Discretizer {
  checkBins(bins)
  const s = finiteSorted(values)
  if (s.length === 0)
    throw new SynthkitError('DATA_INVALID', 'Cannot discretize a column with no observed values', [
      { path: 'values', message: 'all values are missing' },
    ])
  const lo = s[0]
  const hi = s[s.length - 1]
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : lo + ((hi - lo) * i) / bins))
  return { kind: 'equal-width', edges }
}

/** Bins holding (about) equal counts: edges at the i/bins quantiles (linear interpolation), duplicates merged. */
export function fitQuantileDiscretizer(values: Float64Array, bins: number): Discretizer {
  checkBins(bins)
  const s = finiteSorted(values)
  if (s.length === 0)
    throw new SynthkitError('DATA_INVALID', 'Cannot discretize a column with no observed values', [
      { path: 'values', message: 'all values are missing' },
    ])
  const edges: number[] = []
  for (let i = 0; i <= bins; i++) {
    const pos = (i / bins) * (s.length - 1)
    const f = Math.floor(pos)
    const q = f + 1 < s.length ? s[f] + (pos - f) * (s[f + 1] - s[f]) : s[f]
    if (edges.length === 0 || q > edges[edges.length - 1]) edges.push(q)
  }
  if (edges.length === 1) edges.push(edges[0])
  return { kind: 'quantile', edges }
}

/** Value → bin index; −1 for missing. Values outside the fitted range go to the first or last bin. */
export function discretize(d: Discretizer, values: Float64Array): Int32Array {
  const { edges } = d
  const last = edges.length - 2
  const out = new Int32Array(values.length)
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (Number.isNaN(v)) {
      out[i] = -1
      continue
    }
    let lo = 0
    let hi = last
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (edges[mid] <= v) lo = mid
      else hi = mid - 1
    }
    out[i] = lo
  }
  return out
}

/** Bin index → a value in the bin: its midpoint, or a uniform draw inside it when `rng` is given. −1 → NaN. */
export function undiscretize(d: Discretizer, bins: Int32Array, rng?: Rng): Float64Array {
  const { edges } = d
  const out = new Float64Array(bins.length)
  for (let i = 0; i < bins.length; i++) {
    const b = bins[i]
    if (b < 0) {
      out[i] = Number.NaN
      continue
    }
    const lo = edges[b]
    const hi = edges[b + 1]
    out[i] = lo + (rng ? rng.next() : 0.5) * (hi - lo)
  }
  return out
}
