import type { MixedPoints } from './mixed-tree'

/**
 * A mixed-type product-kernel density estimate. Numerical columns: a Gaussian kernel with covariance
 * f²·Σ (Σ the sample covariance, f = Scott's factor n^(−1/(d+4)), d = all columns), as scipy's gaussian_kde (which
 * DOMIAS uses) — the coordinates are whitened by the Cholesky factor of Σ so correlated columns (diamonds' carat,
 * x, y, z, price) are not counted several times. A missing numerical value is replaced by the column mean. When Σ is
 * singular the kernel falls back to the diagonal. Categorical columns: Aitchison–Aitken kernel (1 − λ for the same
 * code, λ/(c − 1) for another, λ = min(f, (c − 1)/c); missing is its own code).
 */
export interface MixedKde {
  /** log density of row `i` of `q` (up to a constant shared by every KDE over the same columns). */
  logDensity(q: MixedPoints, i: number): number
}

function cholesky(a: Float64Array, d: number): Float64Array | null {
  const l = new Float64Array(d * d)
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * d + j]
      for (let k = 0; k < j; k++) s -= l[i * d + k] * l[j * d + k]
      if (i === j) {
        if (!(s > 0)) return null
        l[i * d + i] = Math.sqrt(s)
      } else l[i * d + j] = s / l[j * d + j]
    }
  }
  return l
}

export function fitMixedKde(p: MixedPoints, cardinality: Int32Array): MixedKde {
  const { n, dn, dc } = p
  const factor = n ** (-1 / (dn + dc + 4))
  const means = new Float64Array(dn)
  const counts = new Float64Array(dn)
  for (let i = 0; i < n; i++)
    for (let j = 0; j < dn; j++) {
      const v = p.num[i * dn + j]
      if (v === v) {
        means[j] += v
        counts[j]++
      }
    }
  for (let j = 0; j < dn; j++) means[j] = counts[j] > 0 ? means[j] / counts[j] : 0
  const filled = (src: Float64Array, row: number, j: number) => {
    const v = src[row * dn + j]
    return v === v ? v : means[j]
  }
  const cov = new Float64Array(dn * dn)
  for (let i = 0; i < n; i++)
    for (let a = 0; a < dn; a++)
      for (let b = 0; b <= a; b++) {
        cov[a * dn + b] += (filled(p.num, i, a) - means[a]) * (filled(p.num, i, b) - means[b])
      }
  for (let a = 0; a < dn; a++)
    for (let b = 0; b <= a; b++) {
      cov[a * dn + b] /= Math.max(n - 1, 1)
      cov[b * dn + a] = cov[a * dn + b]
    }
  let chol = cholesky(cov, dn)
  if (!chol) {
    chol = new Float64Array(dn * dn)
    for (let j = 0; j < dn; j++) chol[j * dn + j] = Math.sqrt(cov[j * dn + j]) || 1e-9
  }
  let logDet = 0
  for (let j = 0; j < dn; j++) logDet += Math.log(chol[j * dn + j] * factor)
  // Whitened coordinates w = L⁻¹(x − μ)/f by forward substitution.
  const whiten = (src: Float64Array, row: number, out: Float64Array, o: number) => {
    for (let a = 0; a < dn; a++) {
      let s = filled(src, row, a) - means[a]
      for (let b = 0; b < a; b++) s -= chol![a * dn + b] * out[o + b] * factor
      out[o + a] = s / chol![a * dn + a] / factor
    }
  }
  const w = new Float64Array(n * dn)
  for (let i = 0; i < n; i++) whiten(p.num, i, w, i * dn)
  const logSame = new Float64Array(dc)
  const logOther = new Float64Array(dc)
  for (let c = 0; c < dc; c++) {
    const card = Math.max(cardinality[c] + 1, 2)
    const lambda = Math.min(factor, (card - 1) / card)
    logSame[c] = Math.log(1 - lambda)
    logOther[c] = Math.log(lambda / (card - 1))
  }
  const logN = Math.log(n)
  const qw = new Float64Array(dn)
  return {
    logDensity(q, qi) {
      whiten(q.num, qi, qw, 0)
      // log Σ_i exp(l_i) with a running maximum (log-sum-exp), so far rows never underflow to log 0.
      let max = -Infinity
      let sum = 0
      for (let i = 0; i < n; i++) {
        let l = 0
        for (let j = 0; j < dn; j++) {
          const z = qw[j] - w[i * dn + j]
          l -= 0.5 * z * z
        }
        for (let c = 0; c < dc; c++) l += q.cat[qi * dc + c] === p.cat[i * dc + c] ? logSame[c] : logOther[c]
        if (l > max) {
          sum = sum * Math.exp(max - l) + 1
          max = l
        } else sum += Math.exp(l - max)
      }
      return max + Math.log(sum) - logN - logDet
    },
  }
}
