import { invalidParameter } from './errors'
import { describe, requireDelta, requireNonNegative, requirePositive } from './validate'

/** ρ of the Gaussian mechanism N(0, σ²) (continuous or discrete) on a query of L2 sensitivity Δ: ρ = Δ²/(2σ²) (Bun & Steinke 2016, Proposition 1.6; CKS 2020, Theorem 4). */
export function gaussianRho(sigma: number, sensitivity: number): number {
  requirePositive('sigma', sigma)
  requirePositive('sensitivity', sensitivity)
  return (sensitivity * sensitivity) / (2 * sigma * sigma)
}

/** ρ of a pure ε-DP mechanism: ε²/2 (Bun & Steinke 2016, Proposition 1.4). */
export function pureDpRho(epsilon: number): number {
  requirePositive('epsilon', epsilon)
  return (epsilon * epsilon) / 2
}

/** The classic ρ-zCDP → (ε, δ)-DP conversion ε = ρ + 2√(ρ ln(1/δ)) (Bun & Steinke 2016, Proposition 1.3). */
export function zcdpToApproxDp(rho: number, delta: number): number {
  requireNonNegative('rho', rho)
  requireDelta('delta', delta)
  return rho + 2 * Math.sqrt(rho * Math.log(1 / delta))
}

/**
 * ε from an RDP guarantee at one order: (α, τ)-RDP ⇒ (ε, δ)-DP with
 * ε = τ + (ln(1/δ) − ln α)/(α − 1) + ln(1 − 1/α)
 * (Canonne, Kamath & Steinke 2020, Proposition 12; Balle et al. 2020). Tighter than Mironov's τ + ln(1/δ)/(α−1).
 */
export function rdpToApproxDpAtOrder(alpha: number, tau: number, delta: number): number {
  if (typeof alpha !== 'number' || !(alpha > 1) || !Number.isFinite(alpha)) {
    invalidParameter('alpha', `expected a finite order > 1, got ${describe(alpha)}`)
  }
  requireNonNegative('tau', tau)
  requireDelta('delta', delta)
  return tau + (Math.log(1 / delta) - Math.log(alpha)) / (alpha - 1) + Math.log1p(-1 / alpha)
}

/**
 * The tighter ρ-zCDP → (ε, δ)-DP conversion: ε = inf_{α>1} αρ + (ln(1/δ) − ln α)/(α−1) + ln(1 − 1/α)
 * (Canonne, Kamath & Steinke 2020, Corollary 13). The infimum is found by golden-section search on ln(α − 1)
 * (the objective is unimodal there) and is never above {@link zcdpToApproxDp}.
 */
export function zcdpToApproxDpTight(rho: number, delta: number): number {
  requireNonNegative('rho', rho)
  requireDelta('delta', delta)
  if (rho === 0) return 0
  const f = (u: number): number => {
    const alpha = 1 + Math.exp(u)
    return rdpToApproxDpAtOrder(alpha, alpha * rho, delta)
  }
  // α − 1 from 1e-6 to 1e8.
  let a = Math.log(1e-6)
  let b = Math.log(1e8)
  const g = (Math.sqrt(5) - 1) / 2
  let c = b - g * (b - a)
  let d = a + g * (b - a)
  let fc = f(c)
  let fd = f(d)
  for (let i = 0; i < 200 && b - a > 1e-12; i++) {
    if (fc < fd) {
      b = d
      d = c
      fd = fc
      c = b - g * (b - a)
      fc = f(c)
    } else {
      a = c
      c = d
      fc = fd
      d = a + g * (b - a)
      fd = f(d)
    }
  }
  const best = Math.min(fc, fd)
  return Math.max(0, Math.min(best, zcdpToApproxDp(rho, delta)))
}

/**
 * The largest ρ whose tight conversion ({@link zcdpToApproxDpTight}) gives at most ε at δ: the ρ to calibrate a
 * zCDP mechanism (the discrete Gaussian) to a target (ε, δ). Bisection; the result is rounded down.
 */
export function rhoForApproxDp(epsilon: number, delta: number): number {
  requirePositive('epsilon', epsilon)
  requireDelta('delta', delta)
  let lo = 0
  let hi = epsilon
  while (zcdpToApproxDpTight(hi, delta) <= epsilon) hi *= 2
  for (let i = 0; i < 200 && hi - lo > hi * 1e-14; i++) {
    const mid = (lo + hi) / 2
    if (zcdpToApproxDpTight(mid, delta) <= epsilon) lo = mid
    else hi = mid
  }
  return lo * (1 - 1e-9)
}

/** zCDP composition: ρ's add up (Bun & Steinke 2016, Lemma 2.3). */
export function zcdpCompose(rhos: readonly number[]): number {
  if (!Array.isArray(rhos)) invalidParameter('rhos', `expected an array of ρ's, got ${describe(rhos)}`)
  return rhos.reduce((sum, r, i) => sum + requireNonNegative(`rhos.${i}`, r), 0)
}
