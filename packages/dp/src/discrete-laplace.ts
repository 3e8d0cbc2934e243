import { bernoulliExpMinusOne, drawBernoulliExp, drawBernoulliExpBig } from './bernoulli'
import { DpError, invalidParameter } from './errors'
import { positiveRational, rationalToNumber, type RationalLike } from './rational'
import { requireRandomSource, type RandomSource } from './random'
import { drawBelow, drawBelowBig, fairBit } from './uniform'
import { describe, requireInteger, requirePositive } from './validate'

const MAX_SAFE = Number.MAX_SAFE_INTEGER
const MAX_SAFE_BIG = BigInt(MAX_SAFE)
// Outputs are returned as exact doubles: scales are capped so that P(|X| > 2^53 − 1) < e^{−2^13}; a draw beyond
// is never rounded or redrawn but thrown (see outOfRange).
const MAX_SCALE = 2 ** 40

/**
 * Exact sampler of the discrete Laplace distribution (two-sided geometric) with scale b:
 * P(X = x) = (e^{1/b} − 1)/(e^{1/b} + 1) · e^{−|x|/b} for x ∈ ℤ.
 *
 * Canonne, Kamath & Steinke, "The Discrete Gaussian for Differential Privacy" (NeurIPS 2020), Algorithm 2, with
 * b = t/s rational: only integer arithmetic on uniform draws, so the distribution is exact. Adding it to an integer
 * query of sensitivity Δ gives (Δ/b)-DP (pure ε-DP with ε = Δ/b).
 *
 * Arithmetic runs on doubles holding safe integers when t and s are safe integers and, per draw, while u + t·v
 * provably stays ≤ 2^53 − 1 (v below a bound computed exactly from t); otherwise that draw's X = ⌊(u + t·v)/s⌋ is
 * computed with BigInt. No draw is ever discarded or rounded because an intermediate leaves the safe range.
 *
 * @param scale b > 0, a number (taken exactly as the dyadic rational it is) or an exact {@link Rational}; b ≤ 2^40.
 * @returns a function drawing one integer per call. It throws PARAMETER_INVALID in the event |X| > 2^53 − 1
 *   (probability below e^{−8192} at b ≤ 2^40), which no double can hold exactly.
 */
export function discreteLaplace(scale: RationalLike, rng: RandomSource): () => number {
  const b = positiveRational('scale', scale)
  if (b.num > BigInt(MAX_SCALE) * b.den) invalidParameter('scale', `must be ≤ 2^40, got ${rationalToNumber(b)}`)
  const source = requireRandomSource('rng', rng)
  if (b.num <= MAX_SAFE_BIG && b.den <= MAX_SAFE_BIG) return discreteLaplaceSafe(Number(b.num), Number(b.den), source)
  const t = b.num
  const s = b.den
  return () => {
    for (;;) {
      const u = drawBelowBig(t, source)
      if (!drawBernoulliExpBig(u, t, source)) continue
      let v = 0n
      while (bernoulliExpMinusOne(source)) v++
      const y = (u + t * v) / s
      const negative = fairBit(source) === 1
      if (negative && y === 0n) continue // CKS Algorithm 2: reject (negative, 0) so that 0 is not counted twice
      if (y > MAX_SAFE_BIG) outOfRange()
      return negative ? -Number(y) : Number(y)
    }
  }
}

function outOfRange(): never {
  throw new DpError('PARAMETER_INVALID', 'a discrete Laplace draw exceeded 2^53 − 1 and cannot be returned exactly', [
    { path: 'scale', message: 'an event of probability below e^−8192 at scale ≤ 2^40: nothing is rounded or redrawn' },
  ])
}

/** Algorithm 2 with t (numerator) and s (denominator) of the scale safe integers. */
function discreteLaplaceSafe(t: number, s: number, rng: RandomSource): () => number {
  // The largest v with (t − 1) + t·v ≤ 2^53 − 1, computed exactly: below it u + t·v is an exact double.
  const vSafe = Number((MAX_SAFE_BIG - BigInt(t - 1)) / BigInt(t))
  const tBig = BigInt(t)
  const sBig = BigInt(s)
  return () => {
    for (;;) {
      // U uniform in {0..t−1}, kept with probability exp(−U/t): the fractional part of |X|·s/t.
      const u = t === 1 ? 0 : drawBelow(t, rng)
      if (u !== 0 && !drawBernoulliExp(u, t, rng)) continue
      // V geometric: P(V = v) ∝ exp(−v).
      let v = 0
      while (bernoulliExpMinusOne(rng)) v++
      let y: number
      if (v <= vSafe) {
        const x = u + t * v
        y = s === 1 ? x : Math.floor(x / s)
        // Exact floor division of safe integers: x/s can only round up to the next integer, and y·s > x then holds
        // for the rounded product too (a true product ≥ 2^53 rounds to ≥ 2^53 > x).
        if (s !== 1 && y * s > x) y--
      } else {
        const big = (BigInt(u) + tBig * BigInt(v)) / sBig
        if (big > MAX_SAFE_BIG) outOfRange()
        y = Number(big)
      }
      const negative = fairBit(rng) === 1
      if (negative && y === 0) continue // CKS Algorithm 2: reject (negative, 0)
      return negative ? -y : y
    }
  }
}

/** Draws n discrete Laplace values (see {@link discreteLaplace}) into a Float64Array (all integers). */
export function sampleDiscreteLaplace(scale: RationalLike, n: number, rng: RandomSource): Float64Array {
  requireInteger('n', n, 0)
  const draw = discreteLaplace(scale, rng)
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) out[i] = draw()
  return out
}

/** The exact pmf of the discrete Laplace with scale b at x (for tests and reports; uses floating point). */
export function discreteLaplacePmf(x: number, scale: number): number {
  if (typeof x !== 'number' || !Number.isInteger(x)) invalidParameter('x', `expected an integer, got ${describe(x)}`)
  requirePositive('scale', scale)
  const a = Math.exp(-1 / scale)
  return ((1 - a) / (1 + a)) * Math.exp(-Math.abs(x) / scale)
}
