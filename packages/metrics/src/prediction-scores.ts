import { rocAuc } from './auc'

/** Classification quality on a holdout. */
export interface ClassificationScores {
  readonly accuracy: number
  /** Macro-averaged F1 over the classes present in the holdout. */
  readonly f1: number
  /** ROC AUC (binary) or the macro one-vs-rest mean (multiclass); null when undefined. */
  readonly auc: number | null
}

/**
 * Accuracy, macro F1 and AUC of class probabilities `prob` (row-major n × k) against true classes 0…k−1.
 */
export function classificationScores(prob: Float64Array, truth: Int32Array, k: number): ClassificationScores {
  const n = truth.length
  const tp = new Float64Array(k)
  const fp = new Float64Array(k)
  const fn = new Float64Array(k)
  let correct = 0
  for (let i = 0; i < n; i++) {
    let best = 0
    for (let c = 1; c < k; c++) if (prob[i * k + c] > prob[i * k + best]) best = c
    const t = truth[i]
    if (best === t) {
      correct++
      tp[t]++
    } else {
      fp[best]++
      fn[t]++
    }
  }
  let f1 = 0
  let classes = 0
  const aucs: number[] = []
  for (let c = 0; c < k; c++) {
    if (tp[c] + fn[c] === 0) continue
    classes++
    const denom = 2 * tp[c] + fp[c] + fn[c]
    f1 += denom === 0 ? 0 : (2 * tp[c]) / denom
    const scores = new Float64Array(n)
    const labels = new Uint8Array(n)
    for (let i = 0; i < n; i++) {
      scores[i] = prob[i * k + c]
      labels[i] = truth[i] === c ? 1 : 0
    }
    const a = rocAuc(scores, labels)
    if (a === a) aucs.push(a)
    if (k === 2) break // binary: one class's AUC is the AUC
  }
  if (k === 2) {
    // macro F1 over both classes
    f1 = 0
    classes = 0
    for (let c = 0; c < 2; c++) {
      if (tp[c] + fn[c] === 0) continue
      classes++
      const denom = 2 * tp[c] + fp[c] + fn[c]
      f1 += denom === 0 ? 0 : (2 * tp[c]) / denom
    }
  }
  return {
    accuracy: n > 0 ? correct / n : Number.NaN,
    f1: classes > 0 ? f1 / classes : Number.NaN,
    auc: aucs.length > 0 ? aucs.reduce((a, b) => a + b, 0) / aucs.length : null,
  }
}

/** Coefficient of determination R² = 1 − SS_res / SS_tot on the holdout (can be negative). */
export function rSquared(pred: ArrayLike<number>, truth: ArrayLike<number>): number {
  const n = truth.length
  let mean = 0
  for (let i = 0; i < n; i++) mean += truth[i]
  mean /= n
  let res = 0
  let tot = 0
  for (let i = 0; i < n; i++) {
    res += (truth[i] - pred[i]) ** 2
    tot += (truth[i] - mean) ** 2
  }
  return tot === 0 ? Number.NaN : 1 - res / tot
}
