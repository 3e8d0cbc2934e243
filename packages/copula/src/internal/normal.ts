// Φ and Φ⁻¹. Φ is @synthkit/dp's complementary error function (Cody's rational Chebyshev approximations, relative
// error ~1e-15 also deep in the tails); Φ⁻¹ refines Acklam's approximation (relative error < 1.15e-9) by one step of
// Halley's method on Φ (Acklam's own refinement), which at cubic convergence reaches the rounding noise of Φ.
// Below p = 1e-300, where Φ's density underflows in the step, a Newton step runs on ln Φ from its asymptotic
// expansion (A&S 26.2.12) instead.
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

// P. J. Acklam's rational approximation of Φ⁻¹ ("An algorithm for computing the inverse normal cumulative
// distribution function", 2003): relative error below 1.15e-9 on (0, 1), so one Halley step reaches double precision.
const A = [-39.69683028665376, 220.9460984245205, -275.928510446969, 138.357751867269, -30.66479806614716, 2.506628277459239]
const B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572]
const C = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783]
const D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416]
const P_LOW = 0.02425

/** Acklam's approximation of Φ⁻¹(q) for 0 < q ≤ ½ (the lower half; the caller mirrors the upper one). */
function lowerHalfStart(q: number): number {
  if (q < P_LOW) {
    const r = Math.sqrt(-2 * Math.log(q))
    return (((((C[0] * r + C[1]) * r + C[2]) * r + C[3]) * r + C[4]) * r + C[5]) / ((((D[0] * r + D[1]) * r + D[2]) * r + D[3]) * r + 1)
  }
  const x = q - 0.5
  const r = x * x
  return (
    ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * x) /
    (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1)
  )
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
  let z = lowerHalfStart(q)
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
      // cubic convergence: after a step below 1e-6·|z| the error left is below ~1e-17·|z|
      if (Math.abs(step) <= 1e-6 * Math.abs(z)) break
    }
  }
  return p < 0.5 ? z : -z
}
