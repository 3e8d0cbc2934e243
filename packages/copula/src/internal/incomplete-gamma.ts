// The regularised lower incomplete gamma function P(a, x) and its inverse in x: the CDF and quantile of the gamma
// distribution. Series and continued fraction as in Press et al., "Numerical Recipes", 3rd ed., §6.2 (the series
// below x = a + 1, the Legendre continued fraction of Q = 1 − P above, evaluated by the modified Lentz method);
// the inverse by Halley's method from the starting values of §6.2.1, inside a bracket that bisection keeps.
import { lentzStart, lentzStep } from './lentz'
import { logGammaKernel } from './log-gamma'

const EPS = 2 ** -53
const TINY = 1e-300
const MAX_TERMS = 100_000
const STEP_TOLERANCE = 1e-13

/** Σ x^n / (a (a + 1) … (a + n)), so that P(a, x) = x^a e^(−x) / Γ(a) · sum (converges for x < a + 1 fast). */
function lowerSeries(a: number, x: number): number {
  let term = 1 / a
  let sum = term
  for (let n = 1; n < MAX_TERMS; n++) {
    term *= x / (a + n)
    sum += term
    if (term < sum * EPS) break
  }
  return sum
}

/** The continued fraction of Q(a, x)·Γ(a)·e^x / x^a (modified Lentz), for x ≥ a + 1. */
function upperFraction(a: number, x: number): number {
  let b = x + 1 - a
  const s = lentzStart(1 / TINY, b)
  for (let i = 1; i < MAX_TERMS; i++) {
    b += 2
    if (Math.abs(lentzStep(s, -i * (i - a), b) - 1) < EPS) break
  }
  return s.value
}

/** P(a, x) = γ(a, x)/Γ(a), shape a > 0 (0 for x ≤ 0, 1 at +∞, NaN for NaN). */
export function regularizedGammaP(a: number, x: number): number {
  if (Number.isNaN(a) || Number.isNaN(x) || !(a > 0)) return Number.NaN
  if (x <= 0) return 0
  if (x === Number.POSITIVE_INFINITY) return 1
  const kernel = Math.exp(logGammaKernel(a, x))
  if (x < a + 1) return Math.min(1, kernel * lowerSeries(a, x))
  return Math.max(0, 1 - kernel * upperFraction(a, x))
}

/** The x with P(a, x) = p (0 at p = 0, +∞ at p = 1, NaN outside [0, 1]). */
export function inverseRegularizedGammaP(p: number, a: number): number {
  if (Number.isNaN(p) || Number.isNaN(a) || !(a > 0) || p < 0 || p > 1) return Number.NaN
  if (p === 0) return 0
  if (p === 1) return Number.POSITIVE_INFINITY
  let x: number
  if (a > 1) {
    // Wilson–Hilferty: x ≈ a(1 − 1/(9a) + z/(3√a))³, z from Abramowitz & Stegun 26.2.22.
    const z = normalQuantileStart(p)
    x = Math.max(1e-3 * a, a * (1 - 1 / (9 * a) + z / (3 * Math.sqrt(a))) ** 3)
  } else {
    // Small shapes: P ≈ t·(x/x_t)^a below p = t and an exponential tail above (NR3 §6.2.1).
    const t = 1 - a * (0.253 + a * 0.12)
    x = p < t ? (p / t) ** (1 / a) : 1 - Math.log1p(-(p - t) / (1 - t))
  }
  let lo = 0
  let hi = Number.POSITIVE_INFINITY
  for (let iter = 0; iter < 200; iter++) {
    const err = regularizedGammaP(a, x) - p
    if (err === 0) return x
    if (err > 0) hi = Math.min(hi, x)
    else lo = Math.max(lo, x)
    // density x^(a−1) e^(−x)/Γ(a); Halley's correction uses f''/f' = (a − 1)/x − 1.
    const density = Math.exp(logGammaKernel(a, x)) / x
    let next: number
    if (density > 0 && Number.isFinite(density)) {
      const u = err / density
      // the correction factor is kept in [½, 3/2]: far from the root (u huge) the step is Newton's, which the
      // bracket then catches
      next = x - u / (1 - 0.5 * Math.max(-1, Math.min(1, u * ((a - 1) / x - 1))))
    } else next = Number.NaN
    // Halley converges cubically: after a step below 1e-13·x, x is at the rounding noise of P (checked before the
    // bracket, which a step below one ulp would leave).
    if (Math.abs(next - x) <= STEP_TOLERANCE * x) return next >= lo && next <= hi ? next : x
    if (!(next > lo && next < hi)) next = hi === Number.POSITIVE_INFINITY ? 2 * Math.max(x, lo, 1) : lo > 0 ? Math.sqrt(lo * hi) : hi / 2
    x = next
  }
  return x
}

/**
 * A start for Φ⁻¹(p) good to 3e-3 (Abramowitz & Stegun 26.2.22), for the starting values of the inverses; the
 * accurate Φ⁻¹ is in normal.ts.
 */
export function normalQuantileStart(p: number): number {
  const q = p < 0.5 ? p : 1 - p
  const t = Math.sqrt(-2 * Math.log(q))
  const z = t - (2.30753 + 0.27061 * t) / (1 + t * (0.99229 + 0.04481 * t))
  return p < 0.5 ? -z : z
}
