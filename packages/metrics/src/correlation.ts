/**
 * Pearson's r of paired samples (`scipy.stats.pearsonr`): two-pass, centred sums. NaN when fewer than 2 pairs or
 * when either sample is constant (scipy returns NaN with a ConstantInputWarning). Clipped to [−1, 1].
 */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length
  if (n < 2 || y.length !== n) return Number.NaN
  let sx = 0
  let sy = 0
  for (let i = 0; i < n; i++) {
    sx += x[i]
    sy += y[i]
  }
  const mx = sx / n
  const my = sy / n
  let sxx = 0
  let syy = 0
  let sxy = 0
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx
    const dy = y[i] - my
    sxx += dx * dx
    syy += dy * dy
    sxy += dx * dy
  }
  if (sxx === 0 || syy === 0) return Number.NaN
  const r = sxy / (Math.sqrt(sxx) * Math.sqrt(syy))
  return r > 1 ? 1 : r < -1 ? -1 : r
}

/**
 * Ranks 1…n with ties given their average rank (`scipy.stats.rankdata(method='average')`, which is also how
 * pandas ranks for Spearman's rho).
 */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length
  const order = new Uint32Array(n)
  for (let i = 0; i < n; i++) order[i] = i
  // Sort indices by value through a Float64Array key sort: pack (value, index) pairs is not possible for doubles,
  // so sort indices with a comparator; n log n, no per-row objects.
  order.sort((a, b) => values[a] - values[b])
  const ranks = new Float64Array(n)
  let i = 0
  while (i < n) {
    let j = i + 1
    const v = values[order[i]]
    while (j < n && values[order[j]] === v) j++
    // positions i…j−1 (0-based) share the average of ranks i+1…j
    const avg = (i + 1 + j) / 2
    for (let k = i; k < j; k++) ranks[order[k]] = avg
    i = j
  }
  return ranks
}

/** Spearman's rho: Pearson's r of the average ranks (`scipy.stats.spearmanr`). */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length < 2 || y.length !== x.length) return Number.NaN
  return pearson(averageRanks(x), averageRanks(y))
}

/**
 * Pearson's r over the rows where both values are present (pandas `dropna()` on the pair, then `pearsonr`).
 */
export function pearsonPairwise(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const [a, b] = presentPairs(x, y)
  return pearson(a, b)
}

/** The rows where both values are present, as two packed arrays. */
export function presentPairs(x: ArrayLike<number>, y: ArrayLike<number>): [Float64Array, Float64Array] {
  let n = 0
  for (let i = 0; i < x.length; i++) if (x[i] === x[i] && y[i] === y[i]) n++
  const a = new Float64Array(n)
  const b = new Float64Array(n)
  let k = 0
  for (let i = 0; i < x.length; i++) {
    if (x[i] === x[i] && y[i] === y[i]) {
      a[k] = x[i]
      b[k++] = y[i]
    }
  }
  return [a, b]
}

/** Spearman's rho over the rows where both values are present. */
export function spearmanPairwise(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const [a, b] = presentPairs(x, y)
  return spearman(a, b)
}
