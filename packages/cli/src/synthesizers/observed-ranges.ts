import { type ColumnSpec, type Table, formatDatetime } from '@synthkit/core'

/** Observed [min, max] per numerical or datetime column (datetimes in epoch ms), as the model file records them. */
export type ObservedRanges = Readonly<Record<string, { readonly min: number; readonly max: number }>>

/**
 * The observed range of every numerical and datetime column of the training rows (columns with no value are left
 * out). Recorded in a non-private model's lineage so `sample --where` can refuse what the model cannot produce, with
 * the range in the message. A differentially private fit must not record it (exact extremes are not DP).
 */
export function observedRanges(table: Table): ObservedRanges {
  const out: Record<string, { min: number; max: number }> = Object.create(null)
  for (const spec of table.schema.columns) {
    if (spec.kind !== 'numerical' && spec.kind !== 'datetime') continue
    const col = table.columns[spec.name]
    if (col?.type !== 'numeric') continue
    let min = Infinity
    let max = -Infinity
    for (const v of col.values) {
      if (v < min) min = v
      if (v > max) max = v
    }
    if (min <= max) out[spec.name] = { min, max }
  }
  return out
}

/** "17 to 90", or dates in the column's format. */
export function formatObserved(spec: ColumnSpec, range: { readonly min: number; readonly max: number }): string {
  const show = (v: number) => (spec.kind === 'datetime' ? formatDatetime(v, spec.format) : String(v))
  return `${show(range.min)} to ${show(range.max)}`
}
