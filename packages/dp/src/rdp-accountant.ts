import { DpError } from './errors'
import { rdpToApproxDpAtOrder } from './zcdp'
import { describe, requireDelta, requireNonNegative, requireObject, requirePositive } from './validate'

/** The default grid of Rényi orders α (as in common RDP accountants: dense near 1, sparse far out). */
export const DEFAULT_ORDERS: readonly number[] = [
  1.1, 1.25, 1.5, 1.75, 2, 2.25, 2.5, 3, 3.5, 4, 4.5, 5, 6, 7, 8, 10, 12, 14, 16, 20, 24, 28, 32, 40, 48, 56, 64, 80, 96, 128, 192, 256,
  512, 1024,
]

/**
 * A Rényi-DP accountant (Mironov, "Rényi Differential Privacy", CSF 2017): tracks ε(α) on a grid of orders; RDP
 * composes by adding ε(α) order by order (Proposition 1), and converts to (ε, δ)-DP at the best order.
 */
export interface RdpAccountant {
  readonly orders: readonly number[]
  /** Adds a Gaussian mechanism N(0, σ²) of L2 sensitivity Δ: ε(α) = αΔ²/(2σ²) (Mironov 2017, Proposition 7). */
  addGaussian(sigma: number, sensitivity: number, times?: number): void
  /**
   * Adds a Laplace mechanism of scale b and L1 sensitivity Δ (λ = b/Δ): ε(α) = 1/(α−1)·ln(α/(2α−1)·e^{(α−1)/λ} +
   * (α−1)/(2α−1)·e^{−α/λ}) (Mironov 2017, Proposition 6).
   */
  addLaplace(scale: number, sensitivity: number, times?: number): void
  /** Adds a pure ε-DP mechanism: ε(α) = min(ε, αε²/2) (ε-DP ⇒ ε²/2-zCDP, Bun & Steinke 2016). */
  addPureDp(epsilon: number, times?: number): void
  /** Adds a ρ-zCDP mechanism: ε(α) = αρ. */
  addZcdp(rho: number, times?: number): void
  /** The accumulated ε(α) per order. */
  rdp(): readonly number[]
  /**
   * (ε, δ)-DP of everything added: min over orders of the conversion, `tight` (default) using
   * ε = ε(α) + (ln(1/δ) − ln α)/(α−1) + ln(1 − 1/α) (Canonne, Kamath & Steinke 2020, Proposition 12), or
   * Mironov's ε(α) + ln(1/δ)/(α−1) (Proposition 3) with `tight: false`.
   */
  epsilon(delta: number, options?: { readonly tight?: boolean }): { readonly epsilon: number; readonly order: number }
}

/** Creates an empty {@link RdpAccountant} over `orders` (all > 1). */
export function createRdpAccountant(orders: readonly number[] = DEFAULT_ORDERS): RdpAccountant {
  if (!Array.isArray(orders) || orders.length === 0 || orders.some((a) => typeof a !== 'number' || !(a > 1) || !Number.isFinite(a))) {
    throw new DpError('PARAMETER_INVALID', 'orders must be finite numbers > 1', [{ path: 'orders', message: `got ${describe(orders)}` }])
  }
  const grid = [...orders]
  const total = new Float64Array(grid.length)
  const add = (curve: (alpha: number) => number, times: number): void => {
    if (typeof times !== 'number' || !Number.isInteger(times) || times < 1) {
      throw new DpError('PARAMETER_INVALID', 'times must be an integer ≥ 1', [{ path: 'times', message: `got ${describe(times)}` }])
    }
    grid.forEach((a, i) => (total[i] += times * curve(a)))
  }
  return {
    orders: grid,
    addGaussian(sigma, sensitivity, times = 1) {
      requirePositive('sigma', sigma)
      requirePositive('sensitivity', sensitivity)
      add((a) => (a * sensitivity * sensitivity) / (2 * sigma * sigma), times)
    },
    addLaplace(scale, sensitivity, times = 1) {
      requirePositive('scale', scale)
      requirePositive('sensitivity', sensitivity)
      const lambda = scale / sensitivity
      // Computed in log space: log-sum-exp of the two terms.
      add((a) => {
        const t1 = Math.log(a / (2 * a - 1)) + (a - 1) / lambda
        const t2 = Math.log((a - 1) / (2 * a - 1)) - a / lambda
        const m = Math.max(t1, t2)
        return (m + Math.log(Math.exp(t1 - m) + Math.exp(t2 - m))) / (a - 1)
      }, times)
    },
    addPureDp(epsilon, times = 1) {
      requirePositive('epsilon', epsilon)
      add((a) => Math.min(epsilon, (a * epsilon * epsilon) / 2), times)
    },
    addZcdp(rho, times = 1) {
      requireNonNegative('rho', rho)
      add((a) => a * rho, times)
    },
    rdp: () => Array.from(total),
    epsilon(delta, options = {}) {
      requireDelta('delta', delta)
      requireObject('options', options)
      let best = Infinity
      let order = grid[0]
      grid.forEach((a, i) => {
        const e = options.tight === false ? total[i] + Math.log(1 / delta) / (a - 1) : rdpToApproxDpAtOrder(a, total[i], delta)
        if (e < best) {
          best = e
          order = a
        }
      })
      return { epsilon: Math.max(0, best), order }
    },
  }
}
