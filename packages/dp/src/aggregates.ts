import { clamp, requireBounds, requireFiniteValues, type Bounds } from './bounds'
import { DpError } from './errors'
import { discreteGaussianVectorMechanism } from './gaussian-mechanism'
import { discreteLaplaceVectorMechanism } from './laplace-mechanism'
import { requireBudget, type MechanismOptions, type Release } from './release'

/** Pure ε-DP (discrete Laplace noise) or ρ-zCDP (discrete Gaussian noise). */
export type AggregatePrivacy = { readonly epsilon: number; readonly rho?: undefined } | { readonly rho: number; readonly epsilon?: undefined }

/** Options of the bounded aggregates. */
export type BoundedOptions = MechanismOptions & AggregatePrivacy & {
  /** Declared bounds (required): values outside are clamped to them, explicitly. */
  readonly bounds: Bounds
}

/** Releases integer values with the discrete Laplace (L1 sensitivity) or discrete Gaussian (L2 sensitivity). */
export function releaseIntegers(
  ints: ArrayLike<number>,
  l1: number,
  l2: number,
  options: MechanismOptions & AggregatePrivacy,
  what: string,
): Release<Float64Array> {
  if (options.rho !== undefined) {
    return discreteGaussianVectorMechanism(ints, { budget: options.budget, rng: options.rng, what, rho: options.rho, sensitivity: l2 })
  }
  return discreteLaplaceVectorMechanism(ints, { budget: options.budget, rng: options.rng, what, epsilon: options.epsilon as number, sensitivity: l1 })
}

function halve(p: AggregatePrivacy): AggregatePrivacy {
  return p.rho !== undefined ? { rho: p.rho / 2 } : { epsilon: (p.epsilon as number) / 2 }
}

/**
 * DP count of records: the number of values plus discrete Laplace (ε-DP) or discrete Gaussian (ρ-zCDP) noise of
 * sensitivity 1 (add/remove one record). Exact integer noise (Canonne, Kamath & Steinke 2020). The noisy count can
 * be negative: it is returned as is (clip it yourself if you need to; post-processing costs no privacy).
 */
export function dpCount(values: ArrayLike<unknown> | number, options: MechanismOptions & AggregatePrivacy): Release<number> {
  requireBudget(options)
  const n = typeof values === 'number' ? values : values.length
  if (!Number.isSafeInteger(n) || n < 0) throw new DpError('DATA_INVALID', 'count must be a non-negative integer', [{ path: 'values', message: `got ${n}` }])
  const r = releaseIntegers([n], 1, 1, options, options.what ?? 'count')
  return { ...r, value: r.value[0] }
}

/**
 * Grid for a bounded sum: step 2^(⌊log2 M⌋ − 20) with M = max(|lower|, |upper|), so each clamped value is at most
 * ~2^21 steps and the sum of up to 2^31 values stays an exact integer.
 */
function sumGrid(b: Bounds): number {
  const m = Math.max(Math.abs(b.lower), Math.abs(b.upper))
  const g = 2 ** (Math.floor(Math.log2(m)) - 20)
  if (!(g > 0) || !Number.isFinite(g)) throw new DpError('PARAMETER_INVALID', 'bounds too close to zero for a sum grid', [{ path: 'bounds', message: `max(|lower|, |upper|) = ${m}` }])
  return g
}

/**
 * DP sum of a column with declared bounds. Each value is clamped to [lower, upper] (explicitly: values outside count
 * as the bound), rounded to a grid of step g = 2^k, and the grid integers are summed EXACTLY; discrete noise of
 * sensitivity ⌈M/g⌉ steps, M = max(|lower|, |upper|) (add/remove one record), is added and the result scaled
 * back. Summing exact integers avoids the floating-point sum sensitivity bug of Casacuberta et al. (CCS 2022);
 * the grid avoids Mironov's (CCS 2012) low-bit leak. ε-DP (discrete Laplace) or ρ-zCDP (discrete Gaussian).
 * Rounding to the grid changes each value by at most g/2 ≈ M·2^−21.
 */
export function dpSum(values: ArrayLike<number>, options: BoundedOptions): Release<number> {
  requireBudget(options)
  const b = requireBounds(options.bounds)
  requireFiniteValues(values)
  const g = sumGrid(b)
  let total = 0
  for (let i = 0; i < values.length; i++) total += Math.round(clamp(values[i], b) / g)
  if (!Number.isSafeInteger(total)) throw new DpError('DATA_INVALID', 'too many values for an exact sum', [{ path: 'values', message: `${values.length} values` }])
  const steps = Math.ceil(Math.max(Math.abs(b.lower), Math.abs(b.upper)) / g)
  const r = releaseIntegers([total], steps, steps, options, options.what ?? 'sum')
  return { ...r, value: r.value[0] * g, parameters: { ...r.parameters, granularity: g, lower: b.lower, upper: b.upper } }
}

/** The result of {@link dpMean}: the mean and the two noisy releases it is computed from. */
export interface DpMean {
  readonly mean: number
  readonly sum: number
  readonly count: number
}

/**
 * DP mean with declared bounds: a noisy sum ({@link dpSum}) divided by a noisy count ({@link dpCount}), each with
 * half of the privacy parameter (basic composition: ε/2 + ε/2, or ρ/2 + ρ/2). Values are clamped to the bounds
 * explicitly. The ratio is post-processed into [lower, upper] (post-processing is free; a noisy count ≤ 0 gives
 * the midpoint).
 */
export function dpMean(values: ArrayLike<number>, options: BoundedOptions): Release<DpMean> {
  requireBudget(options)
  const b = requireBounds(options.bounds)
  requireFiniteValues(values)
  const half = { ...options, ...halve(options) }
  // Charge both halves before releasing either: check affordability of the total first.
  const cost = options.rho !== undefined ? { rho: options.rho } : { epsilon: options.epsilon as number, delta: 0 }
  if (!options.budget.canAfford(cost)) {
    throw new DpError('PRIVACY_BUDGET_EXCEEDED', `privacy budget exceeded by mean (${options.what ?? 'mean'}): nothing was released`, [
      { path: 'budget', message: `cost ${JSON.stringify(cost)} exceeds what is left, ${JSON.stringify(options.budget.remaining())}` },
    ])
  }
  const sum = dpSum(values, { ...half, what: `${options.what ?? 'mean'}: sum` } as BoundedOptions)
  const count = dpCount(values.length, { ...half, what: `${options.what ?? 'mean'}: count` } as MechanismOptions & AggregatePrivacy)
  const mean = count.value > 0 ? clamp(sum.value / count.value, b) : (b.lower + b.upper) / 2
  return {
    value: { mean, sum: sum.value, count: count.value },
    fitForRelease: sum.fitForRelease && count.fitForRelease,
    mechanism: 'mean (sum / count)',
    cost,
    parameters: { ...sum.parameters, lower: b.lower, upper: b.upper },
  }
}
