import type { Table, TableSchema } from '@synthkit/core'
import {
  type DiagnosticReport,
  type NewRowSynthesisResult,
  type QualityReport,
  diagnosticReport,
  newRowSynthesis,
  qualityReport,
} from '@synthkit/metrics'

/** Everything `evaluate`, `gate`, the HTML report and the dataset card say about a synthetic table. */
export interface Evaluation {
  /** SDMetrics-compatible quality report: Column Shapes and Column Pair Trends. */
  readonly quality: QualityReport
  /** Diagnostic report: Data Validity (boundaries, categories, keys) and Data Structure. */
  readonly diagnostic: DiagnosticReport
  /** Exact copies of real rows in the synthetic data, compared over {@link Evaluation.copyColumns} only. */
  readonly newRows: NewRowSynthesisResult
  /**
   * The modelled columns rows are compared on for copies: not ids, free text or pii, which synthesizers generate
   * afresh (a placeholder never equals a real value, so counting them would hide every copied record).
   */
  readonly copyColumns: readonly string[]
}

/** Columns a synthesizer learns from (and may copy): every column but ids, free text and pii. */
export function modelledColumns(schema: TableSchema): string[] {
  return schema.columns.filter((c) => c.kind !== 'id' && c.kind !== 'text' && c.sensitivity !== 'pii').map((c) => c.name)
}

/** Runs the quality, diagnostic and new-row reports of @synthkit/metrics on a real and a synthetic table. */
export function evaluateTables(real: Table, synthetic: Table, schema: TableSchema = real.schema): Evaluation {
  const options = { schema }
  const modelled = modelledColumns(schema)
  const copyColumns = modelled.length > 0 ? modelled : schema.columns.map((c) => c.name)
  return {
    quality: qualityReport(real, synthetic, options),
    diagnostic: diagnosticReport(real, synthetic, options),
    newRows: newRowSynthesis(real, synthetic, { schema, columns: copyColumns }),
    copyColumns,
  }
}

/** A score in [0, 1] as a percentage with one decimal, or "n/a" when undefined. */
export function percent(score: number | null | undefined): string {
  return score === null || score === undefined || Number.isNaN(score) ? 'n/a' : `${(score * 100).toFixed(1)}%`
}
