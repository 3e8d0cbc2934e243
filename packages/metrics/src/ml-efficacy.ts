import { type ColumnSpec, type Rng, type Table, SynthkitError, shuffleInPlace, take } from '@synthkit/core'
import { fitBoostedTrees, predictBoostedTrees } from './boosted-trees'
import { alignCoded } from './category-counts'
import { type DesignMatrix, encodeFeatures, fitFeatureEncoder } from './feature-encoder'
import { sampleIndices } from './folds'
import { fitLinear, predictLinear } from './linear-regression'
import { fitLogistic, predictLogistic } from './logistic-regression'
import { type ClassificationScores, classificationScores, rSquared } from './prediction-scores'
import { type ReportOptions, shapeOf, validateReportInput } from './report-input'
import { METRICS_VERSION } from './version'
import { startTimer, timingField } from './internal/timer'

export type MLEfficacyModel = 'boosted-trees' | 'logistic-regression' | 'linear-regression'

export interface MLEfficacyOptions extends ReportOptions {
  /** Column to predict: categorical/boolean → classification, numerical/datetime → regression. */
  readonly target: string
  /** Draws the real train/holdout split and any training subsample. */
  readonly rng: Rng
  /** Share of real rows held out for testing; default 0.3. */
  readonly holdoutFraction?: number
  /** Default 'boosted-trees'; 'logistic-regression' (classification) or 'linear-regression' (regression). */
  readonly model?: MLEfficacyModel
  /** Training rows used at most from each training table; default 20,000. */
  readonly maxTrainRows?: number
}

export type MLScores = ClassificationScores | { readonly r2: number }

export interface MLEfficacyResult {
  readonly metric: 'MLEfficacy'
  readonly version: string
  readonly task: 'classification' | 'regression'
  readonly target: string
  readonly model: MLEfficacyModel
  /** Trained on the real training split, tested on the real holdout: the bar. */
  readonly trainedOnReal: MLScores
  /** Trained on the synthetic table, tested on the same real holdout. */
  readonly trainedOnSynthetic: MLScores
  /** Synthetic / real on macro F1 (classification) or R² (regression), clipped to [0, 1]; null if undefined. */
  readonly score: number | null
  readonly rows: { readonly realTrain: number; readonly holdout: number; readonly synthetic: number }
  /** Milliseconds the call took, measured on `options.clock`; absent without a clock. */
  readonly timingMs?: number
}

function fail(path: string, message: string): never {
  throw new SynthkitError('OPTIONS_INVALID', 'invalid ML efficacy options', [{ path, message }])
}

/** Rows whose target is present. */
function presentTargetRows(t: Table, target: string): Int32Array {
  const col = t.columns[target]
  const out: number[] = []
  for (let r = 0; r < t.nRows; r++) {
    const missing =
      col.type === 'numeric' ? col.values[r] !== col.values[r] : col.type === 'coded' ? col.codes[r] < 0 : col.values[r] === null
    if (!missing) out.push(r)
  }
  return Int32Array.from(out)
}

/**
 * Machine-learning efficacy ("train on synthetic, test on real"): a model trained on the synthetic table and one
 * trained on a real training split are both scored on the same real holdout; a useful synthetic table loses little.
 * Classification reports accuracy, macro F1 and ROC AUC (one-vs-rest for more than two classes); regression reports
 * R². Rows with a missing target are left out.
 */
export function mlEfficacy(real: Table, synthetic: Table, options: MLEfficacyOptions): MLEfficacyResult {
  const timer = startTimer(options.clock)
  if (!options.rng || typeof options.rng.next !== 'function') fail('rng', 'expected an Rng (createRng(seed))')
  const input = validateReportInput(real, synthetic, options)
  const targetSpec = input.columns.find((c) => c.name === options.target)
  if (!targetSpec) fail('target', `target ${JSON.stringify(options.target)} is not one of the compared columns`)
  const shape = shapeOf(targetSpec.kind)
  if (!shape) fail('target', `target ${JSON.stringify(options.target)} is ${targetSpec.kind}: it cannot be predicted`)
  const task = shape === 'discrete' ? 'classification' : 'regression'
  const model = options.model ?? 'boosted-trees'
  if (task === 'classification' && model === 'linear-regression') fail('model', 'linear-regression cannot classify')
  if (task === 'regression' && model === 'logistic-regression') fail('model', 'logistic-regression cannot do regression')
  const fraction = options.holdoutFraction ?? 0.3
  if (!(fraction > 0 && fraction < 1)) fail('holdoutFraction', `expected a number in (0, 1), got ${fraction}`)
  const maxTrain = options.maxTrainRows ?? 20_000
  const rng = options.rng
  const features: ColumnSpec[] = input.columns.filter((c) => c.name !== options.target)

  const realRows = presentTargetRows(real, options.target)
  shuffleInPlace(rng, realRows)
  const nHold = Math.round(realRows.length * fraction)
  if (nHold < 2 || realRows.length - nHold < 2) fail('holdoutFraction', 'too few real rows with a target for a train/holdout split')
  const holdout = take(real, realRows.slice(0, nHold).sort())
  let realTrain = take(real, realRows.slice(nHold).sort())
  let synth = take(synthetic, presentTargetRows(synthetic, options.target))
  if (synth.nRows < 2) fail('synthetic', 'the synthetic table has fewer than 2 rows with a target')
  if (realTrain.nRows > maxTrain) realTrain = take(realTrain, sampleIndices(realTrain.nRows, maxTrain, rng))
  if (synth.nRows > maxTrain) synth = take(synth, sampleIndices(synth.nRows, maxTrain, rng))

  const evaluate = (train: Table): MLScores => {
    const enc = fitFeatureEncoder([train], features)
    const xTrain = encodeFeatures(enc, train)
    const xTest = encodeFeatures(enc, holdout)
    const tc = train.columns[options.target]
    const hc = holdout.columns[options.target]
    if (task === 'regression') {
      if (tc.type !== 'numeric' || hc.type !== 'numeric') throw new Error('internal: numeric target expected')
      const pred =
        model === 'linear-regression'
          ? predictLinear(fitLinear(xTrain, tc.values), xTest)
          : predictBoostedTrees(fitBoostedTrees(xTrain, tc.values, { loss: 'squared' }), xTest)
      return { r2: rSquared(pred, hc.values) }
    }
    if (tc.type !== 'coded' || hc.type !== 'coded') throw new Error('internal: coded target expected')
    // Classes on the holdout's dictionary; training classes the holdout lacks cannot be right and are kept apart.
    const aligned = alignCoded(hc, tc, targetSpec.kind)
    const k = aligned.categories.length
    const prob = new Float64Array(xTest.n * k)
    const fit = (labels: Uint8Array): ((m: DesignMatrix) => Float64Array) =>
      model === 'logistic-regression'
        ? (
            (lm) => (m) =>
              predictLogistic(lm, m)
          )(fitLogistic(xTrain, labels))
        : (
            (bm) => (m) =>
              predictBoostedTrees(bm, m)
          )(fitBoostedTrees(xTrain, labels))
    const classes = k === 2 ? [1] : Array.from({ length: k }, (_, c) => c)
    for (const c of classes) {
      const labels = new Uint8Array(train.nRows)
      let pos = 0
      for (let i = 0; i < labels.length; i++) {
        if (aligned.synthetic[i] !== c) continue
        labels[i] = 1
        pos++
      }
      if (pos === 0) continue // class absent from training: probability 0
      const p = pos === labels.length ? new Float64Array(xTest.n).fill(1) : fit(labels)(xTest)
      for (let i = 0; i < xTest.n; i++) prob[i * k + c] = p[i]
      if (k === 2) for (let i = 0; i < xTest.n; i++) prob[i * k] = 1 - p[i]
    }
    return classificationScores(prob, aligned.real, k)
  }

  const onReal = evaluate(realTrain)
  const onSynth = evaluate(synth)
  const primary = (s: MLScores) => ('r2' in s ? s.r2 : s.f1)
  const a = primary(onReal)
  const b = primary(onSynth)
  const ratio = a > 0 && b === b ? Math.min(1, Math.max(0, b / a)) : Number.NaN
  return {
    metric: 'MLEfficacy',
    version: METRICS_VERSION,
    task,
    target: options.target,
    model,
    trainedOnReal: onReal,
    trainedOnSynthetic: onSynth,
    score: ratio === ratio ? ratio : null,
    rows: { realTrain: realTrain.nRows, holdout: holdout.nRows, synthetic: synth.nRows },
    ...timingField(timer),
  }
}
