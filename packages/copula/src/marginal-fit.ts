import { SynthkitError } from '@synthkit/core'
import { type Marginal, type MarginalFamily, MARGINAL_FAMILIES, marginalCdf } from './marginal'

/** A family name, or `auto` (goodness-of-fit selection, see {@link fitMarginal}). */
export type MarginalChoice = MarginalFamily | 'auto'

/** Knots of the empirical quantile function: probabilities 0, 0.001, …, 1. */
export const EMPIRICAL_KNOTS = 1001
/** Parametric fits read at most this many values (evenly spaced order statistics: deterministic, no RNG). */
export const FIT_SUBSAMPLE = 10_000
/** Degrees of freedom tried for the Student-t family. */
const T_DF = [1, 2, 3, 5, 8, 15, 30] as const
/**
 * The upper quartile t₀.₇₅(df) of each df in {@link T_DF} (constants: scale = MAD / t₀.₇₅; computing them with the
 * t quantile costs an incomplete-beta inversion each in every process). test/marginal-fit.test.ts checks them
 * against the t quantile.
 */
export const T_UPPER_QUARTILE = [
  1, 0.81649658092772615, 0.76489232840434562, 0.72668684380042292, 0.70638661264483893, 0.69119694895848949, 0.68275569332129271,
] as const

/**
 * What `auto` measured: the KS statistic of each candidate family (for a rejected family, a value above the
 * threshold at which the evaluation stopped), and the threshold it had to pass.
 */
export interface MarginalSelection {
  readonly marginal: Marginal
  readonly ks: Partial<Record<MarginalFamily, number>>
  readonly threshold: number
}

interface Moments {
  readonly n: number
  readonly mean: number
  readonly sd: number
  readonly skew: number
  readonly min: number
  readonly max: number
}

function moments(sorted: Float64Array): Moments {
  const n = sorted.length
  let s = 0
  for (let i = 0; i < n; i++) s += sorted[i]
  const mean = s / n
  let m2 = 0
  let m3 = 0
  for (let i = 0; i < n; i++) {
    const d = sorted[i] - mean
    m2 += d * d
    m3 += d * d * d
  }
  m2 /= n
  m3 /= n
  const sd = Math.sqrt(m2)
  return { n, mean, sd, skew: sd > 0 ? m3 / (sd * sd * sd) : 0, min: sorted[0], max: sorted[n - 1] }
}

/** Type-7 quantile of sorted data (also the statistics path's, statistics/numeric-summary.ts). */
export function sortedQuantile(sorted: Float64Array, p: number): number {
  const h = p * (sorted.length - 1)
  const i = Math.floor(h)
  if (i >= sorted.length - 1) return sorted[sorted.length - 1]
  return sorted[i] + (h - i) * (sorted[i + 1] - sorted[i])
}

/** The empirical marginal: the quantile function at {@link EMPIRICAL_KNOTS} evenly spaced probabilities. */
export function fitEmpirical(sorted: Float64Array): Marginal {
  if (sorted[0] === sorted[sorted.length - 1]) return { family: 'empirical', quantiles: [sorted[0]] }
  return { family: 'empirical', quantiles: Array.from(knotQuantiles(sorted)) }
}

/** The type-7 quantiles of sorted data at the {@link EMPIRICAL_KNOTS} probabilities k/1000. */
function knotQuantiles(sorted: Float64Array): Float64Array {
  const q = new Float64Array(EMPIRICAL_KNOTS)
  for (let k = 0; k < EMPIRICAL_KNOTS; k++) q[k] = sortedQuantile(sorted, k / (EMPIRICAL_KNOTS - 1))
  return q
}

/** Evenly spaced order statistics (at most `size`): a deterministic subsample of sorted data. */
export function orderStatisticSubsample(sorted: Float64Array, size = FIT_SUBSAMPLE): Float64Array {
  const n = sorted.length
  if (n <= size) return sorted
  const out = new Float64Array(size)
  for (let j = 0; j < size; j++) out[j] = sorted[Math.round((j * (n - 1)) / (size - 1))]
  return out
}

const normalPdf = (z: number) => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI)

/**
 * Moment matching for the truncated normal (the untruncated mean and sd that give the data's mean and sd after
 * truncation to [min, max]), by fixed-point iteration on the closed-form truncated moments
 * (Johnson, Kotz & Balakrishnan, Continuous Univariate Distributions, vol. 1, §13.10).
 */
function fitTruncatedNormal(m: Moments): Marginal | null {
  if (!(m.sd > 0)) return null
  let mu = m.mean
  let sigma = m.sd
  for (let it = 0; it < 60; it++) {
    const a = (m.min - mu) / sigma
    const b = (m.max - mu) / sigma
    const z = normalCdfDiff(a, b)
    if (!(z > 1e-12)) break
    const r = (normalPdf(a) - normalPdf(b)) / z
    const mean = mu + sigma * r
    const variance = sigma * sigma * (1 + (a * normalPdf(a) - b * normalPdf(b)) / z - r * r)
    if (!(variance > 0)) break
    mu += m.mean - mean
    sigma *= Math.min(4, Math.max(0.25, m.sd / Math.sqrt(variance)))
    if (!Number.isFinite(mu) || !Number.isFinite(sigma)) return null
  }
  if (!(sigma > 0) || !Number.isFinite(mu) || Math.abs(mu) > 1e300) return null
  return { family: 'truncnorm', mean: mu, sd: sigma, low: m.min, high: m.max }
}

function normalCdfDiff(a: number, b: number): number {
  return marginalCdf({ family: 'normal', mean: 0, sd: 1 }, b) - marginalCdf({ family: 'normal', mean: 0, sd: 1 }, a)
}

/**
 * Fits one family; null when it does not apply to the data (e.g. log-normal with values ≤ 0). `stopAbove` lets
 * the Student-t df search abandon a df as soon as its KS statistic exceeds it (used by `auto`).
 */
export function fitFamily(family: MarginalFamily, sorted: Float64Array, stopAbove = Infinity): Marginal | null {
  return fitFamilyWith(family, sorted, stopAbove, null, null)
}

/** {@link fitFamily} with the moments of `sorted` and the KS grid of the full data when the caller has them. */
function fitFamilyWith(
  family: MarginalFamily,
  sorted: Float64Array,
  stopAbove: number,
  known: Moments | null,
  knownGrid: KsGrid | null,
): Marginal | null {
  if (family === 'empirical') return fitEmpirical(sorted)
  const m = known ?? moments(sorted)
  if (!(m.max > m.min)) return null
  switch (family) {
    case 'uniform':
      return { family: 'uniform', low: m.min, high: m.max }
    case 'normal':
      return { family: 'normal', mean: m.mean, sd: m.sd }
    case 'truncnorm':
      return fitTruncatedNormal(m)
    case 'lognormal': {
      if (m.min <= 0) return null
      let s = 0
      let s2 = 0
      for (let i = 0; i < sorted.length; i++) {
        const l = Math.log(sorted[i])
        s += l
        s2 += l * l
      }
      const mu = s / sorted.length
      const sigma = Math.sqrt(Math.max(0, s2 / sorted.length - mu * mu))
      return sigma > 0 ? { family: 'lognormal', mu, sigma, loc: 0 } : null
    }
    case 'gamma': {
      // Three-parameter method of moments: shape 4/γ², scale σγ/2, loc μ − shape·scale (γ = skewness > 0).
      if (!(m.skew > 1e-6)) return null
      let shape = 4 / (m.skew * m.skew)
      let scale = (m.sd * m.skew) / 2
      let loc = m.mean - shape * scale
      if (loc > m.min) {
        // the moment fit starts above the data: pin loc just below the minimum and match mean and variance
        loc = m.min - (m.max - m.min) / m.n
        shape = ((m.mean - loc) * (m.mean - loc)) / (m.sd * m.sd)
        scale = (m.sd * m.sd) / (m.mean - loc)
      }
      return shape > 0 && scale > 0 && Number.isFinite(shape) ? { family: 'gamma', shape, scale, loc } : null
    }
    case 'beta': {
      // Support padded by one average spacing on each side so the extremes are not at CDF 0 and 1.
      const pad = (m.max - m.min) / m.n
      const loc = m.min - pad
      const scale = m.max - m.min + 2 * pad
      const mean = (m.mean - loc) / scale
      const v = (m.sd / scale) ** 2
      const common = (mean * (1 - mean)) / v - 1
      if (!(common > 0)) return null
      return { family: 'beta', alpha: mean * common, beta: (1 - mean) * common, loc, scale }
    }
    case 'studentT': {
      const sub = orderStatisticSubsample(sorted)
      const median = sortedQuantile(sub, 0.5)
      const dev = Float64Array.from(sub, (x) => Math.abs(x - median)).sort()
      const mad = sortedQuantile(dev, 0.5)
      if (!(mad > 0)) return null
      let best: Marginal | null = null
      let bestD = Infinity
      const grid = knownGrid ?? ksGrid(sorted)
      for (let t = 0; t < T_DF.length; t++) {
        const cand: Marginal = { family: 'studentT', df: T_DF[t], loc: median, scale: mad / T_UPPER_QUARTILE[t] }
        const d = ksOnGrid(cand, grid, Math.min(bestD, stopAbove))
        if (d < bestD || best === null) {
          bestD = d
          best = cand
        }
      }
      return best
    }
  }
}

/**
 * Where the KS statistic is evaluated: the data's quantiles at the empirical knots, or for fewer values than
 * knots the distinct sorted values themselves with their ECDF just below and at each (then the statistic is exact).
 */
export interface KsGrid {
  readonly x: Float64Array
  /** ECDF just below x[k] and at x[k]. */
  readonly below: Float64Array
  readonly at: Float64Array
}

function ksGrid(sorted: Float64Array): KsGrid {
  const n = sorted.length
  if (n < EMPIRICAL_KNOTS) {
    const x: number[] = []
    const below: number[] = []
    const at: number[] = []
    for (let i = 0; i < n; ) {
      let j = i
      while (j + 1 < n && sorted[j + 1] === sorted[i]) j++
      x.push(sorted[i])
      below.push(i / n)
      at.push((j + 1) / n)
      i = j + 1
    }
    return { x: Float64Array.from(x), below: Float64Array.from(below), at: Float64Array.from(at) }
  }
  const p = new Float64Array(EMPIRICAL_KNOTS)
  for (let k = 0; k < EMPIRICAL_KNOTS; k++) p[k] = k / (EMPIRICAL_KNOTS - 1)
  return { x: knotQuantiles(sorted), below: p, at: p }
}

/**
 * KS statistic sup |F(x) − F_n(x)| read on the grid: exact for fewer than 1001 values, else at the data's quantiles
 * q_k (p_k = k / 1000), the supremum to within 1/1000 at the cost of at most 1001 CDF evaluations whatever the
 * size of the column. Points are
 * visited in a strided order (every 61st first) so that a family far from the data exceeds `stopAbove` after a few
 * evaluations; the value returned is then a lower bound above `stopAbove`, which is all `auto` needs to reject it.
 */
function ksOnGrid(m: Marginal, grid: KsGrid, stopAbove = Infinity): number {
  const { x, below, at } = grid
  const stride = 61
  let d = 0
  for (let start = 0; start < stride; start++) {
    for (let k = start; k < x.length; k += stride) {
      const f = marginalCdf(m, x[k])
      const diff = Math.max(Math.abs(f - below[k]), Math.abs(f - at[k]))
      if (diff > d) {
        d = diff
        if (d > stopAbove) return d
      }
    }
  }
  return d
}

/** Rows of the largest atom (most repeated value) of sorted data (a leaf loop: its caller divides). */
function largestAtomCount(sorted: Float64Array): number {
  let best = 1
  let run = 1
  for (let i = 1; i < sorted.length; i++) {
    run = sorted[i] === sorted[i - 1] ? run + 1 : 1
    if (run > best) best = run
  }
  return best
}

/** Ties in D within this margin go to the simpler family. */
const TIE_MARGIN = 0.002

/**
 * Fits the marginal of a column from its sorted observed values.
 *
 * `auto` criterion: each parametric family is fitted (moments; MAD and a df grid for Student-t) and scored by its
 * KS statistic D against the data. The family is used only when the KS test does not reject it at the 5% level
 * (D ≤ 1.36/√n, and at most 0.02). Families are tried in order of simplicity (uniform, normal, truncnorm,
 * lognormal, gamma, beta, studentT); a later one replaces the one chosen so far only if it lowers D by more than
 * 0.002 (ties go to the simpler family). Otherwise the empirical quantile function is
 * used: real columns (skewed, multimodal, discrete) usually land there, which is why it is the quality choice.
 * Columns whose largest atom exceeds 2·threshold skip the parametric fits (a continuous CDF cannot come closer
 * than half an atom).
 */
export function fitMarginal(sorted: Float64Array, choice: MarginalChoice): MarginalSelection {
  if (sorted.length === 0) throw new SynthkitError('DATA_INVALID', 'Cannot fit a marginal without observed values')
  return fitMarginalFromView(
    {
      n: sorted.length,
      sample: orderStatisticSubsample(sorted),
      empirical: () => fitEmpirical(sorted),
      largestAtom: () => largestAtomCount(sorted) / sorted.length,
      grid: () => ksGrid(sorted),
    },
    choice,
  )
}

/**
 * What {@link fitMarginal} reads of a column: the count, the deterministic subsample, the empirical marginal, the mass
 * of the largest atom and the KS grid. A summary of the sorted values (statistics computed elsewhere) provides the
 * same, so the marginal can be built without the values.
 */
export interface SortedView {
  readonly n: number
  readonly sample: Float64Array
  readonly empirical: () => Marginal
  /** Share of the values taken by the most repeated one. */
  readonly largestAtom: () => number
  readonly grid: () => KsGrid
}

/** The KS statistic `auto` accepts for n values: the 5% critical value 1.36/√n, and at most 0.02. */
export function ksThreshold(n: number): number {
  return Math.min(1.36 / Math.sqrt(n), 0.02)
}

/** {@link fitMarginal} on a view of the sorted values (the same result when the view holds their exact summary). */
export function fitMarginalFromView(view: SortedView, choice: MarginalChoice): MarginalSelection {
  const threshold = ksThreshold(view.n)
  // Parametric fits read a deterministic subsample; the empirical knots and the KS grid read all the data.
  const sample = view.sample
  if (choice !== 'auto') {
    const m = choice === 'empirical' ? view.empirical() : fitFamily(choice, sample)
    if (m === null) {
      throw new SynthkitError('OPTIONS_INVALID', `The ${choice} family does not fit this column`, [
        {
          path: 'marginals',
          message: `${choice} needs ${choice === 'lognormal' ? 'positive values' : choice === 'gamma' ? 'positively skewed values' : 'more than one distinct value'}; use "auto" or "empirical"`,
        },
      ])
    }
    return { marginal: m, ks: {}, threshold }
  }
  const empirical = view.empirical()
  if (empirical.family === 'empirical' && empirical.quantiles.length === 1) return { marginal: empirical, ks: {}, threshold }
  const ks: Partial<Record<MarginalFamily, number>> = {}
  if (view.largestAtom() > 2 * threshold) return { marginal: empirical, ks, threshold }
  const grid = view.grid()
  // A later (less simple) family is only chosen if its D is more than the tie margin below the best so far, so
  // its evaluation stops as soon as D exceeds that.
  let chosen: Marginal | null = null
  let bestD = Infinity
  const sampleMoments = moments(sample)
  for (const family of MARGINAL_FAMILIES) {
    if (family === 'empirical') continue
    const stop = Math.min(threshold, bestD - TIE_MARGIN)
    const m = fitFamilyWith(family, sample, stop, sampleMoments, grid)
    if (m === null) continue
    const d = ksOnGrid(m, grid, stop)
    ks[family] = d
    if (d <= stop) {
      chosen = m
      bestD = d
    }
  }
  if (chosen === null) return { marginal: empirical, ks, threshold }
  return { marginal: chosen, ks, threshold }
}
