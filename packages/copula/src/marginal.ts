import * as t from 'io-ts'
import { FiniteNumber, strictObject, taggedUnion } from '@synthkit/core'
import { betaCdf, betaQuantile, gammaCdf, gammaQuantile, phi, phiInverse, tCdf, tQuantile } from './special'

const Positive = new t.Type<number, number, unknown>(
  'PositiveNumber',
  (u): u is number => typeof u === 'number' && Number.isFinite(u) && u > 0,
  (u, c) =>
    typeof u === 'number' && Number.isFinite(u) && u > 0
      ? t.success(u)
      : t.failure(u, c, `expected a finite positive number, got ${JSON.stringify(u) ?? typeof u}`),
  t.identity,
)

/** Uniform on [low, high]. */
export const UniformMarginal = strictObject({ family: t.literal('uniform'), low: FiniteNumber, high: FiniteNumber }, {}, 'UniformMarginal')
/** Normal(mean, sd). */
export const NormalMarginal = strictObject({ family: t.literal('normal'), mean: FiniteNumber, sd: Positive }, {}, 'NormalMarginal')
/** Normal(mean, sd) truncated to [low, high]. */
export const TruncatedNormalMarginal = strictObject(
  { family: t.literal('truncnorm'), mean: FiniteNumber, sd: Positive, low: FiniteNumber, high: FiniteNumber },
  {},
  'TruncatedNormalMarginal',
)
/** loc + exp(Normal(mu, sigma)). */
export const LogNormalMarginal = strictObject(
  { family: t.literal('lognormal'), mu: FiniteNumber, sigma: Positive, loc: FiniteNumber },
  {},
  'LogNormalMarginal',
)
/** loc + Gamma(shape, scale). */
export const GammaMarginal = strictObject(
  { family: t.literal('gamma'), shape: Positive, scale: Positive, loc: FiniteNumber },
  {},
  'GammaMarginal',
)
/** loc + scale · Beta(alpha, beta). */
export const BetaMarginal = strictObject(
  { family: t.literal('beta'), alpha: Positive, beta: Positive, loc: FiniteNumber, scale: Positive },
  {},
  'BetaMarginal',
)
/** loc + scale · t(df). */
export const StudentTMarginal = strictObject(
  { family: t.literal('studentT'), df: Positive, loc: FiniteNumber, scale: Positive },
  {},
  'StudentTMarginal',
)
/**
 * Non-parametric: the data's quantile function at evenly spaced probabilities `k / (K − 1)`, linearly
 * interpolated in between (Hyndman & Fan type 7 at the knots). One knot means a constant.
 */
export const EmpiricalMarginal = strictObject({ family: t.literal('empirical'), quantiles: t.array(FiniteNumber) }, {}, 'EmpiricalMarginal')

/** A fitted marginal distribution of one numerical or datetime column (plain JSON). */
export const Marginal = taggedUnion(
  'family',
  {
    uniform: UniformMarginal,
    normal: NormalMarginal,
    truncnorm: TruncatedNormalMarginal,
    lognormal: LogNormalMarginal,
    gamma: GammaMarginal,
    beta: BetaMarginal,
    studentT: StudentTMarginal,
    empirical: EmpiricalMarginal,
  },
  'Marginal',
)
export type Marginal = t.TypeOf<typeof Marginal>
/** The name of a marginal family. */
export type MarginalFamily = Marginal['family']
/** Families in order of simplicity (fewest parameters, most familiar first); `auto` breaks ties in this order. */
export const MARGINAL_FAMILIES: readonly MarginalFamily[] = [
  'uniform',
  'normal',
  'truncnorm',
  'lognormal',
  'gamma',
  'beta',
  'studentT',
  'empirical',
]

function clamp01(p: number): number {
  return p < 0 ? 0 : p > 1 ? 1 : p
}

/** The CDF of a marginal at x. For the empirical marginal: the inverse of the interpolated quantile function. */
export function marginalCdf(m: Marginal, x: number): number {
  switch (m.family) {
    case 'uniform':
      return m.high > m.low ? clamp01((x - m.low) / (m.high - m.low)) : x < m.low ? 0 : 1
    case 'normal':
      return phi((x - m.mean) / m.sd)
    case 'truncnorm': {
      if (x <= m.low) return 0
      if (x >= m.high) return 1
      const a = phi((m.low - m.mean) / m.sd)
      const b = phi((m.high - m.mean) / m.sd)
      return b > a ? clamp01((phi((x - m.mean) / m.sd) - a) / (b - a)) : 0.5
    }
    case 'lognormal':
      return x <= m.loc ? 0 : phi((Math.log(x - m.loc) - m.mu) / m.sigma)
    case 'gamma':
      return x <= m.loc ? 0 : gammaCdf(x - m.loc, m.shape, m.scale)
    case 'beta':
      return clamp01(betaCdf((x - m.loc) / m.scale, m.alpha, m.beta))
    case 'studentT':
      return tCdf((x - m.loc) / m.scale, m.df)
    case 'empirical':
      return empiricalCdf(m.quantiles, x, 'mid')
  }
}

/**
 * CDF of the interpolated quantile function. Where it is flat (an atom of the data) the CDF jumps; `side` picks
 * the probability just below the atom (`low`), just above it (`high`), or the middle (`mid`).
 */
export function empiricalCdf(q: readonly number[], x: number, side: 'low' | 'high' | 'mid'): number {
  const k = q.length
  if (k === 1) return x < q[0] ? 0 : x > q[0] ? 1 : side === 'low' ? 0 : side === 'high' ? 1 : 0.5
  if (x < q[0]) return 0
  if (x > q[k - 1]) return 1
  // first index with q[i] >= x, last index with q[i] <= x
  let lo = 0
  let hi = k - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (q[mid] >= x) hi = mid
    else lo = mid + 1
  }
  const first = lo
  lo = 0
  hi = k - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (q[mid] <= x) lo = mid
    else hi = mid - 1
  }
  const last = lo
  const step = 1 / (k - 1)
  if (first <= last) {
    const pl = first * step
    const ph = last * step
    return side === 'low' ? pl : side === 'high' ? ph : (pl + ph) / 2
  }
  // strictly between knots last and first = last + 1
  const frac = (x - q[last]) / (q[first] - q[last])
  return (last + frac) * step
}

/** The quantile function of a marginal at p ∈ [0, 1]. */
export function marginalQuantile(m: Marginal, p: number): number {
  switch (m.family) {
    case 'uniform':
      return m.low + p * (m.high - m.low)
    case 'normal':
      return m.mean + m.sd * phiInverse(p)
    case 'truncnorm': {
      const a = phi((m.low - m.mean) / m.sd)
      const b = phi((m.high - m.mean) / m.sd)
      const x = m.mean + m.sd * phiInverse(a + p * (b - a))
      return x < m.low ? m.low : x > m.high ? m.high : x
    }
    case 'lognormal':
      return m.loc + Math.exp(m.mu + m.sigma * phiInverse(p))
    case 'gamma':
      return m.loc + gammaQuantile(p, m.shape, m.scale)
    case 'beta':
      return m.loc + m.scale * betaQuantile(p, m.alpha, m.beta)
    case 'studentT':
      return m.loc + m.scale * tQuantile(p, m.df)
    case 'empirical':
      return empiricalQuantile(m.quantiles, p)
  }
}

function empiricalQuantile(q: readonly number[], p: number): number {
  const k = q.length
  if (k === 1) return q[0]
  const h = p * (k - 1)
  const i = Math.floor(h)
  if (i >= k - 1) return q[k - 1]
  if (i < 0) return q[0]
  return q[i] + (h - i) * (q[i + 1] - q[i])
}

/** Smallest probability kept away from 0 and 1 so that normal scores stay finite (Φ⁻¹(1e-9) ≈ −6.0). */
export const SCORE_EPSILON = 1e-9

/**
 * Maps a column of probabilities u to values x = F⁻¹(u) in place into `out` (hot path of sampling: the latent
 * draws arrive on the probability scale, see stratifyToUniforms). The empirical marginal interpolates its knots at
 * u directly; the normal and log-normal families take one Φ⁻¹; the other parametric families their quantile
 * function, with u kept inside [ε, 1 − ε] so that unbounded families give finite values.
 */
export function fromUniforms(m: Marginal, u: Float64Array, out: Float64Array, offset = 0, length = u.length): void {
  const end = offset + length
  switch (m.family) {
    case 'normal':
      for (let i = offset; i < end; i++) out[i] = m.mean + m.sd * phiInverse(u[i])
      return
    case 'lognormal':
      for (let i = offset; i < end; i++) out[i] = m.loc + Math.exp(m.mu + m.sigma * phiInverse(u[i]))
      return
    case 'uniform': {
      const width = m.high - m.low
      for (let i = offset; i < end; i++) out[i] = m.low + u[i] * width
      return
    }
    case 'empirical': {
      const q = m.quantiles
      const k = q.length
      if (k === 1) {
        for (let i = offset; i < end; i++) out[i] = q[0]
        return
      }
      const last = k - 1
      for (let i = offset; i < end; i++) {
        const h = u[i] * last
        const j = Math.floor(h)
        out[i] = j >= last ? q[last] : q[j] + (h - j) * (q[j + 1] - q[j])
      }
      return
    }
    default:
      for (let i = offset; i < end; i++) {
        let p = u[i]
        if (p < SCORE_EPSILON) p = SCORE_EPSILON
        else if (p > 1 - SCORE_EPSILON) p = 1 - SCORE_EPSILON
        out[i] = marginalQuantile(m, p)
      }
  }
}

/** Number of free parameters, for reports. */
export function marginalParameters(m: Marginal): number {
  switch (m.family) {
    case 'uniform':
    case 'normal':
      return 2
    case 'lognormal':
    case 'gamma':
    case 'studentT':
      return 3
    case 'truncnorm':
    case 'beta':
      return 4
    case 'empirical':
      return m.quantiles.length
  }
}
