import { type Table, type TableSchema, createRng } from '@synthkit/core'
import {
  type DetectionResult,
  type FairnessResult,
  type MLEfficacyResult,
  type MLScores,
  type PMSEResult,
  detection,
  fairness,
  mlEfficacy,
  pmse,
} from '@synthkit/metrics'
import { CliError } from '../terminal/cli-error'
import { percent } from './evaluation'

/** The opt-in metrics of `evaluate` and `gate` (slower than the quality report: classifiers are trained). */
export interface ExtraMetricsRequest {
  /** Detection: classifier AUC telling real from synthetic rows (logistic regression and boosted trees). */
  readonly detection?: boolean
  /** Propensity-score mean squared error (synthpop's pMSE and its ratio to the null). */
  readonly pmse?: boolean
  /** ML efficacy: train on synthetic, test on held-out real rows, predicting `target`. */
  readonly mlEfficacy?: boolean
  /** Fairness: group representation and outcome-rate gaps over `sensitive` columns (with `target` as outcome). */
  readonly fairness?: boolean
  /** Column predicted by ML efficacy, and the outcome of the fairness check. */
  readonly target?: string
  /** Sensitive columns of the fairness check (default: those tagged `sensitive` in the schema). */
  readonly sensitive?: readonly string[]
  /** The positive outcome category of the fairness check (default: the real data's rarest). */
  readonly positive?: string
  /** Seed of the folds, subsamples and splits (default 0: reproducible). */
  readonly seed?: number
}

/** What was computed: only the metrics asked for are present. */
export interface ExtraMetrics {
  readonly detection?: DetectionResult
  readonly pmse?: PMSEResult
  readonly mlEfficacy?: MLEfficacyResult
  readonly fairness?: FairnessResult
  /** The largest fairness gap: representation gap or outcome-rate gap, over every sensitive column. */
  readonly fairnessGap?: number
}

/** True when any extra metric is asked for. */
export function wantsExtraMetrics(r: ExtraMetricsRequest): boolean {
  return r.detection === true || r.pmse === true || r.mlEfficacy === true || r.fairness === true
}

/** Refuses flag combinations that cannot work, before any file is read. */
export function checkExtraMetricsRequest(r: ExtraMetricsRequest, schema?: TableSchema): void {
  if (r.mlEfficacy && !r.target) throw new CliError('--ml-efficacy needs --target COL: the column the model learns to predict')
  if (r.positive !== undefined && !r.fairness) throw new CliError('--positive applies to --fairness')
  if (r.sensitive !== undefined && !r.fairness) throw new CliError('--sensitive applies to --fairness')
  if (schema && r.target && !schema.columns.some((c) => c.name === r.target))
    throw new CliError(`--target ${r.target}: no such column (columns: ${schema.columns.map((c) => c.name).join(', ')})`)
}

/** Runs the requested metrics of @synthkit/metrics on the pair, each seeded from `seed`. */
export function runExtraMetrics(real: Table, synthetic: Table, schema: TableSchema, r: ExtraMetricsRequest): ExtraMetrics {
  checkExtraMetricsRequest(r, schema)
  const rng = createRng(r.seed ?? 0)
  // one independent stream per metric, split in a fixed order: asking for one more metric does not change the others
  const streams = { detection: rng.split(), ml: rng.split() }
  const out: { -readonly [K in keyof ExtraMetrics]: ExtraMetrics[K] } = {}
  if (r.detection) out.detection = detection(real, synthetic, { schema, rng: streams.detection })
  if (r.pmse) out.pmse = pmse(real, synthetic, { schema })
  if (r.mlEfficacy) out.mlEfficacy = mlEfficacy(real, synthetic, { schema, rng: streams.ml, target: r.target! })
  if (r.fairness) {
    const f = fairness(real, synthetic, {
      schema,
      ...(r.sensitive ? { sensitive: r.sensitive } : {}),
      ...(r.target ? { outcome: { column: r.target, ...(r.positive !== undefined ? { positive: r.positive } : {}) } } : {}),
    })
    out.fairness = f
    out.fairnessGap = Math.max(0, ...f.columns.map((c) => Math.max(c.representationGap, c.maxRateGap ?? 0)))
  }
  return out
}

/** Rows of the terminal table: metric, value, what it means. */
export function extraMetricRows(m: ExtraMetrics): string[][] {
  const rows: string[][] = []
  if (m.detection) {
    const auc = m.detection.models.map((x) => `${x.model} AUC ${x.auc.toFixed(3)}`).join(', ')
    rows.push(['Detection', percent(m.detection.score), `1 − 2·|AUC − 0.5| of the best classifier (${auc}; chance 0.5)`])
  }
  if (m.pmse)
    rows.push([
      'pMSE',
      m.pmse.pMSE.toPrecision(3),
      `ratio to the null ${m.pmse.ratio.toFixed(2)} (≈ 1 is indistinguishable), standardized ${m.pmse.standardized.toFixed(2)}`,
    ])
  if (m.mlEfficacy) {
    const e = m.mlEfficacy
    const metric = e.task === 'classification' ? 'macro F1' : 'R²'
    const value = (s: MLScores) => {
      const v = 'f1' in s ? s.f1 : s.r2
      return Number.isFinite(v) ? v.toFixed(3) : 'n/a'
    }
    rows.push([
      `ML efficacy (${e.target})`,
      percent(e.score),
      `${e.task}, ${e.model}: ${metric} ${value(e.trainedOnSynthetic)} trained on synthetic vs ${value(e.trainedOnReal)} on real`,
    ])
  }
  if (m.fairness && m.fairnessGap !== undefined) {
    const worst = [...m.fairness.columns].sort((a, b) => b.representationGap - a.representationGap)[0]
    rows.push([
      'Fairness gap',
      percent(m.fairnessGap),
      `largest representation or outcome-rate gap over ${m.fairness.columns.map((c) => c.column).join(', ')}` +
        (worst ? ` (representation gap of ${worst.column}: ${percent(worst.representationGap)})` : ''),
    ])
  }
  return rows
}
