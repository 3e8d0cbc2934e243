// The Student-t CDF and quantile through the incomplete beta function (Abramowitz & Stegun 26.7.1): with
// x = ν/(ν + t²) and y = t²/(ν + t²) (both computed directly, so neither loses digits as 1 − the other),
// P(|T| > |t|) = I_x(ν/2, ½) and P(|T| < |t|) = I_y(½, ν/2). The quantile inverts the incomplete beta for a start
// and polishes it by Newton's method on the CDF; ν = 1 (Cauchy) and ν = 2 have closed forms.
import { inverseRegularizedBeta, regularizedBetaOf } from './incomplete-beta'
import { logGamma } from './log-gamma'

/** P(T ≤ t) for ν > 0 degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  if (Number.isNaN(t) || Number.isNaN(df) || !(df > 0)) return Number.NaN
  if (t === Number.POSITIVE_INFINITY) return 1
  if (t === Number.NEGATIVE_INFINITY) return 0
  const t2 = t * t
  const x = df / (df + t2)
  const y = t2 / (df + t2)
  if (Math.abs(t) < 0.67) {
    // |t| below every t-distribution's upper quartile (≥ 0.6745, ν → ∞): P(|T| < |t|) < ½, so 0.5 ± it has no
    // cancellation
    const central = regularizedBetaOf(y, x, 0.5, 0.5 * df)
    return t < 0 ? 0.5 - 0.5 * central : 0.5 + 0.5 * central
  }
  const tail = 0.5 * regularizedBetaOf(x, y, 0.5 * df, 0.5)
  return t < 0 ? tail : 1 - tail
}

/** ln of the Student-t density at t. */
function logDensity(t: number, df: number, logNorm: number): number {
  return logNorm - 0.5 * (df + 1) * Math.log1p((t * t) / df)
}

/** The t with P(T ≤ t) = p (±∞ at 0 and 1, NaN outside [0, 1]). */
export function studentTQuantile(p: number, df: number): number {
  if (Number.isNaN(p) || Number.isNaN(df) || !(df > 0) || p < 0 || p > 1) return Number.NaN
  if (p === 0) return Number.NEGATIVE_INFINITY
  if (p === 1) return Number.POSITIVE_INFINITY
  const q = p < 0.5 ? p : 1 - p // the smaller tail, exact (Sterbenz)
  if (q === 0.5) return 0
  let t: number // the lower-tail quantile, t < 0
  if (df === 1) {
    // Cauchy: t = −cot(πq); cot(π/4) = 1 exactly (the quartile that scales a fitted t), tan(π(½ − q)) above ¼
    t = q === 0.25 ? -1 : q > 0.25 ? -Math.tan(Math.PI * (0.5 - q)) : -1 / Math.tan(Math.PI * q)
  } else if (df === 2) t = -(1 - 2 * q) / Math.sqrt(2 * q * (1 - q))
  else {
    if (q < 0.25) {
      // 2q = I_x(ν/2, ½), x = ν/(ν + t²)
      const x = inverseRegularizedBeta(2 * q, 0.5 * df, 0.5)
      t = -Math.sqrt((df * (1 - x)) / x)
    } else {
      // 1 − 2q (exact for q ≥ ¼, Sterbenz) = I_y(½, ν/2), y = t²/(ν + t²)
      const y = inverseRegularizedBeta(1 - 2 * q, 0.5, 0.5 * df)
      t = -Math.sqrt((df * y) / (1 - y))
    }
    // The start inherits the digits lost in 1 − x (large ν); Newton on the accurate CDF restores them (relative
    // error squared per step, from ~1e-12 at worst).
    const logNorm = logGamma(0.5 * (df + 1)) - logGamma(0.5 * df) - 0.5 * Math.log(df * Math.PI)
    for (let i = 0; i < 3 && Number.isFinite(t); i++) {
      const step = (studentTCdf(t, df) - q) / Math.exp(logDensity(t, df, logNorm))
      if (!Number.isFinite(step)) break
      t -= step
      if (Math.abs(step) <= 1e-15 * Math.abs(t)) break
    }
  }
  return p < 0.5 ? t : -t
}
