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
  /** Exact copies of real rows in the synthetic data. */
  readonly newRows: NewRowSynthesisResult
}

/** Runs the quality, diagnostic and new-row reports of @synthkit/metrics on a real and a synthetic table. */
export function evaluateTables(real: Table, synthetic: Table, schema: TableSchema = real.schema): Evaluation {
  const options = { schema }
  return {
    quality: qualityReport(real, synthetic, options),
    diagnostic: diagnosticReport(real, synthetic, options),
    newRows: newRowSynthesis(real, synthetic, options),
  }
}

/** A score in [0, 1] as a percentage with one decimal, or "n/a" when undefined. */
export function percent(score: number | null | undefined): string {
  return score === null || score === undefined || Number.isNaN(score) ? 'n/a' : `${(score * 100).toFixed(1)}%`
}
