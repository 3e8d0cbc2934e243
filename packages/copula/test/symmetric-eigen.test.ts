import fc from 'fast-check'
import { CholeskyDecomposition, EigenvalueDecomposition, Matrix } from 'ml-matrix'
import { describe, expect, it } from 'vitest'
import { cholesky, eigenWorkspace, symmetricEigen } from '../src/internal/symmetric-eigen'

// The typed-array eigen decomposition and Cholesky factor that replaced ml-matrix in the correlation repair and the
// sampler's square root. Checked by their defining identities (A = VΛVᵀ, VᵀV = I, A = LLᵀ) on random symmetric
// matrices, and against ml-matrix (an independent implementation) for the eigenvalues and for positive-definiteness.

/** A random symmetric d × d matrix, row-major, from fast-check: entries in [−s, s] with a random scale s. */
const symmetric = fc
  .record({
    d: fc.integer({ min: 1, max: 14 }),
    scale: fc.constantFrom(1e-6, 1, 1e3),
    // entries of magnitude ≥ 1e-8 or exactly 0: the matrices here are correlations (products of entries must not
    // underflow to subnormals, where no Householder reflection is accurate)
    entries: fc.array(
      fc.double({ min: -1, max: 1, noNaN: true }).map((x) => (Math.abs(x) < 1e-8 ? 0 : x)),
      { minLength: 14 * 14, maxLength: 14 * 14 },
    ),
    // a low-rank or repeated-eigenvalue structure: keep only the first `rank` outer products
    rank: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
  })
  .map(({ d, scale, entries, rank }) => {
    const a = new Float64Array(d * d)
    if (rank === undefined) {
      for (let i = 0; i < d; i++) {
        for (let j = 0; j <= i; j++) {
          a[i * d + j] = entries[i * 14 + j] * scale
          a[j * d + i] = a[i * d + j]
        }
      }
    } else {
      // Σ_r x_r x_rᵀ (rank ≤ `rank`, eigenvalue 0 repeated d − rank times)
      for (let r = 0; r < rank; r++) {
        for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) a[i * d + j] += entries[r * 14 + i] * entries[r * 14 + j] * scale
      }
    }
    return { d, a }
  })

function maxAbs(a: Float64Array): number {
  let m = 0
  for (const x of a) m = Math.max(m, Math.abs(x))
  return m
}

describe('symmetric eigen decomposition on flat arrays', () => {
  it('reconstructs A = VΛVᵀ with orthonormal V and ascending eigenvalues equal to ml-matrix’s', () => {
    fc.assert(
      fc.property(symmetric, ({ d, a }) => {
        const w = eigenWorkspace(d)
        symmetricEigen(a, w)
        const norm = Math.max(maxAbs(a), Number.MIN_VALUE)
        const tol = 1e-12 * d * norm
        for (let k = 1; k < d; k++) expect(w.values[k]).toBeGreaterThanOrEqual(w.values[k - 1])
        for (let i = 0; i < d; i++) {
          for (let j = 0; j < d; j++) {
            let s = 0
            let o = 0
            for (let k = 0; k < d; k++) {
              s += w.vectors[i * d + k] * w.values[k] * w.vectors[j * d + k]
              o += w.vectors[k * d + i] * w.vectors[k * d + j]
            }
            expect(Math.abs(s - a[i * d + j])).toBeLessThanOrEqual(tol)
            expect(Math.abs(o - (i === j ? 1 : 0))).toBeLessThanOrEqual(1e-12 * d)
          }
        }
        const rows = Array.from({ length: d }, (_, i) => Array.from(a.subarray(i * d, (i + 1) * d)))
        const reference = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true }).realEigenvalues
        for (let k = 0; k < d; k++) expect(Math.abs(w.values[k] - reference[k])).toBeLessThanOrEqual(tol)
      }),
      { numRuns: 400, seed: 20261201 },
    )
  })

  it('handles the zero matrix, the identity and repeated diagonal values', () => {
    for (const diag of [
      [0, 0, 0],
      [1, 1, 1, 1],
      [3, -1, 3, 2, -1],
    ]) {
      const d = diag.length
      const a = new Float64Array(d * d)
      diag.forEach((x, i) => (a[i * d + i] = x))
      const w = eigenWorkspace(d)
      symmetricEigen(a, w)
      expect([...w.values]).toEqual([...diag].sort((x, y) => x - y))
    }
  })

  it('reuses a workspace across calls without carrying state over', () => {
    const w = eigenWorkspace(3)
    symmetricEigen(Float64Array.from([2, 1, 0, 1, 2, 1, 0, 1, 2]), w)
    const first = [...w.values]
    symmetricEigen(Float64Array.from([5, 0, 0, 0, 4, 0, 0, 0, 3]), w)
    expect([...w.values]).toEqual([3, 4, 5])
    symmetricEigen(Float64Array.from([2, 1, 0, 1, 2, 1, 0, 1, 2]), w)
    expect([...w.values]).toEqual(first)
    // 2 − √2, 2, 2 + √2
    expect(first[0]).toBeCloseTo(2 - Math.SQRT2, 14)
    expect(first[2]).toBeCloseTo(2 + Math.SQRT2, 14)
  })
})

describe('Cholesky factor on flat arrays', () => {
  it('agrees with ml-matrix on positive-definiteness and gives A = LLᵀ with the smallest squared pivot', () => {
    fc.assert(
      fc.property(symmetric, fc.double({ min: -0.5, max: 3, noNaN: true }), ({ d, a }, shift) => {
        // shifting the diagonal moves the matrix across the positive-definite boundary
        const m = Float64Array.from(a)
        const scale = Math.max(maxAbs(a), 1e-300)
        for (let i = 0; i < d; i++) m[i * d + i] += shift * scale * d
        const l = new Float64Array(d * d)
        const pivots = { min: 0 }
        const ok = cholesky(m, d, l, pivots)
        const rows = Array.from({ length: d }, (_, i) => Array.from(m.subarray(i * d, (i + 1) * d)))
        const reference = new CholeskyDecomposition(new Matrix(rows))
        // near the boundary (smallest pivot within rounding of 0) the two may differ; elsewhere they must agree
        const refL = reference.lowerTriangularMatrix
        let refMin = Infinity
        for (let i = 0; i < d; i++) refMin = Math.min(refMin, refL.get(i, i) ** 2)
        if (!(Math.abs(refMin) < 1e-9 * scale * d)) expect(ok).toBe(reference.isPositiveDefinite())
        if (!ok) return
        let min = Infinity
        for (let i = 0; i < d; i++) {
          min = Math.min(min, l[i * d + i] ** 2)
          for (let j = 0; j < d; j++) {
            if (j > i) expect(l[i * d + j]).toBe(0)
            let s = 0
            for (let k = 0; k < d; k++) s += l[i * d + k] * l[j * d + k]
            expect(Math.abs(s - m[i * d + j])).toBeLessThanOrEqual(1e-12 * d * scale * (1 + Math.abs(shift) * d))
          }
        }
        expect(Math.abs(pivots.min - min)).toBeLessThanOrEqual(4e-16 * min)
      }),
      { numRuns: 400, seed: 7 },
    )
  })

  it('refuses an indefinite or NaN matrix', () => {
    const l = new Float64Array(4)
    expect(cholesky(Float64Array.from([1, 2, 2, 1]), 2, l)).toBe(false)
    expect(cholesky(Float64Array.from([1, Number.NaN, Number.NaN, 1]), 2, l)).toBe(false)
    expect(cholesky(Float64Array.from([0, 0, 0, 0]), 2, l)).toBe(false)
  })
})
