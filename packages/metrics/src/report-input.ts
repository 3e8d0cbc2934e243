import { type ColumnSpec, type Issue, type Table, type TableSchema, SynthkitError, storageOf } from '@synthkit/core'

/** How a column takes part in the reports: continuous (numbers, datetimes), discrete (categories, booleans), or not at all. */
export type ColumnShape = 'continuous' | 'discrete'

/** The shape of a column kind; ids and free text are not evaluated (SDMetrics skips id and PII sdtypes too). */
export function shapeOf(kind: ColumnSpec['kind']): ColumnShape | null {
  switch (kind) {
    case 'numerical':
    case 'datetime':
      return 'continuous'
    case 'categorical':
    case 'boolean':
      return 'discrete'
    default:
      return null
  }
}

/** Options shared by the reports. */
export interface ReportOptions {
  /** Schema that decides which columns are compared and how; default: the real table's schema. */
  readonly schema?: TableSchema
  /** Restrict the report to these columns (in this order); default: every column of the schema. */
  readonly columns?: readonly string[]
  /**
   * How to score a metric that the real data defines but the synthetic data does not — a synthetic column with no
   * present value, or (CorrelationSimilarity) a constant synthetic column or fewer than two complete synthetic rows:
   * - 'zero' (default): the score is 0, the worst, with an `error` saying why, so that broken output can never
   *   score higher than the same output with the column generated;
   * - 'sdmetrics': exactly what SDMetrics 0.14 does — such a score is NaN (null here) and left out of the average,
   *   except a discretized continuous column in ContingencySimilarity, which numpy bins on [0, 1] when it has no
   *   present value, so the pair is scored.
   * Metrics the real data does not define either stay null (left out) in both modes.
   */
  readonly undefinedSynthetic?: 'zero' | 'sdmetrics'
  /** Clock for timings: returns milliseconds from any fixed origin (the caller's monotonic clock); without one, no timing field is reported. */
  readonly clock?: () => number
}

/** Throws OPTIONS_INVALID, listing every problem, when `undefinedSynthetic` or `clock` has the wrong form. */
export function checkReportOptions(options: ReportOptions): void {
  const issues: Issue[] = []
  const mode: unknown = options.undefinedSynthetic
  if (mode !== undefined && mode !== 'zero' && mode !== 'sdmetrics')
    issues.push({ path: 'undefinedSynthetic', message: `expected 'zero' or 'sdmetrics', got ${JSON.stringify(mode)}` })
  if (options.clock !== undefined && typeof options.clock !== 'function')
    issues.push({ path: 'clock', message: 'expected a function returning milliseconds' })
  if (issues.length > 0) throw new SynthkitError('OPTIONS_INVALID', 'invalid report options', issues)
}

/** A validated pair of tables and the columns to evaluate, in schema order. */
export interface ReportInput {
  readonly real: Table
  readonly synthetic: Table
  readonly columns: readonly ColumnSpec[]
}

/**
 * Checks that the two tables can be compared column by column: every evaluated column exists on both sides with the
 * same storage (so a numerical column is numeric in both), both tables have rows, and the synthetic table has no
 * column the schema does not know. Every problem is listed with its path; nothing is silently skipped.
 */
export function validateReportInput(real: Table, synthetic: Table, options: ReportOptions = {}): ReportInput {
  checkReportOptions(options)
  const schema = options.schema ?? real.schema
  const issues: Issue[] = []
  const byName = new Map(schema.columns.map((c) => [c.name, c] as const))
  const names = options.columns ?? schema.columns.map((c) => c.name)
  const columns: ColumnSpec[] = []
  names.forEach((name, i) => {
    const spec = byName.get(name)
    if (!spec) {
      issues.push({ path: `columns.${i}`, column: name, message: `column ${JSON.stringify(name)} is not in the schema` })
      return
    }
    columns.push(spec)
  })
  for (const spec of columns) {
    const storage = storageOf(spec.kind)
    for (const [side, table] of [
      ['real', real],
      ['synthetic', synthetic],
    ] as const) {
      const col = Object.prototype.hasOwnProperty.call(table.columns, spec.name) ? table.columns[spec.name] : undefined
      if (!col)
        issues.push({
          path: `${side}.columns.${spec.name}`,
          column: spec.name,
          message: `column ${JSON.stringify(spec.name)} is missing from the ${side} table`,
        })
      else if (col.type !== storage)
        issues.push({
          path: `${side}.columns.${spec.name}`,
          column: spec.name,
          message: `column ${JSON.stringify(spec.name)} is ${col.type} in the ${side} table but the schema's kind ${spec.kind} needs ${storage}`,
        })
    }
    const other = synthetic.schema.columns.find((c) => c.name === spec.name)
    if (other && shapeOf(other.kind) !== shapeOf(spec.kind))
      issues.push({
        path: `synthetic.schema.columns.${spec.name}.kind`,
        column: spec.name,
        message: `mismatched schemas: ${JSON.stringify(spec.name)} is ${spec.kind} in the real schema but ${other.kind} in the synthetic one`,
      })
  }
  if (!options.columns) {
    for (const name of Object.keys(synthetic.columns)) {
      if (!byName.has(name))
        issues.push({
          path: `synthetic.columns.${name}`,
          column: name,
          message: `the synthetic table has a column ${JSON.stringify(name)} that the schema does not know`,
        })
    }
  }
  if (issues.length > 0) throw new SynthkitError('SCHEMA_INVALID', 'the real and synthetic tables cannot be compared', issues)
  if (real.nRows === 0 || synthetic.nRows === 0) {
    const which = real.nRows === 0 ? (synthetic.nRows === 0 ? 'both tables have' : 'the real table has') : 'the synthetic table has'
    throw new SynthkitError('EMPTY_TABLE', `${which} no rows: there is nothing to compare`, [
      { path: real.nRows === 0 ? 'real' : 'synthetic', message: 'zero rows' },
    ])
  }
  return { real, synthetic, columns }
}
