// Chance probabilities for constraint discovery: how likely a relation is to hold (up to k violations) on data whose
// columns are independent. Everything in log10 so that probabilities like 1e-3000 stay finite.

const LN10 = Math.LN10

// Lanczos approximation (g = 7, n = 9), |relative error| < 1e-13 for x > 0 (Numerical Recipes, 3rd ed., §6.1).
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
]

/** ln Γ(x) for x > 0. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x)
  const z = x - 1
  let a = LANCZOS[0]!
  const t = z + 7.5
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i)
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a)
}

/** ln C(n, k). */
export function logChoose(n: number, k: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1)
}

/**
 * log10 P(X ≤ k) for X ~ Binomial(n, p): the chance of seeing at most k violations in n rows when each row violates
 * independently with probability p. Summed term by term in log space (k is small: the violations a proposal tolerates).
 */
export function log10BinomialCdf(k: number, n: number, p: number): number {
  if (k >= n) return 0
  if (p <= 0) return 0
  if (p >= 1) return -Infinity
  const lp = Math.log(p)
  const lq = Math.log1p(-p)
  let max = -Infinity
  const terms: number[] = []
  for (let i = 0; i <= k; i++) {
    const v = logChoose(n, i) + i * lp + (n - i) * lq
    terms.push(v)
    if (v > max) max = v
  }
  let s = 0
  for (const v of terms) s += Math.exp(v - max)
  return Math.min(0, (max + Math.log(s)) / LN10)
}

/** log10 P(X ≤ k) for X ~ Poisson(mean): the chance that a cell expected `mean` times holds at most k rows. */
export function log10PoissonCdf(k: number, mean: number): number {
  if (mean <= 0) return 0
  let max = -Infinity
  const terms: number[] = []
  for (let i = 0; i <= k; i++) {
    const v = -mean + i * Math.log(mean) - logGamma(i + 1)
    terms.push(v)
    if (v > max) max = v
  }
  let s = 0
  for (const v of terms) s += Math.exp(v - max)
  return Math.min(0, (max + Math.log(s)) / LN10)
}
