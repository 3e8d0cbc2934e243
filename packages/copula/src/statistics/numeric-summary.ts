import { SynthkitError } from '@synthkit/core'
import type { Marginal } from '../marginal'
import {
  EMPIRICAL_KNOTS,
  FIT_SUBSAMPLE,
  type KsGrid,
  type MarginalChoice,
  type MarginalSelection,
  fitMarginal,
  fitMarginalFromView,
  sortedQuantile,
} from '../marginal-fit'

/**
 * What the marginal fit needs of a column's observed (non-missing) values, without the values: a quantile summary.
 *
 * - `n` ≤ {@link FIT_SUBSAMPLE}: `values` holds all of them, sorted (the fit is then exact whatever the engine).
 * - otherwise: `knots`, the type-7 quantiles at p = k / 1000 (k = 0 … 1000); `sample`, the order statistics at ranks
 *   round(j (n − 1) / 9999), j = 0 … 9999 (0-based); `largestAtom`, the count of the most repeated value.
 *
 * `rankError` states how far (as a share of n) the rank of each summary value may be from the rank it stands for:
 * 0 for an exact summary (in memory, or an engine with exact quantiles), positive after merging shards
 * ({@link mergeNumericSummaries}) or from an approximate engine sketch.
 */
export interface NumericSummary {
  readonly n: number
  readonly values?: readonly number[]
  readonly knots?: readonly number[]
  readonly sample?: readonly number[]
  readonly largestAtom?: number
  readonly rankError: number
}

/** 0-based ranks of the subsample's order statistics for n values (n > FIT_SUBSAMPLE). */
export function sampleRanks(n: number, size = FIT_SUBSAMPLE): number[] {
  return Array.from({ length: size }, (_, j) => Math.round((j * (n - 1)) / (size - 1)))
}

/** Probabilities of the knots: k / 1000. */
export function knotProbabilities(): number[] {
  return Array.from({ length: EMPIRICAL_KNOTS }, (_, k) => k / (EMPIRICAL_KNOTS - 1))
}

/** The exact summary of sorted observed values. */
export function summarizeSorted(sorted: Float64Array): NumericSummary {
  const n = sorted.length
  if (n <= FIT_SUBSAMPLE) return { n, values: Array.from(sorted), rankError: 0 }
  let best = 1
  let run = 1
  for (let i = 1; i < n; i++) {
    run = sorted[i] === sorted[i - 1] ? run + 1 : 1
    if (run > best) best = run
  }
  return {
    n,
    knots: knotProbabilities().map((p) => sortedQuantile(sorted, p)),
    sample: sampleRanks(n).map((r) => sorted[r]),
    largestAtom: best,
    rankError: 0,
  }
}

function invalid(path: string, message: string): SynthkitError {
  return new SynthkitError('DATA_INVALID', `Invalid numeric summary: ${message}`, [{ path, message }])
}

/** Checks the shape of a summary (an engine's output is data from outside): sizes, order, finiteness. */
export function checkNumericSummary(s: NumericSummary, path: string): void {
  const sorted = (a: readonly number[], what: string) => {
    for (let i = 0; i < a.length; i++) {
      if (!Number.isFinite(a[i])) throw invalid(`${path}.${what}[${i}]`, `expected a finite number, got ${String(a[i])}`)
      if (i > 0 && a[i] < a[i - 1]) throw invalid(`${path}.${what}[${i}]`, 'values must be sorted ascending')
    }
  }
  if (!Number.isSafeInteger(s.n) || s.n < 1) throw invalid(`${path}.n`, `expected an integer ≥ 1, got ${String(s.n)}`)
  if (!(s.rankError >= 0 && s.rankError <= 1)) throw invalid(`${path}.rankError`, 'expected a share in [0, 1]')
  if (s.n <= FIT_SUBSAMPLE) {
    if (!s.values || s.values.length !== s.n) throw invalid(`${path}.values`, `expected all ${s.n} values (n ≤ ${FIT_SUBSAMPLE})`)
    sorted(s.values, 'values')
    return
  }
  if (!s.knots || s.knots.length !== EMPIRICAL_KNOTS) throw invalid(`${path}.knots`, `expected ${EMPIRICAL_KNOTS} knots`)
  if (!s.sample || s.sample.length !== FIT_SUBSAMPLE) throw invalid(`${path}.sample`, `expected ${FIT_SUBSAMPLE} order statistics`)
  sorted(s.knots, 'knots')
  sorted(s.sample, 'sample')
  if (!Number.isSafeInteger(s.largestAtom) || s.largestAtom! < 1 || s.largestAtom! > s.n)
    throw invalid(`${path}.largestAtom`, `expected an integer in [1, ${s.n}]`)
}

/**
 * The marginal of a column from its summary: the same as {@link fitMarginal} on the sorted values when the summary
 * is exact (tested on the shared datasets), the empirical knots and subsample read off the summary otherwise.
 */
export function fitMarginalFromSummary(s: NumericSummary, choice: MarginalChoice): MarginalSelection {
  if (s.values) return fitMarginal(Float64Array.from(s.values), choice)
  const knots = s.knots!
  const empirical: Marginal =
    knots[0] === knots[knots.length - 1] ? { family: 'empirical', quantiles: [knots[0]] } : { family: 'empirical', quantiles: [...knots] }
  const p = Float64Array.from(knotProbabilities())
  const grid: KsGrid = { x: Float64Array.from(knots), below: p, at: p }
  return fitMarginalFromView(
    {
      n: s.n,
      sample: Float64Array.from(s.sample!),
      empirical: () => empirical,
      largestAtom: () => s.largestAtom! / s.n,
      grid: () => grid,
    },
    choice,
  )
}
