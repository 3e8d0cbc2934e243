import { discreteLaplace } from './discrete-laplace'
import { gridFor, toGrid } from './grid'
import { addExact, integerScaleAtLeast } from './laplace-mechanism'
import { chargeThenRelease, requireBudget, sourceOf, type MechanismOptions, type Release } from './release'
import { requireArrayLike, requireFinite, requirePositive } from './validate'

/** Options of {@link aboveThreshold}. */
export interface AboveThresholdOptions extends MechanismOptions {
  readonly epsilon: number
  /** Sensitivity Δ of every query. */
  readonly sensitivity: number
  readonly threshold: number
  /** Grid step (power of two) on which queries, threshold and noise live; default from Δ. */
  readonly granularity?: number
}

/**
 * Sparse vector, AboveThreshold (Dwork & Roth 2014, Algorithm 1; Lyu, Su & Li, "Understanding the Sparse Vector
 * Technique for Differential Privacy", VLDB 2017): perturb the threshold once with Laplace(2Δ/ε) and each query with
 * Laplace(4Δ/ε); release the index of the first query whose noisy answer reaches the noisy threshold, or null.
 * Guarantee: ε-DP for any number of queries, each of sensitivity Δ; only the index is released.
 *
 * Float-safe: queries and threshold are rounded to a grid g = 2^k and the noises are exact discrete Laplace on the
 * grid; with Δ_g = ⌊Δ/g⌋ + 1 steps the proof of AboveThreshold carries over to integers unchanged.
 */
export function aboveThreshold(queries: ArrayLike<number>, options: AboveThresholdOptions): Release<number | null> {
  const budget = requireBudget(options)
  const epsilon = requirePositive('epsilon', options.epsilon)
  const sensitivity = requirePositive('sensitivity', options.sensitivity)
  const threshold = requireFinite('threshold', options.threshold)
  const g = gridFor(sensitivity, options.granularity)
  const t = toGrid(threshold, g, 'threshold')
  const qs = requireArrayLike<number>('queries', queries)
  const q = new Float64Array(qs.length)
  for (let i = 0; i < qs.length; i++) q[i] = toGrid(qs[i], g, `queries.${i}`)
  const steps = Math.floor(sensitivity / g) + 1
  const thresholdScale = integerScaleAtLeast(2 * steps, epsilon)
  const queryScale = integerScaleAtLeast(4 * steps, epsilon)
  const rng = sourceOf(options)
  const parameters = { epsilon, sensitivity, granularity: g, thresholdScale: thresholdScale * g, queryScale: queryScale * g }
  // Samplers built before the charge (their checks happen here); only draws happen after it.
  const thresholdNoise = discreteLaplace(thresholdScale, rng)
  const queryNoise = discreteLaplace(queryScale, rng)
  return chargeThenRelease(budget, rng, options.what, 'AboveThreshold', { epsilon, delta: 0 }, parameters, () => {
    // Sums of grid integers and noise are checked to be exact (addExact throws rather than round).
    const noisyT = addExact(t, thresholdNoise())
    for (let i = 0; i < q.length; i++) if (addExact(q[i], queryNoise()) >= noisyT) return i
    return null
  })
}
