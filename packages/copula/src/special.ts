// Special functions from @stdlib (ports of Cephes/Boost with published accuracy tests), wrapped with the
// parametrisations this package uses. Nothing here is hand-written numerics.
import betaCdfStd from '@stdlib/stats-base-dists-beta-cdf'
import betaQuantileStd from '@stdlib/stats-base-dists-beta-quantile'
import gammaCdfStd from '@stdlib/stats-base-dists-gamma-cdf'
import gammaQuantileStd from '@stdlib/stats-base-dists-gamma-quantile'
import normalCdfStd from '@stdlib/stats-base-dists-normal-cdf'
import normalQuantileStd from '@stdlib/stats-base-dists-normal-quantile'
import tCdfStd from '@stdlib/stats-base-dists-t-cdf'
import tQuantileStd from '@stdlib/stats-base-dists-t-quantile'

const stdNormalCdf = normalCdfStd.factory(0, 1)
const stdNormalQuantile = normalQuantileStd.factory(0, 1)

/** Φ, the standard normal CDF. */
export function phi(z: number): number {
  return stdNormalCdf(z)
}

/** Φ⁻¹, the standard normal quantile (±Infinity at 0 and 1). */
export function phiInverse(p: number): number {
  return stdNormalQuantile(p)
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
