import type { Table } from '@synthkit/core'
import { fitLogistic, predictLogistic } from './logistic-regression'
import { propensityData } from './propensity-data'
import { type ReportOptions, validateReportInput } from './report-input'
import { METRICS_VERSION } from './version'
import { startTimer, timingField } from './internal/timer'

export interface PMSEResult {
  readonly metric: 'pMSE'
  readonly version: string
  /** Mean squared distance of the propensity scores from c: (1/N) Σ (p̂_i − c)². 0 = indistinguishable. */
  readonly pMSE: number
  /** Share of synthetic rows, c = n_s / N. */
  readonly c: number
  /** Model parameters k (intercept + features). */
  readonly parameters: number
  /** pMSE expected when both tables come from one distribution: (k − 1)(1 − c)² c / N. */
  readonly expectedNullPMSE: number
  /** pMSE / expected null pMSE (synthpop's pMSE ratio): ≈ 1 is as good as it gets, large is detectable. */
  readonly ratio: number
  /** (pMSE − E) / SD with SD = √(2(k − 1)) (1 − c)² c / N (synthpop's S_pMSE). */
  readonly standardized: number
  readonly rows: { readonly real: number; readonly synthetic: number }
  /** Milliseconds the call took, measured on `options.clock`; absent without a clock. */
  readonly timingMs?: number
}

/**
 * Propensity-score mean squared error (Woo et al. 2009; Snoke et al. 2018, as in R synthpop's `utility.gen` with
 * method "logit"): a logistic model with main effects predicts, in sample, whether each row of the stacked tables is
 * synthetic. Under the null (same distribution) N·pMSE / ((1 − c)² c) ~ χ²_{k−1}, which gives the expected value and
 * the standardized forms reported beside the raw pMSE. Uses every row; a tiny L2 penalty (1e-8) only keeps the
 * fit finite when a category separates the tables perfectly.
 */
export function pmse(real: Table, synthetic: Table, options: ReportOptions = {}): PMSEResult {
  const timer = startTimer(options.clock)
  const input = validateReportInput(real, synthetic, options)
  const data = propensityData(real, synthetic, input.columns)
  const model = fitLogistic(data.matrix, data.labels, { l2: 1e-8, maxIterations: 500, tolerance: 1e-8 })
  const p = predictLogistic(model, data.matrix)
  const N = data.matrix.n
  const c = synthetic.nRows / N
  let s = 0
  for (let i = 0; i < N; i++) s += (p[i] - c) * (p[i] - c)
  const value = s / N
  const k = data.features.length + 1
  const expected = ((k - 1) * (1 - c) ** 2 * c) / N
  const sd = (Math.sqrt(2 * (k - 1)) * (1 - c) ** 2 * c) / N
  return {
    metric: 'pMSE',
    version: METRICS_VERSION,
    pMSE: value,
    c,
    parameters: k,
    expectedNullPMSE: expected,
    ratio: expected > 0 ? value / expected : Number.NaN,
    standardized: sd > 0 ? (value - expected) / sd : Number.NaN,
    rows: { real: real.nRows, synthetic: synthetic.nRows },
    ...timingField(timer),
  }
}
