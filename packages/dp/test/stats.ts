// Goodness-of-fit helpers for the distribution tests (test-only code).
import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf'

/**
 * Pearson chi-square test of integer draws against a pmf. Cells are single integers while the expected count is
 * ≥ 20; the two tails beyond are pooled into one cell each (expected counts from 1 − the covered mass).
 */
export function chiSquareIntegers(
  draws: Float64Array,
  pmf: (x: number) => number,
  lo: number,
  hi: number,
): { statistic: number; df: number; pValue: number } {
  const n = draws.length
  const counts = new Map<number, number>()
  for (const x of draws) counts.set(x, (counts.get(x) ?? 0) + 1)
  // Find the central range where expected ≥ 20.
  let a = lo
  while (pmf(a) * n < 20) a++
  let b = hi
  while (pmf(b) * n < 20) b--
  let stat = 0
  let cells = 0
  let covered = 0
  for (let x = a; x <= b; x++) {
    const e = pmf(x) * n
    covered += pmf(x)
    const o = counts.get(x) ?? 0
    stat += ((o - e) * (o - e)) / e
    cells++
  }
  let lower = 0
  for (let x = lo; x < a; x++) lower += pmf(x)
  const upper = Math.max(0, 1 - covered - lower)
  let oLow = 0
  let oHigh = 0
  for (const [x, c] of counts) {
    if (x < a) oLow += c
    else if (x > b) oHigh += c
  }
  for (const [o, p] of [
    [oLow, lower],
    [oHigh, upper],
  ] as const) {
    const e = p * n
    if (e >= 5) {
      stat += ((o - e) * (o - e)) / e
      cells++
    } else if (o > 5 * Math.max(e, 1)) {
      stat += 1e9 // a tail far heavier than expected: fail loudly
    }
  }
  const df = cells - 1
  return { statistic: stat, df, pValue: 1 - chisquareCdf(stat, df) }
}

/** Two-sided one-sample Kolmogorov–Smirnov test: statistic D and the asymptotic p-value (Kolmogorov series). */
export function ksTest(sample: Float64Array, cdf: (x: number) => number): { d: number; pValue: number } {
  const xs = Float64Array.from(sample).sort()
  const n = xs.length
  let d = 0
  for (let i = 0; i < n; i++) {
    const f = cdf(xs[i])
    d = Math.max(d, (i + 1) / n - f, f - i / n)
  }
  const lambda = (Math.sqrt(n) + 0.12 + 0.11 / Math.sqrt(n)) * d
  let p = 0
  for (let j = 1; j <= 100; j++) p += 2 * (-1) ** (j - 1) * Math.exp(-2 * j * j * lambda * lambda)
  return { d, pValue: Math.min(1, Math.max(0, p)) }
}

/** z-score of an observed count against Binomial(n, p). */
export function binomialZ(count: number, n: number, p: number): number {
  return (count - n * p) / Math.sqrt(n * p * (1 - p))
}
