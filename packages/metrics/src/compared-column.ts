import type { ColumnSpec, Table } from '@synthkit/core'
import { alignCoded } from './category-counts'
import { digitize, histogramBinEdges } from './histogram-bins'

/** Nanoseconds per millisecond: SDMetrics compares datetimes as pandas' int64 nanoseconds. */
const NS_PER_MS = 1e6

/** One continuous column's real and synthetic values (datetimes as epoch nanoseconds, like pandas). */
export interface ContinuousColumn {
  readonly shape: 'continuous'
  readonly spec: ColumnSpec
  readonly real: Float64Array
  readonly synthetic: Float64Array
  /** Histogram bins (0…11) of each side on its own 10 equal-width bins; null when a side has an infinite value. */
  bins(): { real: Int32Array; synthetic: Int32Array } | null
}

/** One discrete column's real and synthetic codes on a joint dictionary (−1 missing). */
export interface DiscreteColumn {
  readonly shape: 'discrete'
  readonly spec: ColumnSpec
  readonly real: Int32Array
  readonly synthetic: Int32Array
  readonly categories: readonly string[]
}

export type ComparedColumn = ContinuousColumn | DiscreteColumn

function asNanoseconds(values: Float64Array): Float64Array {
  // ms·1e6 rounded once equals float64(int64 ns), the value numpy and scipy see.
  const out = new Float64Array(values.length)
  for (let i = 0; i < values.length; i++) out[i] = values[i] * NS_PER_MS
  return out
}

/**
 * SDMetrics' discretization in the quality report: each side on its OWN `numpy.histogram_bin_edges` (10 equal-width
 * bins between that side's min and max), then `numpy.digitize`, so the maximum and missing values share bin 11. A side
 * with no present value is binned on [0, 1] as numpy does, so all its rows land in bin 11.
 */
function ownBins(values: Float64Array): Int32Array | null {
  const edges = histogramBinEdges(values)
  return edges ? digitize(values, edges) : null
}

/** Prepares a column for comparison; `shape` comes from the schema kind (see `shapeOf`). */
export function compareColumn(spec: ColumnSpec, shape: 'continuous' | 'discrete', real: Table, synthetic: Table): ComparedColumn {
  const r = real.columns[spec.name]
  const s = synthetic.columns[spec.name]
  if (shape === 'continuous') {
    if (r.type !== 'numeric' || s.type !== 'numeric') throw new Error(`internal: ${spec.name} is not numeric`)
    const rv = spec.kind === 'datetime' ? asNanoseconds(r.values) : r.values
    const sv = spec.kind === 'datetime' ? asNanoseconds(s.values) : s.values
    let cached: { real: Int32Array; synthetic: Int32Array } | null | undefined
    return {
      shape,
      spec,
      real: rv,
      synthetic: sv,
      bins() {
        if (cached === undefined) {
          const br = ownBins(rv)
          const bs = ownBins(sv)
          cached = br && bs ? { real: br, synthetic: bs } : null
        }
        return cached
      },
    }
  }
  if (r.type !== 'coded' || s.type !== 'coded') throw new Error(`internal: ${spec.name} is not coded`)
  const a = alignCoded(r, s, spec.kind)
  return { shape, spec, real: a.real, synthetic: a.synthetic, categories: a.categories }
}
