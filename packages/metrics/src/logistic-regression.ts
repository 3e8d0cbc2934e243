import type { DesignMatrix } from './feature-encoder'

/** A fitted binary logistic model: P(y = 1 | x) = σ(b + w·x). */
export interface LogisticModel {
  readonly weights: Float64Array
  readonly intercept: number
  readonly iterations: number
}

export interface LogisticOptions {
  /** L2 penalty λ on the weights (not the intercept); default 1e-4. */
  readonly l2?: number
  readonly maxIterations?: number
  /** Stop when the gradient's max-norm falls below this; default 1e-6. */
  readonly tolerance?: number
  /** Optional per-row weights (e.g. to balance classes). */
  readonly sampleWeights?: Float64Array
}

function log1pExp(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z))
}

/**
 * Mean penalised negative log-likelihood and its gradient at θ = (w, b):
 * L = (1/W) Σ_i s_i [log(1 + e^{z_i}) − y_i z_i] + (λ/2)‖w‖², z_i = b + w·x_i.
 */
function lossAndGradient(
  m: DesignMatrix,
  y: Uint8Array,
  theta: Float64Array,
  l2: number,
  sw: Float64Array | undefined,
  grad: Float64Array,
): number {
  const { x, n, p } = m
  grad.fill(0)
  let loss = 0
  let total = 0
  for (let i = 0; i < n; i++) {
    const row = i * p
    let z = theta[p]
    for (let j = 0; j < p; j++) z += theta[j] * x[row + j]
    const s = sw ? sw[i] : 1
    total += s
    loss += s * (log1pExp(z) - (y[i] ? z : 0))
    const r = s * (sigmoid(z) - y[i])
    for (let j = 0; j < p; j++) grad[j] += r * x[row + j]
    grad[p] += r
  }
  const inv = total > 0 ? 1 / total : 0
  loss *= inv
  let pen = 0
  for (let j = 0; j < p; j++) {
    grad[j] = grad[j] * inv + l2 * theta[j]
    pen += theta[j] * theta[j]
  }
  grad[p] *= inv
  return loss + 0.5 * l2 * pen
}

/**
 * Fits an L2-penalised logistic regression by L-BFGS (Nocedal & Wright, Numerical Optimization, alg. 7.4, memory 8)
 * with a backtracking Armijo line search. On standardized features it converges in a few dozen iterations; each
 * costs one pass over the n × p matrix.
 */
export function fitLogistic(m: DesignMatrix, y: Uint8Array, options: LogisticOptions = {}): LogisticModel {
  const { p } = m
  const l2 = options.l2 ?? 1e-4
  const maxIt = options.maxIterations ?? 200
  const tol = options.tolerance ?? 1e-6
  const sw = options.sampleWeights
  const dim = p + 1
  const memory = 8
  const theta = new Float64Array(dim)
  const grad = new Float64Array(dim)
  let loss = lossAndGradient(m, y, theta, l2, sw, grad)
  const S: Float64Array[] = []
  const Y: Float64Array[] = []
  const rho: number[] = []
  const dir = new Float64Array(dim)
  const alpha = new Float64Array(memory)
  const next = new Float64Array(dim)
  const nextGrad = new Float64Array(dim)
  let it = 0
  for (; it < maxIt; it++) {
    let gmax = 0
    for (let j = 0; j < dim; j++) gmax = Math.max(gmax, Math.abs(grad[j]))
    if (gmax < tol) break
    // two-loop recursion: dir = −H·grad
    for (let j = 0; j < dim; j++) dir[j] = -grad[j]
    for (let k = S.length - 1; k >= 0; k--) {
      let a = 0
      for (let j = 0; j < dim; j++) a += S[k][j] * dir[j]
      a *= rho[k]
      alpha[k] = a
      for (let j = 0; j < dim; j++) dir[j] -= a * Y[k][j]
    }
    if (S.length > 0) {
      const k = S.length - 1
      let yy = 0
      let sy = 0
      for (let j = 0; j < dim; j++) {
        yy += Y[k][j] * Y[k][j]
        sy += S[k][j] * Y[k][j]
      }
      const gamma = sy / yy
      for (let j = 0; j < dim; j++) dir[j] *= gamma
    }
    for (let k = 0; k < S.length; k++) {
      let b = 0
      for (let j = 0; j < dim; j++) b += Y[k][j] * dir[j]
      b *= rho[k]
      for (let j = 0; j < dim; j++) dir[j] += S[k][j] * (alpha[k] - b)
    }
    let slope = 0
    for (let j = 0; j < dim; j++) slope += grad[j] * dir[j]
    if (slope >= 0) {
      // not a descent direction (numerical trouble): restart from steepest descent
      for (let j = 0; j < dim; j++) dir[j] = -grad[j]
      slope = 0
      for (let j = 0; j < dim; j++) slope -= grad[j] * grad[j]
      S.length = 0
      Y.length = 0
      rho.length = 0
    }
    let step = 1
    let nextLoss = 0
    for (let tries = 0; tries < 40; tries++) {
      for (let j = 0; j < dim; j++) next[j] = theta[j] + step * dir[j]
      nextLoss = lossAndGradient(m, y, next, l2, sw, nextGrad)
      if (nextLoss <= loss + 1e-4 * step * slope) break
      step *= 0.5
    }
    const s = new Float64Array(dim)
    const yv = new Float64Array(dim)
    let sy = 0
    for (let j = 0; j < dim; j++) {
      s[j] = next[j] - theta[j]
      yv[j] = nextGrad[j] - grad[j]
      sy += s[j] * yv[j]
    }
    theta.set(next)
    grad.set(nextGrad)
    const improvement = loss - nextLoss
    loss = nextLoss
    if (sy > 1e-12) {
      if (S.length === memory) {
        S.shift()
        Y.shift()
        rho.shift()
      }
      S.push(s)
      Y.push(yv)
      rho.push(1 / sy)
    }
    if (improvement >= 0 && improvement < 1e-12) break
  }
  return { weights: theta.slice(0, p), intercept: theta[p], iterations: it }
}

/** P(y = 1 | x) for every row. */
export function predictLogistic(model: LogisticModel, m: DesignMatrix): Float64Array {
  const { x, n, p } = m
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let z = model.intercept
    const row = i * p
    for (let j = 0; j < p; j++) z += model.weights[j] * x[row + j]
    out[i] = sigmoid(z)
  }
  return out
}
