/**
 * A conditional probability table from joint counts laid out `counts[config·states + s]`: each configuration's
 * counts normalised; a configuration with no mass gets `fallback` (the child's marginal), or uniform without one.
 */
export function cptFromCounts(counts: Float64Array, states: number, fallback?: Float64Array): number[] {
  const configs = counts.length / states
  const out = new Array<number>(counts.length)
  let marginal = fallback
  if (!marginal) {
    marginal = new Float64Array(states)
    let total = 0
    for (let i = 0; i < counts.length; i++) (marginal[i % states] += counts[i]), (total += counts[i])
    for (let s = 0; s < states; s++) marginal[s] = total > 0 ? marginal[s] / total : 1 / states
  }
  for (let c = 0; c < configs; c++) {
    let sum = 0
    for (let s = 0; s < states; s++) sum += counts[c * states + s]
    for (let s = 0; s < states; s++) out[c * states + s] = sum > 0 ? counts[c * states + s] / sum : marginal[s]
    // renormalise so the stored block sums to 1 to the last bit the decoder checks
    let check = 0
    for (let s = 0; s < states; s++) check += out[c * states + s]
    if (check !== 1) for (let s = 0; s < states; s++) out[c * states + s] /= check
  }
  return out
}

/**
 * Consistency post-processing of noisy counts ("norm-sub", Wang, Lopuhaä-Zwakenberg, Blanco-Justicia & Domingo-Ferrer,
 * "Locally differentially private frequency estimation with consistency", NDSS 2020): the non-negative table closest
 * in L2 to the noisy one with the same total, max(c − τ, 0) with τ chosen so the sum is the noisy total (at least 1).
 * Post-processing of a DP release: costs no privacy. Returns a new table.
 */
export function normSub(noisy: Float64Array): Float64Array {
  let total = 0
  for (let i = 0; i < noisy.length; i++) total += noisy[i]
  const target = Math.max(1, total)
  const sorted = Float64Array.from(noisy).sort().reverse()
  // Euclidean projection onto {x ≥ 0, Σx = target} (Duchi et al., ICML 2008): τ from the largest m with
  // c_(m) − (Σ_{i≤m} c_(i) − target)/m > 0, cells sorted in decreasing order
  let prefix = 0
  let tau = 0
  for (let m = 1; m <= sorted.length; m++) {
    prefix += sorted[m - 1]
    const t = (prefix - target) / m
    if (sorted[m - 1] - t > 0) tau = t
  }
  const out = new Float64Array(noisy.length)
  for (let i = 0; i < noisy.length; i++) out[i] = Math.max(0, noisy[i] - tau)
  return out
}

/**
 * Sums a joint table over variables it holds but a family does not: `from` lists the table's variables (first most
 * significant) with their state counts; returns the table over `to` (a subset, in the order given).
 */
export function marginalize(table: Float64Array, from: readonly number[], states: readonly number[], to: readonly number[]): Float64Array {
  const sizes = from.map((v) => states[v])
  const outSizes = to.map((v) => states[v])
  const where = to.map((v) => from.indexOf(v))
  const out = new Float64Array(outSizes.reduce((a, b) => a * b, 1))
  const digits = new Int32Array(from.length)
  for (let i = 0; i < table.length; i++) {
    let r = i
    for (let j = from.length - 1; j >= 0; j--) {
      digits[j] = r % sizes[j]
      r = (r - digits[j]) / sizes[j]
    }
    let o = 0
    for (let j = 0; j < to.length; j++) o = o * outSizes[j] + digits[where[j]]
    out[o] += table[i]
  }
  return out
}
