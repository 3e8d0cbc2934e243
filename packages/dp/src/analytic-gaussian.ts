import { either as E } from 'fp-ts'
import { DpError, invalidParameter, tryDp } from './errors'
import { normalCdf } from './normal'
import { requireDelta, requireNonNegative, requirePositive } from './validate'

/**
 * The smallest δ for which adding N(0, σ²) to a query of L2 sensitivity Δ is (ε, δ)-DP: Balle & Wang,
 * "Improving the Gaussian Mechanism for Differential Privacy: Analytical Calibration and Optimal Denoising"
 * (ICML 2018), Theorem 8: δ = Φ(Δ/(2σ) − εσ/Δ) − e^ε Φ(−Δ/(2σ) − εσ/Δ). This is exact (necessary and sufficient).
 */
export function gaussianDelta(sigma: number, epsilon: number, sensitivity: number): number {
  requirePositive('sigma', sigma)
  requireNonNegative('epsilon', epsilon)
  requirePositive('sensitivity', sensitivity)
  const a = sensitivity / (2 * sigma)
  const b = (epsilon * sigma) / sensitivity
  const d = normalCdf(a - b) - Math.exp(epsilon + Math.log(normalCdf(-a - b)))
  return Math.max(0, d)
}

/**
 * The smallest σ for which the Gaussian mechanism N(0, σ²) on a query of L2 sensitivity Δ is (ε, δ)-DP, by the
 * analytic calibration of Balle & Wang (ICML 2018, Theorem 8 / Algorithm 1): bisection on the exact condition
 * {@link gaussianDelta}(σ) ≤ δ, which is monotone in σ. Valid for every ε > 0 (the classical
 * σ = Δ√(2 ln(1.25/δ))/ε bound needs ε < 1 and is up to several times larger).
 *
 * The returned σ is the upper end of the final bracket, raised by a relative 1e-9 to cover the rounding of the
 * floating-point normal CDF: it always satisfies the condition, and exceeds the exact optimum by at most ~1e-9.
 * Throws PARAMETER_INVALID for ε ≤ 0, δ ∉ (0, 1), Δ ≤ 0, NaN or ∞.
 */
export function analyticGaussianSigma(epsilon: number, delta: number, sensitivity: number): number {
  requirePositive('epsilon', epsilon)
  requireDelta('delta', delta)
  requirePositive('sensitivity', sensitivity)
  let hi = sensitivity
  while (gaussianDelta(hi, epsilon, sensitivity) > delta) {
    hi *= 2
    if (!Number.isFinite(hi))
      throw new DpError('PARAMETER_INVALID', 'no finite σ meets (ε, δ)', [{ path: 'delta', message: `δ = ${delta} is too small` }])
  }
  let lo = hi / 2
  while (lo > 0 && gaussianDelta(lo, epsilon, sensitivity) <= delta) lo /= 2
  // Invariant: δ(lo) > δ_target ≥ δ(hi).
  for (let i = 0; i < 200 && hi - lo > hi * 1e-15; i++) {
    const mid = (lo + hi) / 2
    if (gaussianDelta(mid, epsilon, sensitivity) > delta) lo = mid
    else hi = mid
  }
  return hi * (1 + 1e-9)
}

/** Either form of {@link analyticGaussianSigma}. */
export function analyticGaussianSigmaE(epsilon: number, delta: number, sensitivity: number): E.Either<DpError, number> {
  return tryDp(() => analyticGaussianSigma(epsilon, delta, sensitivity))
}

/**
 * The classical Gaussian calibration σ = Δ·√(2 ln(1.25/δ))/ε (Dwork & Roth 2014, Theorem A.1). The theorem needs
 * ε < 1 and the formula is NOT (ε, δ)-DP beyond (ε = 20, δ = 1e−5 gives a true δ ≈ 1.5e−3), so ε ≥ 1 is refused
 * with PARAMETER_INVALID, as diffprivlib does: use {@link analyticGaussianSigma}, valid for every ε > 0 and smaller.
 */
export function classicalGaussianSigma(epsilon: number, delta: number, sensitivity: number): number {
  requirePositive('epsilon', epsilon)
  if (epsilon >= 1) {
    invalidParameter(
      'epsilon',
      `the classical calibration holds only for ε < 1, got ${epsilon}: use analyticGaussianSigma(ε, δ, Δ) (Balle & Wang 2018), valid for every ε`,
    )
  }
  requireDelta('delta', delta)
  requirePositive('sensitivity', sensitivity)
  return (sensitivity * Math.sqrt(2 * Math.log(1.25 / delta))) / epsilon
}
