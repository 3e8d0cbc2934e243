import { bernoulliExp, bernoulliExpBig, bernoulliExpMinusOne } from './bernoulli'
import { invalidParameter } from './errors'
import { positiveRational, type RationalLike } from './rational'
import type { RandomSource } from './random'
import { fairBit, uniformBelow, uniformBelowBig } from './uniform'

const MAX_SAFE = Number.MAX_SAFE_INTEGER
// Outputs must stay exact doubles: scales are capped so that P(|X| ≥ 2^53) is below 2^-(2^12) or so.
const MAX_SCALE = 2 ** 40

/**
 * Exact sampler of the discrete Laplace distribution (two-sided geometric) with scale b:
 * P(X = x) = (e^{1/b} − 1)/(e^{1/b} + 1) · e^{−|x|/b} for x ∈ ℤ.
 *
 * Canonne, Kamath & Steinke, "The Discrete Gaussian for Differential Privacy" (NeurIPS 2020), Algorithm 2, with
 * b = t/s rational: only integer arithmetic on uniform draws, so the distribution is exact. Adding it to an integer
 * query of sensitivity Δ gives (Δ/b)-DP (pure ε-DP with ε = Δ/b).
 *
 * @param scale b > 0, a number (taken exactly as the dyadic rational it is) or an exact {@link Rational}; b ≤ 2^40.
 * @returns a function drawing one integer per call.
 */
export function discreteLaplace(scale: RationalLike, rng: RandomSource): () => number {
  const b = positiveRational('scale', scale)
  if (b.num > BigInt(MAX_SCALE) * b.den) invalidParameter('scale', `must be ≤ 2^40, got ${Number(b.num) / Number(b.den)}`)
  if (b.num <= BigInt(MAX_SAFE) && b.den <= BigInt(MAX_SAFE)) {
    return discreteLaplaceSafe(Number(b.num), Number(b.den), rng)
  }
  const t = b.num
  const s = b.den
  return () => {
    for (;;) {
      const u = uniformBelowBig(t, rng)
      if (!bernoulliExpBig(u, t, rng)) continue
      let v = 0n
      while (bernoulliExpMinusOne(rng)) v++
      const y = (u + t * v) / s
      const negative = fairBit(rng) === 1
      if (negative && y === 0n) continue
      return negative ? -Number(y) : Number(y)
    }
  }
}

/** Algorithm 2 on doubles holding safe integers (t = numerator, s = denominator of the scale). */
function discreteLaplaceSafe(t: number, s: number, rng: RandomSource): () => number {
  return () => {
    for (;;) {
      // U uniform in {0..t−1}, kept with probability exp(−U/t): the fractional part of |X|·s/t.
      const u = t === 1 ? 0 : uniformBelow(t, rng)
      if (u !== 0 && !bernoulliExp(u, t, rng)) continue
      // V geometric: P(V = v) ∝ exp(−v).
      let v = 0
      while (bernoulliExpMinusOne(rng)) v++
      const x = u + t * v
      if (x > MAX_SAFE) continue // probability < exp(−2^13): never in practice, but never a rounded value
      let y = s === 1 ? x : Math.floor(x / s)
      if (s !== 1 && y * s > x) y-- // exact floor division of safe integers
      const negative = fairBit(rng) === 1
      if (negative && y === 0) continue
      return negative ? -y : y
    }
  }
}

/** Draws n discrete Laplace values (see {@link discreteLaplace}) into a Float64Array (all integers). */
export function sampleDiscreteLaplace(scale: RationalLike, n: number, rng: RandomSource): Float64Array {
  const draw = discreteLaplace(scale, rng)
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) out[i] = draw()
  return out
}

/** The exact pmf of the discrete Laplace with scale b at x (for tests and reports; uses floating point). */
export function discreteLaplacePmf(x: number, scale: number): number {
  const a = Math.exp(-1 / scale)
  return ((1 - a) / (1 + a)) * Math.exp(-Math.abs(x) / scale)
}
