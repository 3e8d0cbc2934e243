import { drawBernoulliExpBig } from './bernoulli'
import { DpError, invalidParameter } from './errors'
import { rationalFromNumber } from './rational'
import { chargeThenRelease, requireBudget, sourceOf, type MechanismOptions, type Release } from './release'
import { drawBelow } from './uniform'
import { describe, requireArrayLike, requireInteger, requirePositive } from './validate'

/** Options of {@link randomizedResponse}. */
export interface RandomizedResponseOptions extends MechanismOptions {
  readonly epsilon: number
  /** Number of categories k ≥ 2; values are codes 0 … k−1. */
  readonly categories: number
}

/**
 * k-ary randomized response (Warner 1965; Kairouz, Oh & Viswanath 2014): each code is kept with probability
 * e^ε/(e^ε + k − 1) and otherwise replaced by one of the other k − 1 codes uniformly. Guarantee: ε-local DP per
 * value (so ε-DP for the whole column under replacement of one record).
 *
 * Sampled exactly: propose a code uniformly; accept the true code always and any other with Bernoulli(exp(−ε))
 * (exact, Canonne, Kamath & Steinke 2020, Algorithm 1), which gives exactly the probabilities above.
 */
export function randomizedResponse(codes: ArrayLike<number>, options: RandomizedResponseOptions): Release<Int32Array> {
  const budget = requireBudget(options)
  const epsilon = requirePositive('epsilon', options.epsilon)
  const k = requireInteger('categories', options.categories, 2)
  // Rejection costs ≤ k proposals per code in the worst case (large ε): keep k moderate.
  if (k > 2 ** 20) invalidParameter('categories', `at most 2^20 categories, got ${k}`)
  const xs = requireArrayLike<number>('codes', codes)
  const issues = []
  for (let i = 0; i < xs.length; i++) {
    const c = xs[i]
    if (typeof c !== 'number' || !Number.isInteger(c) || c < 0 || c >= k) {
      issues.push({ path: `codes.${i}`, message: `expected an integer code in [0, ${k}), got ${describe(c)}` })
    }
    if (issues.length >= 20) break
  }
  if (issues.length > 0) throw new DpError('DATA_INVALID', 'codes out of range', issues)
  const rng = sourceOf(options)
  const e = rationalFromNumber(epsilon)
  const keep = Math.exp(epsilon) / (Math.exp(epsilon) + k - 1)
  return chargeThenRelease(
    budget,
    rng,
    options.what,
    'randomized response',
    {
      epsilon,
      delta: 0,
    },
    { epsilon, categories: k, keepProbability: keep },
    () => {
      const out = new Int32Array(xs.length)
      for (let i = 0; i < xs.length; i++) {
        const truth = xs[i]
        for (;;) {
          const j = drawBelow(k, rng)
          if (j === truth || drawBernoulliExpBig(e.num, e.den, rng)) {
            out[i] = j
            break
          }
        }
      }
      return out
    },
  )
}
