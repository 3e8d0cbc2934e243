import type { Table } from '@synthkit/core'
import { boundaryAdherence } from './boundary-adherence'
import { countCodes } from './category-counts'
import { categoryCoverageFromCounts } from './category-coverage'
import { compareColumn } from './compared-column'
import { ksComplement } from './ks-complement'
import { missingValueSimilarityFromCounts } from './missing-value-similarity'
import { countMissing } from './present-values'
import { rangeCoverage } from './range-coverage'
import { type ReportOptions, shapeOf, validateReportInput } from './report-input'
import { toScore } from './score'
import { statisticSimilarity } from './statistic-similarity'
import { tvComplementFromCounts } from './tv-complement'

/** Every single-column metric of one continuous column (null = undefined for this data). */
export interface ContinuousColumnMetrics {
  readonly column: string
  readonly shape: 'continuous'
  readonly KSComplement: number | null
  readonly RangeCoverage: number | null
  readonly BoundaryAdherence: number | null
  readonly MissingValueSimilarity: number | null
  readonly StatisticSimilarity: { readonly mean: number | null; readonly std: number | null; readonly median: number | null }
}

/** Every single-column metric of one discrete column. */
export interface DiscreteColumnMetrics {
  readonly column: string
  readonly shape: 'discrete'
  readonly TVComplement: number | null
  readonly CategoryCoverage: number | null
  readonly MissingValueSimilarity: number | null
}

export type ColumnMetrics = ContinuousColumnMetrics | DiscreteColumnMetrics

/**
 * All single-column metrics for every evaluated column: KSComplement, RangeCoverage, BoundaryAdherence,
 * MissingValueSimilarity and StatisticSimilarity (mean, std, median) for numerical and datetime columns;
 * TVComplement, CategoryCoverage and MissingValueSimilarity for categorical and boolean ones.
 * Same input rules as `qualityReport`.
 */
export function columnMetrics(real: Table, synthetic: Table, options: ReportOptions = {}): ColumnMetrics[] {
  const input = validateReportInput(real, synthetic, options)
  const out: ColumnMetrics[] = []
  for (const spec of input.columns) {
    const shape = shapeOf(spec.kind)
    if (!shape) continue
    const c = compareColumn(spec, shape, real, synthetic)
    if (c.shape === 'continuous') {
      out.push({
        column: spec.name,
        shape: 'continuous',
        KSComplement: toScore(ksComplement(c.real, c.synthetic)),
        RangeCoverage: toScore(rangeCoverage(c.real, c.synthetic)),
        BoundaryAdherence: toScore(boundaryAdherence(c.real, c.synthetic)),
        MissingValueSimilarity: toScore(
          missingValueSimilarityFromCounts(countMissing(c.real), c.real.length, countMissing(c.synthetic), c.synthetic.length),
        ),
        StatisticSimilarity: {
          mean: toScore(statisticSimilarity(c.real, c.synthetic, 'mean')),
          std: toScore(statisticSimilarity(c.real, c.synthetic, 'std')),
          median: toScore(statisticSimilarity(c.real, c.synthetic, 'median')),
        },
      })
    } else {
      const k = c.categories.length
      const rc = countCodes(c.real, k)
      const sc = countCodes(c.synthetic, k)
      let rm = 0
      for (let i = 0; i < c.real.length; i++) if (c.real[i] < 0) rm++
      let sm = 0
      for (let i = 0; i < c.synthetic.length; i++) if (c.synthetic[i] < 0) sm++
      out.push({
        column: spec.name,
        shape: 'discrete',
        TVComplement: toScore(tvComplementFromCounts(rc, sc)),
        CategoryCoverage: toScore(categoryCoverageFromCounts(rc, sc)),
        MissingValueSimilarity: toScore(missingValueSimilarityFromCounts(rm, c.real.length, sm, c.synthetic.length)),
      })
    }
  }
  return out
}
