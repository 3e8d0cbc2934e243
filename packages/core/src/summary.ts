import type { Table } from './table'

/** Per-column summary for display, cards and quick checks. */
export type ColumnSummary =
  | {
      readonly name: string
      readonly kind: 'numerical' | 'datetime'
      readonly count: number
      readonly missing: number
      readonly min: number
      readonly max: number
      readonly mean: number
      readonly std: number
      /** 25th, 50th and 75th percentiles (linear interpolation). */
      readonly quartiles: readonly [number, number, number]
    }
  | {
      readonly name: string
      readonly kind: 'categorical' | 'boolean'
      readonly count: number
      readonly missing: number
      readonly distinct: number
      /** Up to ten most frequent values with their counts, most frequent first. */
      readonly top: readonly { readonly value: string; readonly count: number }[]
    }
  | { readonly name: string; readonly kind: 'id' | 'text'; readonly count: number; readonly missing: number; readonly distinct: number }

function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN
  const pos = q * (sorted.length - 1)
  const f = Math.floor(pos)
  return f + 1 < sorted.length ? sorted[f] + (pos - f) * (sorted[f + 1] - sorted[f]) : sorted[f]
}

/** Summaries of every column: counts and missing; moments and quartiles for numbers; top values for categories. */
export function summarize(table: Table): ColumnSummary[] {
  return table.schema.columns.map((spec): ColumnSummary => {
    const col = table.columns[spec.name]
    if (col.type === 'numeric') {
      const observed = col.values.filter((v) => !Number.isNaN(v)).sort()
      const n = observed.length
      let sum = 0
      for (let i = 0; i < n; i++) sum += observed[i]
      const mean = n ? sum / n : Number.NaN
      let ss = 0
      for (let i = 0; i < n; i++) ss += (observed[i] - mean) ** 2
      return {
        name: spec.name,
        kind: spec.kind === 'datetime' ? 'datetime' : 'numerical',
        count: table.nRows,
        missing: table.nRows - n,
        min: n ? observed[0] : Number.NaN,
        max: n ? observed[n - 1] : Number.NaN,
        mean,
        std: n > 1 ? Math.sqrt(ss / (n - 1)) : Number.NaN,
        quartiles: [quantile(observed, 0.25), quantile(observed, 0.5), quantile(observed, 0.75)],
      }
    }
    if (col.type === 'coded') {
      const counts = new Float64Array(col.dictionary.length)
      let missing = 0
      for (let i = 0; i < col.codes.length; i++) {
        if (col.codes[i] < 0) missing++
        else counts[col.codes[i]]++
      }
      const order = [...counts.keys()].filter((i) => counts[i] > 0).sort((a, b) => counts[b] - counts[a] || a - b)
      return {
        name: spec.name,
        kind: spec.kind === 'boolean' ? 'boolean' : 'categorical',
        count: table.nRows,
        missing,
        distinct: order.length,
        top: order.slice(0, 10).map((i) => ({ value: col.dictionary[i], count: counts[i] })),
      }
    }
    let missing = 0
    const seen = new Set<string>()
    for (const v of col.values) {
      if (v === null) missing++
      else seen.add(v)
    }
    return { name: spec.name, kind: spec.kind === 'id' ? 'id' : 'text', count: table.nRows, missing, distinct: seen.size }
  })
}
