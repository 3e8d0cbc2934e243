import type { Table } from '@synthkit/core'
import { type ComparedColumn, compareColumn } from './compared-column'
import { contingencySimilarityCodes } from './contingency-similarity'
import { type CorrelationCoefficient, correlationSimilarity } from './correlation-similarity'
import { QUALITY_REPORT_BINS } from './histogram-bins'
import { ksComplement } from './ks-complement'
import { meanOfScores, toScore } from './score'
import { type ReportOptions, shapeOf, validateReportInput } from './report-input'
import { tvComplementCodes } from './tv-complement'
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
  /** Wall-clock milliseconds for the whole report. */
  readonly timingMs: number
  readonly phaseMs: { readonly prepare: number; readonly columnShapes: number; readonly columnPairTrends: number }
}

/** Options of the quality report. */
export interface QualityReportOptions extends ReportOptions {
  /** Coefficient of CorrelationSimilarity; default 'pearson' (SDMetrics' choice in the report). */
  readonly correlation?: CorrelationCoefficient
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : 0
}

function shapeScore(c: ComparedColumn): ColumnShapeScore {
  const column = c.spec.name
  if (c.shape === 'continuous') {
    const score = ksComplement(c.real, c.synthetic)
    return score === score ? { column, metric: 'KSComplement', score } : { column, metric: 'KSComplement', score: null, error: 'no present value on one side' }
  }
  const score = tvComplementCodes(c.real, c.synthetic, c.categories.length)
  return score === score ? { column, metric: 'TVComplement', score } : { column, metric: 'TVComplement', score: null, error: 'no present value on one side' }
}

function pairScore(a: ComparedColumn, b: ComparedColumn, coefficient: CorrelationCoefficient): ColumnPairTrendScore {
  const columnA = a.spec.name
  const columnB = b.spec.name
  if (a.shape === 'continuous' && b.shape === 'continuous') {
    const r = correlationSimilarity([a.real, b.real], [a.synthetic, b.synthetic], coefficient)
    if (r.score !== r.score)
      return { columnA, columnB, metric: 'CorrelationSimilarity', score: null, realCorrelation: null, syntheticCorrelation: null, error: 'correlation undefined: a column is constant or fewer than 2 complete rows' }
    return { columnA, columnB, metric: 'CorrelationSimilarity', score: r.score, realCorrelation: r.real, syntheticCorrelation: r.synthetic }
  }
  const side = (c: ComparedColumn): { real: Int32Array; synthetic: Int32Array; k: number } | null => {
    if (c.shape === 'discrete') return { real: c.real, synthetic: c.synthetic, k: c.categories.length }
    const bins = c.bins()
    return bins && { ...bins, k: QUALITY_REPORT_BINS + 2 }
  }
  const x = side(a)
  const y = side(b)
  if (!x || !y) return { columnA, columnB, metric: 'ContingencySimilarity', score: null, error: 'cannot discretize a column without present values' }
  const score = contingencySimilarityCodes(x.real, y.real, x.synthetic, y.synthetic, x.k, y.k)
  return { columnA, columnB, metric: 'ContingencySimilarity', score: toScore(score) }
}

/**
 * The quality report, computed as SDMetrics 0.14's single-table `QualityReport`:
 * - Column Shapes: KSComplement for numerical and datetime columns, TVComplement for categorical and boolean ones;
 * - Column Pair Trends: for every pair of evaluated columns (schema order), CorrelationSimilarity (Pearson) when both
 *   are continuous, ContingencySimilarity otherwise, a continuous column being discretized into 10 equal-width bins;
 * - each property is the mean of its defined scores, the overall score the mean of the properties.
 * Id and text columns are not evaluated. Throws SynthkitError (SCHEMA_INVALID, EMPTY_TABLE) on tables that cannot be
 * compared; see docs/metrics.md for every edge case.
 */
export function qualityReport(real: Table, synthetic: Table, options: QualityReportOptions = {}): QualityReport {
  const t0 = now()
  const input = validateReportInput(real, synthetic, options)
  const compared: ComparedColumn[] = []
  for (const spec of input.columns) {
    const shape = shapeOf(spec.kind)
    if (shape) compared.push(compareColumn(spec, shape, real, synthetic))
  }
  const t1 = now()
  const columnShapes = compared.map(shapeScore)
  const t2 = now()
  const columnPairTrends: ColumnPairTrendScore[] = []
  for (let i = 0; i < compared.length; i++) for (let j = i + 1; j < compared.length; j++) columnPairTrends.push(pairScore(compared[i], compared[j], options.correlation ?? 'pearson'))
  const t3 = now()
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
    timingMs: t3 - t0,
    phaseMs: { prepare: t1 - t0, columnShapes: t2 - t1, columnPairTrends: t3 - t2 },
  }
}
