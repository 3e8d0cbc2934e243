// @synthkit/metrics — public API only: the reports, the metrics, and the learners the evaluations are built from.
// numpy's binning replicas, KS internals and ranking helpers stay internal (imported by path in this package only).

// Reports (SDMetrics 0.14 compatible)
export {
  qualityReport,
  type QualityReport,
  type QualityReportOptions,
  type ColumnShapeScore,
  type ColumnPairTrendScore,
  type PropertyScore,
} from './quality-report'
export { diagnosticReport, type DiagnosticReport, type DiagnosticDetail } from './diagnostic-report'
export { qualityScores, diagnosticScores, type QualityScores, type DiagnosticScores } from './report-scores'
export { columnMetrics, type ColumnMetrics, type ContinuousColumnMetrics, type DiscreteColumnMetrics } from './column-metrics'
export type { ReportOptions, ColumnShape } from './report-input'
export { METRICS_VERSION, SDMETRICS_COMPATIBILITY } from './version'

// Single-column metrics
export { ksComplement } from './ks-complement'
export { tvComplement, tvComplementFromCounts } from './tv-complement'
export type { CategoryValue } from './category-counts'
export { rangeCoverage } from './range-coverage'
export { boundaryAdherence } from './boundary-adherence'
export { categoryCoverage, categoryCoverageFromCounts } from './category-coverage'
export { categoryAdherence } from './category-adherence'
export { missingValueSimilarity, missingValueSimilarityFromCounts } from './missing-value-similarity'
export { statisticSimilarity, summaryStatistic, type SummaryStatistic } from './statistic-similarity'
export { keyUniqueness } from './key-uniqueness'
export { tableStructure } from './table-structure'

// Column-pair metrics
export { correlationSimilarity, type CorrelationCoefficient, type CorrelationSimilarityResult } from './correlation-similarity'
export { contingencySimilarity } from './contingency-similarity'
export { pearson, spearman } from './correlation'

// Beyond SDMetrics
export { newRowSynthesis, type NewRowSynthesisResult } from './new-row-synthesis'
export { detection, type DetectionOptions, type DetectionResult, type DetectionModel, type DetectionModelResult } from './detection'
export { pmse, type PMSEResult } from './pmse'
export { mlEfficacy, type MLEfficacyOptions, type MLEfficacyResult, type MLEfficacyModel, type MLScores } from './ml-efficacy'
export { fairness, type FairnessOptions, type FairnessResult, type FairnessColumn, type FairnessGroup } from './fairness'
export { shuffleColumns } from './shuffle-columns'

// Models and scores the evaluations are built from
export { fitFeatureEncoder, encodeFeatures, type FeatureEncoder, type DesignMatrix, type EncodedColumn } from './feature-encoder'
export { fitLogistic, predictLogistic, type LogisticModel, type LogisticOptions } from './logistic-regression'
export { fitBoostedTrees, predictBoostedTrees, type BoostedTreesModel, type BoostedTreesOptions } from './boosted-trees'
export { fitLinear, predictLinear, type LinearModel } from './linear-regression'
export { rocAuc } from './auc'
export { classificationScores, rSquared, type ClassificationScores } from './prediction-scores'
