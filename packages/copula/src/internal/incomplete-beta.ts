// The regularised incomplete beta function I_x(a, b) and its inverse in x: the CDF and quantile of the beta
// distribution. The continued fraction of Press et al., "Numerical Recipes", 3rd ed., §6.4 (evaluated by the modified
// Lentz method, on the side of x̄ = (a + 1)/(a + b + 2) where it converges fast, with I_x(a, b) = 1 − I_{1−x}(b, a)
// on the other); the inverse by Halley's method from the starting values of §6.4.1, inside a bracket that bisection
// keeps.
import { normalQuantileStart } from './incomplete-gamma'
import { lentzStart, lentzStep } from './lentz'
import { logBetaKernel, logGamma } from './log-gamma'

const EPS = 2 ** -53
const MAX_TERMS = 100_000
const STEP_TOLERANCE = 1e-13

/** The continued fraction of I_x(a, b) · a · B(a, b) / (x^a (1 − x)^b) (modified Lentz). */
function betaFraction(a: number, b: number, x: number): number {
  const s = lentzStart(1, 1 - ((a + b) * x) / (a + 1))
  for (let m = 1; m < MAX_TERMS; m++) {
    const m2 = 2 * m
    // even step d_{2m} = m(b − m)x / ((a + 2m − 1)(a + 2m)),
    // odd step d_{2m+1} = −(a + m)(a + b + m)x / ((a + 2m)(a + 2m + 1))
    lentzStep(s, (m * (b - m) * x) / ((a - 1 + m2) * (a + m2)), 1)
    const delta = lentzStep(s, (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + 1 + m2)), 1)
    if (Math.abs(delta - 1) < EPS) break
  }
  return s.value
}

/** I_x(a, b) for shapes a, b > 0 (0 for x ≤ 0, 1 for x ≥ 1, NaN for NaN). */
export function regularizedBeta(x: number, a: number, b: number): number {
  return regularizedBetaOf(x, 1 - x, a, b)
}

/**
 * I_x(a, b) given both x and y = 1 − x, for callers that know y more accurately than 1 − x can give it (the
 * Student-t tail, where x = ν/(ν + t²) and y = t²/(ν + t²)).
 */
export function regularizedBetaOf(x: number, y: number, a: number, b: number): number {
  if (Number.isNaN(x) || Number.isNaN(y) || Number.isNaN(a) || Number.isNaN(b) || !(a > 0) || !(b > 0)) return Number.NaN
  if (x <= 0) return 0
  if (y <= 0) return 1
  const kernel = Math.exp(logBetaKernel(a, b, x, y))
  if (x < (a + 1) / (a + b + 2)) return Math.min(1, (kernel * betaFraction(a, b, x)) / a)
  return Math.max(0, 1 - (kernel * betaFraction(b, a, y)) / b)
}

/** The x in [0, 1] with I_x(a, b) = p (NaN outside [0, 1]). */
export function inverseRegularizedBeta(p: number, a: number, b: number): number {
  if (Number.isNaN(p) || Number.isNaN(a) || Number.isNaN(b) || !(a > 0) || !(b > 0) || p < 0 || p > 1) return Number.NaN
  if (p === 0) return 0
  if (p === 1) return 1
  let x: number
  if (a >= 1 && b >= 1) {
    // Abramowitz & Stegun 26.5.22: a normal-based approximation of the beta quantile.
    const z = -normalQuantileStart(p) // A&S's y_p is the upper-tail quantile
    const al = (z * z - 3) / 6
    const h = 2 / (1 / (2 * a - 1) + 1 / (2 * b - 1))
    const w = (z * Math.sqrt(al + h)) / h - (1 / (2 * b - 1) - 1 / (2 * a - 1)) * (al + 5 / 6 - 2 / (3 * h))
    x = a / (a + b * Math.exp(2 * w))
  } else {
    // A power law in each tail, weighted by the tails' masses (NR3 §6.4.1).
    const lna = Math.log(a / (a + b))
    const lnb = Math.log(b / (a + b))
    const t = Math.exp(a * lna) / a
    const u = Math.exp(b * lnb) / b
    const w = t + u
    x = p < t / w ? (a * w * p) ** (1 / a) : 1 - (b * w * (1 - p)) ** (1 / b)
  }
  if (!(x > 0 && x < 1)) x = 0.5
  const logB = logGamma(a) + logGamma(b) - logGamma(a + b)
  let lo = 0
  let hi = 1
  for (let iter = 0; iter < 200; iter++) {
    const err = regularizedBeta(x, a, b) - p
    if (err === 0) return x
    if (err > 0) hi = Math.min(hi, x)
    else lo = Math.max(lo, x)
    // density x^(a−1)(1 − x)^(b−1)/B(a, b); Halley's correction uses f''/f' = (a − 1)/x − (b − 1)/(1 − x).
    const density = Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - logB)
    let next: number
    if (density > 0 && Number.isFinite(density)) {
      const u = err / density
      // the correction factor is kept in [½, 3/2]: far from the root (u huge) the step is Newton's, which the
      // bracket then catches
      next = x - u / (1 - 0.5 * Math.max(-1, Math.min(1, u * ((a - 1) / x - (b - 1) / (1 - x)))))
    } else next = Number.NaN
    // Halley converges cubically: after a step below 1e-13 of the distance to the nearer end, x is at the rounding
    // noise of I_x (checked before the bracket, which a step below one ulp would leave).
    if (Math.abs(next - x) <= STEP_TOLERANCE * Math.min(x, 1 - x)) return next >= lo && next <= hi ? next : x
    if (!(next > lo && next < hi)) next = lo === 0 ? hi / 2 : hi === 1 ? 1 - (1 - lo) / 2 : (lo + hi) / 2
    x = next
  }
  return x
}
