import type { Table } from '@synthkit/core'
import { type ComparedColumn, compareColumn } from './compared-column'
import { contingencySimilarityCodes } from './contingency-similarity'
import { type CorrelationCoefficient, correlationSimilarity } from './correlation-similarity'
import { QUALITY_REPORT_BINS, histogramBinEdges } from './histogram-bins'
import { ksComplement } from './ks-complement'
import { meanOfScores, toScore } from './score'
import { type ReportOptions, shapeOf, validateReportInput } from './report-input'
import { tvComplementCodes } from './tv-complement'
import { startTimer } from './internal/timer'
import { METRICS_VERSION, SDMETRICS_COMPATIBILITY } from './version'

/** One column's Column Shapes score. `score` is null when the metric is undefined (e.g. no present value); `error` says why. */
export interface ColumnShapeScore {
  readonly column: string
  readonly metric: 'KSComplement' | 'TVComplement'
  readonly score: number | null
  readonly error?: string
}

/** One column pair's Column Pair Trends score; correlations only for CorrelationSimilarity. */
export interface ColumnPairTrendScore {
  readonly columnA: string
  readonly columnB: string
  readonly metric: 'CorrelationSimilarity' | 'ContingencySimilarity'
  readonly score: number | null
  readonly realCorrelation?: number | null
  readonly syntheticCorrelation?: number | null
  readonly error?: string
}

export interface PropertyScore {
  readonly name: string
  /** Mean of the property's defined scores; null when none is defined. */
  readonly score: number | null
}

/** The quality report: plain JSON (no typed arrays, no NaN). */
export interface QualityReport {
  readonly report: 'QualityReport'
  readonly version: string
  readonly compatibleWith: string
  /** Mean of the defined property scores. */
  readonly score: number | null
  readonly properties: readonly [PropertyScore & { name: 'Column Shapes' }, PropertyScore & { name: 'Column Pair Trends' }]
  readonly columnShapes: readonly ColumnShapeScore[]
  readonly columnPairTrends: readonly ColumnPairTrendScore[]
  readonly rows: { readonly real: number; readonly synthetic: number }
  /** Milliseconds for the whole report, measured on `options.clock`; absent without a clock. */
  readonly timingMs?: number
  /** Milliseconds per phase, on `options.clock`; absent without a clock. */
  readonly phaseMs?: { readonly prepare: number; readonly columnShapes: number; readonly columnPairTrends: number }
}

/** Options of the quality report. */
export interface QualityReportOptions extends ReportOptions {
  /** Coefficient of CorrelationSimilarity; default 'pearson' (SDMetrics' choice in the report). */
  readonly correlation?: CorrelationCoefficient
}

type UndefinedSynthetic = NonNullable<ReportOptions['undefinedSynthetic']>

/** True when the real side of a column has a present value and the synthetic side has none. */
function syntheticBlank(c: ComparedColumn): boolean {
  const present = c.shape === 'continuous' ? (v: number) => v === v : (v: number) => v >= 0
  return c.real.some(present) && !c.synthetic.some(present)
}

const BLANK = 'the synthetic column has no present value while the real one has (scored 0; SDMetrics 0.14 leaves it out)'

function shapeScore(c: ComparedColumn, mode: UndefinedSynthetic): ColumnShapeScore {
  const column = c.spec.name
  const metric = c.shape === 'continuous' ? 'KSComplement' : 'TVComplement'
  const score = c.shape === 'continuous' ? ksComplement(c.real, c.synthetic) : tvComplementCodes(c.real, c.synthetic, c.categories.length)
  if (score === score) return { column, metric, score }
  // Both metrics are undefined exactly when a side has no present value.
  if (mode === 'zero' && syntheticBlank(c)) return { column, metric, score: 0, error: BLANK }
  return { column, metric, score: null, error: 'no present value on one side' }
}

function pairScore(
  a: ComparedColumn,
  b: ComparedColumn,
  coefficient: CorrelationCoefficient,
  mode: UndefinedSynthetic,
): ColumnPairTrendScore {
  const columnA = a.spec.name
  const columnB = b.spec.name
  const bothContinuous = a.shape === 'continuous' && b.shape === 'continuous'
  const metric = bothContinuous ? 'CorrelationSimilarity' : 'ContingencySimilarity'
  if (mode === 'zero') {
    const blank = [a, b].find(syntheticBlank)
    if (blank) {
      const error = `${JSON.stringify(blank.spec.name)}: ${BLANK}`
      if (!bothContinuous) return { columnA, columnB, metric, score: 0, error }
      const r = correlationSimilarity([a.real, b.real], [a.real, b.real], coefficient)
      if (r.score === r.score) return { columnA, columnB, metric, score: 0, realCorrelation: r.real, syntheticCorrelation: null, error }
    }
  }
  if (a.shape === 'continuous' && b.shape === 'continuous') {
    const r = correlationSimilarity([a.real, b.real], [a.synthetic, b.synthetic], coefficient)
    if (r.score === r.score) return { columnA, columnB, metric, score: r.score, realCorrelation: r.real, syntheticCorrelation: r.synthetic }
    if (mode === 'zero') {
      // Undefined on the synthetic side only (a constant synthetic column, < 2 complete synthetic rows): the worst score.
      const onReal = correlationSimilarity([a.real, b.real], [a.real, b.real], coefficient)
      if (onReal.score === onReal.score)
        return {
          columnA,
          columnB,
          metric,
          score: 0,
          realCorrelation: onReal.real,
          syntheticCorrelation: null,
          error:
            'synthetic correlation undefined: a synthetic column is constant or fewer than 2 complete synthetic rows (scored 0; SDMetrics 0.14 leaves it out)',
        }
    }
    return {
      columnA,
      columnB,
      metric,
      score: null,
      realCorrelation: null,
      syntheticCorrelation: null,
      error: 'correlation undefined: a column is constant or fewer than 2 complete rows',
    }
  }
  const side = (c: ComparedColumn): { real: Int32Array; synthetic: Int32Array; k: number } | null => {
    if (c.shape === 'discrete') return { real: c.real, synthetic: c.synthetic, k: c.categories.length }
    const bins = c.bins()
    return bins && { ...bins, k: QUALITY_REPORT_BINS + 2 }
  }
  const x = side(a)
  const y = side(b)
  if (!x || !y) {
    if (mode === 'zero' && [a, b].every((c) => c.shape === 'discrete' || histogramBinEdges(c.real) !== null))
      return {
        columnA,
        columnB,
        metric,
        score: 0,
        error: 'a synthetic column has an infinite value and cannot be discretized (scored 0; SDMetrics 0.14 leaves it out)',
      }
    return { columnA, columnB, metric, score: null, error: 'cannot discretize a column with an infinite value' }
  }
  const score = contingencySimilarityCodes(x.real, y.real, x.synthetic, y.synthetic, x.k, y.k)
  return { columnA, columnB, metric, score: toScore(score) }
}

/**
 * The quality report, computed as SDMetrics 0.14's single-table `QualityReport`:
 * - Column Shapes: KSComplement for numerical and datetime columns, TVComplement for categorical and boolean ones;
 * - Column Pair Trends: for every pair of evaluated columns (schema order), CorrelationSimilarity (Pearson) when both
 *   are continuous, ContingencySimilarity otherwise, a continuous column being discretized into 10 equal-width bins;
 * - each property is the mean of its defined scores, the overall score the mean of the properties.
 * A score the real data defines but the synthetic data does not (an all-missing synthetic column, a constant synthetic
 * column in a correlation) is 0 by default so that a score never rises because the output is worse; pass
 * `undefinedSynthetic: 'sdmetrics'` for SDMetrics' own rule (left out of the average). Id and text columns are not
 * evaluated. Timings only with `options.clock`. Throws SynthkitError (SCHEMA_INVALID, EMPTY_TABLE) on tables that cannot be
 * compared; see docs/metrics.md for every edge case.
 */
export function qualityReport(real: Table, synthetic: Table, options: QualityReportOptions = {}): QualityReport {
  const timer = startTimer(options.clock)
  const input = validateReportInput(real, synthetic, options)
  const mode = options.undefinedSynthetic ?? 'zero'
  const compared: ComparedColumn[] = []
  for (const spec of input.columns) {
    const shape = shapeOf(spec.kind)
    if (shape) compared.push(compareColumn(spec, shape, real, synthetic))
  }
  const t1 = timer.elapsed()
  const columnShapes = compared.map((c) => shapeScore(c, mode))
  const t2 = timer.elapsed()
  const columnPairTrends: ColumnPairTrendScore[] = []
  const coefficient = options.correlation ?? 'pearson'
  for (let i = 0; i < compared.length; i++)
    for (let j = i + 1; j < compared.length; j++) columnPairTrends.push(pairScore(compared[i], compared[j], coefficient, mode))
  const t3 = timer.elapsed()
  const shapes = meanOfScores(columnShapes.map((s) => s.score))
  const trends = meanOfScores(columnPairTrends.map((s) => s.score))
  return {
    report: 'QualityReport',
    version: METRICS_VERSION,
    compatibleWith: SDMETRICS_COMPATIBILITY,
    score: meanOfScores([shapes, trends]),
    properties: [
      { name: 'Column Shapes', score: shapes },
      { name: 'Column Pair Trends', score: trends },
    ],
    columnShapes,
    columnPairTrends,
    rows: { real: real.nRows, synthetic: synthetic.nRows },
    ...(t1 === undefined || t2 === undefined || t3 === undefined
      ? {}
      : { timingMs: t3, phaseMs: { prepare: t1, columnShapes: t2 - t1, columnPairTrends: t3 - t2 } }),
  }
}
