import stdlibErfc from '@stdlib/math-base-special-erfc'
import { describe, expect, it } from 'vitest'
import { analyticGaussianSigma, classicalGaussianSigma, erfc, gaussianDelta, normalCdf } from '@synthkit/dp'

describe('erfc and the normal CDF', () => {
  it('erfc matches known values to 1e-14 relative, deep into the tail', () => {
    // Reference values: Abramowitz & Stegun table 7.1 / mpmath at 50 digits.
    const known: [number, number][] = [
      [0, 1],
      [0.5, 0.4795001221869534623],
      [1, 0.1572992070502851307],
      [2, 0.004677734981047265838],
      [3, 2.209049699858544137e-5],
      [5, 1.53745979442803485e-12],
      [10, 2.088487583762544757e-45],
      [20, 5.395865611607900928e-176],
      [-1, 1.842700792949714869],
    ]
    for (const [x, v] of known) expect(Math.abs(erfc(x) - v) / v).toBeLessThan(1e-14)
  })

  it('erfc agrees with @stdlib/math-base-special-erfc over [−6, 26] to 1e-13 relative', () => {
    for (let x = -6; x < 26; x += 0.0371) {
      const ref = stdlibErfc(x)
      expect(Math.abs(erfc(x) - ref) / ref).toBeLessThan(1e-13)
    }
  })

  it('Φ is symmetric and hits its quartiles', () => {
    expect(normalCdf(0)).toBe(0.5)
    expect(normalCdf(0.6744897501960817)).toBeCloseTo(0.75, 15)
    for (const x of [0.3, 1.7, 4.2]) expect(normalCdf(x) + normalCdf(-x)).toBeCloseTo(1, 15)
  })
})

describe('analytic Gaussian calibration (Balle & Wang 2018)', () => {
  // [ε, δ, Δ, σ]: σ recomputed independently with mpmath at 60 digits (bisection on the exact Theorem 8 condition).
  const table: [number, number, number, number][] = [
    [1, 1e-5, 1, 3.7306316348159418],
    [0.1, 1e-6, 1, 36.304690426195783],
    [1.0986122886681098, 1e-10, 1, 5.3614859714311676],
    [2.1972245773362196, 1e-10, 1, 2.7674300173320963],
    [2.1972245773362196, 1e-10, 2, 5.5348600346641927],
    [5, 0.001, 2, 1.3796846540007151],
    [0.5, 1e-9, 3, 32.021690445240078],
    [10, 1e-12, 1, 0.74461232292175436],
    [0.01, 1e-5, 1, 243.78543767567802],
    [2, 0.1, 1, 0.73195524333068828],
  ]
  for (const [e, d, s, sigma] of table) {
    it(`σ(ε=${e.toPrecision(4)}, δ=${d}, Δ=${s}) matches the high-precision value to 1e-8 and is never below it`, () => {
      const got = analyticGaussianSigma(e, d, s)
      expect(got).toBeGreaterThanOrEqual(sigma * (1 - 1e-12))
      expect(Math.abs(got - sigma) / sigma).toBeLessThan(1e-8)
      expect(gaussianDelta(got, e, s)).toBeLessThanOrEqual(d)
    })
  }

  it('agrees with the σ² published in Google differential-privacy (Go noise tests), which are upper bounds within their 1e-3 search accuracy', () => {
    const ln3 = Math.log(3)
    for (const [e, d, s, variance] of [
      [ln3, 1e-10, 1, 28.7647857666],
      [2 * ln3, 1e-10, 1, 7.65948867798],
      [2 * ln3, 1e-10, 2, 30.637955],
    ]) {
      const published = Math.sqrt(variance)
      const ours = analyticGaussianSigma(e, d, s)
      expect(ours).toBeLessThanOrEqual(published)
      expect(ours).toBeGreaterThan(published * (1 - 1e-3))
    }
  })

  it('is below the classical calibration for ε < 1', () => {
    for (const e of [0.1, 0.5, 0.9]) expect(analyticGaussianSigma(e, 1e-6, 1)).toBeLessThan(classicalGaussianSigma(e, 1e-6, 1))
  })

  it('scales linearly with the sensitivity', () => {
    expect(analyticGaussianSigma(1, 1e-6, 7) / analyticGaussianSigma(1, 1e-6, 1)).toBeCloseTo(7, 6)
  })
})
