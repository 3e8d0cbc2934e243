import { describe, expect, it } from 'vitest'
import { analyticGaussianSigma, discreteGaussianDelta, discreteGaussianSigmaSquared, gaussianDelta } from '@synthkit/dp'

describe('discrete Gaussian (ε, δ) profile (CKS 2020, Theorem 7)', () => {
  // [σ², ε, Δ, δ] with δ = P[X ≥ L] − e^ε P[X ≥ U] summed exactly with mpmath at 50 digits.
  const table: [number, number, number, number][] = [
    [4, 1, 1, 0.0072487768459525779],
    [16, 0.5, 1, 0.0027529236763292248],
    [1, 2, 1, 0.024811051822527669],
    [100, 0.3, 3, 0.028867837078247577],
    [0.5, 1, 1, 0.18965852942839708],
    [2500, 0.1, 10, 0.041479233289785088],
  ]
  for (const [s2, e, d, delta] of table) {
    it(`δ(σ² = ${s2}, ε = ${e}, Δ = ${d}) is never below the exact value and within 1e−9 of it`, () => {
      const got = discreteGaussianDelta(s2, e, d)
      expect(got).toBeGreaterThanOrEqual(delta * (1 - 1e-12))
      expect(Math.abs(got / delta - 1)).toBeLessThan(1e-9)
    })
  }

  it('for large σ the discrete profile approaches the continuous one (Balle & Wang)', () => {
    const s2 = 1e6
    expect(discreteGaussianDelta(s2, 0.002, 1) / gaussianDelta(1e3, 0.002, 1)).toBeCloseTo(1, 3)
  })

  it('the calibrated σ² meets δ and is within 0.5 % of the analytic continuous σ', () => {
    for (const [e, d, s] of [
      [1, 1e-5, 1],
      [0.3, 1e-7, 2],
      [4, 1e-3, 5],
    ]) {
      const s2 = discreteGaussianSigmaSquared(e, d, s)
      expect(discreteGaussianDelta(s2, e, s)).toBeLessThanOrEqual(d)
      expect(Math.abs(Math.sqrt(s2) / analyticGaussianSigma(e, d, s) - 1)).toBeLessThan(5e-3)
    }
  })
})
