import { CholeskyDecomposition, Matrix } from 'ml-matrix'
import type { DesignMatrix } from './feature-encoder'

/** A fitted ridge regression ŷ = b + w·x. */
export interface LinearModel {
  readonly weights: Float64Array
  readonly intercept: number
}

/**
 * Ridge regression by the normal equations (XᵀX + λI) θ = Xᵀy with an unpenalised intercept, solved by Cholesky
 * (ml-matrix). Features are standardized, so λ = 1e-6·n only guards against collinear one-hot columns.
 */
export function fitLinear(m: DesignMatrix, y: ArrayLike<number>, l2 = 1e-6): LinearModel {
  const { x, n, p } = m
  const d = p + 1
  const A = new Float64Array(d * d)
  const b = new Float64Array(d)
  const row = new Float64Array(d)
  for (let i = 0; i < n; i++) {
    row.set(x.subarray(i * p, (i + 1) * p))
    row[p] = 1
    const yi = y[i]
    for (let j = 0; j < d; j++) {
      const rj = row[j]
      if (rj === 0) continue
      b[j] += rj * yi
      for (let k = j; k < d; k++) A[j * d + k] += rj * row[k]
    }
  }
  const M = new Matrix(d, d)
  for (let j = 0; j < d; j++) {
    for (let k = j; k < d; k++) {
      const v = A[j * d + k] + (j === k && j < p ? l2 * n : 0)
      M.set(j, k, v)
      M.set(k, j, v)
    }
  }
  const theta = new CholeskyDecomposition(M).solve(Matrix.columnVector(Array.from(b)))
  const weights = new Float64Array(p)
  for (let j = 0; j < p; j++) weights[j] = theta.get(j, 0)
  return { weights, intercept: theta.get(p, 0) }
}

export function predictLinear(model: LinearModel, m: DesignMatrix): Float64Array {
  const { x, n, p } = m
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let z = model.intercept
    for (let j = 0; j < p; j++) z += model.weights[j] * x[i * p + j]
    out[i] = z
  }
  return out
}
