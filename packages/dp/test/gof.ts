// Binned chi-square goodness of fit for symmetric integer noise, with its power against a missing tail (test-only).
import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf'

/** A symmetric distribution on ℤ, given by its one-sided tail T(k) = P(X > k) for k ≥ 0 (accurate deep in the tail). */
export interface SymmetricLaw {
  readonly label: string
  readonly tail: (k: number) => number
}

/** Discrete Laplace of scale b: P(X = x) = (1−a)/(1+a)·a^|x|, a = e^{−1/b}; T(k) = a^{k+1}/(1+a). */
export function discreteLaplaceLaw(scale: number): SymmetricLaw {
  const a = Math.exp(-1 / scale)
  return { label: `discrete Laplace b = ${scale}`, tail: (k) => Math.exp(-(k + 1) / scale) / (1 + a) }
}

/** Discrete Gaussian N_ℤ(0, σ²) (σ ≤ ~10^4): normaliser and tails by direct summation of the decreasing terms. */
export function discreteGaussianLaw(sigma2: number): SymmetricLaw {
  const reach = Math.ceil(40 * Math.sqrt(sigma2)) + 20
  const term = (x: number): number => Math.exp(-(x * x) / (2 * sigma2))
  let z = 1
  for (let x = 1; x <= reach; x++) z += 2 * term(x)
  const tail = (k: number): number => {
    let s = 0
    for (let x = k + 1; x <= k + 1 + reach; x++) {
      const t = term(x)
      s += t
      if (t < s * 1e-18) break
    }
    return s / z
  }
  return { label: `discrete Gaussian σ² = ${sigma2}`, tail }
}

/** P(X ≤ x) from the symmetric tail. */
function cdfOf(law: SymmetricLaw, x: number): number {
  return x >= 0 ? 1 - law.tail(x) : law.tail(-x - 1)
}

/** Smallest k ≥ 0 with T(k) ≤ level. */
function edgeBelow(law: SymmetricLaw, level: number): number {
  if (law.tail(0) <= level) return 0
  let hi = 1
  while (law.tail(hi) > level) hi *= 2
  let lo = hi / 2 // T(lo) > level
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2)
    if (law.tail(mid) > level) lo = mid
    else hi = mid
  }
  return hi
}

interface Bin {
  readonly lo: number // inclusive, −∞ allowed
  readonly hi: number // inclusive, +∞ allowed
  p: number
}

/**
 * Bins for n draws: cut points at the one-sided tail levels 2^{−j/2} (j = 2, 3, …) on each side, so the tails are
 * resolved finely, then the smallest bins merged into a neighbour until every expected count is ≥ 5 (the outermost
 * bin on each side is the pooled tail). If one bin is left, {0} against {x ≠ 0} (both tails pooled).
 */
export function tailBins(law: SymmetricLaw, n: number): Bin[] {
  const cuts = new Set<number>()
  for (let j = 2; n * 2 ** (-j / 2) >= 2.5; j++) {
    const k = edgeBelow(law, 2 ** (-j / 2))
    cuts.add(k)
    cuts.add(-k - 1)
  }
  const sorted = [...cuts].sort((a, b) => a - b)
  const bins: Bin[] = []
  let prev = -Infinity
  for (const c of [...sorted, Infinity]) {
    const p = (c === Infinity ? 1 : cdfOf(law, c)) - (prev === -Infinity ? 0 : cdfOf(law, prev))
    bins.push({ lo: prev === -Infinity ? -Infinity : prev + 1, hi: c, p })
    prev = c
  }
  for (;;) {
    let i = 0
    for (let j = 1; j < bins.length; j++) if (bins[j].p < bins[i].p) i = j
    if (bins.length < 2 || bins[i].p * n >= 5) break
    const left = i > 0 ? bins[i - 1].p : Infinity
    const right = i < bins.length - 1 ? bins[i + 1].p : Infinity
    const j = left <= right ? i - 1 : i + 1
    const [a, b] = j < i ? [j, i] : [i, j]
    bins.splice(a, 2, { lo: bins[a].lo, hi: bins[b].hi, p: bins[a].p + bins[b].p })
  }
  if (bins.length < 2) {
    const off = 2 * law.tail(0)
    return [
      { lo: 0, hi: 0, p: 1 - off },
      { lo: 1, hi: -1, p: off },
    ] // second bin: x ≠ 0 (marked by lo > hi)
  }
  return bins
}

function binOf(bins: readonly Bin[], x: number): number {
  if (bins.length === 2 && bins[1].lo > bins[1].hi) return x === 0 ? 0 : 1
  let lo = 0
  let hi = bins.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (x > bins[mid].hi) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** 1 − F_df(x), the chi-square survival function. */
export function chiSquareSurvival(x: number, df: number): number {
  return 1 - chisquareCdf(x, df)
}

/** The critical value c with P(χ²_df > c) = α (bisection on the CDF). */
export function chiSquareCritical(alpha: number, df: number): number {
  let lo = 0
  let hi = df + 10
  while (chiSquareSurvival(hi, df) > alpha) hi *= 2
  for (let i = 0; i < 200 && hi - lo > 1e-9 * hi; i++) {
    const mid = (lo + hi) / 2
    if (chiSquareSurvival(mid, df) > alpha) lo = mid
    else hi = mid
  }
  return hi
}

/** P(χ′²_{df}(λ) > c): the non-central chi-square as a Poisson(λ/2) mixture of central chi-squares with df + 2j. */
export function noncentralSurvival(c: number, df: number, lambda: number): number {
  const m = lambda / 2
  // Terms j within m ± (12·√m + 60): beyond the top the sum was always cut; below the bottom the Poisson(m) weights
  // sum to less than 10^−33 for every m (checked numerically up to m = 10^6), so skipping their chi-square survivals
  // (the costly part: a regularised gamma each, about two thirds of them for m ≈ 10^3) changes the sum by less than that.
  const spread = 12 * Math.sqrt(m) + 60
  const top = Math.ceil(m + spread)
  const bottom = Math.max(0, Math.floor(m - spread))
  let s = 0
  let logW = -m
  for (let j = 0; j <= top; j++) {
    if (j > 0) logW += Math.log(m) - Math.log(j)
    if (j >= bottom) s += Math.exp(logW) * chiSquareSurvival(c, df + 2 * j)
  }
  return Math.min(1, s)
}

/** Result of {@link chiSquareTail}. */
export interface TailGof {
  readonly statistic: number
  readonly df: number
  readonly pValue: number
  /** Number of bins (df + 1). */
  readonly bins: number
  /**
   * The smallest two-sided tail mass q = P(|X| > k) (k a bin edge) whose removal (the draws beyond |k| never
   * produced, the rest renormalised) this test detects with probability ≥ 0.99 at level alpha: the non-centrality
   * is then λ = n·q/(1 − q) exactly. Infinity when no such edge exists.
   */
  readonly detectableTail: number
}

/**
 * The smallest two-sided tail q = P(|X| > k), k a bin edge, whose removal a chi-square on these bins detects with
 * probability ≥ 0.99 at level alpha (non-centrality λ = n·q/(1 − q), exact for a union of whole bins).
 */
function detectableTailOf(bins: readonly Bin[], law: SymmetricLaw, n: number, alpha: number): number {
  const df = bins.length - 1
  const c = chiSquareCritical(alpha, df)
  let detectableTail = Infinity
  // Removing both tails beyond |x| > k removes whole bins when k is the upper edge of a positive bin and a bin ends
  // at −k − 1 (the symmetric cuts of tailBins), or when both tails are pooled into one bin (k = 0).
  const pooledBothTails = bins.length === 2 && bins[1].lo > bins[1].hi
  for (const b of bins) {
    if (!(b.hi >= 0 && Number.isFinite(b.hi))) continue
    const q = 2 * law.tail(b.hi)
    if (q <= 0 || q >= 0.5 || q >= detectableTail) continue
    if (!pooledBothTails && !bins.some((o) => o.hi === -b.hi - 1)) continue
    if (noncentralSurvival(c, df, (n * q) / (1 - q)) >= 0.99) detectableTail = q
  }
  return detectableTail
}

// detectableTail(law, n, alpha) memoised: the sweep chooses n with it, then chiSquareTail asks for the same n (the
// largest, costliest evaluation) again. The value depends only on (law, n, alpha).
const detectableMemo = new WeakMap<SymmetricLaw, Map<string, number>>()
function detectableTailMemo(bins: readonly Bin[], law: SymmetricLaw, n: number, alpha: number): number {
  let byLaw = detectableMemo.get(law)
  if (byLaw === undefined) detectableMemo.set(law, (byLaw = new Map()))
  const key = `${n} ${alpha}`
  let q = byLaw.get(key)
  if (q === undefined) byLaw.set(key, (q = detectableTailOf(bins, law, n, alpha)))
  return q
}

/** {@link TailGof.detectableTail} for n draws of `law`, without drawing (to choose n). */
export function detectableTail(law: SymmetricLaw, n: number, alpha: number): number {
  return detectableTailMemo(tailBins(law, n), law, n, alpha)
}

/**
 * Pearson chi-square of integer draws against a symmetric law, on {@link tailBins}; p-value from the chi-square CDF
 * (df = bins − 1), and the power statement {@link TailGof.detectableTail} at level `alpha`.
 */
export function chiSquareTail(draws: ArrayLike<number>, law: SymmetricLaw, alpha: number): TailGof {
  const n = draws.length
  const bins = tailBins(law, n)
  const observed = new Float64Array(bins.length)
  for (let i = 0; i < n; i++) observed[binOf(bins, draws[i])]++
  let statistic = 0
  bins.forEach((b, i) => {
    const e = b.p * n
    statistic += ((observed[i] - e) * (observed[i] - e)) / e
  })
  const df = bins.length - 1
  const detectableTail = detectableTailMemo(bins, law, n, alpha)
  return { statistic, df, pValue: chiSquareSurvival(statistic, df), bins: bins.length, detectableTail }
}
