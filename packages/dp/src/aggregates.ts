import { clamp, requireBounds, requireFiniteValues, type Bounds } from './bounds'
import { DpError, invalidParameter } from './errors'
import { prepareDiscreteGaussian } from './gaussian-mechanism'
import { prepareDiscreteLaplace } from './laplace-mechanism'
import { drawCharged, requireBudget, run, type MechanismOptions, type PreparedRelease, type Release } from './release'
import { describe, optionalString } from './validate'

/** Pure ε-DP (discrete Laplace noise) or ρ-zCDP (discrete Gaussian noise). */
export type AggregatePrivacy =
  | { readonly epsilon: number; readonly rho?: undefined }
  | { readonly rho: number; readonly epsilon?: undefined }

/** Options of the bounded aggregates. */
export type BoundedOptions = MechanismOptions &
  AggregatePrivacy & {
    /** Declared bounds (required): values outside are clamped to them, explicitly. */
    readonly bounds: Bounds
  }

/** Checks the privacy option of an aggregate: exactly one of `epsilon` and `rho`. */
function privacyOf(options: { readonly epsilon?: unknown; readonly rho?: unknown }): AggregatePrivacy {
  if (options.rho !== undefined && options.epsilon !== undefined)
    invalidParameter('rho', 'give either epsilon (discrete Laplace) or rho (discrete Gaussian), not both')
  return options.rho !== undefined ? { rho: options.rho as number } : { epsilon: options.epsilon as number }
}

/** Prepares the release of integer values with the discrete Laplace (L1 sensitivity) or discrete Gaussian (L2). */
export function prepareIntegers(
  ints: ArrayLike<number>,
  l1: number,
  l2: number,
  options: MechanismOptions & AggregatePrivacy,
  what: string,
): PreparedRelease<Float64Array> {
  const p = privacyOf(options)
  if (p.rho !== undefined)
    return prepareDiscreteGaussian(ints, { budget: options.budget, rng: options.rng, what, rho: p.rho, sensitivity: l2 })
  return prepareDiscreteLaplace(ints, { budget: options.budget, rng: options.rng, what, epsilon: p.epsilon, sensitivity: l1 })
}

/** Releases integer values with the discrete Laplace (L1 sensitivity) or discrete Gaussian (L2 sensitivity). */
export function releaseIntegers(
  ints: ArrayLike<number>,
  l1: number,
  l2: number,
  options: MechanismOptions & AggregatePrivacy,
  what: string,
): Release<Float64Array> {
  return run(prepareIntegers(ints, l1, l2, options, what))
}

function halve(p: AggregatePrivacy): AggregatePrivacy {
  if (p.rho !== undefined) return typeof p.rho === 'number' ? { rho: p.rho / 2 } : p
  return typeof p.epsilon === 'number' ? { epsilon: p.epsilon / 2 } : p
}

function scalar<T>(p: PreparedRelease<Float64Array>, f: (x: number) => T): PreparedRelease<T> {
  return { ...p, draw: () => f(p.draw()[0]) }
}

function prepareCount(values: unknown, options: MechanismOptions & AggregatePrivacy): PreparedRelease<number> {
  requireBudget(options)
  const n =
    typeof values === 'number'
      ? values
      : Array.isArray(values) || ArrayBuffer.isView(values)
        ? (values as ArrayLike<unknown>).length
        : Number.NaN
  if (!Number.isSafeInteger(n) || n < 0)
    throw new DpError('DATA_INVALID', 'count must be a non-negative integer', [
      { path: 'values', message: `expected an array or a count, got ${describe(values)}` },
    ])
  return scalar(prepareIntegers([n], 1, 1, options, optionalString('what', options.what) ?? 'count'), (x) => x)
}

/**
 * DP count of records: the number of values plus discrete Laplace (ε-DP) or discrete Gaussian (ρ-zCDP) noise of
 * sensitivity 1 (add/remove one record). Exact integer noise (Canonne, Kamath & Steinke 2020). The noisy count can
 * be negative: it is returned as is (clip it yourself if you need to; post-processing costs no privacy).
 */
export function dpCount(values: ArrayLike<unknown> | number, options: MechanismOptions & AggregatePrivacy): Release<number> {
  return run(prepareCount(values, options))
}

/**
 * Grid for a bounded sum: step 2^(⌊log2 M⌋ − 20) with M = max(|min|, |max|), so each clamped value is at most
 * ~2^21 steps and the sum of up to 2^31 values stays an exact integer.
 */
function sumGrid(b: Bounds): number {
  const m = Math.max(Math.abs(b.min), Math.abs(b.max))
  const g = 2 ** (Math.floor(Math.log2(m)) - 20)
  if (!(g > 0) || !Number.isFinite(g))
    throw new DpError('PARAMETER_INVALID', 'bounds too close to zero for a sum grid', [
      { path: 'bounds', message: `max(|min|, |max|) = ${m}` },
    ])
  return g
}

function prepareSum(values: unknown, options: BoundedOptions, what: string): PreparedRelease<number> {
  requireBudget(options)
  const b = requireBounds(options.bounds)
  const xs = requireFiniteValues(values)
  const g = sumGrid(b)
  let total = 0
  for (let i = 0; i < xs.length; i++) total += Math.round(clamp(xs[i], b) / g)
  if (!Number.isSafeInteger(total))
    throw new DpError('DATA_INVALID', 'too many values for an exact sum', [{ path: 'values', message: `${xs.length} values` }])
  const steps = Math.ceil(Math.max(Math.abs(b.min), Math.abs(b.max)) / g)
  const p = prepareIntegers([total], steps, steps, options, what)
  return { ...scalar(p, (x) => x * g), parameters: { ...p.parameters, granularity: g, min: b.min, max: b.max } }
}

/**
 * DP sum of a column with declared bounds. Each value is clamped to [min, max] (explicitly: values outside count
 * as the bound), rounded to a grid of step g = 2^k, and the grid integers are summed EXACTLY; discrete noise of
 * sensitivity ⌈M/g⌉ steps, M = max(|min|, |max|) (add/remove one record), is added and the result scaled
 * back. Summing exact integers avoids the floating-point sum sensitivity bug of Casacuberta et al. (CCS 2022);
 * the grid avoids Mironov's (CCS 2012) low-bit leak. ε-DP (discrete Laplace) or ρ-zCDP (discrete Gaussian).
 * Rounding to the grid changes each value by at most g/2 ≈ M·2^−21.
 */
export function dpSum(values: ArrayLike<number>, options: BoundedOptions): Release<number> {
  requireBudget(options)
  return run(prepareSum(values, options, optionalString('what', options.what) ?? 'sum'))
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
 * explicitly. The ratio is post-processed into [min, max] (post-processing is free; a noisy count ≤ 0 gives
 * the midpoint). Both halves are checked and both charges are known to fit before either is recorded.
 */
export function dpMean(values: ArrayLike<number>, options: BoundedOptions): Release<DpMean> {
  const budget = requireBudget(options)
  const b = requireBounds(options.bounds)
  const xs = requireFiniteValues(values)
  const what = optionalString('what', options.what) ?? 'mean'
  const p = privacyOf(options)
  const half = { ...options, ...halve(p) } as BoundedOptions
  const sum = prepareSum(xs, half, `${what}: sum`)
  const count = prepareCount(xs.length, half)
  const countPart = { ...count, what: `${what}: count` }
  if (!budget.canAffordAll([sum.cost, count.cost])) {
    throw new DpError('PRIVACY_BUDGET_EXCEEDED', `privacy budget exceeded by mean (${what}): nothing was released`, [
      {
        path: 'budget',
        message: `cost ${JSON.stringify([sum.cost, count.cost])} exceeds what is left, ${JSON.stringify(budget.remaining())}`,
      },
    ])
  }
  // Both charges fit (exactly), so recording them one after the other cannot fail half-way.
  for (const part of [sum, countPart])
    budget.charge({ what: part.what, mechanism: part.mechanism, parameters: part.parameters, cost: part.cost })
  const s = drawCharged(sum)
  const c = drawCharged(countPart)
  const mean = c.value > 0 ? clamp(s.value / c.value, b) : (b.min + b.max) / 2
  const cost = p.rho !== undefined ? { rho: p.rho } : { epsilon: p.epsilon as number, delta: 0 }
  return {
    value: { mean, sum: s.value, count: c.value },
    fitForRelease: s.fitForRelease && c.fitForRelease,
    mechanism: 'mean (sum / count)',
    cost,
    parameters: { ...s.parameters, min: b.min, max: b.max },
  }
}
