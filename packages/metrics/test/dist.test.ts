import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { distExports } from '../../../testing/dist'

// The whole public runtime API. A name added to src/index.ts must be added here on purpose; internal helpers
// (numpy's binning replicas, KS and ranking internals, shapeOf, clocks) must never appear.
const PUBLIC = [
  'METRICS_VERSION',
  'SDMETRICS_COMPATIBILITY',
  'boundaryAdherence',
  'categoryAdherence',
  'categoryCoverage',
  'categoryCoverageFromCounts',
  'classificationScores',
  'columnMetrics',
  'contingencySimilarity',
  'correlationSimilarity',
  'detection',
  'diagnosticReport',
  'diagnosticScores',
  'qualityScores',
  'encodeFeatures',
  'fairness',
  'fitBoostedTrees',
  'fitFeatureEncoder',
  'fitLinear',
  'fitLogistic',
  'keyUniqueness',
  'ksComplement',
  'missingValueSimilarity',
  'missingValueSimilarityFromCounts',
  'mlEfficacy',
  'newRowSynthesis',
  'pearson',
  'pmse',
  'predictBoostedTrees',
  'predictLinear',
  'predictLogistic',
  'qualityReport',
  'rSquared',
  'rangeCoverage',
  'rocAuc',
  'shuffleColumns',
  'spearman',
  'statisticSimilarity',
  'summaryStatistic',
  'tableStructure',
  'tvComplement',
  'tvComplementFromCounts',
]

it('the built package loads in plain Node as ESM and CJS with exactly the public exports', () => {
  const { esm, cjs } = distExports('@synthkit/metrics', fileURLToPath(new URL('..', import.meta.url)))
  expect(esm.filter((n) => n !== 'default')).toEqual([...PUBLIC].sort())
  for (const internal of [
    'histogramBinEdges',
    'digitize',
    'QUALITY_REPORT_BINS',
    'ksStatisticSorted',
    'averageRanks',
    'shapeOf',
    'startTimer',
  ])
    expect(esm).not.toContain(internal)
  expect(cjs).toEqual(esm.filter((n) => n !== 'default'))
})
