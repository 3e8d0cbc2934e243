import { clamp } from './bounds'
import { releaseIntegers, type AggregatePrivacy } from './aggregates'
import { DpError } from './errors'
import { requireBudget, type MechanismOptions, type Release } from './release'
import { describe, optionalString, requireArrayLike } from './validate'

/** Options of {@link dpHistogram}. */
export type HistogramOptions = MechanismOptions &
  AggregatePrivacy &
  (
    | {
        /** Known categories (declared without looking at the data). */
        readonly categories: readonly string[]
        /** A value not among the categories is an error (default), or is left out when 'ignore' is said explicitly. */
        readonly unknown?: 'error' | 'ignore'
        readonly bins?: undefined
      }
    | {
        /** Ascending bin edges e_0 < … < e_m: bin j is [e_j, e_{j+1}), the last bin closed. Values outside [e_0, e_m] are clamped into the end bins. */
        readonly bins: readonly number[]
        readonly categories?: undefined
      }
  )

/** A DP histogram: labels (categories, or "[lo, hi)") and noisy integer counts. */
export interface DpHistogram {
  readonly labels: readonly string[]
  readonly counts: readonly number[]
}

/**
 * DP histogram over known categories or declared bins: exact counts plus independent discrete Laplace noise of
 * scale 1/ε per cell (ε-DP: adding/removing one record changes one cell by 1, L1 sensitivity 1) or discrete
 * Gaussian noise (ρ-zCDP, L2 sensitivity 1). The cells come from the declaration, never from the data, so the set of
 * labels reveals nothing. Counts are returned as is (they can be negative).
 */
/** The category key of a value: strings, numbers, booleans and null by `String`; anything else is not a category. */
function keyOf(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' || v === null ? String(v) : undefined
}

export function dpHistogram(input: ArrayLike<string | number | null>, options: HistogramOptions): Release<DpHistogram> {
  requireBudget(options)
  const values = requireArrayLike<unknown>('values', input)
  const what = optionalString('what', options.what) ?? 'histogram'
  const unknown = (options as { unknown?: unknown }).unknown
  if (unknown !== undefined && unknown !== 'error' && unknown !== 'ignore') {
    throw new DpError('PARAMETER_INVALID', 'invalid parameter unknown', [
      { path: 'unknown', message: `expected 'error' or 'ignore', got ${describe(unknown)}` },
    ])
  }
  if (options.categories !== undefined && options.bins !== undefined) {
    throw new DpError('PARAMETER_INVALID', 'give either categories or bins, not both', [
      { path: 'bins', message: 'both categories and bins were given' },
    ])
  }
  let labels: string[]
  let counts: Float64Array
  if (options.categories !== undefined) {
    const cats = options.categories
    if (!Array.isArray(cats) || cats.length === 0)
      throw new DpError('PARAMETER_INVALID', 'categories must be a non-empty array', [
        { path: 'categories', message: 'declare the categories' },
      ])
    const index = new Map<string, number>()
    const bad = cats.findIndex((c) => typeof c !== 'string')
    if (bad >= 0)
      throw new DpError('PARAMETER_INVALID', 'categories must be strings', [
        { path: `categories.${bad}`, message: `expected a string, got ${describe(cats[bad])}` },
      ])
    cats.forEach((c, i) => index.set(c, i))
    if (index.size !== cats.length)
      throw new DpError('PARAMETER_INVALID', 'categories must be distinct', [{ path: 'categories', message: 'duplicate category' }])
    counts = new Float64Array(cats.length)
    const issues = []
    for (let i = 0; i < values.length; i++) {
      const key = keyOf(values[i])
      const j = key === undefined ? undefined : index.get(key)
      if (j !== undefined) counts[j]++
      else if ((options.unknown !== 'ignore' || key === undefined) && issues.length < 20)
        issues.push({ path: `values.${i}`, message: `${describe(values[i])} is not a declared category` })
    }
    if (issues.length > 0)
      throw new DpError('DATA_INVALID', "values outside the declared categories (pass unknown: 'ignore' to leave them out)", issues)
    labels = cats.map(String)
  } else if (options.bins !== undefined) {
    const edges = options.bins
    const ok =
      Array.isArray(edges) &&
      edges.length >= 2 &&
      edges.every((e, i) => typeof e === 'number' && Number.isFinite(e) && (i === 0 || e > edges[i - 1]))
    if (!ok) {
      throw new DpError('BOUNDS_REQUIRED', 'bins must be ≥ 2 ascending finite edges', [{ path: 'bins', message: `got ${describe(edges)}` }])
    }
    const b = { min: edges[0], max: edges[edges.length - 1] }
    counts = new Float64Array(edges.length - 1)
    const issues = []
    for (let i = 0; i < values.length; i++) {
      const v = values[i]
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        if (issues.length < 20) issues.push({ path: `values.${i}`, message: `expected a finite number, got ${describe(v)}` })
        continue
      }
      const x = clamp(v, b)
      // Binary search for the bin: the largest j with edges[j] ≤ x, capped at the last bin.
      let lo = 0
      let hi = edges.length - 2
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1
        if (edges[mid] <= x) lo = mid
        else hi = mid - 1
      }
      counts[lo]++
    }
    if (issues.length > 0) throw new DpError('DATA_INVALID', 'values must be finite numbers for a binned histogram', issues)
    labels = Array.from({ length: edges.length - 1 }, (_, j) => `[${edges[j]}, ${edges[j + 1]}${j === edges.length - 2 ? ']' : ')'}`)
  } else {
    throw new DpError('BOUNDS_REQUIRED', 'a histogram needs declared categories or bins', [
      { path: 'categories', message: 'pass categories or bins' },
    ])
  }
  const r = releaseIntegers(counts, 1, 1, options, what)
  return { ...r, mechanism: `histogram (${r.mechanism})`, value: { labels, counts: Array.from(r.value) } }
}
