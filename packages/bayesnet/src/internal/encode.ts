import { type ColumnSpec, type Rng, type Table, fitEqualWidthDiscretizer, fitQuantileDiscretizer } from '@synthkit/core'
import type { NodeStates } from '../model'

/** A column coded into states for the network, with how states decode back to values. */
export interface EncodedColumn {
  readonly column: string
  readonly states: NodeStates
  readonly count: number
  readonly codes: Int32Array
}

/** Knots per bin of the within-bin quantile function (16 equal-probability pieces). */
export const KNOTS = 17

/** The non-private bin rule: min(32, max(5, round(n^(1/3)))) bins (n^(1/3): the rule of thumb of Terrell & Scott). */
export function defaultBins(n: number): number {
  return Math.min(32, Math.max(5, Math.round(Math.cbrt(n))))
}

/**
 * Codes a categorical/boolean column by its dictionary (booleans as "false"/"true"), with a missing state only when
 * values are missing. Unused dictionary entries stay states (probability from the data: usually 0).
 */
export function encodeLabels(spec: ColumnSpec, table: Table): EncodedColumn {
  const col = table.columns[spec.name]
  if (col.type !== 'coded') throw new Error(`internal: ${spec.name} is not coded`)
  const labels: (string | null)[] = spec.kind === 'boolean' ? ['false', 'true'] : [...col.dictionary]
  let missing = false
  for (let i = 0; i < col.codes.length; i++) if (col.codes[i] < 0) missing = true
  if (missing) labels.push(null)
  const m = labels.length - 1
  const codes = Int32Array.from(col.codes, (c) => (c < 0 ? m : c))
  return { column: spec.name, states: { type: 'labels', labels }, count: labels.length, codes }
}

/**
 * Codes a numerical/datetime column: as its exact values when it has at most `bins` distinct ones, otherwise into
 * `bins` quantile (or equal-width) bins, each remembering its empirical within-bin distribution as KNOTS equally
 * spaced within-bin quantiles (so decoded marginals follow the data inside the bin too). Missing → last state.
 */
export function encodeNumbers(spec: ColumnSpec, table: Table, bins: number, binning: 'quantile' | 'equal-width'): EncodedColumn {
  const col = table.columns[spec.name]
  if (col.type !== 'numeric') throw new Error(`internal: ${spec.name} is not numeric`)
  const v = col.values
  const n = v.length
  let missing = false
  const present = new Float64Array(n)
  let m0 = 0
  const distinct = new Set<number>()
  for (let i = 0; i < n; i++) {
    const x = v[i]
    if (x !== x) missing = true
    else {
      present[m0++] = x
      if (distinct.size <= bins) distinct.add(x)
    }
  }
  const codes = new Int32Array(n)
  if (distinct.size <= bins) {
    const values: (number | null)[] = [...distinct].sort((a, b) => a - b)
    const index = new Map(values.map((x, i) => [x as number, i]))
    if (missing) values.push(null)
    const m = values.length - 1
    for (let i = 0; i < n; i++) codes[i] = v[i] !== v[i] ? m : index.get(v[i])!
    return { column: spec.name, states: { type: 'values', values }, count: values.length, codes }
  }
  const sorted = present.subarray(0, m0).sort()
  const d = binning === 'quantile' ? fitQuantileDiscretizer(sorted, bins) : fitEqualWidthDiscretizer(sorted, bins)
  const edges = [...d.edges]
  const nb = edges.length - 1
  for (let i = 0; i < n; i++) codes[i] = v[i] !== v[i] ? nb : binOf(edges, v[i])
  // the members of bin b are a contiguous run of the sorted values: [start_b, start_{b+1})
  const starts = new Int32Array(nb + 1)
  starts[nb] = sorted.length
  for (let b = 1; b < nb; b++) {
    let lo = starts[b - 1]
    let hi = sorted.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (sorted[mid] < edges[b]) lo = mid + 1
      else hi = mid
    }
    starts[b] = lo
  }
  const knots = Array.from({ length: nb }, (_, b) => {
    const from = starts[b]
    const count = starts[b + 1] - from
    if (count === 0) return [edges[b], edges[b + 1]]
    return Array.from({ length: KNOTS }, (_, j) => {
      const pos = (j / (KNOTS - 1)) * (count - 1)
      const f = Math.floor(pos)
      const q = f + 1 < count ? sorted[from + f] + (pos - f) * (sorted[from + f + 1] - sorted[from + f]) : sorted[from + f]
      return Math.min(edges[b + 1], Math.max(edges[b], q))
    })
  })
  return { column: spec.name, states: { type: 'bins', edges, missing, knots }, count: nb + (missing ? 1 : 0), codes }
}

/** Bin of x for edges e: the last i with e[i] ≤ x, clamped to the outer bins. */
export function binOf(e: readonly number[], x: number): number {
  let lo = 0
  let hi = e.length - 2
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (e[mid] <= x) lo = mid
    else hi = mid - 1
  }
  return lo
}

/** A seeded subsample of row indices (all rows when n ≤ limit), in increasing order. */
export function subsampleRows(n: number, limit: number, rng: Rng): Int32Array | null {
  if (n <= limit) return null
  // Floyd-free partial Fisher-Yates on an index array
  const idx = new Int32Array(n)
  for (let i = 0; i < n; i++) idx[i] = i
  for (let i = 0; i < limit; i++) {
    const j = i + Math.floor(rng.next() * (n - i))
    const t = idx[i]
    idx[i] = idx[j]
    idx[j] = t
  }
  return idx.slice(0, limit).sort()
}
