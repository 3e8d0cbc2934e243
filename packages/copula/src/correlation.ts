import { type WorkSteps, runWorkSteps } from '@synthkit/core'
import { pairSums } from './internal/fit-parts'
import { type Kernels, kernelInstance } from './internal/kernels'
import { type EigenWorkspace, cholesky, eigenWorkspace, symmetricEigen } from './internal/symmetric-eigen'

/**
 * Pearson correlation of normal scores, pairwise-complete: NaN marks a score that does not exist (the value of a
 * missing cell), and each pair uses the rows where both exist. A pair with fewer than 2 such rows, or no variance
 * on them, gets 0. The result may be indefinite; {@link nearestCorrelation} repairs it.
 */
export function pairwiseCorrelation(scores: readonly Float64Array[]): number[][] {
  return runWorkSteps(pairwiseCorrelationSteps(scores))
}

/** {@link pairwiseCorrelation} as steps: one per row of the matrix (i·n multiply-adds), for a cooperative fit. */
export function* pairwiseCorrelationSteps(scores: readonly Float64Array[]): WorkSteps<number[][]> {
  const d = scores.length
  const r: number[][] = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : 0)))
  const n = d > 0 ? scores[0].length : 0
  const kernels = d > 1 && d * n <= MAX_KERNEL_SCORES && scores.every((s) => s.length === n) ? kernelInstance() : null
  if (kernels) return yield* pairwiseKernelSteps(kernels, scores, n, r)
  // Complete coordinates (no NaN, the common case) get their mean and norm once, so that a pair of them costs one
  // centred dot product; pairs with a missing side take the pairwise-complete sums.
  const moments = scores.map(centredMoments)
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < i; j++) {
      const mi = moments[i]
      const mj = moments[j]
      let c: number
      if (mi !== undefined && mj !== undefined) {
        c = 0
        if (mi !== null && mj !== null) c = centredDot(scores[i], mi.mean, scores[j], mj.mean) * mi.inverseNorm * mj.inverseNorm
      } else c = pairCorrelation(scores[i], scores[j])
      c = Math.max(-1, Math.min(1, c))
      r[i][j] = c
      r[j][i] = c
    }
    yield { phase: 'correlation', done: i + 1, total: d, work: i * scores[i].length }
  }
  return r
}

/** Most scores (coordinates × rows) the pairwise kernel copies into its memory (64 MB); beyond, the TypeScript path. */
const MAX_KERNEL_SCORES = 2 ** 23

/** The WebAssembly transcription of the loop above (the same sums in the same order: the same matrix, the same steps). */
function* pairwiseKernelSteps(k: Kernels, scores: readonly Float64Array[], n: number, r: number[][]): WorkSteps<number[][]> {
  const d = scores.length
  k.pairwiseSetup(d, n)
  const memory = new Float64Array(k.memory.buffer)
  for (let j = 0; j < d; j++) memory.set(scores[j], j * n)
  k.pairwiseMoments()
  for (let i = 0; i < d; i++) {
    const row = k.pairwiseRow(i)
    for (let j = 0; j < i; j++) {
      const c = memory[row + j]
      r[i][j] = c
      r[j][i] = c
    }
    yield { phase: 'correlation', done: i + 1, total: d, work: i * n }
  }
  return r
}

/**
 * Σ (x_k − a)(y_k − b). A plain function rather than a loop inside the generator above: V8 optimises a hot plain
 * function after a few calls, while a loop in a generator body stays in the interpreter far longer (a fresh
 * process's fit spent most of this step there).
 */
function centredDot(x: Float64Array, a: number, y: Float64Array, b: number): number {
  let s = 0
  for (let k = 0; k < x.length; k++) s += (x[k] - a) * (y[k] - b)
  return s
}

/**
 * Mean and 1/‖x − x̄‖ of a coordinate without NaN; null when it has no variance (fewer than 2 rows, or a sum of
 * squared deviations ≤ 1e-12·n, as in {@link pairCorrelation}); undefined when it has a NaN.
 */
function centredMoments(x: Float64Array): { mean: number; inverseNorm: number } | null | undefined {
  const n = x.length
  let sum = 0
  for (let k = 0; k < n; k++) {
    const v = x[k]
    if (v !== v) return undefined
    sum += v
  }
  if (n < 2) return null
  const mean = sum / n
  let ss = 0
  for (let k = 0; k < n; k++) ss += (x[k] - mean) ** 2
  return ss > 1e-12 * n ? { mean, inverseNorm: 1 / Math.sqrt(ss) } : null
}

/** Pearson's r on the rows where both coordinates exist; 0 with fewer than 2 such rows or no variance on them. */
function pairCorrelation(x: Float64Array, y: Float64Array): number {
  const { n, sx, sy, sxx, syy, sxy } = pairSums(x, y)
  if (n < 2) return 0
  const vx = sxx - (sx * sx) / n
  const vy = syy - (sy * sy) / n
  return vx > 1e-12 * n && vy > 1e-12 * n ? (sxy - (sx * sy) / n) / Math.sqrt(vx * vy) : 0
}

/**
 * Cap of the correction below. The factor grows without bound as a category gets rare (p = 0.5 → 1.25,
 * p = 0.1 → 1.71, p = 0.006 → 4.5), and then multiplies the noise of correlations estimated from a handful of rows.
 */
export const MAX_DISCRETISATION_FACTOR = 1.6

/**
 * How much Pearson's r between a discretised coordinate (category scores s_t = Φ⁻¹ of interval mid-points,
 * frequencies f_t, thresholds τ_t = Φ⁻¹ of the cumulative frequencies) and a normal one understates the latent
 * correlation: r_latent = r · σ_s / Σ_t φ(τ_t)(s_{t+1} − s_t) (the polyserial correction, Olsson, Drasgow & Dorans
 * 1982). 1 for a continuous coordinate; tends to 1 as the categories get finer. For two discretised coordinates
 * the product of their factors is used (for two median splits it reproduces the tetrachoric correlation to first
 * order: r_φ ≈ (2/π)·ρ).
 */
export function discretisationFactor(frequencies: readonly number[], inverseNormal: (p: number) => number): number {
  const k = frequencies.length
  if (k < 2) return 1
  const scores: number[] = []
  let acc = 0
  for (const f of frequencies) {
    scores.push(inverseNormal(Math.min(1 - 1e-9, Math.max(1e-9, acc + f / 2))))
    acc += f
  }
  let mean = 0
  frequencies.forEach((f, t) => (mean += f * scores[t]))
  let variance = 0
  frequencies.forEach((f, t) => (variance += f * (scores[t] - mean) ** 2))
  let denominator = 0
  acc = 0
  for (let t = 0; t < k - 1; t++) {
    acc += frequencies[t]
    const tau = inverseNormal(Math.min(1 - 1e-9, Math.max(1e-9, acc)))
    denominator += (Math.exp(-0.5 * tau * tau) / Math.sqrt(2 * Math.PI)) * (scores[t + 1] - scores[t])
  }
  const factor = Math.sqrt(variance) / denominator
  return Number.isFinite(factor) && factor >= 1 ? Math.min(factor, MAX_DISCRETISATION_FACTOR) : 1
}

/** Smallest eigenvalue kept by the repair, before rescaling to a unit diagonal. */
export const MIN_EIGENVALUE = 1e-6

/**
 * V·max(Λ, floor)·Vᵀ of a symmetric d × d matrix (row-major), written into `out`: the projection onto the matrices
 * with eigenvalues ≥ floor. Works on flat arrays with a reused workspace, so the repair loop allocates nothing.
 */
function clipEigen(m: Float64Array, w: EigenWorkspace, floor: number, out: Float64Array): void {
  const d = w.d
  symmetricEigen(m, w)
  const v = w.vectors // row-major: v[i·d + k] = V(i, k)
  const lambda = w.offDiagonal // free after the decomposition
  for (let k = 0; k < d; k++) lambda[k] = Math.max(w.values[k], floor)
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0
      for (let k = 0; k < d; k++) s += v[i * d + k] * lambda[k] * v[j * d + k]
      out[i * d + j] = s
      out[j * d + i] = s
    }
  }
}

/** The matrix of nested arrays as a flat row-major array. */
function flat(r: readonly (readonly number[])[]): Float64Array {
  const d = r.length
  const out = new Float64Array(d * d)
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) out[i * d + j] = r[i][j]
  return out
}

function isComfortablyPD(r: number[][]): boolean {
  const d = r.length
  const pivots = { min: 0 }
  return cholesky(flat(r), d, new Float64Array(d * d), pivots) && pivots.min >= MIN_EIGENVALUE
}

/** Iterations of Higham's alternating projections before the final clip. */
const HIGHAM_ITERATIONS = 100

/**
 * The nearest positive-definite correlation matrix. A matrix whose Cholesky factorisation succeeds with every
 * pivot above 1e-6 is returned unchanged. Otherwise Higham's alternating projections with Dykstra's correction
 * (Higham 2002, "Computing the nearest correlation matrix — a problem from finance") find the nearest correlation
 * matrix in Frobenius norm — changing the consistent entries far less than one eigenvalue clip — and a final
 * eigenvalue clip at 1e-6 with rescaling to a unit diagonal (Rousseeuw & Molenberghs 1993) makes it strictly
 * positive definite.
 */
export function nearestCorrelation(r: number[][]): { matrix: number[][]; repaired: boolean } {
  return runWorkSteps(nearestCorrelationSteps(r))
}

/**
 * {@link nearestCorrelation} as steps: one per iteration of the alternating projections (an eigen decomposition,
 * ≈ d³ operations each), for a cooperative fit. One decomposition cannot be interrupted: its time bounds how
 * promptly a cancelled fit stops (see MAX_COPULA_DIMENSIONS).
 */
export function* nearestCorrelationSteps(r: number[][]): WorkSteps<{ matrix: number[][]; repaired: boolean }> {
  const d = r.length
  if (d === 0) return { matrix: [], repaired: false }
  if (isComfortablyPD(r)) return { matrix: r.map((row) => [...row]), repaired: false }
  const kernels = kernelInstance()
  if (kernels) return yield* nearestCorrelationKernelSteps(kernels, r)
  const size = d * d
  let y = new Float64Array(size)
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) y[i * d + j] = r[i][j]
  const correction = new Float64Array(size)
  const residual = new Float64Array(size)
  const x = new Float64Array(size)
  let next = new Float64Array(size)
  const workspace = eigenWorkspace(d)
  for (let it = 0; it < HIGHAM_ITERATIONS; it++) {
    for (let k = 0; k < size; k++) residual[k] = y[k] - correction[k]
    clipEigen(residual, workspace, 0, x)
    for (let k = 0; k < size; k++) correction[k] = x[k] - residual[k]
    next.set(x)
    for (let i = 0; i < d; i++) next[i * d + i] = 1
    let change = 0
    let norm = 0
    for (let k = 0; k < size; k++) {
      change += (next[k] - y[k]) ** 2
      norm += y[k] * y[k]
    }
    const swap = y
    y = next
    next = swap
    if (Math.sqrt(change) / Math.max(1, Math.sqrt(norm)) < 1e-9) break
    yield { phase: 'correlation repair', done: it + 1, total: HIGHAM_ITERATIONS, work: d * d * d }
  }
  const fixed = new Float64Array(size)
  clipEigen(y, workspace, MIN_EIGENVALUE, fixed)
  return { matrix: unitDiagonal(fixed, d), repaired: true }
}

/**
 * The same iterations in WebAssembly (assembly/kernels.ts transcribes clipEigen and the loop above operation for
 * operation: the same matrix, the same steps).
 */
function* nearestCorrelationKernelSteps(k: Kernels, r: number[][]): WorkSteps<{ matrix: number[][]; repaired: boolean }> {
  const d = r.length
  const y = k.repairSetup(d)
  const memory = new Float64Array(k.memory.buffer)
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) memory[y + i * d + j] = r[i][j]
  for (let it = 0; it < HIGHAM_ITERATIONS; it++) {
    if (k.repairStep() < 1e-9) break
    yield { phase: 'correlation repair', done: it + 1, total: HIGHAM_ITERATIONS, work: d * d * d }
  }
  const fixed = k.repairFinish(MIN_EIGENVALUE)
  return { matrix: unitDiagonal(memory.subarray(fixed, fixed + d * d), d), repaired: true }
}

/** The clipped matrix rescaled to a unit diagonal, as nested arrays, exactly symmetric. */
function unitDiagonal(fixed: Float64Array, d: number): number[][] {
  const out: number[][] = []
  for (let i = 0; i < d; i++) {
    out.push([])
    for (let j = 0; j < d; j++) out[i].push(i === j ? 1 : fixed[i * d + j] / Math.sqrt(fixed[i * d + i] * fixed[j * d + j]))
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) out[j][i] = out[i][j]
  return out
}

/**
 * A square root S of a covariance matrix (S Sᵀ = Σ), row-major d × d: the Cholesky factor when it exists, else
 * V·√max(Λ, 0) from the eigen decomposition (a singular Σ, e.g. the conditional covariance given a point).
 */
export function covarianceRoot(sigma: number[][]): Float64Array {
  const d = sigma.length
  const out = new Float64Array(d * d)
  if (d === 0) return out
  const m = flat(sigma)
  if (cholesky(m, d, out)) return out
  const w = eigenWorkspace(d)
  symmetricEigen(m, w)
  const v = w.vectors
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) out[i * d + j] = v[i * d + j] * Math.sqrt(Math.max(w.values[j], 0))
  return out
}
