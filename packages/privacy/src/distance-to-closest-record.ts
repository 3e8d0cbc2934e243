import { type Table, SynthkitError } from '@synthkit/core'
import { type AlignedLayout, alignLayout, cardinalities, columnRanges, toPoints } from './internal/aligned'
import { type MixedMetric, type MixedPoints, buildMixedTree, kNearest } from './internal/mixed-tree'
import { sharedHistogram } from './internal/histogram'
import { jsonNumber, mean, median, quantile } from './internal/summary'
import { type Clock, timed } from './internal/timing'

/** Options of the distance computations. */
export interface DcrOptions {
  /** Columns compared (default: every numerical, datetime, categorical and boolean column not tagged `pii`). */
  readonly columns?: readonly string[]
  /** A millisecond clock; when given, results carry `seconds`. */
  readonly clock?: Clock
  /** Bins of {@link DcrReport.histogram} (default 30). */
  readonly histogramBins?: number
}

/** Per synthetic row: distance to the closest reference row, nearest-neighbour distance ratio, that row's number. */
export interface DcrValues {
  /** SDMetrics' DCR: mean over columns of the per-column distance, minimum over reference rows. */
  readonly dcr: Float64Array
  /** Closest over second-closest distance (1 when both are 0; NaN with fewer than two reference rows). */
  readonly nndr: Float64Array
  /** Reference row number of the closest row. */
  readonly nearest: Int32Array
}

/**
 * SDMetrics' DCR metric over a reference table: per numerical/datetime column |a − b| / (max − min of the reference
 * column) capped at 1 (a zero range gives 1 when the values differ), per categorical/boolean column 0/1 for equal/
 * different values; missing vs a value is 1 and missing vs missing is 0 (sdmetrics/single_table/privacy/dcr_utils.py).
 */
export function sdmetricsMetric(layout: AlignedLayout, reference: MixedPoints): MixedMetric {
  const ranges = columnRanges(reference)
  const scale = Float64Array.from(ranges, (r) => (r === 0 ? Number.MIN_VALUE : r === r ? r : 1))
  return { scale, cap: 1, cardinality: cardinalities(layout) }
}

/** DCR, NNDR and the nearest row on points already laid out; `m` = number of columns (the mean's divisor). */
export function dcrOnPoints(query: MixedPoints, reference: MixedPoints, metric: MixedMetric): DcrValues {
  const m = reference.dn + reference.dc
  const tree = buildMixedTree(reference, metric)
  const k = Math.min(2, reference.n)
  // Queries visited in the leaf order of their own tree: neighbouring queries walk the same branches (cache-warm).
  const order = buildMixedTree(query, metric).perm
  const nn = kNearest(tree, query, Math.max(k, 1), order)
  const dcr = new Float64Array(query.n)
  const nndr = new Float64Array(query.n)
  const nearest = new Int32Array(query.n)
  for (let t = 0; t < query.n; t++) {
    const i = order[t]
    const d1 = nn.distance[t * nn.k] / m
    dcr[i] = d1
    nearest[i] = nn.index[t * nn.k]
    if (nn.k < 2) nndr[i] = Number.NaN
    else {
      const d2 = nn.distance[t * nn.k + 1] / m
      nndr[i] = d2 === 0 ? 1 : d1 / d2
    }
  }
  return { dcr, nndr, nearest }
}

function checkRows(table: Table, name: string): void {
  if (table.nRows === 0)
    throw new SynthkitError('EMPTY_TABLE', `The ${name} table has no rows`, [{ path: name, message: 'expected at least one row' }])
}

/**
 * Distance to closest record of every synthetic row against every reference row, exactly (no subsampling), with
 * SDMetrics 0.20's definition (see {@link sdmetricsMetric}), plus NNDR and the nearest row's number. Typed arrays.
 */
export function dcrValues(synthetic: Table, reference: Table, options: DcrOptions = {}): DcrValues {
  checkRows(synthetic, 'synthetic')
  checkRows(reference, 'reference')
  const layout = alignLayout(
    [
      { name: 'reference', table: reference },
      { name: 'synthetic', table: synthetic },
    ],
    options.columns,
  )
  const ref = toPoints(layout, reference)
  return dcrOnPoints(toPoints(layout, synthetic), ref, sdmetricsMetric(layout, ref))
}

/** Summary of one set of distances (plain JSON; undefined statistics are null). */
export interface DistanceSummary {
  readonly mean: number | null
  readonly median: number | null
  readonly p05: number | null
  readonly min: number | null
  /** Synthetic rows at distance 0: exact copies on the compared columns. */
  readonly exactCopies: number
  readonly nndrMedian: number | null
}

/** What {@link distanceToClosestRecord} returns. */
export interface DcrReport {
  readonly attack: 'distanceToClosestRecord'
  readonly parameters: { readonly columns: readonly string[]; readonly distance: 'sdmetrics-mixed' }
  readonly rows: { readonly synthetic: number; readonly train: number; readonly holdout: number | null }
  readonly train: DistanceSummary
  readonly holdout: DistanceSummary | null
  /** Share of synthetic rows strictly closer to a training row than to any holdout row (0.5 = no overfitting). */
  readonly closerToTrain: number | null
  /** The distribution of the synthetic rows' DCR to train and to holdout, on shared bins (for a histogram). */
  readonly histogram: DcrHistogram
  readonly seconds?: number
}

/** Counts of synthetic rows per DCR bin, to the training rows and to the holdout rows (same edges for both). */
export interface DcrHistogram {
  /** Bin edges from 0 to the largest DCR; bin i is [edges[i], edges[i+1]), the last one closed. */
  readonly edges: readonly number[]
  /** Synthetic rows whose DCR to the training rows falls in each bin (sums to the synthetic rows). */
  readonly train: readonly number[]
  /** The same against the holdout rows; null without a holdout. */
  readonly holdout: readonly number[] | null
}

const DEFAULT_HISTOGRAM_BINS = 30

function summarize(v: DcrValues): DistanceSummary {
  let copies = 0
  for (let i = 0; i < v.dcr.length; i++) if (v.dcr[i] === 0) copies++
  return {
    mean: jsonNumber(mean(v.dcr)),
    median: jsonNumber(median(v.dcr)),
    p05: jsonNumber(quantile(v.dcr, 0.05)),
    min: jsonNumber(quantile(v.dcr, 0)),
    exactCopies: copies,
    nndrMedian: jsonNumber(median(v.nndr)),
  }
}

/**
 * DCR and NNDR of the synthetic rows to the training rows and, when a holdout is given, to the holdout rows
 * (each with its own column ranges, as SDMetrics does), summarized as plain JSON.
 */
export function distanceToClosestRecord(
  synthetic: Table,
  train: Table,
  options: DcrOptions & { readonly holdout?: Table } = {},
): DcrReport {
  const bins = options.histogramBins ?? DEFAULT_HISTOGRAM_BINS
  if (!Number.isSafeInteger(bins) || bins < 1)
    throw new SynthkitError('OPTIONS_INVALID', 'Invalid histogramBins', [
      { path: 'histogramBins', message: `expected an integer ≥ 1, got ${bins}` },
    ])
  const run = timed(options.clock, () => {
    const toTrain = dcrValues(synthetic, train, options)
    const toHoldout = options.holdout ? dcrValues(synthetic, options.holdout, options) : undefined
    let closer = 0
    if (toHoldout) for (let i = 0; i < synthetic.nRows; i++) if (toTrain.dcr[i] < toHoldout.dcr[i]) closer++
    const layout = alignLayout(
      [
        { name: 'train', table: train },
        { name: 'synthetic', table: synthetic },
      ],
      options.columns,
    )
    const histogram = sharedHistogram(toHoldout ? [toTrain.dcr, toHoldout.dcr] : [toTrain.dcr], bins)
    const report: DcrReport = {
      attack: 'distanceToClosestRecord',
      parameters: { columns: [...layout.numerical, ...layout.categorical], distance: 'sdmetrics-mixed' },
      rows: { synthetic: synthetic.nRows, train: train.nRows, holdout: options.holdout ? options.holdout.nRows : null },
      train: summarize(toTrain),
      holdout: toHoldout ? summarize(toHoldout) : null,
      closerToTrain: toHoldout ? closer / synthetic.nRows : null,
      histogram: { edges: histogram.edges, train: histogram.counts[0], holdout: toHoldout ? histogram.counts[1] : null },
    }
    return report
  })
  return run.seconds === undefined ? run.value : { ...run.value, seconds: run.seconds }
}
