import { createRng } from '@synthkit/core'
import { qualityReport } from '@synthkit/metrics'
import { describe, expect, it } from 'vitest'
import { fitBayesNet, fitPrivBayes, sampleBayesNet } from '../src/index'
import { dataSynthesizer, loadTable } from './helpers'
import { declaredPublic } from './public-schema'

// DataSynthesizer 0.1.13 (correlated mode, k = 2) on telco_churn, scored by SDMetrics 0.14 (test/reference).
const peerDp = dataSynthesizer('telco_churn', 1)
const peerPlain = dataSynthesizer('telco_churn', 0)

describe('quality on telco_churn against DataSynthesizer at equal k = 2 (SDMetrics-exact QualityReport)', () => {
  it(`without DP scores at least DataSynthesizer's ${peerPlain.quality.toFixed(4)} + 0.001`, () => {
    const t = loadTable('telco_churn')
    const q = qualityReport(t, sampleBayesNet(fitBayesNet(t, { degree: 2 }, { rng: createRng(1) }), t.nRows, createRng(2)))
    // measured 0.9823 (bench); margin 0.001 above the peer
    expect(q.score!).toBeGreaterThanOrEqual(peerPlain.quality + 0.001)
  })

  it(`at ε = 1 scores, on the mean of 3 noise seeds, at least DataSynthesizer's ${peerDp.quality.toFixed(4)} — with ε spent honestly`, () => {
    // Same public inputs as DataSynthesizer reads (category sets, ranges, which columns have missing values), but
    // PrivBayes' split and sensitivity 2 per table; DataSynthesizer spends ε twice and uses sensitivity 1.
    const t = loadTable('telco_churn')
    const pub = declaredPublic(t)
    const scores = [1, 2, 3].map((seed) => {
      const m = fitPrivBayes(
        pub.table,
        { degree: 2, nullable: pub.nullable },
        { epsilon: 1, noise: createRng(100 + seed) },
        { rng: createRng(seed) },
      )
      return qualityReport(t, sampleBayesNet(m, t.nRows, createRng(seed + 10))).score!
    })
    const mean = scores.reduce((a, b) => a + b, 0) / scores.length
    // bench: 0.9289, 0.9362, 0.9284 (mean 0.9312); margin 0: the mean must reach the peer's single run
    expect(mean).toBeGreaterThanOrEqual(peerDp.quality)
  })
})
