/**
 * Empirical mutual information I(X; Y) = Σ p(x, y) ln(p(x, y) / (p(x) p(y))) in nats, from codes x ∈ [0, sx) and
 * y ∈ [0, sy) of the same rows (Y may be the mixed-radix code of several columns).
 */
export function mutualInformation(x: Int32Array, sx: number, y: Int32Array, sy: number): number {
  const counts = new Float64Array(sx * sy)
  for (let i = 0; i < x.length; i++) counts[y[i] * sx + x[i]]++
  return mutualInformationOfCounts(counts, sx, sy)
}

/** Mutual information of a joint count table laid out `counts[y·sx + x]` (any non-negative weights). */
export function mutualInformationOfCounts(counts: Float64Array, sx: number, sy: number): number {
  const px = new Float64Array(sx)
  const py = new Float64Array(sy)
  let n = 0
  for (let y = 0; y < sy; y++) {
    for (let x = 0; x < sx; x++) {
      const c = counts[y * sx + x]
      px[x] += c
      py[y] += c
      n += c
    }
  }
  if (n === 0) return 0
  let mi = 0
  for (let y = 0; y < sy; y++) {
    if (py[y] === 0) continue
    for (let x = 0; x < sx; x++) {
      const c = counts[y * sx + x]
      if (c > 0) mi += c * Math.log((c * n) / (px[x] * py[y]))
    }
  }
  // rounding can leave a tiny negative for independent columns; MI is ≥ 0
  return Math.max(0, mi / n)
}

/**
 * The mixed-radix code of several columns (the first most significant), and the number of configurations; `out`
 * (length ≥ n) is reused when given, so hot loops do not allocate.
 */
export function combineCodes(
  columns: readonly Int32Array[],
  states: readonly number[],
  n: number,
  out?: Int32Array,
): { codes: Int32Array; configs: number } {
  const codes = out ? out.subarray(0, n) : new Int32Array(n)
  codes.fill(0)
  let configs = 1
  columns.forEach((col, j) => {
    const s = states[j]
    for (let i = 0; i < n; i++) codes[i] = codes[i] * s + col[i]
    configs *= s
  })
  return { codes, configs }
}
