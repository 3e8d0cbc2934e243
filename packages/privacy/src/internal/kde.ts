import type { MixedPoints } from './mixed-tree'

/**
 * A mixed-type product-kernel density estimate: a Gaussian kernel per numerical column with Scott's bandwidth
 * h_j = σ_j · n^(−1/(d+4)) (diagonal, on the column's own scale), and an Aitchison–Aitken kernel per categorical
 * column (1 − λ for the same code, λ/(c − 1) for another, λ = min(n^(−1/(d+4)), (c − 1)/c)). A missing numerical
 * value matches a missing one with weight 1 and a present one with weight 1e-3 (missingness is a category).
 */
export interface MixedKde {
  /** log density of row `i` of `q` (up to a constant shared by every KDE over the same columns). */
  logDensity(q: MixedPoints, i: number): number
}

export function fitMixedKde(p: MixedPoints, cardinality: Int32Array): MixedKde {
  const { n, dn, dc } = p
  const factor = n ** (-1 / (dn + dc + 4))
  const invH = new Float64Array(dn)
  const logNorm = new Float64Array(dn)
  for (let j = 0; j < dn; j++) {
    let s = 0
    let s2 = 0
    let m = 0
    for (let i = 0; i < n; i++) {
      const v = p.num[i * dn + j]
      if (v === v) {
        s += v
        s2 += v * v
        m++
      }
    }
    const variance = m > 1 ? (s2 - (s * s) / m) / (m - 1) : 0
    const h = Math.sqrt(Math.max(variance, 0)) * factor || 1e-9
    invH[j] = 1 / h
    logNorm[j] = -Math.log(h)
  }
  const logSame = new Float64Array(dc)
  const logOther = new Float64Array(dc)
  for (let c = 0; c < dc; c++) {
    const card = Math.max(cardinality[c] + 1, 2)
    const lambda = Math.min(factor, (card - 1) / card)
    logSame[c] = Math.log(1 - lambda)
    logOther[c] = Math.log(lambda / (card - 1))
  }
  const LOG_MISS = Math.log(1e-3)
  const logN = Math.log(n)
  return {
    logDensity(q, qi) {
      // log Σ_i exp(l_i) with a running maximum (log-sum-exp), so far rows never underflow to log 0.
      let max = -Infinity
      let sum = 0
      for (let i = 0; i < n; i++) {
        let l = 0
        for (let j = 0; j < dn; j++) {
          const a = q.num[qi * dn + j]
          const b = p.num[i * dn + j]
          if (a !== a || b !== b) l += a !== a && b !== b ? 0 : LOG_MISS
          else {
            const z = (a - b) * invH[j]
            l += logNorm[j] - 0.5 * z * z
          }
        }
        for (let c = 0; c < dc; c++) l += q.cat[qi * dc + c] === p.cat[i * dc + c] ? logSame[c] : logOther[c]
        if (l > max) {
          sum = sum * Math.exp(max - l) + 1
          max = l
        } else sum += Math.exp(l - max)
      }
      return max + Math.log(sum) - logN
    },
  }
}
