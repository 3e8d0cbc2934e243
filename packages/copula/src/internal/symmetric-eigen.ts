// Dense symmetric linear algebra on flat row-major Float64Arrays, for the small matrices of the copula (the latent
// correlation and its repair, d ≤ MAX_COPULA_DIMENSIONS). Written for typed arrays so that the correlation repair,
// which decomposes a d × d matrix up to a hundred times, allocates nothing per step and needs no Matrix objects
// (whose accessor calls dominated a fresh process's fit).

/** Reusable buffers of {@link symmetricEigen} for one dimension d. */
export interface EigenWorkspace {
  readonly d: number
  /** Eigenvalues, ascending. */
  readonly values: Float64Array
  /** Eigenvectors as columns, row-major: vectors[i·d + k] is component i of the k-th eigenvector. */
  readonly vectors: Float64Array
  readonly offDiagonal: Float64Array
  readonly order: Int32Array
  readonly scratch: Float64Array
}

export function eigenWorkspace(d: number): EigenWorkspace {
  return {
    d,
    values: new Float64Array(d),
    vectors: new Float64Array(d * d),
    offDiagonal: new Float64Array(d),
    order: new Int32Array(d),
    scratch: new Float64Array(d * d),
  }
}

/** √(a² + b²) without overflow or destructive underflow. */
function hypot2(a: number, b: number): number {
  const x = Math.abs(a)
  const y = Math.abs(b)
  if (x > y) {
    const r = y / x
    return x * Math.sqrt(1 + r * r)
  }
  if (y === 0) return 0
  const r = x / y
  return y * Math.sqrt(1 + r * r)
}

/** Most QL iterations spent on one eigenvalue (two or three are typical; the bound only guards against NaN input). */
const MAX_QL_ITERATIONS = 64

/**
 * Eigen decomposition A = V·diag(λ)·Vᵀ of the symmetric d × d matrix `a` (row-major; only its lower triangle is
 * read, `a` is not modified) into `w.values` (ascending) and `w.vectors`. Householder reduction to tridiagonal form,
 * then the QL algorithm with implicit Wilkinson shifts on the tridiagonal matrix, accumulating the rotations — the
 * procedures tred2 and tql2 of Wilkinson & Reinsch (1971), Handbook for Automatic Computation II, as in EISPACK.
 */
export function symmetricEigen(a: Float64Array, w: EigenWorkspace): void {
  const d = w.d
  const v = w.vectors
  const diag = w.values
  const e = w.offDiagonal
  if (d === 0) return
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      const x = a[i * d + j]
      v[i * d + j] = x
      v[j * d + i] = x
    }
  }
  householderTridiagonal(v, diag, e, d)
  implicitQl(v, diag, e, d)
  sortEigenpairs(w)
}

/**
 * tred2: reduces the symmetric matrix held (lower triangle) in `v` to tridiagonal form T = Qᵀ A Q by Householder
 * reflections, leaving the diagonal of T in `diag`, its subdiagonal in e[1..d−1] (e[0] = 0) and Q in `v`.
 */
function householderTridiagonal(v: Float64Array, diag: Float64Array, e: Float64Array, d: number): void {
  const last = (d - 1) * d
  for (let j = 0; j < d; j++) diag[j] = v[last + j]
  for (let i = d - 1; i > 0; i--) {
    // reflection that zeroes row i left of the subdiagonal; row i of the working matrix is in diag[0..i−1]
    let scale = 0
    let h = 0
    for (let k = 0; k < i; k++) scale += Math.abs(diag[k])
    if (scale === 0) {
      e[i] = diag[i - 1]
      for (let j = 0; j < i; j++) {
        diag[j] = v[(i - 1) * d + j]
        v[i * d + j] = 0
        v[j * d + i] = 0
      }
    } else {
      for (let k = 0; k < i; k++) {
        diag[k] /= scale
        h += diag[k] * diag[k]
      }
      let f = diag[i - 1]
      let g = Math.sqrt(h)
      if (f > 0) g = -g
      e[i] = scale * g
      h -= f * g
      diag[i - 1] = f - g
      for (let j = 0; j < i; j++) e[j] = 0
      // p = A·u / h (into e), using the lower triangle
      for (let j = 0; j < i; j++) {
        f = diag[j]
        v[j * d + i] = f
        g = e[j] + v[j * d + j] * f
        for (let k = j + 1; k < i; k++) {
          g += v[k * d + j] * diag[k]
          e[k] += v[k * d + j] * f
        }
        e[j] = g
      }
      f = 0
      for (let j = 0; j < i; j++) {
        e[j] /= h
        f += e[j] * diag[j]
      }
      const hh = f / (h + h)
      for (let j = 0; j < i; j++) e[j] -= hh * diag[j]
      // A ← A − u·qᵀ − q·uᵀ on the lower triangle
      for (let j = 0; j < i; j++) {
        f = diag[j]
        g = e[j]
        for (let k = j; k < i; k++) v[k * d + j] -= f * e[k] + g * diag[k]
        diag[j] = v[(i - 1) * d + j]
        v[i * d + j] = 0
      }
    }
    diag[i] = h
  }
  // accumulate the reflections into Q
  for (let i = 0; i < d - 1; i++) {
    v[last + i] = v[i * d + i]
    v[i * d + i] = 1
    const h = diag[i + 1]
    if (h !== 0) {
      for (let k = 0; k <= i; k++) diag[k] = v[k * d + i + 1] / h
      for (let j = 0; j <= i; j++) {
        let g = 0
        for (let k = 0; k <= i; k++) g += v[k * d + i + 1] * v[k * d + j]
        for (let k = 0; k <= i; k++) v[k * d + j] -= g * diag[k]
      }
    }
    for (let k = 0; k <= i; k++) v[k * d + i + 1] = 0
  }
  for (let j = 0; j < d; j++) {
    diag[j] = v[last + j]
    v[last + j] = 0
  }
  v[last + d - 1] = 1
  e[0] = 0
}

/**
 * tql2: eigenvalues and eigenvectors of the tridiagonal matrix (diagonal `diag`, subdiagonal e[1..d−1]) by the QL
 * algorithm with implicit shifts, the rotations applied to the columns of `v` (Q from the reduction).
 */
function implicitQl(v: Float64Array, diag: Float64Array, e: Float64Array, d: number): void {
  for (let i = 1; i < d; i++) e[i - 1] = e[i]
  e[d - 1] = 0
  let f = 0
  let tst1 = 0
  const eps = 2 ** -52
  for (let l = 0; l < d; l++) {
    // find a negligible subdiagonal element
    tst1 = Math.max(tst1, Math.abs(diag[l]) + Math.abs(e[l]))
    let m = l
    while (m < d) {
      if (Math.abs(e[m]) <= eps * tst1) break
      m++
    }
    if (m === d) m = d - 1
    if (m > l) {
      let iterations = 0
      do {
        if (++iterations > MAX_QL_ITERATIONS) break
        // implicit shift from the trailing 2 × 2 block
        let g = diag[l]
        let p = (diag[l + 1] - g) / (2 * e[l])
        let r = hypot2(p, 1)
        if (p < 0) r = -r
        diag[l] = e[l] / (p + r)
        diag[l + 1] = e[l] * (p + r)
        const dl1 = diag[l + 1]
        let h = g - diag[l]
        for (let i = l + 2; i < d; i++) diag[i] -= h
        f += h
        // QL sweep of plane rotations from m − 1 down to l
        p = diag[m]
        let c = 1
        let c2 = c
        let c3 = c
        const el1 = e[l + 1]
        let s = 0
        let s2 = 0
        for (let i = m - 1; i >= l; i--) {
          c3 = c2
          c2 = c
          s2 = s
          g = c * e[i]
          h = c * p
          r = hypot2(p, e[i])
          e[i + 1] = s * r
          s = e[i] / r
          c = p / r
          p = c * diag[i] - s * g
          diag[i + 1] = h + s * (c * g + s * diag[i])
          for (let k = 0; k < d; k++) {
            const row = k * d
            const hk = v[row + i + 1]
            const vk = v[row + i]
            v[row + i + 1] = s * vk + c * hk
            v[row + i] = c * vk - s * hk
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1
        e[l] = s * p
        diag[l] = c * p
      } while (Math.abs(e[l]) > eps * tst1)
    }
    diag[l] += f
    e[l] = 0
  }
}

/** Sorts the eigenvalues ascending, permuting the eigenvector columns alike. */
function sortEigenpairs(w: EigenWorkspace): void {
  const { d, values, vectors, order, scratch } = w
  let sorted = true
  for (let k = 1; k < d; k++) if (values[k] < values[k - 1]) sorted = false
  if (sorted) return
  for (let k = 0; k < d; k++) order[k] = k
  // insertion sort: d is small and the QL output is nearly ordered
  for (let k = 1; k < d; k++) {
    const o = order[k]
    const x = values[o]
    let j = k - 1
    while (j >= 0 && values[order[j]] > x) {
      order[j + 1] = order[j]
      j--
    }
    order[j + 1] = o
  }
  scratch.set(vectors)
  const lambda = w.offDiagonal // free after the QL step
  for (let k = 0; k < d; k++) lambda[k] = values[order[k]]
  values.set(lambda)
  for (let i = 0; i < d; i++) for (let k = 0; k < d; k++) vectors[i * d + k] = scratch[i * d + order[k]]
}

/**
 * Cholesky factor L (A = L·Lᵀ, lower triangular, row-major into `out`) of the symmetric d × d matrix `a`; false when
 * a pivot is not positive (or not a number), i.e. A is not positive definite. Optionally reports the smallest
 * squared pivot L_ii².
 */
export function cholesky(a: Float64Array, d: number, out: Float64Array, pivots?: { min: number }): boolean {
  out.fill(0)
  let minPivot = Infinity
  for (let j = 0; j < d; j++) {
    const rj = j * d
    let s = a[rj + j]
    for (let k = 0; k < j; k++) s -= out[rj + k] * out[rj + k]
    if (!(s > 0)) return false
    if (s < minPivot) minPivot = s
    const ljj = Math.sqrt(s)
    out[rj + j] = ljj
    for (let i = j + 1; i < d; i++) {
      const ri = i * d
      let t = a[ri + j]
      for (let k = 0; k < j; k++) t -= out[ri + k] * out[rj + k]
      out[ri + j] = t / ljj
    }
  }
  if (pivots) pivots.min = minPivot
  return true
}
