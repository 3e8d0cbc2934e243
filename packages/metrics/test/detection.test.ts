import { createRng } from '@synthkit/core'
import { describe, expect, it } from 'vitest'
import { detection, pmse, rocAuc } from '../src/index'
import { halves, uniformNoise } from './helpers'
import { loadReferenceCase } from './sdmetrics-reference'

const telco = loadReferenceCase('telco_churn')

describe('ROC AUC', () => {
  it('is 1 for a perfect ranking, 0.5 for ties everywhere and counts tied pairs as one half', () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1)
    expect(rocAuc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBe(0.5)
    // pairs (pos, neg): (0.5 vs 0.1) win, (0.5 vs 0.5) tie, (0.9 vs both) win → (1 + 0.5 + 2) / 4
    expect(rocAuc([0.1, 0.5, 0.5, 0.9], [0, 0, 1, 1])).toBe(0.875)
  })
})

describe('detection', () => {
  it('cannot tell two random halves of the same real data apart: AUC 0.5 ± 0.05 for both models', () => {
    const [a, b] = halves(telco.real, createRng(11))
    const d = detection(a, b, { rng: createRng(12) })
    for (const m of d.models) {
      expect(Math.abs(m.auc - 0.5), m.model).toBeLessThan(0.05)
      expect(m.score).toBeGreaterThan(0.9)
    }
    expect(d.rows.usedReal + d.rows.usedSynthetic).toBe(telco.real.nRows)
  })

  it('separates real data from uniform noise: AUC ≈ 1 for the trees, and the linear model sees most of it', () => {
    const noise = uniformNoise(telco.real, 3000, createRng(13))
    const d = detection(telco.real, noise, { rng: createRng(14), maxRowsPerSide: 3000 })
    const auc = Object.fromEntries(d.models.map((m) => [m.model, m.auc]))
    expect(auc['boosted-trees']).toBeGreaterThan(0.97)
    // Uniform noise has roughly the real means, so a linear score separates less than trees do.
    expect(auc['logistic-regression']).toBeGreaterThan(0.85)
    expect(d.score).toBeLessThan(0.06)
  })

  it('finds what a Gaussian copula misses (trees) where a linear model cannot, reproducibly from the seed', () => {
    const a = detection(telco.real, telco.synthetic, { rng: createRng(5), maxRowsPerSide: 2000, folds: 3 })
    const b = detection(telco.real, telco.synthetic, { rng: createRng(5), maxRowsPerSide: 2000, folds: 3 })
    expect(JSON.parse(JSON.stringify({ ...a, timingMs: 0 }))).toEqual({ ...b, timingMs: 0 })
    const auc = Object.fromEntries(a.models.map((m) => [m.model, m.auc]))
    // SDV's copula matches marginals and linear correlations (logistic AUC near 0.5) but breaks deterministic
    // structure such as "No internet service" appearing in every internet column at once, which trees detect.
    expect(auc['logistic-regression']).toBeLessThan(0.6)
    expect(auc['boosted-trees']).toBeGreaterThan(0.85)
  })

  it('rejects a fold count below 2', () => {
    expect(() => detection(telco.real, telco.synthetic, { rng: createRng(1), folds: 1 })).toThrow(/folds|fold/)
  })
})

describe('pMSE', () => {
  it('is near its null expectation for two halves of the same data (ratio within 0.5–2) and far above for noise', () => {
    const [a, b] = halves(telco.real, createRng(21))
    const same = pmse(a, b)
    expect(same.c).toBeCloseTo(0.5, 3)
    expect(same.ratio).toBeGreaterThan(0.5)
    expect(same.ratio).toBeLessThan(2)
    const noisy = pmse(telco.real, uniformNoise(telco.real, 3000, createRng(22)))
    expect(noisy.ratio).toBeGreaterThan(100)
    expect(noisy.pMSE).toBeGreaterThan(same.pMSE * 100)
  })

  it('reports the null expectation (k − 1)(1 − c)²c / N that the ratio divides by', () => {
    const r = pmse(telco.real, telco.synthetic)
    const N = r.rows.real + r.rows.synthetic
    expect(r.expectedNullPMSE).toBeCloseTo(((r.parameters - 1) * (1 - r.c) ** 2 * r.c) / N, 15)
    expect(r.ratio).toBeCloseTo(r.pMSE / r.expectedNullPMSE, 12)
  })
})
