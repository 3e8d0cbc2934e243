import { drawBernoulliExp, drawBernoulliExpBig } from './bernoulli'
import { discreteLaplace } from './discrete-laplace'
import { invalidParameter } from './errors'
import { isqrt, positiveRational, rational, type Rational, type RationalLike } from './rational'
import { requireRandomSource, type RandomSource } from './random'
import { requireInteger } from './validate'

const MAX_SAFE = Number.MAX_SAFE_INTEGER

/** σ² as an exact rational, from σ given as a number (squared exactly) or from an exact σ² rational. */
export function sigmaSquared(sigma: RationalLike | { readonly sigmaSquared: Rational }): Rational {
  if (typeof sigma === 'object' && sigma !== null && 'sigmaSquared' in sigma) return positiveRational('sigmaSquared', sigma.sigmaSquared)
  const s = positiveRational('sigma', sigma)
  return rational(s.num * s.num, s.den * s.den, 'sigma')
}

/**
 * Exact sampler of the discrete Gaussian N_ℤ(0, σ²): P(X = x) ∝ exp(−x²/(2σ²)) for x ∈ ℤ.
 *
 * Canonne, Kamath & Steinke, "The Discrete Gaussian for Differential Privacy" (NeurIPS 2020), Algorithm 3:
 * draw Y from the discrete Laplace with scale t = ⌊σ⌋ + 1 and accept with probability
 * exp(−(|Y| − σ²/t)²/(2σ²)), evaluated exactly on rationals. Adding it to an integer query of sensitivity Δ gives
 * (Δ²/(2σ²))-zCDP (CKS Theorem 4) and (ε, δ)-DP with δ from CKS Theorem 7 (never worse than the continuous
 * Gaussian with the same σ, Δ).
 *
 * Arithmetic runs on doubles holding safe integers while every product fits (σ² with small numerator and
 * denominator: integers, halves, …), on BigInt otherwise.
 *
 * @param sigma σ > 0 as a number (σ² taken exactly) or `{ sigmaSquared: Rational }`; σ ≤ 2^40.
 */
export function discreteGaussian(sigma: RationalLike | { readonly sigmaSquared: Rational }, rng: RandomSource): () => number {
  const s2 = sigmaSquared(sigma)
  const p = s2.num
  const q = s2.den
  if (p > (1n << 80n) * q) invalidParameter('sigma', 'must be ≤ 2^40')
  rng = requireRandomSource('rng', rng)
  const t = isqrt(p / q) + 1n
  const laplace = discreteLaplace({ num: t, den: 1n }, rng)
  // Acceptance exponent γ(Y) = (|Y|·t·q − p)² / (2·p·q·t²).
  const denBig = 2n * p * q * t * t
  if (denBig <= BigInt(MAX_SAFE) && p <= BigInt(MAX_SAFE)) {
    const pn = Number(p)
    const tq = Number(t * q)
    const den = Number(denBig)
    return () => {
      for (;;) {
        const y = laplace()
        const base = Math.abs(y) * tq - pn
        const num = base * base
        // Exact while every intermediate is a safe integer; otherwise redo this one step on BigInt.
        const accept =
          Math.abs(y) * tq <= MAX_SAFE && num <= MAX_SAFE
            ? drawBernoulliExp(num, den, rng)
            : drawBernoulliExpBig((BigInt(Math.abs(y)) * t * q - p) ** 2n, denBig, rng)
        if (accept) return y
      }
    }
  }
  return () => {
    for (;;) {
      const y = laplace()
      const base = BigInt(Math.abs(y)) * t * q - p
      if (drawBernoulliExpBig(base * base, denBig, rng)) return y
    }
  }
}

/** Draws n discrete Gaussian values (see {@link discreteGaussian}) into a Float64Array (all integers). */
export function sampleDiscreteGaussian(
  sigma: RationalLike | { readonly sigmaSquared: Rational },
  n: number,
  rng: RandomSource,
): Float64Array {
  requireInteger('n', n, 0)
  const draw = discreteGaussian(sigma, rng)
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) out[i] = draw()
  return out
}
