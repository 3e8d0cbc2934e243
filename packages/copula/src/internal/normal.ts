// Φ and Φ⁻¹. Φ is @synthkit/dp's complementary error function (Cody's rational Chebyshev approximations, relative
// error ~1e-15 also deep in the tails); Φ⁻¹ refines the Abramowitz & Stegun 26.2.23 start (|error| < 4.5e-4) by
// Halley's method on Φ (as in P. J. Acklam's refinement step), which at cubic convergence reaches the rounding
// noise of Φ in two or three steps. Below p = 1e-300, where Φ's density underflows in the step, the same Newton step
// runs on ln Φ from its asymptotic expansion (A&S 26.2.12).
import { erfc } from '@synthkit/dp'

const SQRT_2PI = 2.50662827463100050242
const LN_SQRT_2PI = 0.91893853320467274178

/** Φ(z), the standard normal CDF, accurate in relative terms in the lower tail. */
export function phi(z: number): number {
  return 0.5 * erfc(-z * Math.SQRT1_2)
}

/**
 * Φ(z) − ½ = ½·erf(z/√2) for |z| ≤ 0.7 by its Maclaurin series (A&S 7.1.5): erf(x) = (2/√π) Σ (−1)ⁿ x^(2n+1) /
 * (n!(2n + 1)); at x ≤ 0.5 the terms fall by x²/n, so 20 of them reach double precision.
 */
function phiMinusHalf(z: number): number {
  const x = z * Math.SQRT1_2
  const x2 = x * x
  let term = x
  let sum = x
  for (let n = 1; n < 30; n++) {
    term *= -x2 / n
    const add = term / (2 * n + 1)
    sum += add
    if (Math.abs(add) <= 1e-17 * Math.abs(sum)) break
  }
  return sum / Math.sqrt(Math.PI) // ½ · (2/√π) · Σ
}

/** Abramowitz & Stegun 26.2.23: the upper-tail quantile for 0 < q ≤ 0.5, |error| < 4.5e-4. */
function upperTailStart(q: number): number {
  const t = Math.sqrt(-2 * Math.log(q))
  return t - (2.515517 + t * (0.802853 + t * 0.010328)) / (1 + t * (1.432788 + t * (0.189269 + t * 0.001308)))
}

/** ln Φ(z) for z ≤ −37 by A&S 26.2.12: −z²/2 − ln(−z) − ln √(2π) + ln(1 − 1/z² + 3/z⁴ − 15/z⁶ + 105/z⁸). */
function logPhiFarTail(z: number): number {
  const r = 1 / (z * z)
  return -0.5 * z * z - Math.log(-z) - LN_SQRT_2PI + Math.log1p(-r * (1 - r * (3 - r * (15 - r * 105))))
}

/** Φ⁻¹(p), the standard normal quantile: −∞ at 0, +∞ at 1, NaN outside [0, 1]. */
export function phiInverse(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN
  if (p === 0) return Number.NEGATIVE_INFINITY
  if (p === 1) return Number.POSITIVE_INFINITY
  // The smaller tail; 1 − p is exact for p ≥ 0.5 (Sterbenz), so both tails keep full accuracy.
  const q = p < 0.5 ? p : 1 - p
  if (q === 0.5) return 0
  let z = -upperTailStart(q)
  if (q < 1e-300) {
    const target = Math.log(q)
    for (let i = 0; i < 20; i++) {
      // d ln Φ / dz = φ/Φ ≈ −z − 1/z (+ O(z⁻³)): Newton converges with ratio ~z⁻⁴ < 1e-6 per step.
      const step = (logPhiFarTail(z) - target) / (-z - 1 / z)
      z -= step
      if (Math.abs(step) <= 1e-15 * Math.abs(z)) break
    }
  } else {
    // Near the centre the residual is taken as (Φ(z) − ½) − (q − ½): q − ½ is exact (Sterbenz) and Φ(z) − ½ comes
    // from its own series, so z keeps its relative digits as it nears 0 (Φ(z) − q would leave only absolute ones).
    const central = q > 0.25
    const offset = q - 0.5
    for (let i = 0; i < 6; i++) {
      const residual = central ? phiMinusHalf(z) - offset : phi(z) - q
      const u = residual * SQRT_2PI * Math.exp(0.5 * z * z) // (Φ(z) − q)/φ(z)
      const step = u / (1 + 0.5 * z * u)
      z -= step
      if (Math.abs(step) <= 1e-15 * Math.abs(z)) break
    }
  }
  return p < 0.5 ? z : -z
}
