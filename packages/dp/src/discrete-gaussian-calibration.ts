import { invalidParameter } from './errors'
import { erfc } from './normal'
import { requireDelta, requireInteger, requireNonNegative, requirePositive } from './validate'

// (ε, δ) calibration of the discrete Gaussian by its exact privacy profile: Canonne, Kamath & Steinke, "The Discrete
// Gaussian for Differential Privacy" (NeurIPS 2020), Theorem 7: adding N_ℤ(0, σ²) to an integer query with
// |q(x) − q(x′)| ≤ Δ is (ε, δ)-DP for
//   δ = P[X ≥ L] − e^ε·P[X ≥ U] = P[L ≤ X < U] − (e^ε − 1)·P[X ≥ U],
//   L = ⌊εσ²/Δ − Δ/2⌋ + 1,  U = ⌊εσ²/Δ + Δ/2⌋ + 1,  X ~ N_ℤ(0, σ²).

const TAIL_TERMS = 2000
const MAX_SENSITIVITY = 2 ** 20

function gaussTerm(x: number, sigma2: number): number {
  return Math.exp(-(x * x) / (2 * sigma2))
}

/** ∫_a^∞ e^{−x²/(2σ²)} dx = σ·√(π/2)·erfc(a/(σ√2)). */
function gaussIntegralFrom(a: number, sigma: number): number {
  return sigma * Math.sqrt(Math.PI / 2) * erfc(a / (sigma * Math.SQRT2))
}

/**
 * An upper bound on the δ of CKS Theorem 7 (never below the true δ): the normalising constant is bounded below
 * (max of σ√(2π), which Poisson summation shows is ≤ Z, and a partial sum), and the subtracted tail P[X ≥ U] is
 * bounded below by TAIL_TERMS explicit terms plus the integral of the decreasing remainder. For σ up to a few
 * hundred the bound equals the exact δ to rounding.
 */
export function discreteGaussianDelta(sigma2: number, epsilon: number, sensitivity: number): number {
  requirePositive('sigma2', sigma2)
  requireNonNegative('epsilon', epsilon)
  requireInteger('sensitivity', sensitivity, 1)
  if (sensitivity > MAX_SENSITIVITY) invalidParameter('sensitivity', `at most 2^20 (the profile sums Δ terms), got ${sensitivity}`)
  const sigma = Math.sqrt(sigma2)
  const centre = (epsilon * sigma2) / sensitivity
  const lower = Math.floor(centre - sensitivity / 2) + 1
  const upper = Math.floor(centre + sensitivity / 2) + 1
  // Normalising constant Z = Σ_x e^{−x²/(2σ²)}, bounded below.
  let partial = 1
  for (let k = 1; k <= TAIL_TERMS; k++) {
    const t = gaussTerm(k, sigma2)
    partial += 2 * t
    if (t < 1e-30) break
  }
  const z = Math.max(partial, sigma * Math.sqrt(2 * Math.PI))
  let band = 0
  for (let x = lower; x < upper; x++) band += gaussTerm(x, sigma2)
  let tail = 0
  let x = upper
  for (; x < upper + TAIL_TERMS; x++) {
    const t = gaussTerm(x, sigma2)
    tail += t
    if (t === 0) break
  }
  // Σ_{y ≥ x} f(y) ≥ ∫_x^∞ f for f decreasing on [x, ∞) (x ≥ 1 > 0).
  tail += gaussIntegralFrom(x, sigma)
  return Math.max(0, (band - Math.expm1(epsilon) * tail) / z)
}

const cache = new Map<string, number>()

/**
 * The smallest σ² (rounded up to a dyadic rational with 20 significant bits) for which the discrete Gaussian on an
 * integer query of sensitivity Δ is (ε, δ)-DP by CKS Theorem 7 ({@link discreteGaussianDelta} ≤ δ, with a relative
 * margin of 1e−9 for rounding). Bisection; results are memoised.
 */
export function discreteGaussianSigmaSquared(epsilon: number, delta: number, sensitivity: number): number {
  requirePositive('epsilon', epsilon)
  requireDelta('delta', delta)
  requireInteger('sensitivity', sensitivity, 1)
  if (sensitivity > MAX_SENSITIVITY) {
    invalidParameter('sensitivity', `at most 2^20 for an (ε, δ) discrete Gaussian; ask for rho instead, got ${sensitivity}`)
  }
  const key = `${epsilon}|${delta}|${sensitivity}`
  const hit = cache.get(key)
  if (hit !== undefined) return hit
  const target = delta * (1 - 1e-9)
  let hi = sensitivity * sensitivity
  while (discreteGaussianDelta(hi, epsilon, sensitivity) > target) {
    hi *= 2
    if (hi > 2 ** 80) invalidParameter('delta', `no σ ≤ 2^40 meets (ε, δ) = (${epsilon}, ${delta}) for sensitivity ${sensitivity}`)
  }
  let lo = hi / 2
  while (lo > 1e-12 && discreteGaussianDelta(lo, epsilon, sensitivity) <= target) lo /= 2
  for (let i = 0; i < 80 && hi - lo > hi * 1e-12; i++) {
    const mid = (lo + hi) / 2
    if (discreteGaussianDelta(mid, epsilon, sensitivity) > target) lo = mid
    else hi = mid
  }
  // Round up to 20 significant bits so the exact sampler keeps small numerators and denominators.
  const e = Math.floor(Math.log2(hi)) - 19
  let rounded = Math.ceil(hi / 2 ** e) * 2 ** e
  // The bisection assumes δ decreases with σ²; check the value returned rather than rely on it.
  while (discreteGaussianDelta(rounded, epsilon, sensitivity) > target) rounded += 2 ** e
  if (cache.size > 256) cache.clear()
  cache.set(key, rounded)
  return rounded
}
