import { type Rng, type Table, SynthkitError } from '@synthkit/core'
import { rocAuc } from './auc'
import { fitBoostedTrees, predictBoostedTrees } from './boosted-trees'
import { sampleIndices, stratifiedFolds } from './folds'
import { fitLogistic, predictLogistic } from './logistic-regression'
import { propensityData, selectRows } from './propensity-data'
import { type ReportOptions, validateReportInput } from './report-input'
import { METRICS_VERSION } from './version'
import { startTimer, timingField } from './internal/timer'

/** The classifiers detection can use. */
export type DetectionModel = 'logistic-regression' | 'boosted-trees'

export interface DetectionOptions extends ReportOptions {
  /** Source of the fold assignment and of the row subsample. Required: the result depends on it. */
  readonly rng: Rng
  /** Cross-validation folds (≥ 2); default 5. */
  readonly folds?: number
  /** Rows drawn from each side at most (without replacement); default 10,000. */
  readonly maxRowsPerSide?: number
  /** Default both. */
  readonly models?: readonly DetectionModel[]
}

export interface DetectionModelResult {
  readonly model: DetectionModel
  /** Mean held-out ROC AUC over the folds. */
  readonly auc: number
  readonly aucByFold: readonly number[]
  /** 1 − 2·|AUC − 0.5|: 1 when the classifier cannot tell the tables apart, 0 when it separates them perfectly. */
  readonly score: number
}

export interface DetectionResult {
  readonly metric: 'Detection'
  readonly version: string
  /** The lowest model score: the table is as detectable as the best classifier finds it. */
  readonly score: number
  readonly models: readonly DetectionModelResult[]
  readonly rows: { readonly real: number; readonly synthetic: number; readonly usedReal: number; readonly usedSynthetic: number }
  readonly folds: number
  readonly features: number
  /** Milliseconds the call took, measured on `options.clock`; absent without a clock. */
  readonly timingMs?: number
}

/**
 * Detection (classifier two-sample test): label real rows 0 and synthetic rows 1, train a classifier to tell them
 * apart, and measure its held-out ROC AUC by stratified k-fold cross-validation. A synthesizer is good when no
 * classifier beats chance: score = 1 − 2·|AUC − 0.5|. Two models: L2-penalised logistic regression on standardized
 * one-hot features (catches marginal and linear differences) and gradient-boosted depth-3 trees (catch
 * interactions and non-linear differences).
 */
export function detection(real: Table, synthetic: Table, options: DetectionOptions): DetectionResult {
  const timer = startTimer(options.clock)
  const k = options.folds ?? 5
  if (!options.rng || typeof options.rng.next !== 'function')
    throw new SynthkitError('OPTIONS_INVALID', 'detection needs an Rng', [{ path: 'rng', message: 'expected an Rng (createRng(seed))' }])
  if (!Number.isInteger(k) || k < 2)
    throw new SynthkitError('OPTIONS_INVALID', 'invalid fold count', [{ path: 'folds', message: `expected an integer ≥ 2, got ${k}` }])
  const maxRows = options.maxRowsPerSide ?? 10_000
  const input = validateReportInput(real, synthetic, options)
  const models = options.models ?? ['logistic-regression', 'boosted-trees']
  const rng = options.rng
  const realRows = real.nRows > maxRows ? sampleIndices(real.nRows, maxRows, rng) : undefined
  const synthRows = synthetic.nRows > maxRows ? sampleIndices(synthetic.nRows, maxRows, rng) : undefined
  const data = propensityData(real, synthetic, input.columns, realRows, synthRows)
  const nReal = realRows ? realRows.length : real.nRows
  const nSynth = synthRows ? synthRows.length : synthetic.nRows
  if (Math.min(nReal, nSynth) < k)
    throw new SynthkitError('OPTIONS_INVALID', 'too few rows for cross-validation', [
      { path: 'folds', message: `each side needs at least ${k} rows` },
    ])
  const fold = stratifiedFolds(data.labels, k, rng)
  const results: DetectionModelResult[] = models.map((model) => {
    const aucs: number[] = []
    for (let f = 0; f < k; f++) {
      const train = selectRows(data.matrix, data.labels, fold, f, false)
      const test = selectRows(data.matrix, data.labels, fold, f, true)
      const scores =
        model === 'logistic-regression'
          ? predictLogistic(fitLogistic(train.matrix, train.labels), test.matrix)
          : predictBoostedTrees(fitBoostedTrees(train.matrix, train.labels), test.matrix)
      aucs.push(rocAuc(scores, test.labels))
    }
    const auc = aucs.reduce((a, b) => a + b, 0) / aucs.length
    return { model, auc, aucByFold: aucs, score: Math.max(0, 1 - 2 * Math.abs(auc - 0.5)) }
  })
  return {
    metric: 'Detection',
    version: METRICS_VERSION,
    score: Math.min(...results.map((r) => r.score)),
    models: results,
    rows: { real: real.nRows, synthetic: synthetic.nRows, usedReal: nReal, usedSynthetic: nSynth },
    folds: k,
    features: data.features.length,
    ...timingField(timer),
  }
}
