import { describe, expect, it } from 'vitest'
import {
  bernoulliExp,
  bernoulliExpBig,
  discreteLaplacePmf,
  rational,
  sampleDiscreteGaussian,
  sampleDiscreteLaplace,
  uniformBelow,
  unsafeSeededForTesting,
} from '@synthkit/dp'
import { binomialZ, chiSquareIntegers } from './stats'

const N = 300_000
// Every statistical test below runs on a fixed seed, so it is deterministic; the thresholds (p > 0.001, |z| < 4)
// are what a correct sampler passes for all but ~0.1 % of seeds.

function discreteGaussianPmf(sigma2: number): (x: number) => number {
  let z = 0
  const reach = Math.ceil(40 * Math.sqrt(sigma2)) + 10
  for (let x = -reach; x <= reach; x++) z += Math.exp(-(x * x) / (2 * sigma2))
  return (x) => Math.exp(-(x * x) / (2 * sigma2)) / z
}

describe('exact Bernoulli samplers', () => {
  it('Bernoulli(exp(−γ)) hits exp(−γ) for rational γ below and above 1', () => {
    const rng = unsafeSeededForTesting(11)
    for (const [n, d] of [
      [1, 3],
      [5, 2],
      [7, 7],
      [0, 1],
      [123456789, 100000000],
    ]) {
      let ones = 0
      const trials = 200_000
      for (let i = 0; i < trials; i++) if (bernoulliExp(n, d, rng)) ones++
      const p = Math.exp(-n / d)
      if (p === 1) expect(ones).toBe(trials)
      else expect(Math.abs(binomialZ(ones, trials, p))).toBeLessThan(4)
    }
  })

  it('the BigInt form agrees in distribution with huge numerators and denominators', () => {
    const rng = unsafeSeededForTesting(12)
    const d = 10n ** 30n
    const n = (d * 7n) / 10n // γ = 0.7
    let ones = 0
    const trials = 100_000
    for (let i = 0; i < trials; i++) if (bernoulliExpBig(n, d, rng)) ones++
    expect(Math.abs(binomialZ(ones, trials, Math.exp(-0.7)))).toBeLessThan(4)
  })

  it('uniform integers have no modulo bias for a range that does not divide 2^32', () => {
    const rng = unsafeSeededForTesting(13)
    const m = 3 * 2 ** 30 // 2^32 mod m = 2^30: a naive modulo would make [0, 2^30) twice as likely
    let low = 0
    const trials = 300_000
    for (let i = 0; i < trials; i++) if (uniformBelow(m, rng) < 2 ** 30) low++
    expect(Math.abs(binomialZ(low, trials, 1 / 3))).toBeLessThan(4)
  })
})

describe('discrete Laplace (CKS Algorithm 2)', () => {
  for (const scale of [1, 3.5, 20]) {
    it(`passes a chi-square test against the exact pmf at n = 3e5 (scale ${scale})`, () => {
      const draws = sampleDiscreteLaplace(scale, N, unsafeSeededForTesting(Math.round(100 + scale * 2)))
      const { pValue, df } = chiSquareIntegers(draws, (x) => discreteLaplacePmf(x, scale), -2000, 2000)
      expect(df).toBeGreaterThan(5)
      expect(pValue).toBeGreaterThan(0.001)
    })
  }

  it('the chi-square test has power: it rejects the pmf of a 3 % larger scale', () => {
    const draws = sampleDiscreteLaplace(20, N, unsafeSeededForTesting(140))
    expect(chiSquareIntegers(draws, (x) => discreteLaplacePmf(x, 20.6), -2000, 2000).pValue).toBeLessThan(1e-6)
  })

  it('takes an exact rational scale (7/3) and matches its pmf', () => {
    const draws = sampleDiscreteLaplace(rational(7, 3), 300_000, unsafeSeededForTesting(141))
    expect(chiSquareIntegers(draws, (x) => discreteLaplacePmf(x, 7 / 3), -500, 500).pValue).toBeGreaterThan(0.001)
  })
})

describe('discrete Gaussian (CKS Algorithm 3)', () => {
  for (const sigma of [0.7, 1, 10, 100]) {
    it(`passes a chi-square test against the exact pmf at n = 3e5 (σ = ${sigma})`, () => {
      const draws = sampleDiscreteGaussian(sigma, N, unsafeSeededForTesting(Math.round(200 + sigma * 10)))
      const { pValue, df } = chiSquareIntegers(draws, discreteGaussianPmf(sigma * sigma), -5000, 5000)
      expect(df).toBeGreaterThan(sigma < 1 ? 2 : 5)
      expect(pValue).toBeGreaterThan(0.001)
    })
  }

  it('the chi-square test has power: it rejects the pmf of a 2 % larger σ', () => {
    const draws = sampleDiscreteGaussian(10, N, unsafeSeededForTesting(240))
    expect(chiSquareIntegers(draws, discreteGaussianPmf(10.2 * 10.2), -5000, 5000).pValue).toBeLessThan(1e-6)
  })

  it('takes σ² as an exact rational (σ² = 2/3, BigInt-free path) and matches its pmf', () => {
    const draws = sampleDiscreteGaussian({ sigmaSquared: rational(2, 3) }, 300_000, unsafeSeededForTesting(241))
    expect(chiSquareIntegers(draws, discreteGaussianPmf(2 / 3), -100, 100).pValue).toBeGreaterThan(0.001)
  })
})
