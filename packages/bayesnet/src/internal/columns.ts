import { type ColumnSpec, MAX_OUTPUT_PRECISION, type OutputRule, type Table, learnPrecision, sensitivityOf } from '@synthkit/core'
import type { GeneratedColumn } from '@synthkit/core'

/** How a column is produced: learned by the network, or filled by the stream driver (ids, pii, text). */
export function generatedKind(spec: ColumnSpec): GeneratedColumn['kind'] | null {
  if (spec.kind === 'id') return 'id'
  if (sensitivityOf(spec) === 'pii') return 'pii'
  if (spec.kind === 'text') return 'text'
  return null
}

/** Share of missing values of a column. */
export function missingRate(table: Table, name: string): number {
  const col = table.columns[name]
  if (table.nRows === 0) return 0
  let m = 0
  if (col.type === 'numeric') for (const v of col.values) m += v !== v ? 1 : 0
  else if (col.type === 'coded') for (const c of col.codes) m += c < 0 ? 1 : 0
  else for (const v of col.values) m += v === null ? 1 : 0
  return m / table.nRows
}

/**
 * The output rule of a learned numerical/datetime column from the data (non-private fits): integers for int
 * columns, the schema's precision or the one the data show, bounds from the schema or the observed range.
 */
export function observedOutputRule(spec: ColumnSpec, values: Float64Array): OutputRule {
  let lo = Infinity
  let hi = -Infinity
  for (const v of values) if (v === v) (lo = Math.min(lo, v)), (hi = Math.max(hi, v))
  const integer = spec.kind === 'numerical' && spec.type === 'int'
  const learned = spec.kind === 'numerical' ? (integer ? 0 : (spec.precision ?? learnPrecision(values))) : null
  // beyond the rule's largest precision, rounding would change nothing a double can show: leave values unrounded
  const precision = learned !== null && learned <= MAX_OUTPUT_PRECISION ? learned : null
  const min = spec.kind === 'numerical' || spec.kind === 'datetime' ? (spec.min ?? (lo <= hi ? lo : null)) : null
  const max = spec.kind === 'numerical' || spec.kind === 'datetime' ? (spec.max ?? (lo <= hi ? hi : null)) : null
  return { integer, precision, min, max }
}
