import { type ColumnData, type ColumnSpec, type Table, SynthkitError, checkConstraints, storageOf } from '@synthkit/core'
import { boundaryAdherence } from './boundary-adherence'
import { alignCoded } from './category-counts'
import { categoryAdherenceCodes } from './category-adherence'
import { keyUniqueness } from './key-uniqueness'
import { type ReportOptions, checkReportOptions } from './report-input'
import { meanOfScores, toScore } from './score'
import { tableStructure } from './table-structure'
import { startTimer, timingField } from './internal/timer'
import { METRICS_VERSION, SDMETRICS_COMPATIBILITY } from './version'

/** One diagnostic check. `column` is absent for table-level checks; `score` null when undefined, with `error`. */
export interface DiagnosticDetail {
  readonly property: 'Data Validity' | 'Data Structure'
  readonly column?: string
  readonly metric: 'BoundaryAdherence' | 'CategoryAdherence' | 'KeyUniqueness' | 'TableStructure'
  readonly score: number | null
  readonly error?: string
}

/** The diagnostic report: plain JSON. */
export interface DiagnosticReport {
  readonly report: 'DiagnosticReport'
  readonly version: string
  readonly compatibleWith: string
  readonly score: number | null
  readonly properties: readonly [
    { readonly name: 'Data Validity'; readonly score: number | null },
    { readonly name: 'Data Structure'; readonly score: number | null },
  ]
  readonly details: readonly DiagnosticDetail[]
  /**
   * The schema's constraints checked on both tables (not part of the score, which stays SDMetrics'): the share of
   * synthetic rows satisfying each, beside the real data's own rate. Foreign keys need other tables and are skipped.
   */
  readonly constraints: readonly {
    readonly name: string
    readonly kind: string
    readonly syntheticValidRate: number
    readonly realValidRate: number
    readonly failingCount: number
  }[]
  readonly rows: { readonly real: number; readonly synthetic: number }
  /** Milliseconds for the whole report, measured on `options.clock`; absent without a clock. */
  readonly timingMs?: number
}

function primaryKeyColumn(pk: string | readonly string[] | undefined): string | undefined {
  if (typeof pk === 'string') return pk
  return pk && pk.length === 1 ? pk[0] : undefined
}

const BLANK = 'the synthetic column has no present value while the real one has (scored 0; SDMetrics 0.14 scores it 0, 1 or NaN)'

/**
 * True when the real column has a present value and the synthetic one has none. SDMetrics then scores
 * BoundaryAdherence 0 or NaN (left out) and CategoryAdherence 1 when the real column has missing values — a score
 * that blanking the column would raise.
 */
function blankSynthetic(r: Exclude<ColumnData, { type: 'string' }>, s: Exclude<ColumnData, { type: 'string' }>): boolean {
  if (r.type === 'numeric' && s.type === 'numeric') return r.values.some((v) => v === v) && !s.values.some((v) => v === v)
  if (r.type === 'coded' && s.type === 'coded') return r.codes.some((c) => c >= 0) && !s.codes.some((c) => c >= 0)
  return false
}

function validity(
  spec: ColumnSpec,
  real: Table,
  synthetic: Table,
  isKey: boolean,
  mode: NonNullable<ReportOptions['undefinedSynthetic']>,
): DiagnosticDetail | null {
  const column = spec.name
  const metric: DiagnosticDetail['metric'] | null =
    spec.kind === 'numerical' || spec.kind === 'datetime'
      ? 'BoundaryAdherence'
      : spec.kind === 'categorical' || spec.kind === 'boolean'
        ? 'CategoryAdherence'
        : isKey
          ? 'KeyUniqueness'
          : null
  if (!metric) return null
  const r = Object.prototype.hasOwnProperty.call(real.columns, column) ? real.columns[column] : undefined
  const s = Object.prototype.hasOwnProperty.call(synthetic.columns, column) ? synthetic.columns[column] : undefined
  const storage = storageOf(spec.kind)
  if (!r || r.type !== storage)
    return {
      property: 'Data Validity',
      column,
      metric,
      score: null,
      error: `the real table has no ${spec.kind} column ${JSON.stringify(column)}`,
    }
  if (!s || s.type !== storage)
    return {
      property: 'Data Validity',
      column,
      metric,
      score: null,
      error: `the synthetic table has no ${spec.kind} column ${JSON.stringify(column)}`,
    }
  if (mode === 'zero' && r.type !== 'string' && s.type !== 'string' && blankSynthetic(r, s))
    return { property: 'Data Validity', column, metric, score: 0, error: BLANK }
  let score = Number.NaN
  if (r.type === 'numeric' && s.type === 'numeric') score = boundaryAdherence(r.values, s.values)
  else if (r.type === 'coded' && s.type === 'coded') {
    const a = alignCoded(r, s, spec.kind)
    score = categoryAdherenceCodes(a.real, a.synthetic, a.categories.length)
  } else if (s.type === 'string') score = keyUniqueness(s.values)
  const defined = toScore(score)
  return defined === null
    ? { property: 'Data Validity', column, metric, score: null, error: 'no present value to compare' }
    : { property: 'Data Validity', column, metric, score: defined }
}

/**
 * The diagnostic report, as SDMetrics 0.14's single-table `DiagnosticReport`:
 * - Data Validity: BoundaryAdherence for numerical and datetime columns, CategoryAdherence for categorical and
 *   boolean ones, KeyUniqueness for a single-column primary key of kind id;
 * - Data Structure: TableStructure of the two schemas;
 * - each property is the mean of its defined scores, the overall score the mean of the properties.
 * Unlike the quality report it does not reject mismatched schemas: a missing or re-typed column is what Data
 * Structure measures (and its validity score is null with an error). A synthetic column with no present value (when
 * the real one has) scores 0 by default; with `undefinedSynthetic: 'sdmetrics'` it gets SDMetrics' value (0, NaN for
 * BoundaryAdherence when the real column has missing values, 1 for CategoryAdherence when it has).
 * Throws EMPTY_TABLE when a table has no rows. Timings only with `options.clock`.
 */
export function diagnosticReport(real: Table, synthetic: Table, options: ReportOptions = {}): DiagnosticReport {
  checkReportOptions(options)
  const timer = startTimer(options.clock)
  const schema = options.schema ?? real.schema
  if (real.nRows === 0 || synthetic.nRows === 0)
    throw new SynthkitError(
      'EMPTY_TABLE',
      `${real.nRows === 0 ? 'the real' : 'the synthetic'} table has no rows: there is nothing to diagnose`,
      [{ path: real.nRows === 0 ? 'real' : 'synthetic', message: 'zero rows' }],
    )
  const wanted = options.columns ? new Set(options.columns) : null
  const unknown = (options.columns ?? []).flatMap((name, i) =>
    schema.columns.some((c) => c.name === name)
      ? []
      : [{ path: `columns.${i}`, column: name, message: `column ${JSON.stringify(name)} is not in the schema` }],
  )
  if (unknown.length > 0) throw new SynthkitError('SCHEMA_INVALID', 'the requested columns are not all in the schema', unknown)
  const pk = primaryKeyColumn(schema.primaryKey)
  const details: DiagnosticDetail[] = []
  for (const spec of schema.columns) {
    if (wanted && !wanted.has(spec.name)) continue
    const d = validity(spec, real, synthetic, spec.name === pk && spec.kind === 'id', options.undefinedSynthetic ?? 'zero')
    if (d) details.push(d)
  }
  const structure = toScore(tableStructure(schema, synthetic.schema))
  details.push({ property: 'Data Structure', metric: 'TableStructure', score: structure })
  const checkable = (schema.constraints ?? []).filter((c) => c.type !== 'foreignKey')
  let constraints: DiagnosticReport['constraints'] = []
  if (checkable.length > 0) {
    const onSynthetic = checkConstraints(synthetic, checkable)
    const onReal = checkConstraints(real, checkable)
    constraints = onSynthetic.constraints.map((c, i) => ({
      name: c.name,
      kind: c.kind,
      syntheticValidRate: c.validRate,
      realValidRate: onReal.constraints[i].validRate,
      failingCount: c.failingCount,
    }))
  }
  const validityScore = meanOfScores(details.filter((d) => d.property === 'Data Validity').map((d) => d.score))
  return {
    report: 'DiagnosticReport',
    version: METRICS_VERSION,
    compatibleWith: SDMETRICS_COMPATIBILITY,
    score: meanOfScores([validityScore, structure]),
    properties: [
      { name: 'Data Validity', score: validityScore },
      { name: 'Data Structure', score: structure },
    ],
    details,
    constraints,
    rows: { real: real.nRows, synthetic: synthetic.nRows },
    ...timingField(timer),
  }
}
