// Special functions from @stdlib (ports of Cephes/Boost with published accuracy tests), wrapped with the
// parametrisations this package uses. Nothing here is hand-written numerics.
import betaCdfStd from '@stdlib/stats-base-dists-beta-cdf'
import betaQuantileStd from '@stdlib/stats-base-dists-beta-quantile'
import gammaCdfStd from '@stdlib/stats-base-dists-gamma-cdf'
import gammaQuantileStd from '@stdlib/stats-base-dists-gamma-quantile'
import erfcinv from '@stdlib/math-base-special-erfcinv'
import normalCdfStd from '@stdlib/stats-base-dists-normal-cdf'
import tCdfStd from '@stdlib/stats-base-dists-t-cdf'
import tQuantileStd from '@stdlib/stats-base-dists-t-quantile'

const stdNormalCdf = normalCdfStd.factory(0, 1)

/** Φ, the standard normal CDF. */
export function phi(z: number): number {
  return stdNormalCdf(z)
}

/**
 * Φ⁻¹, the standard normal quantile (±Infinity at 0 and 1). Through erfcinv of the smaller tail: stdlib's normal
 * quantile computes erfinv(2p − 1), which loses the digits of p below 1e-6 and gives −Infinity below 1e-17
 * (test/special.test.ts, against mpmath). 1 − p is exact for p ≥ 0.5 (Sterbenz), so both tails keep full accuracy.
 */
export function phiInverse(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN
  return p < 0.5 ? -Math.SQRT2 * erfcinv(2 * p) : Math.SQRT2 * erfcinv(2 * (1 - p))
}

/** Gamma CDF with shape k and scale θ (stdlib takes the rate 1/θ). */
export function gammaCdf(x: number, shape: number, scale: number): number {
  return gammaCdfStd(x, shape, 1 / scale)
}

/** Gamma quantile with shape k and scale θ. */
export function gammaQuantile(p: number, shape: number, scale: number): number {
  return gammaQuantileStd(p, shape, 1 / scale)
}

/** Beta(α, β) CDF on [0, 1]. */
export function betaCdf(x: number, alpha: number, beta: number): number {
  return betaCdfStd(x, alpha, beta)
}

/** Beta(α, β) quantile. */
export function betaQuantile(p: number, alpha: number, beta: number): number {
  return betaQuantileStd(p, alpha, beta)
}

/** Student-t CDF with `df` degrees of freedom. */
export function tCdf(x: number, df: number): number {
  return tCdfStd(x, df)
}

/** Student-t quantile. */
export function tQuantile(p: number, df: number): number {
  return tQuantileStd(p, df)
}
