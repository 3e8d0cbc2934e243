import type { DiagnosticReport } from './diagnostic-report'
import type { QualityReport } from './quality-report'

/** The scores of a quality report by name (the overall score and its two properties); null where undefined. */
export interface QualityScores {
  readonly overall: number | null
  readonly columnShapes: number | null
  readonly columnPairTrends: number | null
}

/** The scores of a diagnostic report by name; null where undefined. */
export interface DiagnosticScores {
  readonly overall: number | null
  readonly dataValidity: number | null
  readonly dataStructure: number | null
}

/** Typed accessors of a quality report's scores (consumers never look a property up by its display name). */
export function qualityScores(report: QualityReport): QualityScores {
  const [shapes, trends] = report.properties
  return { overall: report.score, columnShapes: shapes.score, columnPairTrends: trends.score }
}

/** Typed accessors of a diagnostic report's scores. */
export function diagnosticScores(report: DiagnosticReport): DiagnosticScores {
  const [validity, structure] = report.properties
  return { overall: report.score, dataValidity: validity.score, dataStructure: structure.score }
}
