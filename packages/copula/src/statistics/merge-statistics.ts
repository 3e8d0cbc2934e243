// Merging the statistics of shards (disjoint row sets of one table): counts and sums add, extremes take the
// extreme, quantile summaries merge with a stated rank error. Pass 1 is merged first; passes 2 and 3 are then run
// on every shard against the one plan built from the merged pass 1, and their sums add.
import { SynthkitError } from '@synthkit/core'
import type {
  ColumnStatistics,
  CorrelationStatistics,
  LayoutStatistics,
  MarginalStatistics,
  NumericColumnStatistics,
} from './copula-statistics'
import { type NumericSummary, knotProbabilities, sampleRanks, summarizeSorted } from './numeric-summary'
import { FIT_SUBSAMPLE } from '../marginal-fit'

/** A summary point: a value and bounds on its 0-based rank among the summarised values. */
interface RankedPoint {
  readonly v: number
  readonly lo: number
  readonly hi: number
}

function rankedPoints(s: NumericSummary): RankedPoint[] {
  if (s.values) return s.values.map((v, i) => ({ v, lo: i, hi: i }))
  const e = Math.ceil(s.rankError * s.n)
  const ranks = sampleRanks(s.n)
  return s.sample!.map((v, j) => ({ v, lo: Math.max(0, ranks[j] - e), hi: Math.min(s.n - 1, ranks[j] + e) }))
}

/**
 * Bounds on the counts of a summary's values below v: `less` ≥ #{x < v} (the rank bound of the first point ≥ v)
 * and `atMost` ≤ #{x ≤ v} (one past the rank bound of the last point ≤ v). Greenwald & Khanna's rank bounds
 * (2004, "Power-conserving computation of order-statistics over sensor networks"), read per distinct value so that
 * ties do not count as error.
 */
function countBounds(points: readonly RankedPoint[], n: number, values: readonly number[]): { less: number[]; atMost: number[] } {
  const less: number[] = []
  const atMost: number[] = []
  let i = 0 // first point ≥ v
  let j = 0 // first point > v
  for (const v of values) {
    while (i < points.length && points[i].v < v) i++
    while (j < points.length && points[j].v <= v) j++
    less.push(i === points.length ? n : points[i].hi)
    atMost.push(j === 0 ? 0 : points[j - 1].lo + 1)
  }
  return { less, atMost }
}

/**
 * Merges two numeric summaries of disjoint row sets. Exact (rank error 0) while the union has at most 10,000
 * values. Beyond, each distinct summary value v gets bounds from both summaries: #{x < v} ≤ L(v) and
 * #{x ≤ v} ≥ U(v); v stands for rank r with an error of max(L(v) − r, r − U(v) + 1, 0) ranks (its true tie run
 * [first, last] satisfies first ≤ L(v) and last ≥ U(v) − 1). Each order statistic takes the value of least error, and
 * the summary's `rankError` is the largest such error as a share of n. A summary holds 10,000 evenly spaced order
 * statistics, so a merge of exact summaries errs by about n / 10,000 ranks (a share of 1e-4); errors add over a
 * tree of merges (inputs' errors widen their rank bounds).
 */
export function mergeNumericSummaries(a: NumericSummary, b: NumericSummary): NumericSummary {
  const n = a.n + b.n
  if (a.values && b.values) {
    const all = Float64Array.from([...a.values, ...b.values]).sort()
    return summarizeSorted(all)
  }
  const pa = rankedPoints(a)
  const pb = rankedPoints(b)
  const values = [...new Set([...pa, ...pb].map((p) => p.v))].sort((x, y) => x - y)
  const ba = countBounds(pa, a.n, values)
  const bb = countBounds(pb, b.n, values)
  const upperLess = values.map((_, i) => ba.less[i] + bb.less[i])
  const lowerAtMost = values.map((_, i) => ba.atMost[i] + bb.atMost[i])
  let worst = 0
  let k = 0
  const error = (i: number, r: number) => Math.max(upperLess[i] - r, r - lowerAtMost[i] + 1, 0)
  // requested ranks ascend, so the best value's index does too (a merge scan)
  const at = (r: number): number => {
    while (k + 1 < values.length && error(k + 1, r) <= error(k, r)) k++
    worst = Math.max(worst, error(k, r))
    return values[k]
  }
  const sample = sampleRanks(n).map(at)
  k = 0
  const knots = knotProbabilities().map((p) => {
    const h = p * (n - 1)
    const i = Math.floor(h)
    if (i >= n - 1) return at(n - 1)
    const lo = at(i)
    return lo + (h - i) * (at(i + 1) - lo)
  })
  // the minimum and the maximum are exact (every summary keeps both)
  knots[0] = sample[0] = values[0]
  knots[knots.length - 1] = sample[sample.length - 1] = values[values.length - 1]
  for (let i = 1; i < knots.length; i++) if (knots[i] < knots[i - 1]) knots[i] = knots[i - 1]
  return { n, knots, sample, largestAtom: Math.min(n, atomEstimate(a, b)), rankError: Math.min(1, worst / n) }
}

/** Count of the most repeated value in the union: exact counts where a summary has its values, else sample runs. */
function atomEstimate(a: NumericSummary, b: NumericSummary): number {
  const counts = new Map<number, number>()
  let best = 0
  for (const s of [a, b]) {
    const src = s.values ?? s.sample!
    const weight = s.values ? 1 : (s.n - 1) / (FIT_SUBSAMPLE - 1)
    for (const v of src) counts.set(v, (counts.get(v) ?? 0) + weight)
    if (!s.values) best = Math.max(best, s.largestAtom!)
  }
  for (const c of counts.values()) best = Math.max(best, Math.round(c))
  return Math.max(1, best)
}

function rescale(s: NumericSummary, from: { origin: number; unit: number }, to: { origin: number; unit: number }): NumericSummary {
  if (from.origin === to.origin && from.unit === to.unit) return s
  const f = (v: number) => (v * from.unit + from.origin - to.origin) / to.unit
  return {
    ...s,
    ...(s.values ? { values: s.values.map(f) } : {}),
    ...(s.knots ? { knots: s.knots.map(f) } : {}),
    ...(s.sample ? { sample: s.sample.map(f) } : {}),
  }
}

function mergeNumeric(a: NumericColumnStatistics, b: NumericColumnStatistics): NumericColumnStatistics {
  let time = a.time
  let sa = a.summary
  let sb = b.summary
  if (a.time && b.time) {
    // origin: the earliest value; unit: the coarsest one both shards lie on (units nest: day ⊃ hour ⊃ … ⊃ ms)
    time = { origin: Math.min(a.time.origin, b.time.origin), unit: Math.min(a.time.unit, b.time.unit) }
    if (a.summary === null) time = b.time
    else if (b.summary === null) time = a.time
    sa = sa && rescale(sa, a.time, time)
    sb = sb && rescale(sb, b.time, time)
  }
  const min = a.min === null ? b.min : b.min === null ? a.min : Math.min(a.min, b.min)
  const max = a.max === null ? b.max : b.max === null ? a.max : Math.max(a.max, b.max)
  return {
    kind: 'numeric',
    name: a.name,
    rows: a.rows + b.rows,
    missing: a.missing + b.missing,
    min,
    max,
    precision: a.precision === null || b.precision === null ? null : Math.max(a.precision, b.precision),
    time,
    summary: sa === null ? sb : sb === null ? sa : mergeNumericSummaries(sa, sb),
  }
}

function mismatch(path: string, message: string): SynthkitError {
  return new SynthkitError('DATA_INVALID', `Cannot merge statistics: ${message}`, [{ path, message }])
}

/** Rows where exactly one of two columns is missing, in a shard. */
function disagreement(s: MarginalStatistics, a: string, b: string): number {
  const ia = s.missingPairs.columns.indexOf(a)
  const ib = s.missingPairs.columns.indexOf(b)
  if (ia >= 0 && ib >= 0) return ia > ib ? s.missingPairs.disagree[ia][ib] : s.missingPairs.disagree[ib][ia]
  const missing = (name: string) => {
    const c = s.columns.find((x) => x.name === name) as NumericColumnStatistics
    return c.missing
  }
  // at least one column is missing everywhere or nowhere in this shard: then the disagreement follows from counts
  const ma = missing(a)
  const mb = missing(b)
  const full = (m: number) => m === 0 || m === s.rows
  if (full(ma)) return ma === 0 ? mb : s.rows - mb
  return mb === 0 ? ma : s.rows - ma
}

/** Merges pass-1 statistics of two shards of one table (same columns, same dictionaries). */
export function mergeMarginalStatistics(a: MarginalStatistics, b: MarginalStatistics): MarginalStatistics {
  if (a.columns.length !== b.columns.length) throw mismatch('columns', `${a.columns.length} columns against ${b.columns.length}`)
  const columns = a.columns.map((x, i): ColumnStatistics => {
    const y = b.columns[i]
    if (x.name !== y.name || x.kind !== y.kind) throw mismatch(`columns.${i}`, `"${x.name}" (${x.kind}) against "${y.name}" (${y.kind})`)
    if (x.kind === 'generated' && y.kind === 'generated') return { ...x, rows: x.rows + y.rows, missing: x.missing + y.missing }
    if (x.kind === 'category' && y.kind === 'category') {
      if (x.dictionary.length !== y.dictionary.length || x.dictionary.some((v, k) => v !== y.dictionary[k]))
        throw mismatch(`columns.${i}.dictionary`, `"${x.name}": shards must code categories with one dictionary`)
      return { ...x, counts: x.counts.map((c, k) => c + y.counts[k]) }
    }
    return mergeNumeric(x as NumericColumnStatistics, y as NumericColumnStatistics)
  })
  const rows = a.rows + b.rows
  const partial = columns
    .filter((c): c is NumericColumnStatistics => c.kind === 'numeric' && c.missing > 0 && c.missing < c.rows)
    .map((c) => c.name)
  const disagree = partial.map((p, i) => partial.slice(0, i).map((q) => disagreement(a, p, q) + disagreement(b, p, q)))
  return { rows, columns, missingPairs: { columns: partial, disagree } }
}

/** Adds pass-2 sums of two shards (computed against the same plan). */
export function mergeLayoutStatistics(a: readonly LayoutStatistics[], b: readonly LayoutStatistics[]): LayoutStatistics[] {
  return a.map((x) => {
    const y = b.find((l) => l.column === x.column)
    if (!y) throw mismatch(x.column, `no layout statistics for "${x.column}" in the second shard`)
    return {
      column: x.column,
      sums: x.sums.map((r, s) => r.map((v, j) => v + y.sums[s][j])),
      seen: x.seen.map((r, s) => r.map((v, j) => v + y.seen[s][j])),
    }
  })
}

/** Adds pass-3 pair sums of two shards (computed against the same plan). */
export function mergeCorrelationStatistics(a: CorrelationStatistics, b: CorrelationStatistics): CorrelationStatistics {
  if (a.dimensions !== b.dimensions) throw mismatch('dimensions', `${a.dimensions} coordinates against ${b.dimensions}`)
  const add = (x: readonly number[], y: readonly number[]) => x.map((v, i) => v + y[i])
  return {
    dimensions: a.dimensions,
    n: add(a.n, b.n),
    sx: add(a.sx, b.sx),
    sy: add(a.sy, b.sy),
    sxx: add(a.sxx, b.sxx),
    syy: add(a.syy, b.syy),
    sxy: add(a.sxy, b.sxy),
  }
}
