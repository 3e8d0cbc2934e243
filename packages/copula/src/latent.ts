import { type Rng, fillStandardNormal, fillUniform } from '@synthkit/core'
import { covarianceRoot } from './correlation'
import { kernelInstance } from './internal/kernels'
import { phi, phiInverse } from './special'

/**
 * n draws of z = L·ε, ε ~ N(0, I): one Float64Array per coordinate (column-major, no per-row objects).
 * `root` is a row-major d × d square root of the correlation matrix.
 */
export function drawCorrelatedNormals(root: Float64Array, d: number, n: number, rng: Rng): Float64Array[] {
  const z = Array.from({ length: d }, () => new Float64Array(n))
  if (d === 0) return z
  // ε in blocks of rows, so the scratch buffer stays small whatever n is (the stream's memory stays flat)
  const block = Math.min(n, 4096)
  const eps = new Float64Array(block * d)
  // a Cholesky root has nothing above the diagonal (the usual case); an eigen square root may
  let lower = true
  for (let j = 0; j < d && lower; j++) for (let k = j + 1; k < d; k++) if (root[j * d + k] !== 0) lower = false
  for (let start = 0; start < n; start += block) {
    const rows = Math.min(block, n - start)
    const e = rows === block ? eps : eps.subarray(0, rows * d)
    fillStandardNormal(rng, e)
    for (let j = 0; j < d; j++) multiplyRow(root, d, j, lower ? j + 1 : d, e, rows, z[j], start)
  }
  return z
}

/**
 * out[start + b] = Σ_{k < end} root[j·d + k]·e[b·d + k] for the `rows` rows of the block: row j of the root times each
 * row's ε (entries above the diagonal skipped when zero,
 * as they add nothing). One plain function per coordinate keeps the hot loop short,
 * so V8 optimises it after the first coordinates.
 */
function multiplyRow(
  root: Float64Array,
  d: number,
  j: number,
  end: number,
  e: Float64Array,
  rows: number,
  out: Float64Array,
  start: number,
): void {
  const r = j * d
  for (let b = 0; b < rows; b++) {
    const base = b * d
    let s = 0
    for (let k = 0; k <= j; k++) s += root[r + k] * e[base + k]
    for (let k = j + 1; k < end; k++) {
      const l = root[r + k]
      if (l !== 0) s += l * e[base + k]
    }
    out[start + b] = s
  }
}

/** A standard normal draw restricted to [a, b] (inverse-CDF method, on the upper tail's mirror for precision). */
export function truncatedStandardNormal(rng: Rng, a: number, b: number): number {
  if (a === b) return a
  if (a > 0) return -truncatedStandardNormal(rng, -b, -a)
  const pa = phi(a)
  const pb = phi(b)
  const u = pa + rng.next() * (pb - pa)
  const z = phiInverse(u)
  return z < a ? a : z > b ? b : z
}

/** Box bounds on some coordinates of the latent Gaussian; lower = upper is a point. */
export interface LatentBox {
  readonly dims: readonly number[]
  readonly lower: readonly number[]
  readonly upper: readonly number[]
}

/** Sweeps of the Gibbs sampler discarded before the first kept state, and sweeps between kept states. */
export const GIBBS_BURN_IN = 200
export const GIBBS_THIN = 3

/**
 * n draws of the correlated Gaussian (correlation `corr`) conditioned on z_C ∈ box:
 * 1. z_C from N(0, Σ_CC) truncated to the box. One interval coordinate: exact (inverse CDF, given any point
 *    conditions). Several: a Gibbs
 *    sampler over the interval coordinates, each full conditional a univariate truncated normal with mean
 *    −(1/P_jj)·Σ_{k≠j} P_jk z_k and variance 1/P_jj (P = Σ_CC⁻¹), point coordinates held fixed; 200 sweeps of
 *    burn-in, then one state kept every 3 sweeps (a single chain per call, so consecutive rows are weakly
 *    dependent; the chain is started at the point of the box nearest the origin).
 * 2. z_R | z_C ~ N(Σ_RC Σ_CC⁻¹ z_C, Σ_RR − Σ_RC Σ_CC⁻¹ Σ_CR), sampled through a square root of the Schur complement.
 */
export function drawConditionalNormals(
  corr: readonly (readonly number[])[],
  box: LatentBox,
  n: number,
  rng: Rng,
  inverse: (m: number[][]) => number[][],
): Float64Array[] {
  const d = corr.length
  const C = box.dims
  const c = C.length
  const inC = new Set(C)
  const R = [...Array(d).keys()].filter((j) => !inC.has(j))
  const z = Array.from({ length: d }, () => new Float64Array(n))
  const sigmaCC = C.map((i) => C.map((j) => corr[i][j]))
  const P = inverse(sigmaCC)
  // --- step 1: conditioned coordinates
  const state = C.map((_, j) => Math.min(Math.max(0, box.lower[j]), box.upper[j]))
  const free = C.map((_, j) => j).filter((j) => box.lower[j] !== box.upper[j])
  const sweep = () => {
    for (const j of free) {
      let m = 0
      for (let k = 0; k < c; k++) if (k !== j) m += P[j][k] * state[k]
      const v = 1 / P[j][j]
      const mean = -m * v
      const sd = Math.sqrt(v)
      state[j] = mean + sd * truncatedStandardNormal(rng, (box.lower[j] - mean) / sd, (box.upper[j] - mean) / sd)
    }
  }
  // One free coordinate: its full conditional given the fixed points is the exact conditional, no chain needed.
  const exact = free.length === 1
  if (free.length > 1) for (let s = 0; s < GIBBS_BURN_IN; s++) sweep()
  for (let i = 0; i < n; i++) {
    if (exact) sweep()
    else if (free.length > 1) for (let s = 0; s < GIBBS_THIN; s++) sweep()
    for (let j = 0; j < c; j++) z[C[j]][i] = state[j]
  }
  if (R.length === 0) return z
  // --- step 2: the rest, given z_C
  const sigmaRC = R.map((i) => C.map((j) => corr[i][j]))
  const A = sigmaRC.map((row) => C.map((_, k) => row.reduce((s, v, j) => s + v * P[j][k], 0))) // Σ_RC Σ_CC⁻¹
  const raw = R.map((i, a) => R.map((j) => corr[i][j] - A[a].reduce((s, v, k) => s + v * corr[C[k]][j], 0)))
  const schur = raw.map((row, a) => row.map((v, b) => (v + raw[b][a]) / 2)) // exactly symmetric
  const root = covarianceRoot(schur)
  const rest = drawCorrelatedNormals(root, R.length, n, rng)
  R.forEach((dim, a) => {
    const out = z[dim]
    const noise = rest[a]
    for (let i = 0; i < n; i++) {
      let m = 0
      for (let k = 0; k < c; k++) m += A[a][k] * z[C[k]][i]
      out[i] = m + noise[i]
    }
  })
  return z
}

/**
 * Marginal stratification (variance reduction: Latin hypercube sampling with Iman–Conover rank matching), returned
 * on the probability scale: each coordinate's n normal draws are replaced in place, rank for rank, by (k + U_k)/n
 * with U_k uniform on [0, 1) — one draw in each of the n equiprobable strata. Ranks, and so the dependence between
 * coordinates, are kept; each row's value is still exactly uniform marginally (its stratum is uniform by
 * exchangeability, its position inside the stratum uniform), and category shares and missing rates of a batch come
 * out within 1/n of the model's. The jitter matters: fixed positions (k + ½)/n would repeat the same multiset of
 * values in every batch. Returning probabilities rather than Φ⁻¹ of them saves the Φ⁻¹ ∘ Φ round trip of every
 * cell: categories, missing indicators and all non-normal marginals are read from the probability directly.
 */
export function stratifyToUniforms(z: Float64Array[], n: number, rng: Rng): void {
  if (n < 2) {
    for (const col of z) for (let i = 0; i < n; i++) col[i] = phi(col[i])
    return
  }
  // Ranks by a bucket sort: a latent coordinate is N(0, 1), so the logistic approximation of Φ spreads it almost
  // evenly over n buckets (about one value each); values are ordered inside a bucket by insertion. Linear time.
  const first = new Int32Array(n + 1)
  const next = new Int32Array(n)
  const bucket = new Int32Array(n)
  const order = new Int32Array(n)
  for (const col of z) {
    first.fill(0)
    for (let i = 0; i < n; i++) {
      let b = Math.floor(n / (1 + Math.exp(-1.702 * col[i])))
      if (b >= n) b = n - 1
      else if (b < 0) b = 0
      bucket[i] = b
      first[b + 1]++
    }
    for (let b = 0; b < n; b++) first[b + 1] += first[b]
    next.set(first.subarray(0, n))
    for (let i = 0; i < n; i++) {
      const b = bucket[i]
      const lo = first[b]
      let pos = next[b]++
      const v = col[i]
      while (pos > lo && col[order[pos - 1]] > v) {
        order[pos] = order[pos - 1]
        pos--
      }
      order[pos] = i
    }
    for (let r = 0; r < n; r++) col[order[r]] = (r + rng.next()) / n
  }
}

/** Most cells (coordinates × rows) of a batch the sampling kernel holds (64 MB); beyond, the TypeScript path. */
const MAX_KERNEL_CELLS = 2 ** 23

/**
 * {@link drawCorrelatedNormals} then {@link stratifyToUniforms}: n stratified rows on the probability scale. Runs in
 * the WebAssembly kernel when it can (the generator's draws fill ε and the jitter in the same order, the kernel does
 * the products and the ranking: the same rows bit for bit), else in TypeScript.
 */
export function drawStratifiedUniforms(root: Float64Array, d: number, n: number, rng: Rng): Float64Array[] {
  const k = d > 0 && n >= 2 && d * (n + 4096) <= MAX_KERNEL_CELLS ? kernelInstance() : null
  if (!k) {
    const z = drawCorrelatedNormals(root, d, n, rng)
    stratifyToUniforms(z, n, rng)
    return z
  }
  const block = Math.min(n, 4096)
  k.sampleSetup(d, n, block)
  const memory = new Float64Array(k.memory.buffer)
  memory.set(root, k.sampleRootOffset())
  k.sampleCheckLower()
  const eps = memory.subarray(k.sampleEpsOffset(), k.sampleEpsOffset() + block * d)
  for (let start = 0; start < n; start += block) {
    const rows = Math.min(block, n - start)
    fillStandardNormal(rng, rows === block ? eps : eps.subarray(0, rows * d))
    for (let j = 0; j < d; j++) k.sampleCorrelate(j, rows, start)
  }
  const u = memory.subarray(k.sampleUOffset(), k.sampleUOffset() + n)
  const z0 = k.sampleZOffset()
  for (let j = 0; j < d; j++) {
    fillUniform(rng, u)
    k.sampleStratify(j)
  }
  // the columns stay in the instance's memory (it lives as long as they do)
  return Array.from({ length: d }, (_, j) => memory.subarray(z0 + j * n, z0 + (j + 1) * n))
}

/** Normal scores → probabilities in place (the unstratified path: u = Φ(z)). */
export function toUniforms(z: Float64Array[], n: number): void {
  for (const col of z) for (let i = 0; i < n; i++) col[i] = phi(col[i])
}
