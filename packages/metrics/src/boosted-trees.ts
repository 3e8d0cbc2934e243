import type { DesignMatrix } from './feature-encoder'
import { sigmoid } from './logistic-regression'

/** Options of the gradient-boosted trees. */
export interface BoostedTreesOptions {
  readonly rounds?: number
  readonly depth?: number
  readonly learningRate?: number
  /** L2 penalty on leaf values (XGBoost's λ). */
  readonly lambda?: number
  /** Histogram bins per feature. */
  readonly bins?: number
  /** 'logistic' for binary labels 0/1, 'squared' for regression. */
  readonly loss?: 'logistic' | 'squared'
}

/** Per-feature split thresholds: bin b holds values in (t[b−1], t[b]]. */
interface Binning {
  readonly thresholds: readonly Float64Array[]
}

/** One tree of fixed depth d stored as a complete binary tree: node k has children 2k+1, 2k+2; leaves follow. */
interface Tree {
  readonly feature: Int32Array
  readonly bin: Int32Array
  readonly leaf: Float64Array
}

export interface BoostedTreesModel {
  readonly base: number
  readonly depth: number
  readonly learningRate: number
  readonly loss: 'logistic' | 'squared'
  readonly binning: Binning
  readonly trees: readonly Tree[]
}

function fitBinning(m: DesignMatrix, bins: number): Binning {
  const { x, n, p } = m
  const thresholds: Float64Array[] = []
  const col = new Float64Array(n)
  for (let j = 0; j < p; j++) {
    for (let i = 0; i < n; i++) col[i] = x[i * p + j]
    const sorted = col.slice().sort()
    const t: number[] = []
    for (let b = 1; b < bins; b++) {
      const v = sorted[Math.min(n - 1, Math.floor((b * n) / bins))]
      if (t.length === 0 || v > t[t.length - 1]) t.push(v)
    }
    // drop a threshold equal to the maximum: it would leave an empty right bin
    if (t.length > 0 && t[t.length - 1] >= sorted[n - 1]) t.pop()
    thresholds.push(Float64Array.from(t))
  }
  return { thresholds }
}

/** Bin of every cell, column-major (feature j's bins are contiguous) for cache-friendly histograms. */
function applyBinning(b: Binning, m: DesignMatrix): Uint8Array {
  const { x, n, p } = m
  const out = new Uint8Array(n * p)
  for (let j = 0; j < p; j++) {
    const t = b.thresholds[j]
    for (let i = 0; i < n; i++) {
      const v = x[i * p + j]
      let lo = 0
      let hi = t.length
      while (lo < hi) {
        const mid = (lo + hi) >>> 1
        if (v > t[mid]) lo = mid + 1
        else hi = mid
      }
      out[j * n + i] = lo
    }
  }
  return out
}

/** Adds the gradients and hessians of `rows` into their (node, bin) cells of one feature's histogram. */
function accumulate(
  GH: Float64Array,
  rows: Int32Array,
  nodeBase: Int32Array,
  fb: number,
  binned: Uint8Array,
  off: number,
  g: Float64Array,
  h: Float64Array,
): void {
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r]
    const k = nodeBase[i] + fb + 2 * binned[off + i]
    GH[k] += g[i]
    GH[k + 1] += h[i]
  }
}

/**
 * Gradient-boosted regression trees on histogram-binned features (Friedman 2001; second-order leaf values and split
 * gains as in XGBoost, Chen & Guestrin 2016). Trees grow level by level to a fixed depth; each level costs one pass
 * over the n × p bins. Defaults: 60 rounds, depth 3, learning rate 0.2, λ = 1, 32 bins.
 */
export function fitBoostedTrees(m: DesignMatrix, y: ArrayLike<number>, options: BoostedTreesOptions = {}): BoostedTreesModel {
  const rounds = options.rounds ?? 60
  const depth = options.depth ?? 3
  const lr = options.learningRate ?? 0.2
  const lambda = options.lambda ?? 1
  const nBins = Math.min(options.bins ?? 32, 255)
  const loss = options.loss ?? 'logistic'
  const { n, p } = m
  const binning = fitBinning(m, nBins)
  const binned = applyBinning(binning, m)
  // Sparse histograms: per feature, only the rows outside its most common bin are visited; the common bin's sums
  // follow from the node totals. One-hot columns (mostly 0) then cost a fraction of a dense pass.
  const defaultBin = new Int32Array(p)
  const sparseRows: Int32Array[] = []
  {
    const counts = new Int32Array(256)
    for (let j = 0; j < p; j++) {
      counts.fill(0)
      const off = j * n
      for (let i = 0; i < n; i++) counts[binned[off + i]]++
      let d = 0
      for (let b = 1; b < 256; b++) if (counts[b] > counts[d]) d = b
      defaultBin[j] = d
      const rows = new Int32Array(n - counts[d])
      let k = 0
      for (let i = 0; i < n; i++) if (binned[off + i] !== d) rows[k++] = i
      sparseRows.push(rows)
    }
  }
  let mean = 0
  for (let i = 0; i < n; i++) mean += y[i]
  mean = n > 0 ? mean / n : 0
  const base = loss === 'logistic' ? Math.log(Math.max(mean, 1e-6) / Math.max(1 - mean, 1e-6)) : mean
  const f = new Float64Array(n).fill(base)
  const g = new Float64Array(n)
  const h = new Float64Array(n)
  const node = new Int32Array(n)
  const nodeBase = new Int32Array(n)
  const nInternal = 2 ** depth - 1
  const B = nBins
  const trees: Tree[] = []
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < n; i++) {
      if (loss === 'logistic') {
        const q = sigmoid(f[i])
        g[i] = q - y[i]
        h[i] = Math.max(q * (1 - q), 1e-12)
      } else {
        g[i] = f[i] - y[i]
        h[i] = 1
      }
    }
    node.fill(0)
    const feature = new Int32Array(nInternal).fill(-1)
    const bin = new Int32Array(nInternal)
    for (let level = 0; level < depth; level++) {
      const first = 2 ** level - 1
      const count = 2 ** level
      // Gradient and hessian histograms per (node, feature, bin), interleaved for locality.
      const GH = new Float64Array(count * p * B * 2)
      const totals = new Float64Array(count * 2)
      for (let i = 0; i < n; i++) {
        const c = node[i] - first
        nodeBase[i] = c * p * B * 2
        totals[2 * c] += g[i]
        totals[2 * c + 1] += h[i]
      }
      for (let j = 0; j < p; j++) {
        const off = j * n
        const fb = j * B * 2
        accumulate(GH, sparseRows[j], nodeBase, fb, binned, off, g, h)
        // the default bin gets what the other bins of the node do not hold
        const d = defaultBin[j]
        for (let c = 0; c < count; c++) {
          const base0 = (c * p + j) * B * 2
          let gs = 0
          let hs = 0
          for (let b = 0; b < B; b++) {
            gs += GH[base0 + 2 * b]
            hs += GH[base0 + 2 * b + 1]
          }
          GH[base0 + 2 * d] = totals[2 * c] - gs
          GH[base0 + 2 * d + 1] = totals[2 * c + 1] - hs
        }
      }
      for (let c = 0; c < count; c++) {
        let bestGain = 1e-9
        let bestF = -1
        let bestB = 0
        for (let j = 0; j < p; j++) {
          const base0 = (c * p + j) * B * 2
          let gt = 0
          let ht = 0
          for (let b = 0; b < B; b++) {
            gt += GH[base0 + 2 * b]
            ht += GH[base0 + 2 * b + 1]
          }
          const parent = (gt * gt) / (ht + lambda)
          let gl = 0
          let hl = 0
          const maxB = binning.thresholds[j].length
          for (let b = 0; b < maxB; b++) {
            gl += GH[base0 + 2 * b]
            hl += GH[base0 + 2 * b + 1]
            const gr = gt - gl
            const hr = ht - hl
            if (hl < 1e-3 || hr < 1e-3) continue
            const gain = (gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - parent
            if (gain > bestGain) {
              bestGain = gain
              bestF = j
              bestB = b
            }
          }
        }
        feature[first + c] = bestF
        bin[first + c] = bestB
      }
      for (let i = 0; i < n; i++) {
        const k = node[i]
        const j = feature[k]
        const right = j >= 0 && binned[j * n + i] > bin[k]
        node[i] = 2 * k + (right ? 2 : 1)
      }
    }
    const nLeaves = 2 ** depth
    const gs = new Float64Array(nLeaves)
    const hs = new Float64Array(nLeaves)
    for (let i = 0; i < n; i++) {
      const l = node[i] - nInternal
      gs[l] += g[i]
      hs[l] += h[i]
    }
    const leaf = new Float64Array(nLeaves)
    for (let l = 0; l < nLeaves; l++) leaf[l] = (-gs[l] / (hs[l] + lambda)) * lr
    for (let i = 0; i < n; i++) f[i] += leaf[node[i] - nInternal]
    trees.push({ feature, bin, leaf })
  }
  return { base, depth, learningRate: lr, loss, binning, trees }
}

/** Raw scores (log-odds for 'logistic', predictions for 'squared'). */
export function predictBoostedTreesRaw(model: BoostedTreesModel, m: DesignMatrix): Float64Array {
  const { n } = m
  const binned = applyBinning(model.binning, m)
  const out = new Float64Array(n).fill(model.base)
  const nInternal = 2 ** model.depth - 1
  for (const t of model.trees) {
    for (let i = 0; i < n; i++) {
      let k = 0
      while (k < nInternal) {
        const j = t.feature[k]
        k = 2 * k + (j >= 0 && binned[j * n + i] > t.bin[k] ? 2 : 1)
      }
      out[i] += t.leaf[k - nInternal]
    }
  }
  return out
}

/** P(y = 1 | x) of a logistic model, or the regression prediction. */
export function predictBoostedTrees(model: BoostedTreesModel, m: DesignMatrix): Float64Array {
  const raw = predictBoostedTreesRaw(model, m)
  if (model.loss === 'logistic') for (let i = 0; i < raw.length; i++) raw[i] = sigmoid(raw[i])
  return raw
}
