import { clamp, requireBounds, requireFiniteValues, type Bounds } from './bounds'
import { DpError, invalidParameter } from './errors'
import { exponentialSampler } from './exponential-mechanism'
import { chargeThenRelease, requireBudget, sourceOf, type MechanismOptions, type Release } from './release'
import { describe, optionalString, requireInteger, requirePositive } from './validate'

/** Options of {@link dpQuantile}. */
export interface QuantileOptions extends MechanismOptions {
  readonly epsilon: number
  /** Declared bounds (required); values outside are clamped to them, explicitly. */
  readonly bounds: Bounds
  /** The quantile, in [0, 1] (0.5 = median). */
  readonly q: number
  /** Number of evenly spaced candidate outputs from min to max (default 1025). */
  readonly candidates?: number
}

/**
 * DP quantile by the exponential mechanism (McSherry & Talwar 2007; as in Smith, "Privacy-preserving statistical
 * estimation", STOC 2011, here over a fixed candidate grid): candidates c_j are evenly spaced over the declared
 * bounds; utility u(c) = −|#{x < c} − q·n| has sensitivity 1 under adding/removing a record; c_j is chosen with
 * probability ∝ exp(ε·u/2), sampled exactly (q is rounded to a multiple of 2^−20 so that utilities are exact). Guarantee: ε-DP. Values are clamped to the bounds explicitly. The
 * candidate grid is data-independent, so the output's support reveals nothing; resolution is (max−min)/(m−1).
 */
export function dpQuantile(values: ArrayLike<number>, options: QuantileOptions): Release<number> {
  const budget = requireBudget(options)
  const b = requireBounds(options.bounds)
  const epsilon = requirePositive('epsilon', options.epsilon)
  const q = options.q
  if (typeof q !== 'number' || !(q >= 0 && q <= 1)) {
    throw new DpError('PARAMETER_INVALID', 'invalid quantile', [{ path: 'q', message: `expected a number in [0, 1], got ${describe(q)}` }])
  }
  const m = requireInteger('candidates', options.candidates ?? 1025, 2)
  if (m > 2 ** 20) invalidParameter('candidates', `at most 2^20, got ${m}`)
  const what = optionalString('what', options.what) ?? `quantile ${q}`
  values = requireFiniteValues(values)
  if (values.length >= 2 ** 32) throw new DpError('DATA_INVALID', 'too many values', [{ path: 'values', message: 'at most 2^32 values' }])
  // q is rounded to a multiple of 2^−20 so that q·n, and hence every utility, is an exact double: the utility's
  // sensitivity is then exactly 1 (no floating-point excess over the proof's bound).
  const qGrid = Math.round(q * 2 ** 20) / 2 ** 20
  const sorted = Float64Array.from(values, (v) => clamp(v, b)).sort()
  const n = sorted.length
  const step = (b.max - b.min) / (m - 1)
  const grid = new Float64Array(m)
  const utilities = new Float64Array(m)
  for (let j = 0; j < m; j++) {
    const c = j === m - 1 ? b.max : b.min + j * step
    grid[j] = c
    // #{x < c} by binary search.
    let lo = 0
    let hi = n
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (sorted[mid] < c) lo = mid + 1
      else hi = mid
    }
    utilities[j] = -Math.abs(lo - qGrid * n)
  }
  const rng = sourceOf(options)
  const draw = exponentialSampler(utilities, epsilon, 1, rng)
  return chargeThenRelease(
    budget,
    rng,
    what,
    'quantile (exponential)',
    { epsilon, delta: 0 },
    { epsilon, q, candidates: m, min: b.min, max: b.max },
    () => grid[draw()],
  )
}
