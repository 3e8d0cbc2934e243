/**
 * The within-bin law of a binned value: a piecewise-linear quantile function Q through knots K_0 ≤ … ≤ K_{L−1}
 * at probabilities j/(L−1) (equal knots are point masses). Uniform on [lo, hi] is the case K = [lo, hi].
 */
export function quantileAt(k: readonly number[], u: number): number {
  const L = k.length - 1
  const pos = u * L
  const j = Math.min(L - 1, Math.floor(pos))
  return k[j] + (pos - j) * (k[j + 1] - k[j])
}

/** P(X ≤ x) under the knots' law. */
export function cdfRight(k: readonly number[], x: number): number {
  const L = k.length - 1
  if (x < k[0]) return 0
  if (x >= k[L]) return 1
  let j = 0
  while (j + 1 < L && k[j + 1] <= x) j++
  return (j + (x - k[j]) / (k[j + 1] - k[j])) / L
}

/** P(X < x) under the knots' law. */
export function cdfLeft(k: readonly number[], x: number): number {
  const L = k.length - 1
  if (x <= k[0]) return 0
  if (x > k[L]) return 1
  let j = L
  while (j - 1 > 0 && k[j - 1] >= x) j--
  return (j - 1 + (x - k[j - 1]) / (k[j] - k[j - 1])) / L
}
